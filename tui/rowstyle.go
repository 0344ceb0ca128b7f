package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// A list frame draws about forty rows, and lipgloss.Style.Render costs
// microseconds a call (it parses the style, splits lines, converts tabs and
// measures), which made a frame cost 0.8 ms. The row's styles are therefore
// rendered once, when the Styles are built, into the SGR sequences that open
// and close them, and each row is assembled from those and the plain text.
//
// The sequences are exactly those Render writes (full 24-bit colours, as
// lipgloss v2 always emits): the program's output writer downsamples them to
// the terminal's profile, 256 or 16 colours, or none at all under NO_COLOR,
// the same way it does for everything Render produces.

// sgr is a style rendered once: what opens it and what closes it.
type sgr struct{ open, close string }

// sgrOf renders st around a probe and keeps what surrounds it. A style
// without any attribute renders as the bare text: both halves are empty.
func sgrOf(st lipgloss.Style) sgr {
	const probe = "x" // SGR sequences hold digits, ';', '[' and 'm' only
	r := st.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return sgr{}
	}
	return sgr{open: r[:i], close: r[i+len(probe):]}
}

// write adds s and then pad in this style. Empty text writes nothing: an
// empty styled span draws no cell.
func (p sgr) write(b *strings.Builder, s, pad string) {
	if s == "" && pad == "" {
		return
	}
	b.WriteString(p.open)
	b.WriteString(s)
	b.WriteString(pad)
	b.WriteString(p.close)
}

// Matched text is bold and underlined: attributes that the sequences
// around it leave alone, so it keeps the row's colours, selected or not.
// The selected row is bold already: there only the underline ends.
const (
	markOn          = "\x1b[1;4m"
	markOff         = "\x1b[22;24m"
	markOffSelected = "\x1b[24m"
)

// marked is title with the byte ranges spans set off as matched text.
// Ranges past the title's end (it was cut) are clipped; none ends inside
// the ellipsis of a cut title.
func marked(title string, spans [][2]int, off string) string {
	if len(spans) == 0 {
		return title
	}
	limit := len(title)
	if strings.HasSuffix(title, "…") {
		limit -= len("…")
	}
	var b strings.Builder
	b.Grow(len(title) + 16*len(spans))
	at := 0
	for _, sp := range spans {
		from, to := max(sp[0], at), min(sp[1], limit)
		if from >= to {
			continue
		}
		b.WriteString(title[at:from])
		b.WriteString(markOn)
		b.WriteString(title[from:to])
		b.WriteString(off)
		at = to
	}
	b.WriteString(title[at:])
	return b.String()
}

// rowStyles are the list row's styles rendered once, and its fixed parts
// styled once.
type rowStyles struct {
	selected, row, muted, kind sgr
	// nsfw is the styled NSFW marker with its trailing space.
	nsfw string
}

func newRowStyles(st *Styles) rowStyles {
	return rowStyles{
		selected: sgrOf(st.Selected),
		row:      sgrOf(st.Row),
		muted:    sgrOf(st.Muted),
		kind:     sgrOf(st.Kind),
		nsfw:     st.NSFW.Render(nsfwMarker),
	}
}

// nsfwMarker precedes the title of an NSFW favorite.
const nsfwMarker = "NSFW "

// fitText cuts s, sanitized text without escapes, to room cells with an
// ellipsis when it is wider, and returns it with its width. A title whose
// first room+1 bytes are printable ASCII is cut without measuring the
// rest: each of those bytes is a cell, so the whole is wider than room.
func fitText(s string, room int, w ansi.Method) (string, int) {
	room = max(room, 0)
	p := 0
	for p < len(s) && p <= room && s[p] >= 0x20 && s[p] <= 0x7e {
		p++
	}
	switch {
	case p == len(s) && p <= room:
		return s, p
	case p > room && room > 0:
		return s[:room-1] + "…", room
	case p > room:
		return "", 0
	}
	tw := w.StringWidth(s)
	if tw <= room {
		return s, tw
	}
	s = w.Truncate(s, room, "…")
	return s, w.StringWidth(s)
}

// spaces returns n spaces, without allocating for a row's usual padding.
func spaces(n int) string {
	const blank = "                                                                                                                                "
	if n <= 0 {
		return ""
	}
	if n <= len(blank) {
		return blank[:n]
	}
	return strings.Repeat(" ", n)
}

// lineWidth is w.StringWidth(s) for a line of styled text, without running
// the escape parser over every byte: SGR sequences are skipped and the text
// between them measured, printable ASCII a cell a byte. In the ground state
// the parser is in between them, and a grapheme cluster never spans an
// escape, so the sum is the same. A line with any other escape (OSC, other
// CSI…), control character or invalid UTF-8, which sanitized text never
// has, is left to StringWidth whole.
func lineWidth(s string, w ansi.Method) int {
	n, start, ascii := 0, 0, true
	for i := 0; i < len(s); {
		c := s[i]
		if c != 0x1b {
			ascii = ascii && c >= 0x20 && c <= 0x7e
			i++
			continue
		}
		end, ok := sgrEnd(s, i)
		if !ok {
			return w.StringWidth(s)
		}
		run, ok := runWidth(s[start:i], ascii, w)
		if !ok {
			return w.StringWidth(s)
		}
		n += run
		i, start, ascii = end, end, true
	}
	run, ok := runWidth(s[start:], ascii, w)
	if !ok {
		return w.StringWidth(s)
	}
	return n + run
}

// runWidth measures text without escapes; false if it holds a control
// character or invalid UTF-8.
func runWidth(s string, ascii bool, w ansi.Method) (int, bool) {
	if ascii {
		return len(s), true
	}
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r == utf8.RuneError {
			return 0, false
		}
	}
	return w.StringWidth(s), true
}

// sgrEnd returns the end of the SGR sequence at s[i] (ESC '[', digits and
// separators, 'm'), or false if s[i:] does not start one: other sequences
// are left to the full parser.
func sgrEnd(s string, i int) (int, bool) {
	if i+1 >= len(s) || s[i+1] != '[' {
		return 0, false
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c == 'm':
			return j + 1, true
		case (c < '0' || c > '9') && c != ';' && c != ':':
			return 0, false
		}
	}
	return 0, false
}
