package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The list while browsing (the filter field does not have the focus):
// moving, choosing, sorting, reloading.

func (m listModel) handleBrowsing(msg tea.Msg) (listModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.browseKey(msg)
	case tea.MouseWheelMsg:
		step := 3
		if m.grid {
			step = m.gridLayout().cols
		}
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			return m, m.Step(-step)
		case tea.MouseWheelDown:
			return m, m.Step(step)
		}
	case tea.MouseClickMsg:
		return m.click(msg.Mouse())
	}
	return m, nil
}

func (m listModel) browseKey(km tea.KeyPressMsg) (listModel, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(km, k.Quit):
		return m, report(quitRequestedMsg{})
	case key.Matches(km, k.Help):
		return m, report(helpRequestedMsg{})
	case m.account == "":
		return m.accountlessKey(km)
	}
	if media, copying, ok := k.match(km); ok {
		if it, ok := m.Selected(); ok {
			return m, report(urlRequestedMsg{item: it, media: media, copying: copying})
		}
		return m, nil
	}
	switch {
	case m.grid && m.gridMove(km), !m.grid && m.move(km):
		return m, m.prefetch()
	case key.Matches(km, k.View):
		return m.toggleGrid()
	case key.Matches(km, k.Preview):
		return m.togglePreview()
	case key.Matches(km, k.Download):
		if it, ok := m.Selected(); ok {
			return m, report(downloadRequestedMsg{item: it})
		}
	case key.Matches(km, k.Folders):
		return m, report(foldersRequestedMsg{})
	case key.Matches(km, k.Accounts):
		return m, report(accountsRequestedMsg{})
	case key.Matches(km, k.NextNew):
		return m.nextNew()
	case key.Matches(km, k.Favorite):
		if it, ok := m.Selected(); ok {
			return m, report(favoriteToggleRequestedMsg{item: it})
		}
	case key.Matches(km, k.Detail):
		return m, m.choose()
	case key.Matches(km, k.Sort):
		return m.toggleSort()
	case key.Matches(km, k.Reload):
		return m.reloadKey()
	case key.Matches(km, k.Filter):
		return m.startFiltering()
	case key.Matches(km, k.ClearFilter):
		m.clearFilter()
	}
	return m, nil
}

// choose reports the selected favorite, for the detail view.
func (m listModel) choose() tea.Cmd {
	if it, ok := m.Selected(); ok {
		return report(itemChosenMsg{item: it})
	}
	return nil
}

// move handles a navigation key; it reports whether the key was one.
func (m *listModel) move(km tea.KeyPressMsg) bool {
	f := m.cur()
	page := m.rows()
	switch {
	case key.Matches(km, m.keys.Up):
		f.cursor--
	case key.Matches(km, m.keys.Down):
		f.cursor++
	case key.Matches(km, m.keys.PageUp):
		f.cursor -= page
		f.offset -= page
	case key.Matches(km, m.keys.PageDown):
		f.cursor += page
		f.offset += page
	case key.Matches(km, m.keys.HalfUp):
		f.cursor -= page / 2
		f.offset -= page / 2
	case key.Matches(km, m.keys.HalfDown):
		f.cursor += page / 2
		f.offset += page / 2
	case key.Matches(km, m.keys.Top):
		f.cursor = 0
	case key.Matches(km, m.keys.Bottom):
		f.cursor = m.visibleLen() - 1
		f.more = m.filter.applied()
	default:
		return false
	}
	f.restore = nil // the user chose where to be
	m.clamp()
	return true
}

// click selects the clicked row; a click on the selected row chooses it.
func (m listModel) click(mouse tea.Mouse) (listModel, tea.Cmd) {
	if mouse.Button != tea.MouseLeft || m.account == "" {
		return m, nil
	}
	if m.grid {
		return m.gridClick(mouse.X, mouse.Y)
	}
	f := m.cur()
	i := f.offset + mouse.Y - headerLines
	if mouse.Y < headerLines || i >= m.visibleLen() {
		return m, nil
	}
	if i == f.cursor {
		return m, m.choose()
	}
	m.setCursor(i)
	return m, m.prefetch()
}

// toggleSort switches newest ⇄ oldest, each with its own list and cursor,
// and remembers the choice and the cursor left.
func (m listModel) toggleSort() (listModel, tea.Cmd) {
	saves := tea.Batch(m.SaveCursor(), saveSortCmd(m.deps.settings, m.account, m.sort.Other()))
	selected, searching := m.Selected()
	searching = searching && m.filter.applied()
	m.sort = m.sort.Other()
	// The search stays: it runs again over the other sort's favorites,
	// with the favorite selected still selected where it is among them.
	m.filter.otherItems()
	if searching {
		m.filter.selected = selected.ID
	}
	saves = tea.Batch(saves, m.foldLoaded(m.sort), m.refilter())
	m.clamp()
	f := m.cur()
	switch {
	case !f.started:
		return m, tea.Batch(saves, loadCacheCmd(m.deps.cache, m.deps.settings, m.account, m.folder.ID, m.sort))
	case f.cached && !f.inflight && f.failure == "":
		// Its cache arrived while the other sort was shown: revalidate now.
		return m, tea.Batch(saves, m.fetch(m.startPage0()))
	}
	return m, tea.Batch(saves, m.prefetch())
}

// reloadKey is r: one request, unless no credits are left, which it
// says rather than sending nothing under a promise.
func (m listModel) reloadKey() (listModel, tea.Cmd) {
	now := m.deps.now()
	if reset, _, out := m.rate.Exhausted(now); out {
		return m, noteErr("no API credits left: nothing sent; loading resumes at " + clock(reset, now))
	}
	refilter := m.dropRemoved()
	req := m.reload()
	m.cur().reloaded = req.page == 0
	return m, tea.Batch(refilter, m.fetch(req))
}
