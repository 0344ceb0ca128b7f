package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// The root's handlers of what the screens report and of the results that
// concern more than one screen.

// screenReported acts on a message a screen sent up.
func (m Model) screenReported(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case itemChosenMsg:
		return m.openDetail()
	case urlRequestedMsg:
		return m.urlAction(msg.item, msg.media, msg.copying)
	case quitRequestedMsg:
		return m, m.quit()
	case helpRequestedMsg:
		return m, m.openHelp()
	case accountKnownMsg:
		return m, m.debug("screen list: the token belongs to " + msg.username)
	}
	return m, nil
}

// loginCompleted switches to the list, or quits for `imgfav login`.
func (m Model) loginCompleted(msg loginCompletedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.login = m.login.Failed(msg.err)
		return m, nil
	}
	m.loggedIn = true
	closing := m.login.Close()
	if m.opts.LoginOnly {
		return m, tea.Sequence(closing, tea.Quit)
	}
	m.screen = screenList
	m.forAccount(msg.prefs)
	m.list = m.newList(msg.token.Username, msg.prefs.sort)
	cmds := []tea.Cmd{closing, m.debug("screen list: logged in as " + msg.token.Username), m.list.Init()}
	if msg.saveErr != nil {
		m.status.error(fmt.Errorf("logged in, but the login could not be saved (%w); the next start will ask again", msg.saveErr))
	} else {
		cmds = append(cmds, m.status.message("logged in as "+msg.token.Username))
	}
	return m, tea.Batch(cmds...)
}

// edgeNote says why a step to the previous (delta < 0) or next favorite
// did not move: the first, or the last of n (loaded, more coming).
func edgeNote(delta, n int, complete bool) string {
	switch {
	case delta < 0:
		return "this is the first favorite"
	case complete:
		return fmt.Sprintf("this is the last favorite (%d of %d)", n, n)
	}
	return fmt.Sprintf("this is the last favorite loaded (%d)", n)
}

// backToLogin leaves a login that is over: the cursor is remembered, the
// client forgets the token, and a fresh login attempt starts.
func (m Model) backToLogin(reason string) (Model, tea.Cmd) {
	save := m.list.SaveCursor()
	m.screen = screenLogin
	m.showHelp = false
	m.login = newLoginModel(m.styles, m.opts, reason, "")
	m.login.SetSize(m.width, max(m.height-1, 0))
	return m, tea.Batch(save, clearTokenCmd(m.opts.Client), m.debug("screen login: "+reason), m.login.Init())
}

