package tui

import (
	"errors"
	"fmt"
	"time"

	"imgfav/imgur"
)

// How pages, from the cache and from Imgur, change the list's feeds.

// request marks page as in flight and returns its request.
func (m *listModel) request(f *feed, page int) pageRequest {
	f.inflight, f.pending = true, page
	return pageRequest{account: m.account, folder: m.folder.ID, sort: m.sort, page: page, gen: f.gen}
}

// wantPage returns the request to send now, if any: when the cursor is
// within one screen of the last loaded item, nothing is in flight, the end
// has not been reached, no request failed since the user's last r, the
// cache has been read and revalidated, loading is not paused and no filter
// narrows the list. ok is false when no request is due.
func (m *listModel) wantPage() (pageRequest, bool) {
	f := m.cur()
	if f.inflight || f.complete || f.failure != "" || f.loadingCache || f.cached || !f.started ||
		m.filter.applied() && !f.more || m.account == "" {
		return pageRequest{}, false
	}
	if !f.more && len(f.items)-1-f.cursor > m.screenItems() {
		return pageRequest{}, false
	}
	now := m.deps.now()
	if m.blocked && (m.blockedUntil.IsZero() || now.Before(m.blockedUntil)) {
		return pageRequest{}, false
	}
	m.blocked = false
	if reset, _, exhausted := m.rate.Exhausted(now); exhausted {
		m.blocked, m.blockedUntil = true, reset
		return pageRequest{}, false
	}
	f.stepBackForShift()
	return m.request(f, f.next), true
}

// stepBackForShift moves the next page to request back by the pages the
// favorites removed or put back shifted: a removal moves the first
// favorite of every later page onto the page before, which is loaded
// already, so it would be skipped. The page asked again is expected to
// repeat favorites (it does not end the list for that).
func (f *feed) stepBackForShift() {
	if f.shifted == 0 || f.next == 0 {
		return
	}
	size := max(f.pageLen, 1)
	f.next = max(f.next-(f.shifted+size-1)/size, 0)
	f.verify, f.shifted = f.next, 0
}

// startPage0 requests page 0 of the shown sort (start, reload, revalidate).
func (m *listModel) startPage0() pageRequest {
	f := m.cur()
	f.gen++
	f.started, f.failure = true, ""
	m.blocked = false
	return m.request(f, 0)
}

// reload is r. After a failed page, or a page refused for credits, it
// tries that page once more.
// Otherwise it revalidates page 0 while keeping what is shown (a 304 keeps
// the list, a changed page 0 rebuilds it), and a list that had ended is
// checked again from its last page, so nothing a stale end hid stays
// hidden.
func (m *listModel) reload() pageRequest {
	f := m.cur()
	switch {
	case f.failure != "" && f.failedPage > 0 && !f.cached:
		f.gen++
		f.failure, m.blocked = "", false
		return m.request(f, f.failedPage)
	case m.blocked && f.started && !f.cached && !f.complete && f.failure == "":
		// Paused by a 429 while credits remain: ask for the page it
		// refused, once.
		f.gen++
		m.blocked = false
		return m.request(f, f.next)
	}
	f.cached = len(f.items) > 0
	if f.complete {
		f.complete = false
		f.recheckEnd()
	}
	return m.startPage0()
}

// applyCache shows page 0 of the cache at once, before any request; the
// rest of the cached pages follow as cachedPagesMsg. It reports whether
// the message was for this list and in time.
func (m *listModel) applyCache(msg cacheLoadedMsg) bool {
	if msg.account != m.account || msg.folder != m.folder.ID {
		return false
	}
	f := &m.feeds[sortIndex(msg.sort)]
	f.setPrev(msg.seen, msg.seenKnown)
	defer m.refreshNew(msg.sort)
	if len(f.items) > 0 || f.inflight && !f.cached {
		return false // the network won the race
	}
	f.started = true
	if msg.page != nil && f.addCached(*msg.page) {
		f.loadingCache = true
	}
	f.cached = len(f.items) > 0
	if msg.cursorID != "" || msg.cursorIndex > 0 {
		f.restore = &cursorMark{index: msg.cursorIndex, id: msg.cursorID}
		f.findRestore(0, !f.loadingCache, m.rows())
	}
	if msg.sort == m.sort {
		m.clamp()
	}
	return true
}

// applyCachedPages adds cached pages read after page 0. more says whether
// to read on; ok is false when the message is stale.
func (m *listModel) applyCachedPages(msg cachedPagesMsg) (more, ok bool) {
	if msg.account != m.account || msg.folder != m.folder.ID {
		return false, false
	}
	f := &m.feeds[sortIndex(msg.sort)]
	if !f.loadingCache || msg.cacheGen != f.cacheGen {
		return false, false
	}
	from, more, end := len(f.items), msg.next >= 0, msg.end
	for _, p := range msg.pages {
		if !f.addCached(p) {
			more, end = false, true
			break
		}
	}
	f.findRestore(from, !more, m.rows())
	if !more {
		f.cacheRead(end)
	}
	m.refreshNew(msg.sort)
	if msg.sort == m.sort {
		m.clamp()
	}
	return more, true
}

