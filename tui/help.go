package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpModel is the full-screen help: every binding in force on the screen
// it was opened on, in columns when they fit, else in one column, and the
// legend of the screen's marks; it scrolls when it does not fit. Its lines
// are built when it opens or changes size, not on every frame.
type helpModel struct {
	styles *Styles
	keys   helpKeys
	help   help.Model
	shown  help.KeyMap

	lines         []string // the body, under the fixed title
	offset        int
	width, height int
}

// legend is a key map whose screen has marks the help explains: pairs of
// a mark and its meaning.
type legend interface {
	Legend() [][2]string
}

// helpHeader is the blank line, the title and the blank line above the
// body.
const helpHeader = 3

func newHelpModel(st *Styles) helpModel {
	h := helpModel{styles: st, keys: newHelpKeys(), help: help.New()}
	h.help.Styles = st.Help
	h.help.ShowAll = true
	return h
}

// openHelp shows the help of the active screen.
func (m *Model) openHelp() tea.Cmd {
	m.showHelp = true
	m.help.Show(m.helpKeys())
	return m.debug("screen help")
}

// Show fills the help with keys, from the top.
func (h *helpModel) Show(keys help.KeyMap) {
	h.shown, h.offset = keys, 0
	h.build()
}

func (h *helpModel) SetSize(w, hgt int) {
	h.width, h.height = w, hgt
	h.build()
}

func (h *helpModel) SetStyles(st *Styles) {
	h.styles = st
	h.help.Styles = st.Help
	h.build()
}

// rows is the room for the body.
func (h helpModel) rows() int { return max(h.height-helpHeader, 1) }

// scrolls reports whether the body is taller than its room.
func (h helpModel) scrolls() bool { return len(h.lines) > h.rows() }

func (h *helpModel) scrollTo(offset int) {
	h.offset = min(max(offset, 0), max(len(h.lines)-h.rows(), 0))
}

func (h helpModel) Update(msg tea.Msg) (helpModel, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	switch k := h.keys; {
	case key.Matches(km, k.Up):
		h.scrollTo(h.offset - 1)
	case key.Matches(km, k.Down):
		h.scrollTo(h.offset + 1)
	case key.Matches(km, k.PageUp):
		h.scrollTo(h.offset - h.rows())
	case key.Matches(km, k.PageDown):
		h.scrollTo(h.offset + h.rows())
	case key.Matches(km, k.Top):
		h.scrollTo(0)
	case key.Matches(km, k.Bottom):
		h.scrollTo(len(h.lines))
	}
	return h, nil
}

// build lays the bindings out for the width: side by side when they fit,
// else one group under the other.
func (h *helpModel) build() {
	h.lines = nil
	if h.shown == nil || h.width <= 0 || h.styles == nil {
		return
	}
	room := max(h.width-4, 10)
	groups := h.shown.FullHelp()
	for _, g := range groups {
		for i := range g {
			// Every key of a binding, where the hints name the first ones.
			if ks := g[i].Keys(); len(ks) > 0 {
				g[i].SetHelp(keyNames(ks), g[i].Help().Desc)
			}
		}
	}
	h.help.SetWidth(0) // measure the columns whole
	body := h.help.FullHelpView(groups)
	if lipgloss.Width(body) > room {
		var parts []string
		for _, g := range groups {
			if v := h.help.FullHelpView([][]key.Binding{g}); v != "" {
				parts = append(parts, v)
			}
		}
		body = strings.Join(parts, "\n\n")
	}
	for _, l := range strings.Split(body, "\n") {
		h.lines = append(h.lines, "  "+l)
	}
	if lg, ok := h.shown.(legend); ok {
		h.lines = append(h.lines, h.legend(lg.Legend())...)
	}
	h.scrollTo(h.offset)
}

func (h helpModel) legend(marks [][2]string) []string {
	st := h.styles.Help
	wide := 0
	for _, mk := range marks {
		wide = max(wide, lipgloss.Width(mk[0]))
	}
	out := []string{"", "  " + h.styles.Title.Render("Marks")}
	room := max(h.width-4-wide-1, 10)
	for _, mk := range marks {
		mark := st.FullKey.Render(mk[0]) + strings.Repeat(" ", wide-lipgloss.Width(mk[0]))
		for _, l := range wrap(mk[1], room, h.styles.width) {
			out = append(out, "  "+mark+" "+st.FullDesc.Render(l))
			mark = strings.Repeat(" ", wide) // a hanging indent
		}
	}
	return out
}

func (h helpModel) View() string {
	st := h.styles
	// Where the line is short, the hint to close goes first: the place
	// in a long list matters more; never half a number.
	pos := ""
	if len(h.lines) > h.rows() {
		pos = fmt.Sprintf("↑↓ %d/%d", min(h.offset+h.rows(), len(h.lines)), len(h.lines))
	}
	// Each a title and what follows it, the first that fits shown; the
	// last one whatever the width.
	heads := [][2]string{{"Keys", "  esc to close"}, {"Keys", ""}}
	if pos != "" {
		heads = [][2]string{{"Keys", "  esc to close · " + pos}, {"Keys", " · " + pos}, {"", pos}}
	}
	head := heads[len(heads)-1]
	for _, hd := range heads {
		if st.width.StringWidth(hd[0]+hd[1]) <= h.width-2 {
			head = hd
			break
		}
	}
	title := st.Muted.Render(head[1])
	if head[0] != "" {
		title = st.Title.Render(head[0]) + title
	}
	out := make([]string, 0, h.height)
	out = append(out, "", "  "+title, "")
	end := min(h.offset+h.rows(), len(h.lines))
	out = append(out, h.lines[min(h.offset, end):end]...)
	return strings.Join(out, "\n")
}
