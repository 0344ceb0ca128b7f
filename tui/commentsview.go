package tui

import (
	"fmt"
	"strings"
	"time"

	"imgfav/imgur"
)

// commentsHeader is the title line and the count (or state) line.
const commentsHeader = 2

// maxIndent bounds a reply's indent, so that a deep thread on a narrow
// terminal keeps room for its text.
const maxIndent = 12

// layout renders every shown comment at the current width: the first
// level, and the replies of each unfolded comment.
func (m *commentsModel) layout() {
	m.blocks = m.blocks[:0]
	if m.width > 0 && m.styles != nil {
		line := 0
		var walk func(cs []imgur.Comment, depth int)
		walk = func(cs []imgur.Comment, depth int) {
			for i := range cs {
				c := &cs[i]
				b := commentBlock{c: c, depth: depth, start: line, lines: m.commentLines(c, depth)}
				m.blocks = append(m.blocks, b)
				line += len(b.lines)
				if m.open[c.ID] {
					walk(c.Children, depth+1)
				}
			}
		}
		walk(m.comments, 0)
	}
	m.updateKeys()
	m.moveTo(m.cursor)
}

// commentLines are a comment's header, its wrapped text and a blank line,
// indented by depth, without the selection bar.
func (m *commentsModel) commentLines(c *imgur.Comment, depth int) []string {
	st := m.styles
	indent := spaces(min(2*depth, maxIndent))
	room := max(m.width-2-len(indent), 8)
	lines := []string{indent + st.width.Truncate(m.commentHeader(c), room, "…")}
	text, style := c.Text, st.Row
	if c.Deleted {
		text, style = "(deleted)", st.Muted
	}
	for _, p := range strings.Split(strings.ReplaceAll(displayText(text), "\t", "    "), "\n") {
		if p == "" {
			lines = append(lines, "")
			continue
		}
		for _, l := range strings.Split(st.width.Wrap(p, room, ""), "\n") {
			lines = append(lines, indent+style.Render(l))
		}
	}
	return append(lines, "")
}

// commentHeader is author · points · age, and the replies' fold state.
func (m *commentsModel) commentHeader(c *imgur.Comment) string {
	st := m.styles
	author := st.Accent.Bold(true).Render(displayText(c.Author))
	if c.Deleted || c.Author == "" {
		author = st.Muted.Render("[deleted]")
	}
	facts := fmt.Sprintf(" · %s · %s", pointsLabel(c.Points), shortAge(time.Unix(c.Datetime, 0), m.now()))
	h := author + st.Muted.Render(facts)
	if n := len(c.Children); n > 0 {
		sign := "▸"
		if m.open[c.ID] {
			sign = "▾"
		}
		replies := "1 reply"
		if n != 1 {
			replies = fmt.Sprintf("%d replies", n)
		}
		h += st.Muted.Render(" · ") + st.Kind.Render(sign+" "+replies)
	}
	return h
}

// pointsLabel is "1 pt", "-3 pts".
func pointsLabel(n int64) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d pt", n)
	}
	return fmt.Sprintf("%s pts", ShortCount(n))
}

// shortAge is how long ago t was, in the largest whole unit: 5m, 3h, 2d,
// 4mo, 7y.
func shortAge(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case t.Unix() <= 0:
		return "?"
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d/(30*24*time.Hour)))
	}
	return fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
}

// View is the header, then the lines of the comments in view, the
// selected one with a bar on its left.
func (m commentsModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	title := " Comments · " + displayText(titleOr(m.item.Title, m.item.ID))
	out := []string{joinEnds(st.Title.Render(title), st.Muted.Render(string(m.sort)+" first "), m.width, st.width)}
	if m.none != "" { // the whole sentence, wrapped: there is nothing else to show
		for _, l := range wrap(m.none, max(m.width-1, 1), st.width) {
			out = append(out, " "+st.Muted.Render(l))
		}
		return strings.Join(out, "\n")
	}
	out = append(out, " "+st.width.Truncate(m.stateLine(), max(m.width-1, 1), "…"))
	if len(m.blocks) == 0 {
		return strings.Join(out, "\n")
	}
	bar := st.Accent.Render("▌ ")
	for _, b := range m.blocksFrom(m.offset) {
		for i, l := range b.lines {
			n := b.start + i
			if n < m.offset {
				continue
			}
			if n >= m.offset+m.rows() {
				return strings.Join(out, "\n")
			}
			lead := "  "
			if b.c == m.blocks[m.cursor].c && i < len(b.lines)-1 {
				lead = bar
			}
			out = append(out, lead+l)
		}
	}
	return strings.Join(out, "\n")
}

// stateLine says how many comments there are, or why none show.
func (m commentsModel) stateLine() string {
	st := m.styles
	switch {
	case m.none != "":
		return st.Muted.Render(m.none)
	case m.loading:
		return st.Muted.Render("loading the comments…")
	case m.failure != "":
		return st.Error.Render(m.failure + " — r tries again")
	case m.count == 0:
		return st.Muted.Render("no comments yet")
	}
	return st.Muted.Render(fmt.Sprintf("%s · enter shows replies · s sorts", plural(m.count, "comment")))
}

// blocksFrom returns the blocks from the one holding line on: a binary
// search, so a long thread costs the same per frame as a short one.
func (m commentsModel) blocksFrom(line int) []commentBlock {
	lo, hi := 0, len(m.blocks)
	for lo < hi {
		mid := (lo + hi) / 2
		if b := m.blocks[mid]; b.start+len(b.lines) <= line {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return m.blocks[lo:]
}
