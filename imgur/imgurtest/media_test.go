package imgurtest

import (
	"bytes"
	"context"
	"image"
	"image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"net/http"
	"testing"
	"time"
)

func getPicture(t *testing.T, s *Server, name string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(s.URL + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestPictureSizes(t *testing.T) {
	known := Favorite{ID: "wide123", Type: "image/jpeg", Width: 3000, Height: 1000}
	album := Favorite{ID: "alb12", IsAlbum: true, Cover: "tall123", Images: []Favorite{{ID: "tall123", Type: "image/png", Width: 900, Height: 1600}}}
	s := NewServer(Options{Favorites: []Favorite{known, album}})
	defer s.Close()
	for _, tt := range []struct {
		name        string
		w, h        int
		contentType string
	}{
		{"wide123s.jpg", 90, 90, "image/jpeg"},
		{"wide123b.jpg", 160, 160, "image/jpeg"},
		{"wide123t.jpg", 160, 53, "image/jpeg"},
		{"wide123m.jpg", 320, 106, "image/jpeg"},
		{"wide123l.png", 640, 213, "image/png"},
		{"wide123h.jpg", 1024, 341, "image/jpeg"},
		{"wide123.jpg", 1024, 341, "image/jpeg"},
		{"tall123m.jpg", 180, 320, "image/jpeg"},
		{"tall123s.png", 90, 90, "image/png"},
		{"tall123.png", 576, 1024, "image/png"},
		{"tall123.mp4", 135, 240, "image/gif"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getPicture(t, s, tt.name)
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != tt.contentType {
				t.Fatalf("got %d %s, want 200 %s", resp.StatusCode, ct, tt.contentType)
			}
			img, _, err := image.Decode(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Errorf("got %v, want %d×%d", got, tt.w, tt.h)
			}
		})
	}
}

// TestPictureRatioByHash: an id the server does not hold still has a
// fixed ratio, the same at every ratio-keeping size.
func TestPictureRatioByHash(t *testing.T) {
	s := NewServer(Options{Favorites: []Favorite{}})
	defer s.Close()
	ratios := map[float64]bool{}
	for _, id := range []string{"abc1234", "xyz9876", "Qq0Ww1E", "pano001", "frog42x", "zzzzzzz", "AAAAAAA", "k9k9k9k"} {
		var first float64
		for i, size := range "tmlh" {
			_, body := getPicture(t, s, id+string(size)+".jpg")
			cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if long := max(cfg.Width, cfg.Height); long != thumbSizes[byte(size)] {
				t.Errorf("%s %c: longest side %d, want %d", id, size, long, thumbSizes[byte(size)])
			}
			r := float64(cfg.Width) / float64(cfg.Height)
			if i == 0 {
				first = r
				ratios[math.Round(r*10)] = true
			} else if math.Abs(r-first)/first > 0.1 {
				t.Errorf("%s %c: ratio %.2f, at t %.2f", id, size, r, first)
			}
		}
	}
	if len(ratios) < 3 {
		t.Errorf("eight ids have %d ratios, want several", len(ratios))
	}
}

func TestPicturesDiffer(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	seen := map[string]string{}
	for _, f := range Generate(20, 3) {
		id := f.ID
		if f.IsAlbum {
			id = f.Cover
		}
		_, body := getPicture(t, s, id+"s.png")
		img, err := decodeRGBA(body)
		if err != nil {
			t.Fatal(err)
		}
		if other, ok := seen[string(img)]; ok {
			t.Errorf("%s looks like %s", id, other)
		}
		seen[string(img)] = id
	}
	_, a := getPicture(t, s, "abc1234m.jpg")
	_, b := getPicture(t, s, "abc1234m.jpg")
	if !bytes.Equal(a, b) {
		t.Error("one picture differs between two requests")
	}
}

func decodeRGBA(b []byte) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out []byte
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			r, g, b, _ := img.At(x, y).RGBA()
			out = append(out, byte(r>>8), byte(g>>8), byte(b>>8))
		}
	}
	return out, nil
}

