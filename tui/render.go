package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// Column widths of a row: marker, kind, and the right-aligned facts.
const (
	markWidth  = 3
	kindWidth  = 6
	dateWidth  = len("2006-01-02")
	viewsWidth = 7
	factsWidth = dateWidth + 1 + viewsWidth
	// factsMinWidth is the narrowest list that still shows the facts.
	factsMinWidth = 56
)

// row renders one favorite to exactly the list's width, measured the way
// the terminal will draw it, so wide characters never break alignment. It
// is built from styles rendered once (rowStyles) around plain text whose
// width is known, so only the title is measured and cut, before styling.
func (m listModel) row(it imgur.Item, selected bool, spans [][2]int, why string) string {
	var buf [32]byte
	t := m.rowText(it, buf[:0], why)
	if spans != nil && !t.untitled {
		t.title = marked(t.title, spans, m.markEnd(it.ID, selected))
	}
	var b strings.Builder
	b.Grow(2*m.listWidth() + 96)
	if selected {
		return m.selectedRow(&b, t, it.ID)
	}
	return m.plainRow(&b, t, it.ID)
}

// selectedRow is the row under the cursor: one style over all of it.
func (m listModel) selectedRow(b *strings.Builder, t rowText, id string) string {
	rs := &m.styles.rows
	b.WriteString(rs.selected.open)
	b.WriteString(m.selectedMark(id))
	b.WriteString(t.kind)
	b.WriteString(t.kindPad)
	b.WriteByte(' ')
	b.WriteString(t.nsfw)
	b.WriteString(t.title)
	b.WriteString(t.why)
	b.WriteString(t.pad)
	b.WriteByte(' ')
	b.Write(t.facts)
	if t.overflow {
		line := b.String()[len(rs.selected.open):]
		return rs.selected.open + m.styles.width.Truncate(line, m.listWidth(), "") + rs.selected.close
	}
	b.WriteString(rs.selected.close)
	return b.String()
}

// markEnd ends a highlight in a title: the attributes it set go, and a
// removed favorite's dim style, which the end of bold ends too (SGR 22),
// comes back.
func (m listModel) markEnd(id string, selected bool) string {
	switch {
	case selected:
		return markOffSelected
	case m.deps.marks.isRemoved(id):
		return markOff + m.styles.rows.muted.open
	}
	return markOff
}

// plainRow is any other row: its mark, the kind, the title and the facts
// each in their style; a removed favorite's dimmed whole, as it goes at
// the next reload.
func (m listModel) plainRow(b *strings.Builder, t rowText, id string) string {
	rs := &m.styles.rows
	removed := m.deps.marks.isRemoved(id)
	b.WriteString(m.rowMark(id))
	if removed {
		rs.muted.write(b, t.kind, t.kindPad)
	} else {
		rs.kind.write(b, t.kind, t.kindPad)
	}
	b.WriteByte(' ')
	if t.nsfw != "" {
		b.WriteString(rs.nsfw)
	}
	if t.untitled || removed {
		rs.muted.write(b, t.title, "")
	} else {
		rs.row.write(b, t.title, "")
	}
	if t.why != "" {
		rs.muted.write(b, t.why, "")
	}
	b.WriteString(t.pad)
	b.WriteByte(' ')
	if len(t.facts) > 0 {
		b.WriteString(rs.muted.open)
		b.Write(t.facts)
		b.WriteString(rs.muted.close)
	}
	if t.overflow {
		return m.styles.width.Truncate(b.String(), m.listWidth(), "")
	}
	return b.String()
}

// markChar is a row's mark: ✗ for a favorite removed by f, ✓ for one
// saved by d, ● for one new since last time; " " for none.
func (m listModel) markChar(id string) string {
	switch {
	case m.deps.marks.isRemoved(id):
		return "✗"
	case m.deps.marks.isSaved(id):
		return "✓"
	case m.isNew(id):
		return "●"
	}
	return " "
}

// rowMark is the mark column of a row that is not selected.
func (m listModel) rowMark(id string) string { return " " + m.markChar(id) + " " }

// selectedMark is the mark column of the selected row: the cursor, and
// the row's mark beside it, so that what d or f did shows at once.
func (m listModel) selectedMark(id string) string {
	if c := m.markChar(id); c != " " {
		return "▸" + c + " "
	}
	return " ▸ "
}

// rowText is the plain text of a row, laid out for the list's width.
type rowText struct {
	kind, kindPad, nsfw, title, pad string
	// why is where a search hit matched when its title does not show it
	// (" · tag cats"), or "".
	why      string
	untitled bool
	facts    []byte // date and views, or none
	// overflow is set when the fixed columns alone are wider than the
	// list: the finished row must then be cut.
	overflow bool
}

