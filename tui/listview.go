package tui

import (
	"fmt"
	"strings"
	"time"
)

// View renders the header, the visible rows and the row after them.
func (m listModel) View() string {
	f := m.feeds[sortIndex(m.sort)]
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header(f))
	lines = append(lines, m.filterLine())
	if m.account == "" {
		return strings.Join(append(lines, m.styles.Muted.Render("   "+m.note)), "\n")
	}
	if m.grid {
		return m.gridView(f, lines)
	}
	n := m.visibleLen()
	end := min(f.offset+m.rows(), n)
	for i := f.offset; i < end; i++ {
		lines = append(lines, m.row(m.itemAt(i), i == f.cursor, m.spansAt(i), m.whyAt(i)))
	}
	if end-f.offset < m.rows() {
		if s := m.endRow(f, n); s != "" {
			lines = append(lines, s)
		}
	}
	if pw := m.previewWidth(); pw > 0 {
		return m.withPreview(lines, end-f.offset, pw)
	}
	return strings.Join(lines, "\n")
}

// spansAt is the matched text of the i-th shown item's title.
func (m listModel) spansAt(i int) [][2]int {
	if !m.filter.applied() || i >= len(m.filter.matches) {
		return nil
	}
	return m.filter.highlights(m.filter.matches[i])
}

// whyAt is where the i-th row shown matched a search its title does not
// show ("tag cats"), or "".
func (m listModel) whyAt(i int) string {
	if !m.filter.applied() || i >= len(m.filter.matches) {
		return ""
	}
	return m.filter.why(m.filter.matches[i])
}

func (m listModel) header(f feed) string {
	st := m.styles
	title := " " + m.account + "'s favorites"
	if m.account == "" {
		title = " favorites"
	}
	if m.folder.ID != 0 {
		title += " · " + displayText(m.folder.Name)
	}
	left := st.Title.Render(title) + st.Muted.Render(" · "+string(m.sort)+" first")
	return joinEnds(left, m.freshness(f), m.listWidth(), st.width)
}

// freshness says where the rows come from: the cache, how old, and why
// Imgur is not asked (offline, or paused for credits: a rate limit is not
// offline).
func (m listModel) freshness(f feed) string {
	st := m.styles
	now := m.deps.now()
	switch {
	case m.blocked && !m.blockedUntil.IsZero() && now.Before(m.blockedUntil):
		return st.Error.Render("paused") + st.Muted.Render(" · credits return at "+clock(m.blockedUntil, now))
	case m.blocked:
		return st.Error.Render("paused") + st.Muted.Render(" · rate limited (r retries)")
	case f.offline:
		return st.Error.Render("offline") + st.Muted.Render(" · data from "+age(now.Sub(f.fetched))+" (r retries)")
	case f.cached && f.inflight:
		return st.Muted.Render("cached " + age(now.Sub(f.fetched)) + ", checking…")
	case f.cached:
		return st.Muted.Render("from the cache, " + age(now.Sub(f.fetched)) + " (r reloads)")
	}
	return ""
}

func (m listModel) filterLine() string {
	st := m.styles
	fl := m.filter
	switch {
	case fl.editing && fl.problem != "":
		problem := m.problemText()
		return " " + m.inputView(problem) + "  " + st.Error.Render(problem)
	case fl.editing && fl.applied():
		after := m.searchCount()
		return " " + m.inputView(after) + st.Muted.Render("  "+after)
	case fl.editing:
		return " " + m.inputView("")
	case fl.applied():
		return m.appliedLine()
	}
	return ""
}

// appliedLine is the search line while browsing its results: the query,
// cut with "…" where it is long, then the count, which always shows, and
// the scope and "esc clears" where they fit.
func (m listModel) appliedLine() string {
	st, w := m.styles, m.styles.width
	room := m.listWidth() - 3 // " / "
	tail := " · " + m.count()
	for _, more := range []string{m.scope() + " · esc clears", m.scope()} {
		if t := tail + more; w.StringWidth(t)+min(w.StringWidth(m.filter.query), 12) <= room {
			tail = t
			break
		}
	}
	query, _ := fitText(displayText(m.filter.query), max(room-w.StringWidth(tail), 1), w)
	return st.Muted.Render(" / ") + st.Row.Render(query) + st.Muted.Render(tail)
}

