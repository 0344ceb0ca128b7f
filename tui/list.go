package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// listModel is the favorites list. It renders only the rows on screen and
// does no work proportional to the number of favorites per key press, so a
// frame costs the same with 100 000 favorites as with 100.
type listModel struct {
	styles *Styles
	keys   listKeys
	fkeys  filterKeys

	account string // "" until Imgur says whose the token is
	note    string // what the list says while it has no account
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
	m.cur().cursor, m.cur().restore = i, nil
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
	f.restore = nil // the user chose where to be
	m.clamp()
	return true
}

// View renders the header, the visible rows and the status row.
func (m listModel) View() string {
	f := m.feeds[sortIndex(m.sort)]
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header(f))
	lines = append(lines, m.filterLine())
	if m.account == "" {
		return strings.Join(append(lines, m.styles.Muted.Render("   "+m.note)), "\n")
	}
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
	title := " " + m.account + "'s favorites"
	if m.account == "" {
		title = " favorites"
	}
	left := st.Title.Render(title) + st.Muted.Render(" · "+string(m.sort)+" first")
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
	case f.failure != "" && !f.cached:
		return st.Error.Render("   " + f.failure + " (r retries)")
	case f.inflight && !f.cached, f.loadingCache:
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
