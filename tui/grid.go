package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// The grid: v shows the favorites as a contact sheet of thumbnails, each
// with its title under it, with the list's cursor, loading, filter, sort
// and keys (and ←/→ to move along a row). It draws only the cells on
// screen.

// gridCellMin is the narrowest cell: three cells across 80 columns.
const gridCellMin = 26

// gridLayout is the grid's geometry at the list's size.
type gridLayout struct {
	cols, rows       int // cells across and down
	cellW, cellH     int // a cell in terminal cells, with its gap
	picCols, picRows int // the picture's box in a cell
}

func (m listModel) gridLayout() gridLayout {
	avail := m.rows()
	cols := max(m.width/gridCellMin, 1)
	if m.width >= 40 {
		cols = max(cols, 2)
	}
	g := gridLayout{cols: cols, cellW: m.width / cols}
	g.picCols = max(g.cellW-2, 1)
	g.picRows = min(max(g.picCols/2, 2), max(avail/2-2, 2))
	if !m.deps.pics.on() {
		g.picRows = 1 // pictures off: a line saying what each is, not an empty box
	}
	g.cellH = g.picRows + 2 // the picture, the title, a gap
	g.rows = max(avail/g.cellH, 1)
	if !m.deps.pics.on() {
		return g
	}
	// What is left under the last row goes to one more row where the
	// pictures stay no flatter than 5:2 cells, else to taller pictures.
	if more := avail/(g.rows+1) - 2; more >= max(g.picCols*2/5, 2) {
		g.rows, g.picRows = g.rows+1, more
	} else {
		g.picRows += (avail - g.rows*g.cellH) / g.rows
	}
	g.cellH = g.picRows + 2
	return g
}

// screenItems is how many favorites a screen shows: rows, or cells.
func (m listModel) screenItems() int {
	if m.grid {
		g := m.gridLayout()
		return g.cols * g.rows
	}
	return m.rows()
}

// gridSize is the thumbnail a cell uses: Imgur's 160 px one, or the
// 320 px one when the terminal draws pixels.
func gridSize(mode picMode) byte {
	if mode.pixels() {
		return imgur.ThumbMedium
	}
	return imgur.ThumbSmall
}

// gridWants are the pictures of the cells on screen, the selected first.
func (m listModel) gridWants() []picWant {
	if !m.deps.pics.on() || m.account == "" {
		return nil
	}
	f := m.feeds[sortIndex(m.sort)]
	g := m.gridLayout()
	first := m.gridTop(g) * g.cols
	end := min(first+g.cols*g.rows, m.visibleLen())
	ws := make([]picWant, 0, max(end-first, 0))
	add := func(i int) {
		it := m.itemAt(i)
		if it.IsAlbum && it.Cover == "" {
			return
		}
		ws = append(ws, m.deps.pics.wantFor(it, gridSize(m.deps.pics.mode), g.picCols, g.picRows))
	}
	if f.cursor >= first && f.cursor < end {
		add(f.cursor)
	}
	for i := first; i < end; i++ {
		if i != f.cursor {
			add(i)
		}
	}
	return ws
}

// gridTop is the first row shown, within the rows there are now: the
// list may have shrunk under it (a search) before clamp ran.
func (m listModel) gridTop(g gridLayout) int {
	last := max((m.visibleLen()-1)/g.cols, 0)
	return min(max(m.feeds[sortIndex(m.sort)].gridTop, 0), max(last-g.rows+1, 0))
}

// clampGrid keeps the cursor's row on screen.
func (m *listModel) clampGrid() {
	f := m.cur()
	g := m.gridLayout()
	row := f.cursor / g.cols
	if row < f.gridTop {
		f.gridTop = row
	}
	if row >= f.gridTop+g.rows {
		f.gridTop = row - g.rows + 1
	}
	f.gridTop = m.gridTop(g)
}

// gridMove handles a navigation key in the grid; it reports whether the
// key was one.
func (m *listModel) gridMove(km tea.KeyPressMsg) bool {
	f := m.cur()
	g := m.gridLayout()
	k := m.keys
	switch {
	case key.Matches(km, k.Left):
		f.cursor--
	case key.Matches(km, k.Right):
		f.cursor++
	case key.Matches(km, k.Up):
		f.cursor -= g.cols
	case key.Matches(km, k.Down):
		f.cursor = min(f.cursor+g.cols, max(m.visibleLen()-1, 0))
	case key.Matches(km, k.PageUp):
		f.cursor -= g.cols * g.rows
		f.gridTop -= g.rows
	case key.Matches(km, k.PageDown):
		f.cursor += g.cols * g.rows
		f.gridTop += g.rows
	case key.Matches(km, k.HalfUp):
		f.cursor -= g.cols * max(g.rows/2, 1)
	case key.Matches(km, k.HalfDown):
		f.cursor += g.cols * max(g.rows/2, 1)
	case key.Matches(km, k.Top):
		f.cursor = 0
	case key.Matches(km, k.Bottom):
		f.cursor = m.visibleLen() - 1
		f.more = m.filter.applied()
	default:
		return false
	}
	f.restore = nil
	m.clamp()
	return true
}

