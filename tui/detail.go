package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// detailModel shows one favorite: every field, the description and, for
// an album, its images. Its content is built once per item and size, then
// scrolled.
type detailModel struct {
	styles *Styles
	keys   detailKeys

	item      imgur.Item
	pageURL   string
	mediaURL  string
	images    []imgur.Item // an album's images, embedded or fetched
	imagesErr string
	loading   bool // fetching the album's images

	vp            viewport.Model
	width, height int
}

func newDetailModel(st *Styles, it imgur.Item, mediaURL string) detailModel {
	d := detailModel{styles: st, keys: newDetailKeys(), item: it, pageURL: imgur.PageURL(it), mediaURL: mediaURL}
	d.images = it.Images
	d.loading = it.IsAlbum && it.Images == nil
	d.vp = viewport.New()
	d.vp.SoftWrap = false
	return d
}

// needsImages reports whether the album's images must be fetched.
func (d detailModel) needsImages() bool { return d.loading }

func (d *detailModel) SetSize(w, h int) {
	d.width, d.height = w, h
	d.vp.SetWidth(w)
	d.vp.SetHeight(max(h, 1))
	d.render()
}

func (d *detailModel) SetStyles(st *Styles) {
	d.styles = st
	d.render()
}

// imagesLoaded applies a fetched album.
func (d *detailModel) imagesLoaded(msg albumLoadedMsg) {
	if msg.id != d.item.ID {
		return
	}
	d.loading = false
	if msg.err != nil {
		d.imagesErr = oneLine(msg.err)
	} else {
		d.images = msg.images
	}
	d.render()
}

func (d detailModel) Update(msg tea.Msg) (detailModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Up):
			d.vp.ScrollUp(1)
		case key.Matches(msg, d.keys.Down):
			d.vp.ScrollDown(1)
		case key.Matches(msg, d.keys.PageUp):
			d.vp.PageUp()
		case key.Matches(msg, d.keys.PageDown):
			d.vp.PageDown()
		}
		return d, nil
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			d.vp.ScrollUp(3)
		case tea.MouseWheelDown:
			d.vp.ScrollDown(3)
		}
	}
	return d, nil
}

func (d detailModel) View() string { return d.vp.View() }

// render builds the content for the current width.
func (d *detailModel) render() {
	if d.width <= 0 || d.styles == nil { // no item shown yet
		return
	}
	st := d.styles
	w := max(d.width-4, 10)
	it := d.item
	var lines []string
	add := func(s string) { lines = append(lines, "  "+s) }
	para := func(style func(...string) string, text string) {
		for _, l := range wrap(text, w, st.width) {
			add(style(l))
		}
	}
	label := func(name, value string) {
		if value == "" {
			return
		}
		para(func(s ...string) string { return strings.Join(s, "") }, st.Muted.Render(fmt.Sprintf("%-9s", name))+value)
	}

	lines = append(lines, "")
	title := displayText(it.Title)
	if title == "" {
		title = "untitled"
	}
	para(st.Title.Render, title)
	lines = append(lines, "")

	label("Kind", kindDescription(it))
	if it.Width > 0 && it.Height > 0 {
		label("Size", fmt.Sprintf("%d×%d", it.Width, it.Height)+sizeSuffix(it.Size))
	} else if it.Size > 0 {
		label("Size", humanBytes(it.Size))
	}
	label("Views", fmt.Sprintf("%d", it.Views))
	label("Votes", votes(it))
	label("Posted", postedLine(it))
	if it.AccountURL != "" {
		label("Uploader", it.AccountURL)
	}
	if it.IsNSFW() {
		label("NSFW", st.NSFW.Render("yes"))
	}
	label("Section", it.Section)
	label("Topic", it.Topic)
	if len(it.Tags) > 0 {
		names := make([]string, len(it.Tags))
		for i, t := range it.Tags {
			names[i] = t.Label()
		}
		label("Tags", strings.Join(names, ", "))
	}
	label("Page", st.Accent.Render(d.pageURL))
	if d.mediaURL != "" && d.mediaURL != d.pageURL {
		label("Media", st.Accent.Render(d.mediaURL))
	}

	if it.Description != "" {
		lines = append(lines, "")
		// A tab would jump to the terminal's next tab stop, which no
		// width measurement sees: indent with spaces instead.
		for _, p := range strings.Split(strings.ReplaceAll(it.Description, "\t", "    "), "\n") {
			para(st.Row.Render, p)
		}
	}
	if it.IsAlbum {
		lines = append(lines, "")
		lines = append(lines, d.albumLines(w)...)
	}
	d.vp.SetContent(strings.Join(lines, "\n"))
}

func (d detailModel) albumLines(w int) []string {
	st := d.styles
	n, known := d.item.AlbumSize()
	count := fmt.Sprint(max(n, len(d.images)))
	if !known && (d.loading || d.imagesErr != "") {
		count = "?" // old albums do not say; known once the images are fetched
	}
	out := []string{"  " + st.Title.Render("Images ("+count+")")}
	switch {
	case d.loading:
		return append(out, "  "+st.Muted.Render("loading the album's images…"))
	case d.imagesErr != "":
		return append(out, "  "+st.Error.Render(st.width.Truncate(d.imagesErr, w, "…")))
	case len(d.images) == 0:
		return append(out, "  "+st.Muted.Render("no images"))
	}
	for i, img := range d.images {
		title := img.Title
		if title == "" {
			title = img.Description
		}
		if title == "" {
			title = "untitled"
		}
		facts := fmt.Sprintf(" · %s · %d×%d%s", img.Type, img.Width, img.Height, sizeSuffix(img.Size))
		num := fmt.Sprintf("%3d. ", i+1)
		room := max(w-len(num)-st.width.StringWidth(facts), 8)
		out = append(out, "  "+st.Muted.Render(num)+st.width.Truncate(imgur.CleanLine(title), room, "…")+st.Muted.Render(facts))
	}
	return out
}

func kindDescription(it imgur.Item) string {
	switch it.Kind() {
	case "album":
		if n, known := it.AlbumSize(); known {
			return fmt.Sprintf("album of %d", n)
		}
		return "album"
	case "video":
		return "video · " + it.Type
	case "gif":
		return "animated GIF · " + it.Type
	}
	if it.Type != "" {
		return "image · " + it.Type
	}
	return "image"
}

func sizeSuffix(n int64) string {
	if n <= 0 {
		return ""
	}
	return " · " + humanBytes(n)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func votes(it imgur.Item) string {
	var parts []string
	if it.Ups != nil {
		parts = append(parts, fmt.Sprintf("▲ %d", *it.Ups))
	}
	if it.Downs != nil {
		parts = append(parts, fmt.Sprintf("▼ %d", *it.Downs))
	}
	if it.Points != nil {
		parts = append(parts, fmt.Sprintf("%d points", *it.Points))
	}
	return strings.Join(parts, " · ")
}

func postedLine(it imgur.Item) string {
	if it.Datetime <= 0 {
		return ""
	}
	return it.Posted().Local().Format("2006-01-02 15:04 MST")
}
