package tui

import (
	tea "charm.land/bubbletea/v2"
)

// The root's handlers of asynchronous results: the cache, pages, albums.

// cacheLoaded shows page 0 of the cache, then reads the rest of it and
// revalidates page 0 side by side.
func (m Model) cacheLoaded(msg cacheLoadedMsg) (tea.Model, tea.Cmd) {
	if m.screen == screenLogin || !m.list.applyCache(msg) {
		return m, nil
	}
	var cmds []tea.Cmd
	if f := m.list.feeds[sortIndex(msg.sort)]; f.loadingCache {
		cmds = append(cmds, loadCachedPagesCmd(m.opts.Cache, msg.account, msg.sort, f.next, f.cacheGen))
	}
	if msg.sort == m.list.sort {
		cmds = append(cmds, m.fetch(m.list.startPage0()))
	}
	return m, tea.Batch(cmds...)
}

// cachedPagesLoaded adds cached pages and reads on; once the cache is read
// the list may want the next page from Imgur.
func (m Model) cachedPagesLoaded(msg cachedPagesMsg) (tea.Model, tea.Cmd) {
	if m.screen == screenLogin {
		return m, nil
	}
	more, ok := m.list.applyCachedPages(msg)
	switch {
	case !ok:
		return m, nil
	case more:
		return m, loadCachedPagesCmd(m.opts.Cache, msg.account, msg.sort, msg.next, msg.cacheGen)
	case msg.sort == m.list.sort:
		return m, m.prefetch()
	}
	return m, nil
}

// fetch sends a page request and turns the spinner.
func (m *Model) fetch(req pageRequest) tea.Cmd {
	return tea.Batch(fetchPageCmd(m.opts.Client, req), m.status.startWork())
}

// prefetch sends the next page when the list wants it.
func (m *Model) prefetch() tea.Cmd {
	wasBlocked := m.list.blocked
	req, ok := m.list.wantPage(m.opts.Client.RateLimit())
	if !ok {
		if m.list.blocked && !wasBlocked {
			m.status.errorText("no API credits left; loading paused until " + clock(m.list.blockedUntil, m.opts.Now()) + " (r retries)")
		}
		return nil
	}
	return m.fetch(req)
}

func (m Model) favoritesLoaded(msg favoritesLoadedMsg) (tea.Model, tea.Cmd) {
	m.status.stopWork()
	m.status.rate = m.opts.Client.RateLimit()
	if msg.err != nil && needsLogin(msg.err) && msg.req.account == m.list.account {
		return m.backToLogin(loginReason(msg.err))
	}
	res := m.list.loaded(msg)
	if !res.applied {
		return m, m.prefetch()
	}
	switch {
	case res.message != "":
		m.status.errorText(res.message)
	case res.err != nil:
		m.status.error(res.err)
	}
	if m.screen == screenDetail {
		m.syncDetail()
	}
	return m, m.prefetch()
}

func (m Model) albumLoaded(msg albumLoadedMsg) (tea.Model, tea.Cmd) {
	m.status.stopWork()
	m.status.rate = m.opts.Client.RateLimit()
	if msg.err == nil {
		m.albums[msg.id] = msg.images
	}
	if m.screen == screenDetail {
		m.detail, _ = m.detail.Update(msg)
	}
	return m, nil
}
