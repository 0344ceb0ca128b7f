package imgur

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors of Thumbnail.
var (
	// ErrNoPicture: the favorite has nothing to show (an album without a
	// cover).
	ErrNoPicture = errors.New("no picture")
	// ErrGone: Imgur no longer has the picture (404, or a redirect to its
	// removed.png).
	ErrGone = errors.New("gone from Imgur")
	// ErrNotPicture: the image host answered with an HTML page (an
	// outage, a captive portal) instead of a picture.
	ErrNotPicture = errors.New("not a picture")
)

// PictureError is the image host's refusal of a picture: any status but
// 2xx, or a redirect to Imgur's removed.png (Status is then the
// redirect's). A 404 or removed.png is also ErrGone. Redirects elsewhere
// are refused before they are followed, so a 3xx here is always
// removed.png.
type PictureError struct {
	ID     string // the favorite's id
	Status int    // HTTP status
}

func (e *PictureError) Error() string {
	return fmt.Sprintf("picture of %s: HTTP %d", e.ID, e.Status)
}

// Short says in a word or three what went wrong, for a placeholder.
func (e *PictureError) Short() string {
	if e.gone() {
		return ErrGone.Error()
	}
	return strconv.Itoa(e.Status)
}

// Unwrap makes a missing picture errors.Is ErrGone.
func (e *PictureError) Unwrap() error {
	if e.gone() {
		return ErrGone
	}
	return nil
}

func (e *PictureError) gone() bool {
	return e.Status == http.StatusNotFound || e.Status/100 == 3
}

// maxThumbnail bounds a thumbnail's body: the largest Imgur makes (h,
// 1024 px) is a fraction of this.
const maxThumbnail = 8 << 20

// thumbnailTimeout bounds one thumbnail fetch when ctx has no deadline.
const thumbnailTimeout = 30 * time.Second

// Thumbnail fetches one of Imgur's pre-scaled thumbnails of a favorite
// (an album by its cover) from the image host: size is one of the Thumb*
// letters. It costs no API credits and sends no token. A redirect is
// followed only on the same scheme and host, as for the API. Any other
// status than 2xx, and a redirect to removed.png, is a *PictureError; an
// HTML page is ErrNotPicture. The body is returned as sent, whole or not:
// deciding whether it decodes is the caller's.
func (c *Client) Thumbnail(ctx context.Context, it Item, size byte) ([]byte, error) {
	u := c.ThumbnailURL(it, size)
	if u == "" {
		return nil, ErrNoPicture
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, thumbnailTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("picture of %s: %w", it.ID, err)
	}
	req.Header.Set("User-Agent", "imgfav/"+c.cfg.Version)
	resp, err := c.getTraced(req)
	if err != nil && resp != nil {
		// Only a refused redirect answers both: not unreachable, unwilling.
		return nil, fmt.Errorf("picture of %s: %w", it.ID, err)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("picture of %s: %w", it.ID, ctx.Err())
		}
		return nil, fmt.Errorf("picture of %s: %w: %v", it.ID, ErrUnreachable, err)
	}
	defer resp.Body.Close()
	if err := checkPicture(it.ID, resp); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxThumbnail+1))
	if err != nil {
		return nil, fmt.Errorf("picture of %s: %w", it.ID, err)
	}
	if len(body) > maxThumbnail {
		return nil, fmt.Errorf("picture of %s: over %d MiB", it.ID, maxThumbnail>>20)
	}
	if resp.Header.Get("Content-Type") == "" && isHTML(http.DetectContentType(body)) {
		return nil, fmt.Errorf("picture of %s: %w", it.ID, ErrNotPicture)
	}
	return body, nil
}

// checkPicture turns an answer that is not a picture into an error.
func checkPicture(id string, resp *http.Response) error {
	switch {
	case strings.HasSuffix(resp.Request.URL.Path, "/removed.png"):
		status := http.StatusFound
		if prev := resp.Request.Response; prev != nil {
			status = prev.StatusCode
		}
		return &PictureError{ID: id, Status: status}
	case resp.StatusCode/100 != 2:
		return &PictureError{ID: id, Status: resp.StatusCode}
	case isHTML(resp.Header.Get("Content-Type")):
		return fmt.Errorf("picture of %s: %w", id, ErrNotPicture)
	}
	return nil
}

func isHTML(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "text/html"
}
