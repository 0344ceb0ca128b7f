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
		lines = append(lines, m.row(m.itemAt(i), i == f.cursor))
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

func (m listModel) header(f feed) string {
	st := m.styles
	title := " " + m.account + "'s favorites"
	if m.account == "" {
		title = " favorites"
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
	total := len(m.feeds[sortIndex(m.sort)].items)
	switch {
	case m.filter.editing:
		return " " + m.filter.input.View() + st.Muted.Render(fmt.Sprintf("  %d of %d", len(m.filter.matches), total))
	case m.filter.applied():
		return st.Muted.Render(fmt.Sprintf(" filter: %s · %d of %d · esc clears", m.filter.query, len(m.filter.matches), total))
	}
	return ""
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
