package tui

import (
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
	items []imgur.Item
	seen  map[string]bool
	// folds holds the items folded for search, filled by commands;
	// folding says one of them is running. Replaced with the items.
	folds   *foldStore
	folding bool
	next    int // the next page to request
	last    int // the last page that added favorites; -1 before any
	verify  int // a cached page requested again to check the end; -1 when none
	// pageLen is how many favorites page 0 had, lastLen the last page:
	// a last page shorter than page 0 was the end of the list.
	pageLen, lastLen int
	complete         bool // Imgur sent a page that ended the list
	// shifted counts the favorites f removed from (or put back in) Imgur's
	// list since the pages were loaded: the pages not loaded yet moved by
	// as many places, so the next request starts a page earlier.
	shifted int
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
	gridTop        int // the grid's first row shown
	// more asks for the next page whatever the cursor (G under a
	// search, which otherwise loads nothing).
	more bool
	// reloaded: the user's r asked for page 0, which says when nothing
	// changed (a revalidation at start says nothing).
	reloaded bool
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

	// prev is the edge the last session left (nil: none, nothing is new);
	// fresh the favorites beyond it, marked new; freshScan how far the
	// newest-first scan went, freshDone whether it met the edge.
	prev      map[string]bool
	fresh     map[string]bool
	freshScan int
	freshDone bool
	freshRun  int // favorites of the edge met in a row by the scan
}

// cursorMark is a remembered cursor: the favorite, and its index as a
// fallback when that favorite is gone.
type cursorMark struct {
	index int
	id    string
}

func newFeed() feed { return feed{seen: map[string]bool{}, folds: &foldStore{}, last: -1, verify: -1} }

// replaceItems sets items that do not extend the loaded ones: what was
// folded for them no longer applies.
func (f *feed) replaceItems(items []imgur.Item) {
	f.items, f.folds, f.folding = items, &foldStore{}, false
}

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
	if len(items) == 0 && skipped > 0 && f.unreadableRun < imgur.MaxUnreadableRun {
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
