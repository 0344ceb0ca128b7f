package tui

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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
func (m listModel) row(it imgur.Item, selected bool) string {
	st := m.styles
	rs, w := &st.rows, st.width
	facts, factsW := "", 0
	if m.width >= factsMinWidth {
		views := viewsLabel(it.Views) + " ◉"
		facts = it.Posted().Local().Format("2006-01-02") + " " + spaces(viewsWidth-utf8.RuneCountInString(views)) + views
		factsW = factsWidth // viewsLabel fits viewsWidth
	}
	nsfw := ""
	if it.IsNSFW() {
		nsfw = nsfwMarker
	}
	titleRoom := m.width - markWidth - kindWidth - 1 - len(nsfw) - 1
	if facts != "" {
		titleRoom -= factsWidth + 1
	}
	title, untitled := displayText(it.Title), it.Title == ""
	if untitled {
		title = "untitled"
	}
	tw := textWidth(title, w)
	if tw > max(titleRoom, 0) {
		title = w.Truncate(title, max(titleRoom, 0), "…")
		tw = w.StringWidth(title)
	}
	pad := spaces(titleRoom - tw)
	kind := kindLabel(it)
	kind += spaces(kindWidth - len(kind))
	// Every part but the title has a known width: the row overflows only
	// in a list too narrow for its fixed columns.
	overflow := markWidth+kindWidth+1+len(nsfw)+max(titleRoom, 0)+1+factsW > m.width

	var b strings.Builder
	b.Grow(2*m.width + 96)
	if selected {
		b.WriteString(" ▸ ")
		b.WriteString(kind)
		b.WriteByte(' ')
		b.WriteString(nsfw)
		b.WriteString(title)
		b.WriteString(pad)
		b.WriteByte(' ')
		b.WriteString(facts)
		line := b.String()
		if overflow {
			line = w.Truncate(line, m.width, "")
		}
		return rs.selected.open + line + rs.selected.close
	}
	b.WriteString("   ")
	rs.kind.write(&b, kind)
	b.WriteByte(' ')
	if nsfw != "" {
		b.WriteString(rs.nsfw)
	}
	if untitled {
		rs.muted.write(&b, title)
	} else {
		rs.row.write(&b, title)
	}
	b.WriteString(pad)
	b.WriteByte(' ')
	rs.muted.write(&b, facts)
	if overflow {
		return w.Truncate(b.String(), m.width, "")
	}
	return b.String()
}

// displayText drops the joiners that terminals disagree about: a zero
// width joiner sequence (👨‍👩‍👧) or a VS16 emoji presentation is one glyph
// in some terminals and several in others (tmux), so no measurement can
// align it everywhere. Without them every terminal draws the parts side by
// side, as measured.
func displayText(s string) string {
	if !strings.ContainsAny(s, "\u200d\ufe0f") {
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
	s := shortCount(n)
	if i := strings.IndexByte(s, '.'); len(s) > 5 && i >= 0 && i+2 <= len(s) {
		s = s[:i] + s[i+2:]
	}
	return s
}

// shortCount renders 1234567 as 1.2M.
func shortCount(n int64) string {
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
		if w.StringWidth(l) > width {
			lines[i] = w.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}
