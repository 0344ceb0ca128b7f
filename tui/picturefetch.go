package tui

import (
	"bytes"
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/picture"
)

// pictureProblem says in a few words why a picture is missing.
func pictureProblem(err error) string {
	var pe *imgur.PictureError
	switch {
	case errors.As(err, &pe):
		return pe.Short()
	case errors.Is(err, imgur.ErrNotPicture):
		return "not a picture"
	case errors.Is(err, imgur.ErrGone):
		return "gone from Imgur"
	case errors.Is(err, imgur.ErrNoPicture):
		return "none"
	case errors.Is(err, imgur.ErrUnreachable):
		return "Imgur unreachable"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, picture.ErrTooLarge):
		return "too large"
	case errors.Is(err, picture.ErrUnsupported):
		return "not a picture"
	case errors.Is(err, picture.ErrDamaged):
		return "damaged"
	}
	return oneLine(err)
}

// loadPictureCmd gets a picture from the cache or Imgur, keeps it in the
// cache, and decodes it.
func loadPictureCmd(ctx context.Context, pics Pictures, thumbs ThumbCache, account string, w picWant) tea.Cmd {
	return func() tea.Msg {
		key := w.key.cacheKey()
		var data []byte
		ok := false
		if thumbs != nil {
			data, ok, _ = thumbs.Thumb(account, key)
		}
		if !ok {
			var err error
			if data, err = pics.Thumbnail(ctx, w.item, w.key.size); err != nil {
				return pictureLoadedMsg{key: w.key, err: err}
			}
			if thumbs != nil {
				_ = thumbs.PutThumb(account, key, data) // a cache: a failure costs a request next time
			}
		}
		img, err := picture.Decode(bytes.NewReader(data), 0)
		if err != nil {
			return pictureLoadedMsg{key: w.key, err: err}
		}
		if w.blur {
			img = picture.Blur(img)
		}
		return pictureLoadedMsg{key: w.key, img: img}
	}
}

// syncPictures tells the book which pictures the screen shows now: it
// cancels fetches no longer needed, times the fetch of new ones, and in
// kitty mode sends the terminal what it lacks.
func (m Model) syncPictures() tea.Cmd {
	if !m.pics.on() {
		return nil
	}
	var ws []picWant
	switch {
	case m.showHelp || m.screen == screenLogin:
	case m.screen == screenDetail:
		ws = m.detail.Pictures()
	case m.screen == screenComments:
	case m.screen == screenFolders:
		ws = m.folders.Pictures()
	default:
		ws = m.list.Pictures()
	}
	m.pics.setAccount(m.list.Account())
	return tea.Batch(m.pics.want(ws, m.opts.Tick), m.pics.kittySync())
}
