package imgur

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
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
)

// maxThumbnail bounds a thumbnail's body: the largest Imgur makes (h,
// 1024 px) is a fraction of this.
const maxThumbnail = 8 << 20

// thumbnailTimeout bounds one thumbnail fetch when ctx has no deadline.
const thumbnailTimeout = 30 * time.Second

// Thumbnail fetches one of Imgur's pre-scaled thumbnails of a favorite
// (an album by its cover) from the image host: size is one of the Thumb*
// letters. It costs no API credits and sends no token. A redirect is
// followed only on the same scheme and host, as for the API.
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
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("picture of %s: %w", it.ID, ctx.Err())
		}
		return nil, fmt.Errorf("picture of %s: %w: %v", it.ID, ErrUnreachable, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound, strings.HasSuffix(resp.Request.URL.Path, "/removed.png"):
		return nil, fmt.Errorf("picture of %s: %w", it.ID, ErrGone)
	case resp.StatusCode/100 != 2:
		return nil, fmt.Errorf("picture of %s: HTTP %d", it.ID, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxThumbnail+1))
	if err != nil {
		return nil, fmt.Errorf("picture of %s: %w", it.ID, err)
	}
	if len(body) > maxThumbnail {
		return nil, fmt.Errorf("picture of %s: over %d MiB", it.ID, maxThumbnail>>20)
	}
	return body, nil
}
