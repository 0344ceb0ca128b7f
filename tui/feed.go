package tui

import (
	"errors"
	"fmt"
	"time"

	"imgfav/imgur"
)

// feed is the list of one sort order: what is loaded, how far, and where
// the cursor was. Each sort keeps its own, so switching back is instant.
//
// Pages come from two places. The cache shows at once what an earlier run
// saw (page 0 first, the rest as later messages); Imgur then revalidates
// page 0 and serves the pages after the cached ones. Only a page from
// Imgur can end the list: an end read from the cache may be stale.
type feed struct {
	items  []imgur.Item
	seen   map[string]bool
	next   int // the next page to request
	last   int // the last page that added favorites; -1 before any
	verify int // a cached page requested again to check the end; -1 when none
	// pageLen is how many favorites page 0 had, lastLen the last page:
	// a last page shorter than page 0 was the end of the list.
	pageLen, lastLen int
	complete         bool // Imgur sent a page that ended the list
	// unreadableRun counts pages in a row whose items were all unreadable:
	// such a page is not the end, but a few in a row are taken as one.
	unreadableRun int
	gen           int  // bumped on reload: older results are dropped
	inflight      bool // one request at a time
	pending       int  // the page in flight

	// failure is why the last request failed, and failedPage which page
	// it was: nothing is requested again until the user's r.
	failure    string
	failedPage int

	cursor, offset int
	// restore is the remembered cursor while the cached pages that may
	// hold it are still being read; the user's first move cancels it.
	restore *cursorMark

	// cached is true while the list shows the cache and page 0 has not
	// been revalidated; fetched is when the oldest page shown was fetched.
	cached  bool
	fetched time.Time
	offline bool
	started bool // the cache was read or page 0 requested
	// loadingCache is true while the cached pages after page 0 are being
	// read; cacheGen is bumped when they turn out stale (a changed page
	// 0), so that the rest of them is dropped.
	loadingCache bool
	cacheGen     int
}

// cursorMark is a remembered cursor: the favorite, and its index as a
// fallback when that favorite is gone.
type cursorMark struct {
	index int
	id    string
}

func newFeed() feed { return feed{seen: map[string]bool{}, last: -1, verify: -1} }

// add appends the items not seen yet and returns how many it added.
func (f *feed) add(items []imgur.Item) int {
	n := 0
	for _, it := range items {
		if !f.seen[it.ID] {
			f.seen[it.ID] = true
			f.items = append(f.items, it)
			n++
		}
	}
	return n
}

// appendPage adds page n from Imgur. An empty page ends the list, and so
// does a page that adds no favorite not already loaded: a server that
// repeats its last page would otherwise be asked forever. The exception is
// the cached last page asked again to check the end: it is expected to
// repeat what the cache showed.
func (f *feed) appendPage(n int, items []imgur.Item, skipped int) {
	added := f.add(items)
	checking := n == f.verify
	f.verify = -1
	if len(items) == 0 && skipped > 0 && f.unreadableRun < maxUnreadableRun {
		f.unreadableRun++
		f.next = n + 1 // a page of unreadable items is not the end
		return
	}
	f.unreadableRun = 0
	if len(items) == 0 || added == 0 && !checking {
		f.complete = true // f.next stays: r asks again from here
		return
	}
	f.next = n + 1
	if added > 0 {
		f.noteLast(n, len(items))
	}
}

// maxUnreadableRun is how many pages of nothing but unreadable items are
// skipped in a row before the list is taken to end there.
const maxUnreadableRun = 3

// noteLast records page n, of size items, as the last that added some.
func (f *feed) noteLast(n, size int) {
	f.last, f.lastLen = n, size
	if n == 0 {
		f.pageLen = size
	}
}

// addCached adds a page read from the cache; it reports false when the
// page adds nothing, which ends what the cache can show.
func (f *feed) addCached(p CachedPage) bool {
	if p.Page != f.next || f.add(p.Items) == 0 {
		return false
	}
	f.next = p.Page + 1
	f.noteLast(p.Page, len(p.Items))
	if f.fetched.IsZero() || p.Fetched.Before(f.fetched) {
		f.fetched = p.Fetched
	}
	return true
}

// cacheRead ends the reading of the cache. When the cache held the end of
// the list (an empty page, or a last page shorter than page 0), that last
// page is asked for again before the pages after it: it may have grown
// since (a new favorite at the end of the oldest-first list), and an end
// read from the cache is never trusted.
func (f *feed) cacheRead(end bool) {
	f.loadingCache = false
	if end || f.lastLen < f.pageLen {
		f.recheckEnd()
	}
}

// recheckEnd makes the next request the last page that added favorites,
// to see whether the list grew there. Page 0 is revalidated anyway.
func (f *feed) recheckEnd() {
	if f.last >= 1 {
		f.next, f.verify = f.last, f.last
	}
}

