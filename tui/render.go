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
// the terminal will draw it, so wide characters never break alignment.
func (m listModel) row(it imgur.Item, selected bool) string {
	st := m.styles
	w := st.width
	facts := ""
	if m.width >= factsMinWidth {
		facts = it.Posted().Local().Format("2006-01-02") + " " + fmt.Sprintf("%*s", viewsWidth, shortCount(it.Views)+" ◉")
	}
	nsfw := ""
	if it.IsNSFW() {
		nsfw = "NSFW "
	}
	titleRoom := m.width - markWidth - kindWidth - 1 - len(nsfw) - 1
	if facts != "" {
		titleRoom -= factsWidth + 1
	}
	title, untitled := displayText(it.Title), it.Title == ""
	if untitled {
		title = "untitled"
	}
	title = w.Truncate(title, max(titleRoom, 0), "…")
	pad := strings.Repeat(" ", max(titleRoom-w.StringWidth(title), 0))

	if selected {
		line := " ▸ " + fmt.Sprintf("%-*s", kindWidth, kindLabel(it)) + " " + nsfw + title + pad + " " + facts
		return st.Selected.Render(w.Truncate(line, m.width, ""))
	}
	titleStyle := st.Row
	if untitled {
		titleStyle = st.Muted
	}
	line := "   " + st.Kind.Render(fmt.Sprintf("%-*s", kindWidth, kindLabel(it))) + " " + st.NSFW.Render(nsfw) +
		titleStyle.Render(title) + pad + " " + st.Muted.Render(facts)
	return w.Truncate(line, m.width, "")
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
