package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// The preview pane: on a terminal previewMinWidth columns or wider, the
// list leaves about 40 % of the width, on the right, to the selected
// favorite's picture and title. p toggles it; the choice is remembered.

// previewMinWidth is the narrowest terminal that shows the preview pane.
const previewMinWidth = 120

// previewWidth is the pane's width, its separator included; 0 when it is
// not shown.
func (m listModel) previewWidth() int {
	if !m.preview || m.grid || !m.deps.pics.on() || m.width < previewMinWidth || m.account == "" {
		return 0
	}
	return m.width * 2 / 5
}

// listWidth is the room for the rows.
func (m listModel) listWidth() int { return m.width - m.previewWidth() }

// previewTextLines is the room under the picture: a blank line, two of
// title and one of facts.
const previewTextLines = 4

// previewWant is the selected favorite's picture in the pane.
func (m listModel) previewWant() (picWant, bool) {
	it, ok := m.Selected()
	pw := m.previewWidth()
	if !ok || pw == 0 || (it.IsAlbum && it.Cover == "") {
		return picWant{}, false
	}
	cols, rows := pw-3, max(m.height-1-previewTextLines, 1)
	return m.deps.pics.wantFor(it, pictureSize(m.deps.pics.mode, cols), cols, rows), true
}

// Pictures is what the list shows: the grid's thumbnails, or the
// preview pane's picture.
func (m listModel) Pictures() []picWant {
	if m.grid {
		return m.gridWants()
	}
	if w, ok := m.previewWant(); ok {
		return []picWant{w}
	}
	return nil
}

// withPreview puts the pane right of the list's lines, height lines in
// all. Every list line is padded to the list's width: the rows (n of
// them, after the header lines) are that wide already.
func (m listModel) withPreview(lines []string, n, pw int) string {
	pane := m.previewPane(pw - 3)
	st := m.styles
	lw := m.width - pw
	sep := st.Muted.Render(" │ ")
	var b strings.Builder
	for i := range max(m.height, 0) {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		// Rows leave the list's last column free when they show their
		// facts (see row); the header, filter and end lines are measured.
		switch {
		case i >= headerLines && i < headerLines+n:
			if lw >= factsMinWidth {
				l += " "
			}
		default:
			w := lineWidth(l, st.width)
			if w > lw { // a long search line: cut, the pane's border stays put
				l = st.width.Truncate(l, lw, "…")
				w = lineWidth(l, st.width)
			}
			if w < lw {
				l += spaces(lw - w)
			}
		}
		b.WriteString(l)
		b.WriteString(sep)
		if i < len(pane) {
			b.WriteString(pane[i])
		}
		if i < m.height-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// previewPane is the pane's content, cols wide: the picture, then the
// title and a line of facts.
func (m listModel) previewPane(cols int) []string {
	st := m.styles
	it, ok := m.Selected()
	if !ok {
		return nil
	}
	lines := []string{""}
	if w, ok := m.previewWant(); ok {
		switch ps := m.deps.pics.draw(w); {
		case ps.problem != "":
			lines = append(lines, st.Muted.Render(st.width.Truncate("picture unavailable: "+ps.problem, cols, "…")))
		case ps.loading:
			lines = append(lines, st.Muted.Render("loading the picture…"))
		default:
			lines = append(lines, ps.lines...)
		}
	} else {
		lines = append(lines, st.Muted.Render("no picture"))
	}
	lines = append(lines, "")
	title := wrap(displayText(titleOr(it.Title, "")), cols, st.width)
	if len(title) > 2 {
		title = title[:2]
		title[1] = st.width.Truncate(title[1]+" …", cols, "…")
	}
	for _, l := range title {
		lines = append(lines, st.Title.Render(l))
	}
	return append(lines, st.Muted.Render(st.width.Truncate(previewFacts(it), cols, "…")))
}

// previewFacts is a favorite's kind, date and views in one line.
func previewFacts(it imgur.Item) string {
	parts := []string{kindDescription(it)}
	if it.Datetime > 0 {
		parts = append(parts, it.Posted().Local().Format("2006-01-02"))
	}
	parts = append(parts, viewsLabel(it.Views)+" views")
	return strings.Join(parts, " · ")
}

// togglePreview is p: the pane on or off, remembered. On a terminal too
// narrow for it, p changes nothing that would not show, and says why.
func (m listModel) togglePreview() (listModel, tea.Cmd) {
	if m.width < previewMinWidth { // in the grid too: p asks for the pane
		return m, answer(fmt.Sprintf("the preview pane needs %d columns; this terminal has %d", previewMinWidth, m.width))
	}
	m.preview = !m.preview
	if m.grid {
		m.grid = false // p asks for the list with its pane
		m.preview = true
	}
	m.keys = newListKeys(m.deps.keys, m.grid)
	m.clamp()
	return m, saveLayoutCmd(m.deps.settings, m.account, m.preview, m.grid)
}

// toggleGrid is v: thumbnails ⇄ rows, remembered.
func (m listModel) toggleGrid() (listModel, tea.Cmd) {
	m.grid = !m.grid
	m.keys = newListKeys(m.deps.keys, m.grid)
	m.clamp()
	return m, tea.Batch(saveLayoutCmd(m.deps.settings, m.account, m.preview, m.grid), m.prefetch())
}
