package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"imgfav/imgur"
)

// labelWidth is the width of a field's name in the detail view; a value
// that wraps continues under its first line, not under the name.
const labelWidth = 9

// detailText builds the detail view's lines at a width, with the
// sanitizing and width rule of the list (displayText, Styles.width), so
// that a title looks the same in both.
type detailText struct {
	st    *Styles
	width int // the room for text, without the margin
	lines []string
}

const margin = "  "

func (b *detailText) blank() { b.lines = append(b.lines, "") }

// para adds text, wrapped (a word longer than the line is cut).
func (b *detailText) para(style lipgloss.Style, text string) {
	for _, l := range b.wrap(displayText(text), b.width) {
		b.lines = append(b.lines, margin+style.Render(l))
	}
}

// field adds a named value with a hanging indent; nothing when value is
// empty.
func (b *detailText) field(name, value string, style lipgloss.Style) {
	if value == "" {
		return
	}
	label := b.st.Muted.Render(fmt.Sprintf("%-*s", labelWidth, name))
	indent := strings.Repeat(" ", labelWidth)
	for i, l := range b.wrap(displayText(value), max(b.width-labelWidth, 8)) {
		if i > 0 {
			label = indent
		}
		b.lines = append(b.lines, margin+label+style.Render(l))
	}
}

func (b *detailText) wrap(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(b.st.width.Wrap(s, width, ""), "\n")
}

// render builds the content for the current width.
func (d *detailModel) render() {
	if d.width <= 0 || d.styles == nil { // no item shown yet
		return
	}
	b := &detailText{st: d.styles, width: max(d.vp.Width()-2*len(margin), 10)}
	d.heading(b)
	d.facts(b)
	if desc := d.item.Description; desc != "" {
		b.blank()
		// A tab would jump to the terminal's next tab stop, which no
		// width measurement sees: indent with spaces instead.
		for _, p := range strings.Split(strings.ReplaceAll(desc, "\t", "    "), "\n") {
			b.para(d.styles.Row, p)
		}
	}
	if d.item.IsAlbum {
		b.blank()
		d.albumLines(b)
	}
	d.vp.SetContent(strings.Join(b.lines, "\n"))
}

// heading is the item's place among those loaded, then its title.
func (d *detailModel) heading(b *detailText) {
	if d.total > 0 {
		b.lines = append(b.lines, margin+d.styles.Muted.Render(fmt.Sprintf("%d of %d", d.pos+1, d.total)))
	} else {
		b.blank()
	}
	b.para(d.styles.Title, titleOr(d.item.Title, ""))
	if d.marks.isRemoved(d.item.ID) {
		b.para(d.styles.Warning, "✗ removed from your favorites — f puts it back")
	}
	if d.marks.isGone(d.item.ID) {
		b.para(d.styles.Warning, "gone from Imgur — O opens the copy saved with d or imgfav backup")
	}
	b.blank()
}

// titleOr is a favorite's title, else its fallback, else imgur.Untitled.
func titleOr(title, fallback string) string {
	switch {
	case title != "":
		return title
	case fallback != "":
		return fallback
	}
	return imgur.Untitled
}

func (d *detailModel) facts(b *detailText) {
	st, it := d.styles, d.item
	plain := st.Row
	b.field("Kind", kindDescription(it), plain)
	if it.Width > 0 && it.Height > 0 {
		b.field("Size", fmt.Sprintf("%d×%d", it.Width, it.Height)+sizeSuffix(it.Size), plain)
	} else if it.Size > 0 {
		b.field("Size", humanBytes(it.Size), plain)
	}
	b.field("Views", fmt.Sprintf("%d", it.Views), plain)
	b.field("Votes", votes(it), plain)
	b.field("Posted", postedLine(it), plain)
	b.field("Uploader", it.AccountURL, plain)
	if it.IsNSFW() {
		b.field("NSFW", "yes", st.NSFW)
	}
	switch {
	case it.CommentCount != nil && *it.CommentCount == 0:
		b.field("Comments", "none yet", plain)
	case it.CommentCount != nil:
		b.field("Comments", fmt.Sprintf("%d · c shows them", *it.CommentCount), plain)
	}
	b.field("Section", it.Section, plain)
	b.field("Topic", it.Topic, plain)
	if len(it.Tags) > 0 {
		names := make([]string, len(it.Tags))
		for i, t := range it.Tags {
			names[i] = t.Label()
		}
		b.field("Tags", strings.Join(names, ", "), plain)
	}
	b.field("Page", d.pageURL, st.Accent)
	if d.mediaURL != "" && d.mediaURL != d.pageURL {
		b.field("Media", d.mediaURL, st.Accent)
	}
}

func (d *detailModel) albumLines(b *detailText) {
	st := d.styles
	n, known := d.item.AlbumSize()
	count := fmt.Sprint(max(n, len(d.images)))
	if !known && (d.loading || d.imagesErr != "") {
		count = "?" // old albums do not say; known once the images are fetched
	}
	b.lines = append(b.lines, margin+st.Title.Render("Images ("+count+")"))
	switch {
	case d.loading:
		b.para(st.Muted, "loading the album's images…")
		return
	case d.imagesErr != "":
		b.lines = append(b.lines, margin+st.Error.Render(st.width.Truncate(d.imagesErr, b.width, "…")))
		return
	case len(d.images) == 0:
		b.para(st.Muted, "no images")
		return
	}
	for i, img := range d.images {
		facts := fmt.Sprintf(" · %s · %d×%d%s", img.Type, img.Width, img.Height, sizeSuffix(img.Size))
		num, numStyle := fmt.Sprintf("%3d. ", i+1), st.Muted
		if i == d.step { // the image [ and ] stepped to
			num, numStyle = fmt.Sprintf("▸%2d. ", i+1), st.Accent
		}
		room := max(b.width-st.width.StringWidth(num)-st.width.StringWidth(facts), 8)
		title := st.width.Truncate(displayText(imgur.CleanLine(titleOr(img.Title, img.Description))), room, "…")
		line := numStyle.Render(num) + st.Row.Render(title) + st.Muted.Render(facts)
		b.lines = append(b.lines, margin+st.width.Truncate(line, b.width, "…")) // narrow: the facts end in …
	}
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
