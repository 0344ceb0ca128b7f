package tui

import (
	"strings"

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

// write adds s in this style. Empty text writes nothing: an empty styled
// span draws no cell.
func (p sgr) write(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	b.WriteString(p.open)
	b.WriteString(s)
	b.WriteString(p.close)
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

// textWidth measures s in cells with w, the terminal's method; printable
// ASCII, the common title, is one cell a byte and skips the grapheme walk.
func textWidth(s string, w ansi.Method) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return w.StringWidth(s)
		}
	}
	return len(s)
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
