package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// feed is the list of one sort order: what is loaded, how far, and where
// the cursor was. Each sort keeps its own, so switching back is instant.
type feed struct {
	items    []imgur.Item
	seen     map[string]bool
	next     int  // the next page to request
	complete bool // an empty page came back
	gen      int  // bumped on reload: older results are dropped
	inflight bool // one request at a time
	pending  int  // the page in flight

	cursor, offset int

	// cached is true while the list shows the cache and page 0 has not
	// been revalidated; fetched is when the oldest page shown was fetched.
	cached  bool
	fetched time.Time
	offline bool
	started bool // the cache was read or page 0 requested
}

func newFeed() feed { return feed{seen: map[string]bool{}} }

// add appends the items not seen yet.
func (f *feed) add(items []imgur.Item) {
	for _, it := range items {
		if !f.seen[it.ID] {
			f.seen[it.ID] = true
			f.items = append(f.items, it)
		}
	}
}

// listModel is the favorites list. It renders only the rows on screen and
// does no work proportional to the number of favorites per key press, so a
// frame costs the same with 100 000 favorites as with 100.
type listModel struct {
	styles *Styles
	keys   listKeys
	fkeys  filterKeys

	account string
	sort    imgur.Sort
	feeds   [2]feed // by sortIndex

	filter filterState

	// blockedUntil pauses loading after a 429 or with no credits left;
	// a zero time with blocked set means until the user's r.
	blocked      bool
	blockedUntil time.Time

	now           func() time.Time
	width, height int
}

func sortIndex(s imgur.Sort) int {
	if s == imgur.SortOldest {
		return 1
	}
	return 0
}

func newListModel(st *Styles, account string, sort imgur.Sort, now func() time.Time) listModel {
	m := listModel{styles: st, keys: newListKeys(), fkeys: newFilterKeys(), account: account, sort: sort, now: now}
	m.feeds = [2]feed{newFeed(), newFeed()}
	m.filter = newFilterState(st)
	m.updateKeys()
	return m
}

func (m *listModel) cur() *feed { return &m.feeds[sortIndex(m.sort)] }

func (m *listModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.input.SetWidth(max(w-20, 5))
	m.clamp()
}

func (m *listModel) SetStyles(st *Styles) {
	m.styles = st
	m.filter.input.SetStyles(textinput.DefaultStyles(st.isDark))
}

// headerLines is the title line and the filter (or blank) line.
const headerLines = 2

// rows is the number of rows for items.
func (m listModel) rows() int { return max(m.height-headerLines, 1) }

// visibleLen is how many items the list shows (all, or the filter's).
func (m listModel) visibleLen() int {
	if m.filter.applied() {
		return len(m.filter.matches)
	}
	return len(m.feeds[sortIndex(m.sort)].items)
}

// itemAt returns the i-th shown item.
func (m listModel) itemAt(i int) imgur.Item {
	f := &m.feeds[sortIndex(m.sort)]
	if m.filter.applied() {
		return f.items[m.filter.matches[i]]
	}
	return f.items[i]
}

// selected returns the item under the cursor.
func (m listModel) selected() (imgur.Item, bool) {
	f := m.feeds[sortIndex(m.sort)]
	if f.cursor < 0 || f.cursor >= m.visibleLen() {
		return imgur.Item{}, false
	}
	return m.itemAt(f.cursor), true
}

// updateKeys enables the bindings that apply, so help never lies.
func (m *listModel) updateKeys() {
	has := m.visibleLen() > 0
	for _, b := range []*key.Binding{&m.keys.Detail, &m.keys.Open, &m.keys.OpenMedia, &m.keys.Copy, &m.keys.CopyMedia} {
		b.SetEnabled(has)
	}
	m.keys.ClearFilter.SetEnabled(m.filter.applied())
}

// setCursor moves the cursor and keeps the window around it.
func (m *listModel) setCursor(i int) {
	m.cur().cursor = i
	m.clamp()
}

// clamp keeps the cursor on a shown item and the window around the cursor.
// The window may extend one row past the items, for the loading row.
func (m *listModel) clamp() {
	f := m.cur()
	n := m.visibleLen()
	f.cursor = min(max(f.cursor, 0), max(n-1, 0))
	rows := m.rows()
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+rows {
		f.offset = f.cursor - rows + 1
	}
	if n > 0 && f.cursor == n-1 {
		f.offset = n + 1 - rows // the last item: show the row after it too
	}
	f.offset = min(max(f.offset, 0), max(n+1-rows, 0))
	m.updateKeys()
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
	default:
		return false
	}
	m.clamp()
	return true
}

