package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// updateList handles the list screen's keys and mouse.
func (m Model) updateList(msg tea.Msg) (Model, tea.Cmd) {
	if m.list.filter.editing {
		return m.updateFilter(msg)
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.listKey(msg)
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.list.setCursor(m.list.cur().cursor - 3)
		case tea.MouseWheelDown:
			m.list.setCursor(m.list.cur().cursor + 3)
		}
		return m, m.prefetch()
	case tea.MouseClickMsg:
		return m.listClick(msg.Mouse())
	}
	return m, nil
}

func (m Model) listKey(km tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.list.keys
	if m.list.account == "" {
		return m.accountlessKey(km)
	}
	if media, copying, ok := k.match(km); ok {
		if it, ok := m.list.selected(); ok {
			return m.urlAction(it, media, copying)
		}
		return m, nil
	}
	switch {
	case m.list.move(km):
		return m, m.prefetch()
	case key.Matches(km, k.Quit):
		return m, m.quit()
	case key.Matches(km, k.Help):
		m.openHelp()
	case key.Matches(km, k.Detail):
		return m.openDetail()
	case key.Matches(km, k.Sort):
		return m.toggleSort()
	case key.Matches(km, k.Reload):
		m.status.message("")
		return m, m.fetch(m.list.reload())
	case key.Matches(km, k.Filter):
		m.list.filter.editing = true
		m.list.filter.input.SetValue(m.list.filter.query)
		m.list.filter.input.CursorEnd()
		return m, m.list.filter.input.Focus()
	case key.Matches(km, k.ClearFilter):
		m.clearFilter()
	}
	return m, nil
}

// accountlessKey handles keys while the list waits for its account: r
// asks Imgur again once the last attempt is over.
func (m Model) accountlessKey(km tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.list.keys
	switch {
	case key.Matches(km, k.Quit):
		return m, m.quit()
	case key.Matches(km, k.Help):
		m.openHelp()
	case key.Matches(km, k.Reload) && m.status.working == 0:
		m.status.message("")
		return m, m.learnAccount()
	}
	return m, nil
}

// listClick selects the clicked row; a click on the selected row opens it.
func (m Model) listClick(mouse tea.Mouse) (Model, tea.Cmd) {
	if mouse.Button != tea.MouseLeft {
		return m, nil
	}
	f := m.list.cur()
	i := f.offset + mouse.Y - headerLines
	if mouse.Y < headerLines || i >= m.list.visibleLen() {
		return m, nil
	}
	if i == f.cursor {
		return m.openDetail()
	}
	m.list.setCursor(i)
	return m, m.prefetch()
}

func (m Model) updateFilter(msg tea.Msg) (Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.list.fkeys.Cancel):
			m.clearFilter()
			return m, nil
		case key.Matches(km, m.list.fkeys.Accept):
			m.list.filter.editing = false
			m.list.filter.input.Blur()
			if m.list.filter.query == "" {
				m.clearFilter()
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.list.filter.input, cmd = m.list.filter.input.Update(msg)
	if q := strings.TrimSpace(m.list.filter.input.Value()); q != m.list.filter.query {
		m.list.filter.query = q
		m.list.filter.refresh(m.list.cur().items)
		m.list.setCursor(0)
	}
	return m, cmd
}

func (m *Model) clearFilter() {
	var id string
	if it, ok := m.list.selected(); ok {
		id = it.ID
	}
	m.list.filter.reset()
	// Keep the favorite that was selected in the filtered view.
	for i, it := range m.list.cur().items {
		if it.ID == id {
			m.list.setCursor(i)
			m.list.cur().offset = i - m.list.rows()/2
			break
		}
	}
	m.list.clamp()
}