// problemText is why the query typed is not one, cut with "…" to leave
// the field ten cells (or its text, if shorter).
func (m listModel) problemText() string {
	w := m.styles.width
	field := min(w.StringWidth(m.filter.input.Value()), 10)
	p, _ := fitText(m.filter.problem, max(m.inputRoom("")-field, 1), w)
	return p
}

// count is "N of M": the favorites the search matched, of those loaded.
func (m listModel) count() string {
	return fmt.Sprintf("%d of %d", len(m.filter.matches), len(m.feeds[sortIndex(m.sort)].items))
}

// searchCount is what follows the field being edited: the count, and
// the scope where the field keeps some room beside it.
func (m listModel) searchCount() string {
	count := m.count()
	if scope := count + m.scope(); m.inputRoom(scope) >= minSearchField {
		return scope
	}
	return count
}

// inputView is the search field, as wide as its text, leaving room for
// what follows it.
func (m listModel) inputView(after string) string {
	in := m.filter.input
	w := m.styles.width
	text := w.StringWidth(in.Value()) // the cursor takes a cell after it
	if in.Value() == "" {
		text = w.StringWidth(in.Placeholder) + 1 // the hint, whole where it fits
	}
	in.SetWidth(max(min(text, max(m.inputRoom(after), minSearchField)), 1))
	in.SetCursor(in.Position()) // the text scrolls within that width
	return in.View()
}

// sizeInput gives the field being edited the room the search line leaves
// it, so that the text typed scrolls within it.
func (m *listModel) sizeInput() {
	if !m.filter.editing {
		return
	}
	after := ""
	switch {
	case m.filter.problem != "":
		after = m.problemText()
	case m.filter.applied():
		after = m.searchCount()
	}
	m.filter.input.SetWidth(max(m.inputRoom(after), minSearchField))
}

// minSearchField is the narrowest the search field gets, in cells.
const minSearchField = 5

// inputRoom is the width left for the search field's text on the search
// line when after follows it: the line's lead, the prompt, the cell the
// cursor takes at the end of the text and the gap before after come off.
func (m listModel) inputRoom(after string) int {
	return m.listWidth() - 1 - len(m.filter.input.Prompt) - 1 - 2 - m.styles.width.StringWidth(after)
}

// scope says, while not every favorite is loaded, that a search covers
// only those loaded: " · 240 loaded, G loads more".
func (m listModel) scope() string {
	f := m.feeds[sortIndex(m.sort)]
	if f.complete {
		return ""
	}
	if m.filter.editing { // G is typed into the field here
		return fmt.Sprintf(" · %d loaded — enter, then G loads more", len(f.items))
	}
	return fmt.Sprintf(" · %d loaded — G loads more", len(f.items))
}

// endRow is the row after the last item: loading, the end, or why not.
func (m listModel) endRow(f feed, n int) string {
	st := m.styles
	switch {
	case m.filter.applied() && n == 0 && m.filter.searching:
		return st.Muted.Render("   searching…")
	case m.filter.applied() && n == 0:
		return st.Muted.Render("   no favorite matches")
	case m.filter.applied():
		return ""
	case f.failure != "" && !f.cached:
		return st.Error.Render("   " + f.failure + " (r retries)")
	case f.inflight && !f.cached, f.loadingCache:
		return st.Muted.Render("   loading…")
	case f.complete && n == 0 && m.folder.ID != 0:
		return st.Muted.Render("   this folder is empty (F: another folder)")
	case f.complete && n == 0:
		return st.Muted.Render("   no favorites yet")
	case f.complete && m.folder.ID != 0:
		return st.Muted.Render(fmt.Sprintf("   all %d favorites in %s", n, displayText(m.folder.Name)))
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
