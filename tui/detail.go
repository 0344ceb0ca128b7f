package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// detailModel shows one favorite: every field, the description and, for
// an album, its images. Its content is built once per item and size, then
// scrolled. It is a component: the root shows an item with newDetailModel
// and SetPosition, feeds it messages, and hears back through
// detailClosedMsg, detailStepMsg, detailURLMsg and detailHelpMsg.
type detailModel struct {
	styles *Styles
	keys   detailKeys

	item      imgur.Item
	pageURL   string
	mediaURL  string
	images    []imgur.Item // an album's images, embedded or fetched
	imagesErr string
	loading   bool // fetching the album's images

	pos, total int // the item's place among the favorites loaded (pos from 0); total 0 when unknown
	book       *pictureBook
	marks      *itemMarks // whether f removed it
	step       int        // the album image shown

	vp            viewport.Model
	width, height int
}

// detailClosedMsg asks the root to go back to the list.
type detailClosedMsg struct{}

// detailStepMsg asks the root to show the previous (-1) or next (+1)
// favorite.
type detailStepMsg struct{ delta int }

// detailURLMsg asks the root to open or copy the item's page or media URL.
type detailURLMsg struct {
	item           imgur.Item
	media, copying bool
}

// detailHelpMsg asks the root to show the help.
type detailHelpMsg struct{}

func newDetailModel(st *Styles, keys Bindings, it imgur.Item, mediaURL string, book *pictureBook, marks *itemMarks) detailModel {
	d := detailModel{styles: st, keys: newDetailKeys(keys), item: it, pageURL: imgur.PageURL(it), mediaURL: mediaURL, book: book,
		marks: marks}
	d.images = it.Images
	d.step = coverIndex(it, it.Images)
	d.loading = it.IsAlbum && it.Images == nil
	d.vp = viewport.New()
	d.vp.SoftWrap = false
	d.updateKeys()
	return d
}

// NeedsImages reports whether the album's images must be fetched.
func (d detailModel) NeedsImages() bool { return d.loading }

// Item is the favorite shown.
func (d detailModel) Item() imgur.Item { return d.item }

// Shows reports whether the detail view shows the favorite id at a size.
func (d detailModel) Shows(id string) bool { return d.item.ID == id && d.width > 0 }

// KeyMap is the bindings in force, for the help and the status bar.
func (d detailModel) KeyMap() help.KeyMap { return d.keys }

// SetPosition says where the item is among the favorites loaded: pos from
// 0, of total.
func (d *detailModel) SetPosition(pos, total int) {
	if d.pos == pos && d.total == total {
		return
	}
	d.pos, d.total = pos, total
	d.updateKeys()
	d.render()
}

func (d *detailModel) SetSize(w, h int) {
	d.width, d.height = w, h
	d.layout()
}

// layout sizes the text beside or below the picture, and builds it.
func (d *detailModel) layout() {
	w, h := d.width, d.height
	switch cols, rows, beside := d.pictureBox(); {
	case beside:
		w -= cols + 2*len(margin)
	case rows > 0:
		h -= rows + 2 // the picture, its caption or a blank line, a blank line
	case d.tooShort():
		h-- // the line that says the picture needs more rows
	}
	d.vp.SetWidth(max(w, 1))
	d.vp.SetHeight(max(h, 1))
	d.render()
}

// Refresh builds the content again, after the item's marks changed.
func (d *detailModel) Refresh() { d.render() }

func (d *detailModel) SetStyles(st *Styles) {
	d.styles = st
	d.render()
}

// updateKeys enables the bindings that apply, so help never lies: no
// previous on the first favorite, no next on the last one loaded.
func (d *detailModel) updateKeys() {
	d.keys.Prev.SetEnabled(d.total == 0 || d.pos > 0)
	d.keys.Next.SetEnabled(d.total == 0 || d.pos < d.total-1)
	d.keys.OpenMedia.SetEnabled(d.mediaURL != "")
	d.keys.CopyMedia.SetEnabled(d.mediaURL != "")
	d.keys.PrevImage.SetEnabled(d.step > 0)
	d.keys.NextImage.SetEnabled(d.step < len(d.images)-1)
	// Offered for a gallery post; pressed on another, it says why none.
	d.keys.Comments.SetEnabled(d.item.InGallery)
}