// findRestore moves the cursor to the remembered favorite if it is among
// the items from index from on; final says no more items will come, so
// the remembered index is used when the favorite was not found.
func (f *feed) findRestore(from int, final bool, rows int) {
	r := f.restore
	if r == nil {
		return
	}
	at := -1
	for i := from; i < len(f.items) && r.id != ""; i++ {
		if f.items[i].ID == r.id {
			at = i
			break
		}
	}
	switch {
	case at >= 0:
	case final || r.id == "" && r.index < len(f.items):
		at = r.index
	default:
		return
	}
	f.restore = nil
	f.cursor, f.offset = at, at-rows/2
}

// request marks page as in flight and returns its request.
func (m *listModel) request(f *feed, page int) pageRequest {
	f.inflight, f.pending = true, page
	return pageRequest{account: m.account, sort: m.sort, page: page, gen: f.gen}
}

// wantPage returns the request to send now, if any: when the cursor is
// within one screen of the last loaded item, nothing is in flight, the end
// has not been reached, no request failed since the user's last r, the
// cache has been read and revalidated, loading is not paused and no filter
// narrows the list. ok is false when no request is due.
func (m *listModel) wantPage(rate imgur.RateLimit) (pageRequest, bool) {
	f := m.cur()
	if f.inflight || f.complete || f.failure != "" || f.loadingCache || f.cached || !f.started ||
		m.filter.applied() || m.account == "" {
		return pageRequest{}, false
	}
	if len(f.items)-1-f.cursor > m.rows() {
		return pageRequest{}, false
	}
	now := m.now()
	if m.blocked && (m.blockedUntil.IsZero() || now.Before(m.blockedUntil)) {
		return pageRequest{}, false
	}
	m.blocked = false
	if reset, _, exhausted := rate.Exhausted(now); exhausted {
		m.blocked, m.blockedUntil = true, reset
		return pageRequest{}, false
	}
	return m.request(f, f.next), true
}

// startPage0 requests page 0 of the shown sort (start, reload, revalidate).
func (m *listModel) startPage0() pageRequest {
	f := m.cur()
	f.gen++
	f.started, f.failure = true, ""
	m.blocked = false
	return m.request(f, 0)
}

// reload is r. After a failed page it tries that page once more.
// Otherwise it revalidates page 0 while keeping what is shown (a 304 keeps
// the list, a changed page 0 rebuilds it), and a list that had ended is
// checked again from its last page, so nothing a stale end hid stays
// hidden.
func (m *listModel) reload() pageRequest {
	f := m.cur()
	if f.failure != "" && f.failedPage > 0 && !f.cached {
		f.gen++
		f.failure, m.blocked = "", false
		return m.request(f, f.failedPage)
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
	if msg.account != m.account {
		return false
	}
	f := &m.feeds[sortIndex(msg.sort)]
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
	if msg.account != m.account {
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
	if msg.sort == m.sort {
		if m.filter.applied() {
			m.filter.refresh(f.items)
		}
		m.clamp()
	}
	return more, true
}

// pageResult is what the root learns from applying a page.
type pageResult struct {
	applied bool   // the page belonged to the shown list
	message string // something to show in the status bar
	err     error
}

// loaded applies a page of the shown account and sort; others are dropped.
func (m *listModel) loaded(msg favoritesLoadedMsg) pageResult {
	if msg.req.account != m.account {
		return pageResult{}
	}
	f := &m.feeds[sortIndex(msg.req.sort)]
	if msg.req.gen != f.gen || !f.inflight || msg.req.page != f.pending {
		return pageResult{}
	}
	f.inflight = false
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
	case msg.req.page == 0 && f.cached:
		m.rebuild(f, page.Items)
	default:
		f.appendPage(msg.req.page, page.Items, page.Skipped)
		f.cached = false
	}
	if msg.req.page == 0 {
		f.fetched = m.now()
	}
	if m.filter.applied() {
		m.filter.refresh(f.items)
	}
	m.clamp()
	res := pageResult{applied: true}
	if page.Skipped > 0 {
		res.message = fmt.Sprintf("%d unreadable favorite(s) on page %d skipped", page.Skipped, msg.req.page+1)
	}
	return res
}

// rebuild replaces a stale cached list by a fresh page 0, keeping the
// cursor on the same favorite when it is still there. The cached pages
// after page 0 are stale too: those not read yet are dropped.
func (m *listModel) rebuild(f *feed, items []imgur.Item) {
	id := ""
	switch {
	case f.restore != nil:
		id = f.restore.id
	case f.cursor < len(f.items):
		id = f.items[f.cursor].ID
	}
	f.items, f.seen = nil, map[string]bool{}
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
		m.blocked, m.blockedUntil = true, rle.Reset
		msg := "Imgur says too many requests"
		if !rle.Sent {
			msg = "no API credits left"
		}
		if !rle.Reset.IsZero() {
			msg += "; loading paused until " + clock(rle.Reset, m.now()) + " (r retries)"
		} else {
			msg += "; loading paused (r retries)"
		}
		return pageResult{applied: true, message: msg, err: err}
	}
	f.failure, f.failedPage = oneLine(err), page
	if errors.Is(err, imgur.ErrUnreachable) || errors.Is(err, imgur.ErrUnavailable) {
		f.offline = len(f.items) > 0
	}
	return pageResult{applied: true, err: err}
}
