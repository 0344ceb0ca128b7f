package tui

import (
	"fmt"
	"strings"

	"imgfav/imgur"
)

// foldersHeader is the title line and the state line.
const foldersHeader = 2

// coverCols and coverRows are a folder's cover picture, where pictures
// are on and the terminal is tall enough for entries of coverRows lines.
const (
	coverCols      = 6
	coverRows      = 3
	coverMinHeight = 10
)

// withCovers reports whether entries show their folder's cover.
func (p folderPicker) withCovers() bool { return p.pics.on() && p.height >= coverMinHeight }

// entryLines is the height of one entry.
func (p folderPicker) entryLines() int {
	if p.withCovers() {
		return coverRows
	}
	return 1
}

// shown is how many entries fit.
func (p folderPicker) shown() int { return max((p.height-foldersHeader)/p.entryLines(), 1) }

// Pictures are the covers of the entries in view.
func (p folderPicker) Pictures() []picWant {
	if !p.withCovers() {
		return nil
	}
	var ws []picWant
	for i := p.offset; i < min(p.offset+p.shown(), p.entries()); i++ {
		if it, ok := p.cover(p.entry(i)); ok {
			ws = append(ws, p.pics.wantFor(it, imgur.ThumbSmall, coverCols, coverRows))
		}
	}
	return ws
}

// cover is f's cover picture, rated NSFW when a favorite it shows is.
func (p folderPicker) cover(f imgur.Folder) (imgur.Item, bool) {
	it, ok := f.Cover()
	if ok && p.nsfw[it.ID] {
		yes := true
		it.NSFW = &yes
	}
	return it, ok
}

// View is the title, the state line and the entries in view.
func (p folderPicker) View() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	st := p.styles
	right := ""
	if !p.loading && p.failure == "" {
		right = plural(len(p.folders), "folder") + " "
	}
	out := []string{joinEnds(st.Title.Render(" Favorite folders"), st.Muted.Render(right), p.width, st.width),
		" " + st.width.Truncate(p.stateLine(), max(p.width-1, 1), "…")}
	for i := p.offset; i < min(p.offset+p.shown(), p.entries()); i++ {
		out = append(out, p.entryView(i)...)
	}
	return strings.Join(out, "\n")
}

// stateLine says what the picker is doing, or why it shows no folders.
func (p folderPicker) stateLine() string {
	st := p.styles
	switch {
	case p.loading:
		return st.Muted.Render("asking Imgur for your folders…")
	case p.failure != "":
		return st.Error.Render(p.failure)
	case p.note != "":
		return st.Warning.Render(p.note)
	case len(p.folders) == 0:
		return st.Muted.Render("you have no favorite folders")
	}
	return st.Muted.Render("enter shows a folder · esc goes back")
}

// entryView is entry i's lines: the mark, the cover where covers show,
// the name and the count where known.
func (p folderPicker) entryView(i int) []string {
	st := p.styles
	f := p.entry(i)
	name := displayText(f.Name)
	if i == 0 {
		name = "All favorites"
	}
	selected := i == p.cursor
	mark := "   "
	if selected {
		mark = " ▸ "
	}
	lead := 0
	var cover []string
	if p.withCovers() {
		lead = coverCols + 1
		cover = p.coverLines(f)
	}
	room := max(p.width-markWidth-lead, 1)
	text := p.entryText(f, i, name, room)
	style := st.Row
	if selected {
		style = st.Selected
	}
	lines := make([]string, p.entryLines())
	mid := len(lines) / 2
	for n := range lines {
		l := "   "
		if n == mid {
			l = style.Render(mark)
		}
		if lead > 0 {
			l += cover[n] + " "
		}
		if n == mid {
			l += style.Render(text)
		}
		lines[n] = l
	}
	return lines
}

// entryText is the name and, right-aligned, the count and whether the
// list shows this folder now, room cells wide.
func (p folderPicker) entryText(f imgur.Folder, i int, name string, room int) string {
	var facts []string
	if f.ID == p.current {
		facts = append(facts, "shown")
	}
	if n, ok := p.counts[f.ID]; ok {
		facts = append(facts, plural(n, "favorite"))
	}
	w := p.styles.width
	t := joinEnds(name, strings.Join(facts, " · ")+" ", room, w)
	return t + spaces(max(room-w.StringWidth(t), 0))
}

// coverLines are a folder's cover, coverCols × coverRows cells, or blank
// cells (and a word) where it has none or it is loading.
func (p folderPicker) coverLines(f imgur.Folder) []string {
	blank := make([]string, coverRows)
	for i := range blank {
		blank[i] = spaces(coverCols)
	}
	it, ok := p.cover(f)
	if !ok {
		return blank
	}
	ps := p.pics.draw(p.pics.wantFor(it, imgur.ThumbSmall, coverCols, coverRows))
	if ps.loading || ps.problem != "" || len(ps.lines) == 0 {
		blank[coverRows/2] = p.styles.Muted.Render(fmt.Sprintf("%-*s", coverCols, "  ·"))
		return blank
	}
	out := make([]string, coverRows)
	for i := range out {
		l := ""
		if i < len(ps.lines) {
			l = ps.lines[i]
		}
		if w := lineWidth(l, p.styles.width); w < coverCols {
			l += spaces(coverCols - w)
		}
		out[i] = l
	}
	return out
}