// gridClick selects the clicked cell; a click on the selected one
// chooses it.
func (m listModel) gridClick(x, y int) (listModel, tea.Cmd) {
	g := m.gridLayout()
	f := m.cur()
	if y < headerLines || x >= g.cols*g.cellW {
		return m, nil
	}
	i := (m.gridTop(g)+(y-headerLines)/g.cellH)*g.cols + x/g.cellW
	if i >= m.visibleLen() {
		return m, nil
	}
	if i == f.cursor {
		return m, m.choose()
	}
	m.setCursor(i)
	return m, m.prefetch()
}

// gridView renders the cells on screen under the header lines, then the
// end row when the last cells are shown.
func (m listModel) gridView(f feed, lines []string) string {
	g := m.gridLayout()
	n := m.visibleLen()
	top := m.gridTop(g)
	for r := range g.rows {
		first := (top + r) * g.cols
		if first >= n {
			break
		}
		lines = m.gridRow(lines, g, first, min(first+g.cols, n), f.cursor)
	}
	if (top+g.rows)*g.cols >= n {
		if s := m.endRow(f, n); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

// gridRow appends one row of cells: the pictures' lines, the titles, a
// gap.
func (m listModel) gridRow(lines []string, g gridLayout, first, end, cursor int) []string {
	pics := make([][]string, end-first)
	for i := first; i < end; i++ {
		pics[i-first] = m.cellPicture(g, m.itemAt(i))
	}
	var b strings.Builder
	for line := range g.picRows {
		b.Reset()
		for c := range pics {
			b.WriteString(cellLine(pics[c], line, g.picRows, g.cellW))
		}
		lines = append(lines, b.String())
	}
	b.Reset()
	for i := first; i < end; i++ {
		b.WriteString(m.cellTitle(m.itemAt(i), g.cellW, i == cursor, m.spansAt(i)))
	}
	return append(lines, b.String(), "")
}

// cellLine is one line of a cell's picture, which sits on its title: a
// picture shorter than the box starts lower. pic's lines are cellW wide.
func cellLine(pic []string, line, picRows, cellW int) string {
	line -= picRows - len(pic)
	if line < 0 || line >= len(pic) {
		return spaces(cellW)
	}
	return pic[line]
}

// cellPicture is a cell's picture lines, each exactly cellW wide: the
// drawing centred, or a word saying why there is none.
func (m listModel) cellPicture(g gridLayout, it imgur.Item) []string {
	st := m.styles
	words := "no picture"
	if !m.deps.pics.on() {
		words = kindLabel(it) // pictures are off: what it is, at least
	} else if !(it.IsAlbum && it.Cover == "") {
		ps := m.deps.pics.draw(m.deps.pics.wantFor(it, gridSize(m.deps.pics.mode), g.picCols, g.picRows))
		switch {
		case ps.problem != "":
			words = ps.problem
		case ps.loading:
			words = "·"
		default:
			return centred(ps.lines, g, st)
		}
	}
	words = st.width.Truncate(words, g.picCols, "…")
	pad := g.cellW - st.width.StringWidth(words)
	mid := make([]string, g.picRows/2+1)
	for i := range mid {
		mid[i] = spaces(g.cellW)
	}
	mid[len(mid)-1] = spaces(pad/2) + st.Muted.Render(words) + spaces(pad-pad/2)
	return mid
}

// centred pads a drawing's lines to the cell's width, the picture in the
// middle.
func centred(pic []string, g gridLayout, st *Styles) []string {
	if len(pic) == 0 {
		return nil
	}
	w := lineWidth(pic[0], st.width)
	left := (g.cellW - w) / 2
	l, r := spaces(left), spaces(max(g.cellW-w-left, 0))
	out := make([]string, len(pic))
	for i, p := range pic {
		out[i] = l + p + r
	}
	return out
}

// cellTitle is a cell's title line, cellW wide, highlighted when
// selected.
func (m listModel) cellTitle(it imgur.Item, cellW int, selected bool, spans [][2]int) string {
	st := m.styles
	title := displayText(titleOr(it.Title, ""))
	room := max(cellW-3, 1)
	if it.IsNSFW() {
		room -= len(nsfwMarker)
	}
	title, tw := fitText(title, room, st.width)
	pad := spaces(max(room-tw, 0))
	if it.Title != "" {
		title = marked(title, spans, m.markEnd(it.ID, selected))
	}
	if it.IsNSFW() {
		title = nsfwMarker + title
	}
	removed := m.deps.marks.isRemoved(it.ID)
	if selected {
		return st.rows.selected.open + m.selectedMark(it.ID) + title + pad + st.rows.selected.close
	}
	style := st.Row
	if it.Title == "" || removed {
		style = st.Muted
	}
	return m.rowMark(it.ID) + style.Render(title) + pad
}
