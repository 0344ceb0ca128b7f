package imgur_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/jpeg"
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
		{"gone", context.Background(), imgur.ErrGone, "gone from Imgur"},
		{"purged", context.Background(), imgur.ErrGone, "gone from Imgur"},
		{"away", context.Background(), nil, ""},
		{"huge", context.Background(), nil, "over 8 MiB"},
		{"broken", context.Background(), nil, "HTTP 502"},
		{"slow", cancelled, context.Canceled, ""},
	} {
		t.Run(tt.id, func(t *testing.T) {
			_, err := c.Thumbnail(tt.ctx, imgur.Item{ID: tt.id}, imgur.ThumbMedium)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.text)
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
