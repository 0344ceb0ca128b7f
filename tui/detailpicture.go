package tui

import (
	"fmt"
	"strings"

	"imgfav/imgur"
)

// The detail view's picture: beside the facts on a wide terminal, above
// them on a narrow one; for an album, one of its images (the cover
// first), which [ and ] step through.

// detailWide is the narrowest detail view that puts the picture beside
// the facts.
const detailWide = 80 // at 80×24 above would leave the facts a few lines

// pictureSize is the thumbnail the detail view and the preview pane use:
// 320 px (m), or 640 px (l) for a large pane drawn in pixels.
func pictureSize(mode picMode, cols int) byte {
	if mode.pixels() && cols > 40 {
		return imgur.ThumbLarge
	}
	return imgur.ThumbMedium
}

// shownImage is what the picture shows: the album image stepped to, else
// the favorite (an album by its cover). ok is false when there is nothing
// to show.
func (d detailModel) shownImage() (it imgur.Item, ok bool) {
	if d.item.IsAlbum && len(d.images) > 0 {
		img := d.images[min(max(d.step, 0), len(d.images)-1)]
		if img.NSFW == nil {
			img.NSFW = d.item.NSFW // an album's images inherit its rating
		}
		return img, true
	}
	if d.item.IsAlbum && d.item.Cover == "" {
		return imgur.Item{}, false
	}
	return d.item, true
}

// detailTall is the shortest detail view (the terminal less the status
// bar) that shows a picture above the facts.
const detailTall = 12

// tooShort reports whether pictures are on but the view is too short
// for one above the facts: a line says so instead (from 3 rows up, so
// the facts keep most of a tiny screen).
func (d detailModel) tooShort() bool {
	_, ok := d.shownImage()
	return ok && d.book.on() && d.width > 0 && d.width < detailWide && d.height < detailTall && d.height >= 3
}

// pictureBox is where the picture goes: the cells it may fill, and
// whether that is beside the facts.
func (d detailModel) pictureBox() (cols, rows int, beside bool) {
	if !d.book.on() || d.width <= 0 {
		return 0, 0, false
	}
	if d.width >= detailWide {
		return min(d.width*2/5, 80) - 2*len(margin), max(d.height-3, 1), true
	}
	if d.height < detailTall {
		return 0, 0, false // room for the facts first
	}
	return min(d.width-2*len(margin), 64), min(max(d.height/2-1, 4), 18), false
}

// Pictures is the picture the view shows, for the root's book.
func (d detailModel) Pictures() []picWant {
	cols, rows, _ := d.pictureBox()
	it, ok := d.shownImage()
	if cols <= 0 || rows <= 0 || !ok {
		return nil
	}
	return []picWant{d.book.wantFor(it, pictureSize(d.book.mode, cols), cols, rows)}
}

// pictureLines is the picture drawn, then its caption: the album
// position and the image's title or description.
func (d detailModel) pictureLines() []string {
	if d.tooShort() {
		return []string{margin + d.styles.Muted.Render(fmt.Sprintf("the picture needs %d rows here", detailTall+1))}
	}
	ws := d.Pictures()
	if len(ws) == 0 {
		return nil
	}
	st := d.styles
	var lines []string
	switch ps := d.book.draw(ws[0]); {
	case ps.problem != "":
		cols, _, _ := d.pictureBox()
		for _, l := range wrap("picture unavailable: "+ps.problem, cols, st.width) {
			lines = append(lines, margin+st.Muted.Render(l))
		}
	case ps.loading:
		lines = append(lines, margin+st.Muted.Render("loading the picture…"))
	default:
		for _, l := range ps.lines {
			lines = append(lines, margin+l)
		}
	}
	if c := d.caption(ws[0].cols); c != "" {
		lines = append(lines, margin+c)
	}
	return lines
}

// caption is "3/9 · the image's title" for an album's image.
func (d detailModel) caption(width int) string {
	if !d.item.IsAlbum || len(d.images) == 0 {
		return ""
	}
	it, _ := d.shownImage()
	pos := fmt.Sprintf("%d/%d", d.step+1, len(d.images))
	text := imgur.CleanLine(it.Title)
	if text == "" {
		text = imgur.CleanLine(it.Description)
	}
	s := d.styles.Muted.Render(pos)
	if text != "" {
		s += d.styles.Muted.Render(" · ") + d.styles.Row.Render(d.styles.width.Truncate(displayText(text), max(width-len(pos)-3, 1), "…"))
	}
	return s
}

// coverIndex is the place of an album's cover among its images.
func coverIndex(it imgur.Item, images []imgur.Item) int {
	for i, img := range images {
		if img.ID == it.Cover {
			return i
		}
	}
	return 0
}

// besideView puts the picture pane left of the facts.
func (d detailModel) besideView() string {
	cols, _, _ := d.pictureBox()
	pane := d.pictureLines()
	paneW := cols + 2*len(margin)
	text := strings.Split(d.vp.View(), "\n")
	n := max(len(pane), len(text))
	var out strings.Builder
	for i := range n {
		left := ""
		if i < len(pane) {
			left = pane[i]
		}
		if w := d.styles.width.StringWidth(left); w < paneW {
			left += strings.Repeat(" ", paneW-w)
		}
		out.WriteString(left)
		if i < len(text) {
			out.WriteString(text[i])
		}
		if i < n-1 {
			out.WriteByte('\n')
		}
	}
	return out.String()
}