// favoritesLoaded gives a page to the list, unless it says the login is
// over; the detail view follows the list's selection.
func (m Model) favoritesLoaded(msg favoritesLoadedMsg) (Model, tea.Cmd) {
	m.status.SetRate(msg.rate)
	if m.screen == screenLogin {
		return m, nil
	}
	if msg.err != nil && needsLogin(msg.err) && msg.req.account == m.list.Account() {
		return m.backToLogin(loginReason(msg.err))
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	if f := m.list.Facts(); f.complete && msg.req.folder == m.folder.ID {
		m.counts[m.folder.ID] = f.loaded
	}
	if m.screen == screenDetail {
		return m, tea.Batch(cmd, m.syncDetail())
	}
	return m, cmd
}

func (m Model) albumLoaded(msg albumLoadedMsg) Model {
	m.albumsPending = max(m.albumsPending-1, 0)
	m.status.SetRate(msg.rate)
	m.list.SetRate(msg.rate)
	if msg.err == nil {
		m.albums[msg.id] = msg.images
	}
	if m.screen == screenDetail {
		m.detail, _ = m.detail.Update(msg)
	}
	return m
}

// openDetail shows the list's selected favorite.
func (m Model) openDetail() (Model, tea.Cmd) {
	if _, ok := m.list.Selected(); !ok || m.screen != screenList {
		return m, nil
	}
	m.screen = screenDetail
	return m, tea.Batch(m.debug("screen detail"), m.syncDetail())
}

// syncDetail shows the list's selected item in the detail view, fetching
// an album's images when the favorites page did not include them.
func (m *Model) syncDetail() tea.Cmd {
	it, ok := m.list.Selected()
	if !ok {
		return nil
	}
	pos, total := m.list.Position()
	if m.detail.Shows(it.ID) {
		m.detail.SetPosition(pos, total)
		return nil
	}
	if imgs, ok := m.albums[it.ID]; ok && it.IsAlbum && it.Images == nil {
		it.Images = imgs
	}
	m.detail = newDetailModel(m.styles, m.opts.Keys, it, m.opts.Client.MediaURL(it), m.pics, m.marks)
	m.detail.SetPosition(pos, total)
	m.detail.SetSize(m.width, max(m.height-1, 0))
	var cmds []tea.Cmd
	if m.detail.NeedsImages() {
		m.albumsPending++
		cmds = append(cmds, fetchAlbumCmd(m.ctx, m.opts.Client, it.ID))
	}
	return tea.Batch(cmds...)
}

// updateDetail feeds the detail view and acts on what it reports.
func (m Model) updateDetail(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case detailURLMsg:
		return m.urlAction(msg.item, msg.media, msg.copying)
	case detailClosedMsg:
		m.screen = screenList
		return m, tea.Batch(m.debug("screen list"), m.list.Resume())
	case detailHelpMsg:
		return m, m.openHelp()
	case detailStepMsg:
		before, _ := m.list.Position()
		cmd := m.list.Step(msg.delta)
		if after, n := m.list.Position(); after == before {
			cmd = tea.Batch(cmd, answer(edgeNote(msg.delta, n, m.list.Complete())))
		}
		return m, tea.Batch(m.syncDetail(), cmd)
	case commentsRequestedMsg:
		return m.openComments(msg.item)
	}
	var cmd tea.Cmd
	m.detail, cmd = m.detail.Update(msg)
	return m, cmd
}

// urlAction opens or copies the page or the media URL of it. It claims
// only what it knows: a copy is sent to the terminal, which may drop it;
// an open is reported when the opener has answered.
func (m Model) urlAction(it imgur.Item, media, copying bool) (Model, tea.Cmd) {
	u := imgur.PageURL(it)
	if media {
		u = m.opts.Client.MediaURL(it)
	}
	if media && !copying && m.marks.isGone(it.ID) {
		return m.openSavedCopy(it)
	}
	kind := viewerKind(it, media)
	var viewer, needsFile bool
	if m.opts.Viewers != nil {
		viewer, needsFile = m.opts.Viewers.Has(kind)
	}
	switch {
	case copying:
		return m, tea.Batch(tea.SetClipboard(u), m.status.message("sent to the terminal's clipboard: "+u))
	case viewer:
		cmd := viewCmd(m.ctx, m.opts.Viewers, m.opts.Downloads, it, kind, u, needsFile)
		return m, tea.Batch(cmd, m.status.message("opening "+u+"…"))
	case m.opts.Opener == nil:
		m.status.errorText("no browser here: " + u)
		return m, nil
	}
	return m, tea.Batch(openCmd(m.opts.Opener, u), m.status.message("opening "+u+"…"))
}

// opened reports the opener's answer; a failure is an error with the URL,
// so the user can copy it.
func (m Model) opened(msg openedMsg) (Model, tea.Cmd) {
	if msg.err != nil && msg.via != "" {
		m.status.errorText(msg.url + " — " + msg.via + " failed: " + oneLine(msg.err))
		return m, nil
	}
	if msg.err != nil {
		m.status.errorText(msg.url + " — could not open the browser: " + oneLine(msg.err))
		return m, nil
	}
	// The opener may still be starting, or run until closed: "sent" and
	// "started" claim no more than is known.
	switch {
	case msg.file != "":
		return m, m.status.message("started " + msg.via + " on the saved copy " + filepath.Base(msg.file))
	case msg.via != "":
		return m, m.status.message("started " + msg.via + " on " + msg.url)
	}
	return m, m.status.message("sent " + msg.url + " to the browser")
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