// rowText lays out it's row, appending the facts to buf. Every part but
// the title has a known width; the title is measured and cut to its room.
func (m listModel) rowText(it imgur.Item, buf []byte, why string) rowText {
	w := m.styles.width
	t := rowText{kind: kindLabel(it), title: displayText(it.Title), untitled: it.Title == ""}
	t.kindPad = spaces(kindWidth - len(t.kind))
	if it.IsNSFW() {
		t.nsfw = nsfwMarker
	}
	if t.untitled {
		t.title = imgur.Untitled
	}
	width := m.listWidth()
	room := width - markWidth - kindWidth - 1 - len(t.nsfw) - 1
	factsW := 0
	if width >= factsMinWidth {
		t.facts, factsW = appendFacts(buf, it), factsWidth
		room -= factsWidth + 1
	}
	if why != "" {
		t.why = fitWhy(why, w.StringWidth(t.title), room, w)
		room -= w.StringWidth(t.why)
	}
	var tw int
	t.title, tw = fitText(t.title, room, w)
	t.pad = spaces(room - tw)
	t.overflow = markWidth+kindWidth+1+len(t.nsfw)+max(room, 0)+1+factsW > width
	return t
}

// fitWhy is why a search hit matched as the row can show it beside a
// title title cells wide in room: whole (" · tag cats") where the title
// keeps at least 15 cells, else only where (" · tag"), else nothing. A
// name cut short says nothing.
func fitWhy(why string, title, room int, w ansi.Method) string {
	for _, s := range []string{" · " + displayText(why), " · " + strings.SplitN(why, " ", 2)[0]} {
		if w.StringWidth(s)+min(title, 15) <= room {
			return s
		}
	}
	return ""
}

// appendFacts appends the row's right-aligned facts, factsWidth cells:
// the date posted and the views, right-aligned in their column.
func appendFacts(dst []byte, it imgur.Item) []byte {
	dst = it.Posted().Local().AppendFormat(dst, "2006-01-02")
	views := viewsLabel(it.Views) // at most viewsWidth-2 cells
	dst = append(dst, spaces(1+viewsWidth-2-len(views))...)
	dst = append(dst, views...)
	return append(dst, " ◉"...)
}

// displayText drops the joiners that terminals disagree about: a zero
// width joiner sequence (👨‍👩‍👧) or a VS16 emoji presentation is one glyph
// in some terminals and several in others (tmux), so no measurement can
// align it everywhere. Without them every terminal draws the parts side by
// side, as measured.
func displayText(s string) string {
	// Two Contains, not ContainsAny: a set of non-ASCII runes is scanned
	// rune by rune, and this runs for every row of every frame.
	if !strings.Contains(s, "\u200d") && !strings.Contains(s, "\ufe0f") {
		return s
	}
	return strings.NewReplacer("\u200d", "", "\ufe0f", "").Replace(s)
}

// kindLabel is the row's kind marker: img, gif, video, or an album with
// its image count.
func kindLabel(it imgur.Item) string {
	switch it.Kind() {
	case "album":
		n, known := it.AlbumSize()
		if !known {
			return "alb ?"
		}
		if n > 99 {
			return "alb99+"
		}
		return "alb " + strconv.Itoa(n)
	case "video":
		return "video"
	case "gif":
		return "gif"
	}
	return "img"
}

// viewsLabel is shortCount cut to the five characters the views column
// has room for: 123.4M becomes 123M (the finished row used to be cut
// instead, losing its ◉).
func viewsLabel(n int64) string {
	s := ShortCount(n)
	if i := strings.IndexByte(s, '.'); len(s) > 5 && i >= 0 && i+2 <= len(s) {
		s = s[:i] + s[i+2:]
	}
	return s
}

// ShortCount renders a count in a few cells: 1234567 as 1.2M, 12345 as
// 12k. `imgfav list` prints views the same way.
func ShortCount(n int64) string {
	switch {
	case n >= 1_000_000_000:
		return fmt.Sprintf("%.1fB", float64(n)/1e9)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%dk", n/1000)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return strconv.FormatInt(n, 10)
}

// joinEnds puts left and right on one line of width cells, dropping the
// right part when both do not fit.
func joinEnds(left, right string, width int, w ansi.Method) string {
	lw, rw := w.StringWidth(left), w.StringWidth(right)
	if right == "" || lw+rw+2 > width {
		return w.Truncate(left, width, "…")
	}
	return left + strings.Repeat(" ", width-lw-rw) + right
}

// fit cuts s to at most width cells and h lines, as the terminal measures.
func fit(s string, width, h int, w ansi.Method) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lineWidth(l, w) > width {
			lines[i] = w.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}
