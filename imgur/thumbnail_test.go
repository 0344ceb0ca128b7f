package imgur_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func thumbClient(t *testing.T, imageURL string) *imgur.Client {
	t.Helper()
	c, err := imgur.New(imgur.Config{APIURL: "http://127.0.0.1:9", ImageURL: imageURL, ClientID: "id", ClientSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: "secret-access", Username: "bob"})
	return c
}

func TestThumbnailFromTheImageHost(t *testing.T) {
	srv := imgurtest.NewServer(imgurtest.Options{})
	t.Cleanup(srv.Close)
	c := thumbClient(t, srv.URL)
	for _, tt := range []struct {
		name string
		it   imgur.Item
		side int
	}{
		{"image, medium", imgur.Item{ID: "abc1234"}, 320},
		{"image, small", imgur.Item{ID: "abc1234"}, 160},
		{"album by its cover", imgur.Item{ID: "alb1234", IsAlbum: true, Cover: "cov1234"}, 320},
	} {
		t.Run(tt.name, func(t *testing.T) {
			size := byte(imgur.ThumbMedium)
			if tt.side == 160 {
				size = imgur.ThumbSmall
			}
			data, err := c.Thumbnail(context.Background(), tt.it, size)
			if err != nil {
				t.Fatal(err)
			}
			cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || max(cfg.Width, cfg.Height) != tt.side {
				t.Errorf("got %d×%d (%v), want a longest side of %d", cfg.Width, cfg.Height, err, tt.side)
			}
		})
	}
	for _, r := range srv.Requests() {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("%s sent Authorization to the image host", r.Path)
		}
	}
	if rl := c.RateLimit(); rl.UserKnown || rl.ClientKnown {
		t.Errorf("a thumbnail touched the credits: %+v", rl)
	}
}

func TestThumbnailFailures(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	t.Cleanup(elsewhere.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("/gonem.jpg", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/purgedm.jpg", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/removed.png", http.StatusFound)
	})
	mux.HandleFunc("/removed.png", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("png")) })
	mux.HandleFunc("/awaym.jpg", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/x.jpg", http.StatusFound)
	})
	mux.HandleFunc("/hugem.jpg", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(make([]byte, 9<<20)) })
	mux.HandleFunc("/brokenm.jpg", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	mux.HandleFunc("/slowm.jpg", func(w http.ResponseWriter, r *http.Request) { time.Sleep(2 * time.Second) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c := thumbClient(t, srv.URL)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		id   string
		ctx  context.Context
		want error  // nil: any error
		text string // in the message
	}{
		{"gone", context.Background(), imgur.ErrGone, "picture of gone: HTTP 404"},
		{"purged", context.Background(), imgur.ErrGone, "picture of purged: HTTP 302"},
		{"away", context.Background(), nil, "refused a redirect"},
		{"huge", context.Background(), nil, "over 8 MiB"},
		{"broken", context.Background(), nil, "HTTP 502"},
		{"slow", cancelled, context.Canceled, ""},
	} {
		t.Run(tt.id, func(t *testing.T) {
			_, err := c.Thumbnail(tt.ctx, imgur.Item{ID: tt.id}, imgur.ThumbMedium)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.text)
			}
			if tt.want == nil && (errors.Is(err, imgur.ErrGone) || errors.Is(err, imgur.ErrUnreachable)) {
				t.Errorf("err = %v, want neither gone nor unreachable", err)
			}
		})
	}
	if n := other.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	if _, err := c.Thumbnail(context.Background(), imgur.Item{ID: "a", IsAlbum: true}, imgur.ThumbMedium); !errors.Is(err, imgur.ErrNoPicture) {
		t.Errorf("an album without a cover: %v", err)
	}
}

func TestThumbnailPictureFaults(t *testing.T) {
	srv := imgurtest.NewServer(imgurtest.Options{})
	t.Cleanup(srv.Close)
	c := thumbClient(t, srv.URL)
	whole, err := c.Thumbnail(context.Background(), imgur.Item{ID: "trunc12"}, imgur.ThumbMedium)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		fault   imgurtest.PictureFault
		id      string
		timeout time.Duration // 0: none
		status  int           // of a *PictureError; 0: none
		short   string
		want    error // errors.Is; nil: no error
	}{
		{imgurtest.PictureNotFound, "gone123", 0, 404, "gone from Imgur", imgur.ErrGone},
		{imgurtest.PictureRemoved, "purged1", 0, 302, "gone from Imgur", imgur.ErrGone},
		{imgurtest.PictureHTML, "outage1", 0, 0, "", imgur.ErrNotPicture},
		{imgurtest.PictureTruncated, "trunc12", 0, 0, "", nil},
		{imgurtest.PictureBomb, "bomb123", 0, 0, "", nil},
		{imgurtest.PictureSlow, "snail12", 100 * time.Millisecond, 0, "", context.DeadlineExceeded},
	} {
		t.Run(tt.id, func(t *testing.T) {
			srv.SetPictureFault(tt.id, tt.fault)
			srv.ResetRequests()
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			start := time.Now()
			data, err := c.Thumbnail(ctx, imgur.Item{ID: tt.id}, imgur.ThumbMedium)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want the bytes as sent", err)
				}
			} else if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var pe *imgur.PictureError
			switch {
			case tt.status == 0 && errors.As(err, &pe):
				t.Errorf("err = %#v, want no *PictureError", pe)
			case tt.status != 0 && !errors.As(err, &pe):
				t.Errorf("err = %v, want a *PictureError", err)
			case tt.status != 0:
				if pe.ID != tt.id || pe.Status != tt.status || pe.Short() != tt.short {
					t.Errorf("got %+v (short %q), want %s %d (short %q)", *pe, pe.Short(), tt.id, tt.status, tt.short)
				}
				if want := fmt.Sprintf("picture of %s: HTTP %d", tt.id, tt.status); err.Error() != want {
					t.Errorf("Error() = %q, want %q", err, want)
				}
			}
			switch tt.fault {
			case imgurtest.PictureTruncated:
				if !bytes.Equal(data, whole[:len(whole)/2]) {
					t.Errorf("got %d bytes, want the first %d", len(data), len(whole)/2)
				}
			case imgurtest.PictureBomb:
				if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != imgurtest.BombSide {
					t.Errorf("bomb: %d×%d, %v", cfg.Width, cfg.Height, err)
				}
			}
			// The server logs a request when its handler returns, which for
			// a cancelled one is a moment after the client gave up.
			n := srv.Count(http.MethodGet, "/"+tt.id)
			for end := time.Now().Add(2 * time.Second); n == 0 && time.Now().Before(end); {
				time.Sleep(10 * time.Millisecond)
				n = srv.Count(http.MethodGet, "/"+tt.id)
			}
			if n != 1 {
				t.Errorf("%d requests for %s, want 1", n, tt.id)
			}
		})
	}
}

func TestPictureErrorShort(t *testing.T) {
	for _, tt := range []struct {
		status int
		short  string
		gone   bool
	}{
		{404, "gone from Imgur", true},
		{302, "gone from Imgur", true},
		{403, "403", false},
		{500, "500", false},
		{503, "503", false},
	} {
		err := error(&imgur.PictureError{ID: "abc", Status: tt.status})
		var pe *imgur.PictureError
		if !errors.As(err, &pe) || pe.Short() != tt.short || errors.Is(err, imgur.ErrGone) != tt.gone {
			t.Errorf("%d: short %q, gone %v; want %q, %v", tt.status, pe.Short(), errors.Is(err, imgur.ErrGone), tt.short, tt.gone)
		}
	}
}