// wantPage returns the request to send now, if any: when the cursor is
// within one screen of the last loaded item, nothing is in flight, the end
// has not been reached, loading is not paused and no filter narrows the
// list. ok is false when no request is due.
func (m *listModel) wantPage(rate imgur.RateLimit) (pageRequest, bool) {
	f := m.cur()
	if f.inflight || f.complete || m.filter.applied() || !f.started || f.cached {
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
	f.inflight, f.pending = true, f.next
	return pageRequest{account: m.account, sort: m.sort, page: f.next, gen: f.gen}, true
}

// startPage0 requests page 0 of the shown sort (start, reload, revalidate).
func (m *listModel) startPage0() pageRequest {
	f := m.cur()
	f.gen++
	f.inflight, f.started, f.pending = true, true, 0
	m.blocked = false
	return pageRequest{account: m.account, sort: m.sort, page: 0, gen: f.gen}
}

// reload keeps what is shown and revalidates page 0: a 304 keeps the list,
// a changed page 0 rebuilds it.
func (m *listModel) reload() pageRequest {
	f := m.cur()
	f.cached = len(f.items) > 0
	return m.startPage0()
}

// applyCache shows cached pages at once, before any request.
func (m *listModel) applyCache(msg cacheLoadedMsg) bool {
	if msg.account != m.account {
		return false
	}
	f := &m.feeds[sortIndex(msg.sort)]
	if len(f.items) > 0 || f.inflight && !f.cached {
		return false // the network won the race
	}
	f.started = true
	for _, p := range msg.pages {
		if len(p.Items) == 0 {
			f.complete = true
			break
		}
		f.add(p.Items)
		f.next = p.Page + 1
		if f.fetched.IsZero() || p.Fetched.Before(f.fetched) {
			f.fetched = p.Fetched
		}
	}
	f.cached = len(f.items) > 0
	if msg.cursorID != "" || msg.cursorIndex > 0 {
		f.cursor = msg.cursorIndex
		for i, it := range f.items {
			if it.ID == msg.cursorID {
				f.cursor = i
				break
			}
		}
		f.offset = f.cursor - m.rows()/2
	}
	m.clamp()
	return true
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
	if msg.req.gen != f.gen {
		return pageResult{}
	}
	f.inflight = false
	if msg.req.sort != m.sort {
		return pageResult{}
	}
	if msg.err != nil {
		return m.failed(f, msg.err)
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
		if len(page.Items) == 0 {
			f.complete = true
		}
		f.add(page.Items)
		f.next = msg.req.page + 1
		f.cached = false
	}
	if msg.req.page == 0 {
		f.fetched = m.now()
	}
	if m.filter.applied() {
		m.filter.refresh(f.items)
	}
	m.clamp()
	return pageResult{applied: true}
}

// rebuild replaces a stale cached list by a fresh page 0, keeping the
// cursor on the same favorite when it is still there.
func (m *listModel) rebuild(f *feed, items []imgur.Item) {
	var id string
	if f.cursor < len(f.items) {
		id = f.items[f.cursor].ID
	}
	f.items, f.seen = nil, map[string]bool{}
	f.add(items)
	f.next, f.complete, f.cached = 1, len(items) == 0, false
	f.cursor = 0
	for i, it := range f.items {
		if it.ID == id {
			f.cursor = i
		}
	}
}

func (m *listModel) failed(f *feed, err error) pageResult {
	var rle *imgur.RateLimitError
	switch {
	case errors.As(err, &rle):
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
	case errors.Is(err, imgur.ErrUnreachable), errors.Is(err, imgur.ErrUnavailable):
		f.offline = len(f.items) > 0
	}
	return pageResult{applied: true, err: err}
}

// View renders the header, the visible rows and the status row.
func (m listModel) View() string {
	f := m.feeds[sortIndex(m.sort)]
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header(f))
	lines = append(lines, m.filterLine())
	n := m.visibleLen()
	end := min(f.offset+m.rows(), n)
	for i := f.offset; i < end; i++ {
		lines = append(lines, m.row(m.itemAt(i), i == f.cursor))
	}
	if end-f.offset < m.rows() {
		if s := m.endRow(f, n); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

func (m listModel) header(f feed) string {
	st := m.styles
	left := st.Title.Render(" "+m.account+"'s favorites") + st.Muted.Render(" · "+string(m.sort)+" first")
	right := ""
	switch {
	case f.offline:
		right = st.Error.Render("offline") + st.Muted.Render(" · data from "+age(m.now().Sub(f.fetched))+" (r retries)")
	case f.cached && f.inflight:
		right = st.Muted.Render("cached " + age(m.now().Sub(f.fetched)) + ", checking…")
	case f.cached:
		right = st.Muted.Render("from the cache, " + age(m.now().Sub(f.fetched)) + " (r reloads)")
	}
	return joinEnds(left, right, m.width, st.width)
}

func (m listModel) filterLine() string {
	st := m.styles
	switch {
	case m.filter.editing:
		return " " + m.filter.input.View() + st.Muted.Render(fmt.Sprintf("  %d of %d", len(m.filter.matches), len(m.feeds[sortIndex(m.sort)].items)))
	case m.filter.applied():
		return st.Muted.Render(fmt.Sprintf(" filter: %s · %d of %d · esc clears", m.filter.query, len(m.filter.matches), len(m.feeds[sortIndex(m.sort)].items)))
	}
	return ""
}

// endRow is the row after the last item: loading, the end, or why not.
func (m listModel) endRow(f feed, n int) string {
	st := m.styles
	switch {
	case m.filter.applied() && n == 0:
		return st.Muted.Render("   no favorite matches")
	case m.filter.applied():
		return ""
	case f.inflight && !f.cached:
		return st.Muted.Render("   loading…")
	case f.complete && n == 0:
		return st.Muted.Render("   no favorites yet")
	case f.complete:
		return st.Muted.Render(fmt.Sprintf("   all %d favorites", n))
	case m.blocked:
		return st.Muted.Render("   loading paused")
	}
	return ""
}

// age says how old data is, in one short word.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