// pageResult is what applying a page leads to.
type pageResult struct {
	applied bool   // the page belonged to the shown list
	message string // something to show in the status bar, as an error
	notice  string // something to show there, not an error
	err     error
	// paused is set when loading paused for credits, until then (zero:
	// until the user's r).
	paused bool
	until  time.Time
}

// loaded applies a page of the shown account and sort; others are dropped.
func (m *listModel) loaded(msg favoritesLoadedMsg) pageResult {
	if msg.req.account != m.account || msg.req.folder != m.folder.ID {
		return pageResult{}
	}
	f := &m.feeds[sortIndex(msg.req.sort)]
	if msg.req.gen != f.gen || !f.inflight || msg.req.page != f.pending {
		return pageResult{}
	}
	var res pageResult
	defer func() { f.reloaded = false }()
	f.inflight, f.more = false, false
	if msg.req.sort != m.sort {
		return pageResult{}
	}
	if msg.err != nil {
		return m.failed(f, msg.req.page, msg.err)
	}
	f.offline = false
	page := msg.page
	switch {
	case msg.req.page == 0 && f.cached && page.NotModified:
		// The cache was right: keep the list and its later pages.
		f.cached = false
		switch {
		case f.reloaded && msg.req.sort == imgur.SortNewest:
			res.notice = "up to date: no new favorites on Imgur"
		case f.reloaded: // oldest first: new favorites come at the end
			res.notice = "the first page has not changed on Imgur"
		}
	case msg.req.page == 0 && f.cached:
		m.rebuild(f, page.Items)
		f.resetFresh()
	default:
		f.appendPage(msg.req.page, page.Items, page.Skipped)
		f.cached = false
	}
	m.refreshNew(msg.req.sort)
	if msg.req.page == 0 {
		f.fetched = m.deps.now()
	}
	m.clamp()
	res.applied = true
	if page.Skipped > 0 {
		res.message = fmt.Sprintf("%d unreadable favorite(s) on page %d skipped", page.Skipped, msg.req.page+1)
	}
	return res
}

// rebuild replaces a stale cached list by a fresh page 0, keeping the
// cursor on the same favorite when it is still there. The cached pages
// after page 0 are stale too: those not read yet are dropped. A search's
// hits are indices into the old items: they go (the caller's refilter
// finds them again).
func (m *listModel) rebuild(f *feed, items []imgur.Item) {
	id := ""
	switch it, ok := m.Selected(); {
	case f.restore != nil:
		id = f.restore.id
	case f != m.cur() && f.cursor < len(f.items): // no search on the other sort
		id = f.items[f.cursor].ID
	case f == m.cur() && ok: // the cursor is among a search's hits
		id = it.ID
	}
	if f == m.cur() {
		m.filter.otherItems()
		m.filter.selected = id // for the search again over the new items
	}
	f.replaceItems(nil)
	f.seen, f.shifted = map[string]bool{}, 0
	f.next, f.last, f.verify, f.complete, f.cached = 0, -1, -1, false, false
	f.loadingCache, f.restore = false, nil
	f.cacheGen++
	f.appendPage(0, items, 0)
	f.cursor = 0
	for i, it := range f.items {
		if it.ID == id {
			f.cursor = i
			break
		}
	}
}

// failed records why page could not be loaded. A rate limit pauses
// loading until the credits return; anything else stops it until r.
func (m *listModel) failed(f *feed, page int, err error) pageResult {
	var rle *imgur.RateLimitError
	if errors.As(err, &rle) {
		f.offline = false // Imgur answered, or the client knew: not offline
		return pageResult{applied: true, paused: true, until: rle.Reset, message: m.pauseText(rle.Sent, rle.Reset)}
	}
	f.failure, f.failedPage = oneLine(err), page
	if errors.Is(err, imgur.ErrUnreachable) || errors.Is(err, imgur.ErrUnavailable) {
		f.offline = len(f.items) > 0
	}
	return pageResult{applied: true, err: err}
}

// pauseText says why loading paused and when the credits return. It
// promises that r retries only when r would send a request: with no
// credits left the client sends nothing.
func (m *listModel) pauseText(sent bool, until time.Time) string {
	now := m.deps.now()
	msg := "Imgur says too many requests"
	if !sent {
		msg = "no API credits left"
	}
	if until.After(now) {
		msg += "; loading resumes at " + clock(until, now)
	} else {
		msg += "; loading paused"
	}
	if _, _, out := m.rate.Exhausted(now); !out {
		msg += " (r retries)"
	}
	return msg
}