// imagesLoaded applies a fetched album.
func (d *detailModel) imagesLoaded(msg albumLoadedMsg) {
	if msg.id != d.item.ID || !d.loading {
		return
	}
	d.loading = false
	if msg.err != nil {
		d.imagesErr = oneLine(msg.err)
	} else {
		d.images = msg.images
		d.step = coverIndex(d.item, d.images)
	}
	d.updateKeys()
	d.layout() // a picture may now be shown (an album without a cover): the room changes
}

func (d detailModel) Update(msg tea.Msg) (detailModel, tea.Cmd) {
	switch msg := msg.(type) {
	case albumLoadedMsg:
		d.imagesLoaded(msg)
	case tea.KeyPressMsg:
		return d.handleKey(msg)
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

func (d detailModel) handleKey(km tea.KeyPressMsg) (detailModel, tea.Cmd) {
	k := d.keys
	if media, copying, ok := k.match(km); ok {
		return d, report(detailURLMsg{item: d.item, media: media, copying: copying})
	}
	switch {
	case key.Matches(km, k.Back):
		return d, report(detailClosedMsg{})
	case key.Matches(km, k.Help):
		return d, report(detailHelpMsg{})
	case bound(k.Prev, km): // at the first too: the root says why nothing moved
		return d, report(detailStepMsg{delta: -1})
	case bound(k.Next, km):
		return d, report(detailStepMsg{delta: +1})
	case key.Matches(km, k.Download):
		return d, report(downloadRequestedMsg{item: d.item})
	case key.Matches(km, k.Favorite):
		return d, report(favoriteToggleRequestedMsg{item: d.item})
	case bound(k.Comments, km):
		return d, report(commentsRequestedMsg{item: d.item})
	case key.Matches(km, k.PrevImage):
		d.stepImage(-1)
	case key.Matches(km, k.NextImage):
		d.stepImage(+1)
	case len(d.images) > 1 && bound(k.PrevImage, km):
		return d, answer(fmt.Sprintf("this is the album's first image (1/%d)", len(d.images)))
	case len(d.images) > 1 && bound(k.NextImage, km):
		return d, answer(fmt.Sprintf("this is the album's last image (%d/%d)", len(d.images), len(d.images)))
	case !d.item.IsAlbum && (bound(k.PrevImage, km) || bound(k.NextImage, km)):
		return d, answer(fmt.Sprintf("%s and %s step through an album's images; this is not an album",
			k.PrevImage.Help().Key, k.NextImage.Help().Key))
	case key.Matches(km, k.Up):
		d.vp.ScrollUp(1)
	case key.Matches(km, k.Down):
		d.vp.ScrollDown(1)
	case key.Matches(km, k.PageUp):
		d.vp.PageUp()
	case key.Matches(km, k.PageDown):
		d.vp.PageDown()
	case key.Matches(km, k.HalfUp):
		d.vp.HalfPageUp()
	case key.Matches(km, k.HalfDown):
		d.vp.HalfPageDown()
	case key.Matches(km, k.Top):
		d.vp.GotoTop()
	case key.Matches(km, k.Bottom):
		d.vp.GotoBottom()
	}
	return d, nil
}

// bound reports whether km is one of b's keys, enabled or not: a key
// whose action cannot act here still gets a word of why.
func bound(b key.Binding, km tea.KeyPressMsg) bool { return slices.Contains(b.Keys(), km.String()) }

// stepImage shows an album's previous or next image.
func (d *detailModel) stepImage(delta int) {
	if n := len(d.images); n > 0 {
		d.step = min(max(d.step+delta, 0), n-1)
		d.updateKeys()
		d.render() // the image list marks the one shown
	}
}

func (d detailModel) View() string {
	switch _, rows, beside := d.pictureBox(); {
	case beside:
		return d.besideView()
	case rows > 0:
		pic := d.pictureLines()
		for len(pic) < rows+1 {
			pic = append(pic, "")
		}
		return strings.Join(pic, "\n") + "\n\n" + d.vp.View()
	}
	if d.tooShort() {
		return d.pictureLines()[0] + "\n" + d.vp.View()
	}
	return d.vp.View()
}