// toggleSort switches newest ⇄ oldest, each with its own list and cursor,
// and remembers the choice.
func (m Model) toggleSort() (Model, tea.Cmd) {
	m.saveCursor()
	m.list.filter.reset()
	m.list.sort = m.list.sort.Other()
	m.opts.Sort = m.list.sort
	if m.opts.Settings != nil {
		if err := m.opts.Settings.SetLastSort(m.list.sort); err != nil {
			m.status.error(fmt.Errorf("could not remember the sort: %w", err))
		}
	}
	m.list.clamp()
	f := m.list.cur()
	switch {
	case !f.started:
		return m, loadCacheCmd(m.opts.Cache, m.opts.Settings, m.list.account, m.list.sort)
	case f.cached && !f.inflight && f.failure == "":
		// Its cache arrived while the other sort was shown: revalidate now.
		return m, m.fetch(m.list.startPage0())
	}
	return m, m.prefetch()
}

// openDetail shows the selected favorite.
func (m Model) openDetail() (Model, tea.Cmd) {
	if _, ok := m.list.selected(); !ok {
		return m, nil
	}
	m.screen = screenDetail
	m.debug("screen detail")
	return m, m.syncDetail()
}

// syncDetail shows the list's selected item in the detail view, fetching
// an album's images when the favorites page did not include them.
func (m *Model) syncDetail() tea.Cmd {
	it, ok := m.list.selected()
	if !ok {
		return nil
	}
	pos, total := m.list.cur().cursor, m.list.visibleLen()
	if m.detail.Shows(it.ID) {
		m.detail.SetPosition(pos, total)
		return nil
	}
	if imgs, ok := m.albums[it.ID]; ok && it.IsAlbum && it.Images == nil {
		it.Images = imgs
	}
	m.detail = newDetailModel(m.styles, it, m.opts.Client.MediaURL(it))
	m.detail.SetPosition(pos, total)
	m.detail.SetSize(m.width, max(m.height-1, 0))
	if m.detail.NeedsImages() {
		return tea.Batch(fetchAlbumCmd(m.opts.Client, it.ID), m.status.startWork())
	}
	return nil
}

// updateDetail feeds the detail view and acts on what it reports.
func (m Model) updateDetail(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case detailURLMsg:
		return m.urlAction(msg.item, msg.media, msg.copying)
	case detailClosedMsg:
		m.screen = screenList
		m.debug("screen list")
		return m, m.prefetch()
	case detailHelpMsg:
		m.openHelp()
		return m, nil
	case detailStepMsg:
		m.list.setCursor(m.list.cur().cursor + msg.delta)
		return m, tea.Batch(m.syncDetail(), m.prefetch())
	}
	var cmd tea.Cmd
	m.detail, cmd = m.detail.Update(msg)
	return m, cmd
}

// urlAction opens or copies the page or the media URL of it.
func (m Model) urlAction(it imgur.Item, media, copying bool) (Model, tea.Cmd) {
	u := imgur.PageURL(it)
	if media {
		u = m.opts.Client.MediaURL(it)
	}
	switch {
	case copying:
		m.status.message("copied " + u)
		return m, tea.SetClipboard(u)
	case m.opts.Opener == nil:
		m.status.message("no browser here: " + u)
		return m, nil
	}
	m.status.message("opening " + u)
	return m, openCmd(m.opts.Opener, u)
}

// opened reports a failed open with the URL, so the user can copy it.
func (m Model) opened(msg openedMsg) Model {
	if msg.err != nil {
		m.status.errorText("could not open the browser (" + oneLine(msg.err) + "): " + msg.url)
	}
	return m
}

// needsLogin reports whether an error means the stored login is over.
func needsLogin(err error) bool {
	return errors.Is(err, imgur.ErrInvalidRefreshToken) || errors.Is(err, imgur.ErrNoRefreshToken) ||
		errors.Is(err, imgur.ErrUnauthorized)
}

func loginReason(err error) string {
	if errors.Is(err, imgur.ErrInvalidRefreshToken) {
		words := ""
		if ae := (*imgur.APIError)(nil); errors.As(err, &ae) && ae.Message != "" {
			words = " Imgur said: " + strings.TrimSuffix(imgur.CleanLine(ae.Message), ".") + "."
		}
		return "Imgur no longer accepts the saved login (it may have been revoked or used elsewhere)." + words +
			" Please log in again; your cached favorites are kept."
	}
	return "Imgur refused the login. Please log in again; your cached favorites are kept."
}

func countLines(s string) int { return strings.Count(s, "\n") + 1 }

func stringsRepeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}