func TestPictureFaults(t *testing.T) {
	s := NewServer(Options{Favorites: []Favorite{}})
	defer s.Close()
	_, whole := getPicture(t, s, "trunc12m.jpg")
	for id, f := range map[string]PictureFault{
		"gone123": PictureNotFound, "purged1": PictureRemoved, "trunc12": PictureTruncated,
		"bomb123": PictureBomb, "outage1": PictureHTML,
	} {
		s.SetPictureFault(id, f)
	}
	for _, tt := range []struct {
		name        string
		status      int
		contentType string
	}{
		{"gone123m.jpg", 404, "text/plain; charset=utf-8"},
		{"purged1m.jpg", 200, "image/png"}, // after the redirect
		{"trunc12m.jpg", 200, "image/jpeg"},
		{"bomb123m.jpg", 200, "image/png"},
		{"outage1m.jpg", 200, "text/html; charset=utf-8"},
		{"fine123m.jpg", 200, "image/jpeg"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getPicture(t, s, tt.name)
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != tt.status || ct != tt.contentType {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, ct, tt.status, tt.contentType)
			}
			switch tt.name {
			case "purged1m.jpg":
				if resp.Request.URL.Path != "/removed.png" {
					t.Errorf("ended at %s, want /removed.png", resp.Request.URL.Path)
				}
				if _, _, err := image.Decode(bytes.NewReader(body)); err != nil {
					t.Errorf("removed.png: %v", err)
				}
			case "trunc12m.jpg":
				if !bytes.Equal(body, whole[:len(whole)/2]) {
					t.Errorf("got %d bytes, want the first %d of the picture", len(body), len(whole)/2)
				}
			case "bomb123m.jpg":
				cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
				if err != nil || format != "png" || cfg.Width != BombSide || cfg.Height != BombSide {
					t.Errorf("header: %s %d×%d, %v; want png %d²", format, cfg.Width, cfg.Height, err, BombSide)
				}
				if len(body) > 100 {
					t.Errorf("the bomb is %d bytes, want a tiny body", len(body))
				}
			}
		})
	}
	s.SetPictureFault("gone123", PictureOK)
	if resp, _ := getPicture(t, s, "gone123m.jpg"); resp.StatusCode != 200 {
		t.Errorf("after clearing: %d", resp.StatusCode)
	}
	if n := s.Count(http.MethodGet, "/gone123"); n != 2 {
		t.Errorf("Count(GET, /gone123) = %d, want 2", n)
	}
	if n := s.Count(http.MethodGet, "/removed.png"); n != 1 {
		t.Errorf("Count(GET, /removed.png) = %d, want 1", n)
	}
}

func TestPictureSlow(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	s.SetPictureFault("snail12", PictureSlow)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/snail12m.jpg", nil)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got %d, want no answer", resp.StatusCode)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestAnimationIsAGIF(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	_, body := getPicture(t, s, "anim123.gifv")
	g, err := gif.DecodeAll(bytes.NewReader(body))
	if err != nil || len(g.Image) < 2 {
		t.Fatalf("%v, %v", g, err)
	}
}

func BenchmarkThumbnail(b *testing.B) {
	s := NewServer(Options{})
	defer s.Close()
	for i := 0; b.Loop(); i++ {
		s.encoded(pictureKey{id: "abc1234", size: 'm', ext: ".jpg"})
	}
}

func FuzzParseMedia(f *testing.F) {
	for _, p := range []string{"/abc1234m.jpg", "/abc12.png", "/alb12s.gif", "/removed.png", "/a/b.jpg", "/.jpg", "/x.exe", "/abc1234h.mp4"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		id, size, ext, ok := parseMedia(p)
		if !ok {
			return
		}
		if id == "" || contentTypes[ext] == "" || (size != 0 && thumbSizes[size] == 0) {
			t.Errorf("%q: id %q size %q ext %q", p, id, size, ext)
		}
	})
}
