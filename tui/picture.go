package tui

import (
	"bytes"
	"context"
	"image"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/picture"
)

// Pictures fetches a favorite's thumbnail from Imgur's image host (no API
// credits).
type Pictures interface {
	Thumbnail(ctx context.Context, it imgur.Item, size byte) ([]byte, error)
}

// ThumbCache keeps thumbnails between runs, per account.
type ThumbCache interface {
	Thumb(account, key string) ([]byte, bool, error)
	PutThumb(account, key string, data []byte) error
}

// pictureDueMsg says the selection has rested on favorite id.
type pictureDueMsg struct{ id string }

// pictureLoadedMsg is a favorite's picture, decoded (and blurred when it
// is NSFW and NSFW pictures are hidden), or why there is none.
type pictureLoadedMsg struct {
	id  string
	img image.Image
	err error
}

// detailThumb is the size of the detail view's picture: 320 px, enough
// for the cells a terminal gives it.
const detailThumb = imgur.ThumbMedium

// loadPictureCmd gets a favorite's thumbnail from the cache or Imgur,
// keeps it in the cache, and decodes it.
func loadPictureCmd(ctx context.Context, pics Pictures, thumbs ThumbCache, account string, it imgur.Item, blur bool) tea.Cmd {
	return func() tea.Msg {
		key := it.ID + string(detailThumb)
		var data []byte
		ok := false
		if thumbs != nil {
			data, ok, _ = thumbs.Thumb(account, key)
		}
		if !ok {
			var err error
			if data, err = pics.Thumbnail(ctx, it, detailThumb); err != nil {
				return pictureLoadedMsg{id: it.ID, err: err}
			}
			if thumbs != nil {
				_ = thumbs.PutThumb(account, key, data) // a cache: a failure costs a request next time
			}
		}
		img, err := picture.Decode(bytes.NewReader(data), 0)
		if err != nil {
			return pictureLoadedMsg{id: it.ID, err: err}
		}
		if blur {
			img = picture.Blur(img)
		}
		return pictureLoadedMsg{id: it.ID, img: img}
	}
}

// detailPicture is the picture part of the detail view: the decoded
// picture and its half-block lines for the current box.
type detailPicture struct {
	wanted bool        // a picture was asked for
	img    image.Image // nil until it arrives
	err    string      // why there is none
	lines  []string
	box    [2]int // the cols×rows the lines were drawn for
}

// draw returns the picture drawn to fit cols×rows cells, drawing again
// only when the box changed.
func (p *detailPicture) draw(cols, rows int) []string {
	if p.img == nil || cols <= 0 || rows <= 0 {
		return nil
	}
	b := p.img.Bounds()
	c, r := picture.Fit(b.Dx(), b.Dy(), cols, rows, picture.CellSize{})
	if p.box != [2]int{c, r} {
		p.lines, p.box = picture.HalfBlocks(p.img, c, r, picture.TrueColor), [2]int{c, r}
	}
	return p.lines
}
