package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// The list's fetch chain: the cache first (page 0, then the rest), page 0
// revalidated side by side, then the next page whenever the cursor comes
// within a screen of the end, one at a time. Each step is a command whose
// result leads to the next.

// pauseEndedMsg is the end of a pause for credits, by its generation.
type pauseEndedMsg struct{ gen int }

// cacheLoaded shows page 0 of the cache, then reads the rest of it and
// revalidates page 0 side by side.
func (m listModel) cacheLoaded(msg cacheLoadedMsg) (listModel, tea.Cmd) {
	if !m.applyCache(msg) {
		return m, nil
	}
	cmds := []tea.Cmd{m.foldLoaded(msg.sort)}
	if f := m.feeds[sortIndex(msg.sort)]; f.loadingCache {
		cmds = append(cmds, loadCachedPagesCmd(m.deps.cache, msg.account, msg.folder, msg.sort, f.next, f.cacheGen))
	}
	if msg.sort == m.sort {
		cmds = append(cmds, m.fetch(m.startPage0()))
	}
	return m, tea.Batch(cmds...)
}

// cachedPagesLoaded adds cached pages and reads on; once the cache is read
// the list may want the next page from Imgur.
func (m listModel) cachedPagesLoaded(msg cachedPagesMsg) (listModel, tea.Cmd) {
	more, ok := m.applyCachedPages(msg)
	var refilter tea.Cmd
	if ok {
		refilter = m.foldLoaded(msg.sort)
	}
	if ok && msg.sort == m.sort {
		refilter = tea.Batch(refilter, m.refilter())
	}
	switch {
	case !ok:
		return m, nil
	case more:
		return m, tea.Batch(refilter, loadCachedPagesCmd(m.deps.cache, msg.account, msg.folder, msg.sort, msg.next, msg.cacheGen))
	case msg.sort == m.sort:
		return m, tea.Batch(refilter, m.prefetch())
	}
	return m, nil
}

// favoritesLoaded applies a page of the shown account and sort, says what
// went wrong, and asks for the next page when it is due.
func (m listModel) favoritesLoaded(msg favoritesLoadedMsg) (listModel, tea.Cmd) {
	m.rate = msg.rate
	res := m.loaded(msg)
	var cmds []tea.Cmd
	if res.applied {
		cmds = append(cmds, m.foldLoaded(msg.req.sort), m.refilter())
	}
	switch {
	case res.paused:
		cmds = append(cmds, m.pause(res.until), noteErr(res.message))
	case res.message != "":
		cmds = append(cmds, noteErr(res.message))
	case res.notice != "":
		cmds = append(cmds, note(res.notice))
	case res.err != nil:
		cmds = append(cmds, noteErr(oneLine(res.err)))
	}
	return m, tea.Batch(append(cmds, m.prefetch())...)
}

// fetch is the command that sends req.
func (m *listModel) fetch(req pageRequest) tea.Cmd {
	return fetchPageCmd(m.deps.ctx, m.deps.client, req)
}

// prefetch sends the next page when the list wants it; with no credits
// left it pauses until they return, and says so.
func (m *listModel) prefetch() tea.Cmd {
	wasBlocked := m.blocked
	req, ok := m.wantPage()
	if ok {
		return m.fetch(req)
	}
	if m.blocked && !wasBlocked {
		return tea.Batch(m.pause(m.blockedUntil), noteErr(m.pauseText(false, m.blockedUntil)))
	}
	return nil
}

// pause stops loading until t and starts the timer that resumes it. A
// time unknown or already past pauses until the user's r: asking again at
// once would only meet the same refusal.
func (m *listModel) pause(until time.Time) tea.Cmd {
	now := m.deps.now()
	if !until.After(now) {
		until = time.Time{}
	}
	m.blocked, m.blockedUntil = true, until
	m.pauseGen++
	if until.IsZero() {
		return nil
	}
	gen := m.pauseGen
	return m.deps.tick(until.Sub(now), func(time.Time) tea.Msg { return pauseEndedMsg{gen: gen} })
}

// pauseEnded resumes loading when the credits are back.
func (m listModel) pauseEnded(msg pauseEndedMsg) (listModel, tea.Cmd) {
	if msg.gen != m.pauseGen || !m.blocked {
		return m, nil
	}
	m.blocked = false
	return m, m.prefetch()
}
