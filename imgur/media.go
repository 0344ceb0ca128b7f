package imgur

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Media opens a favorite's original media (its link, or the mp4 of an
// animated one) for reading, as a backup saves it. It costs no API
// credits and sends no token; a redirect is followed only on the same
// scheme and host. Media Imgur no longer has (404, or its removed.png) is
// a *PictureError that is ErrGone. The caller closes the body.
func (c *Client) Media(ctx context.Context, id, url string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("media of %s: %w", id, err)
	}
	req.Header.Set("User-Agent", "imgfav/"+c.cfg.Version)
	resp, err := c.getTraced(req)
	if err != nil && resp != nil {
		return nil, fmt.Errorf("media of %s: %w", id, err)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("media of %s: %w", id, ctx.Err())
		}
		return nil, fmt.Errorf("media of %s: %w: %v", id, ErrUnreachable, err)
	}
	if err := checkPicture(id, resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp.Body, nil
}

// getTraced sends a request to the image host and traces it, for the
// debug log, as the API's requests are. The duration is to the headers.
func (c *Client) getTraced(req *http.Request) (*http.Response, error) {
	start := c.cfg.Now()
	resp, err := c.http.Do(req)
	if c.cfg.Trace != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.cfg.Trace(Trace{Method: req.Method, Path: req.URL.Host + req.URL.Path, Attempt: 1, Status: status, Err: err,
			Duration: c.cfg.Now().Sub(start), ImageHost: true})
	}
	return resp, err
}
