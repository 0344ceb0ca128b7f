package tui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// fakePictures serves one generated PNG per favorite, or fails.
type fakePictures struct {
	mu    sync.Mutex
	calls int
	fail  error
	// asked records each request's context and favorite, in order.
	ctxs []context.Context
	ids  []string
}

func (f *fakePictures) Thumbnail(ctx context.Context, it imgur.Item, size byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.ctxs, f.ids = append(f.ctxs, ctx), append(f.ids, it.ID+string(size))
	if f.fail != nil {
		return nil, f.fail
	}
	m := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			c := color.RGBA{uint8(4 * x), uint8(5 * y), uint8(len(it.ID) * 20), 255}
			if (x/4+y/4)%2 == 0 { // detail a blur must hide
				c = color.RGBA{255, 255, 255, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, m)
	return b.Bytes(), nil
}

type memThumbs struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memThumbs) Thumb(account, key string) ([]byte, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[account+"/"+key]
	return b, ok, nil
}

func (c *memThumbs) PutThumb(account, key string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	c.m[account+"/"+key] = data
	return nil
}

// pictureHarness is a harness whose model shows pictures from pics.
func pictureHarness(t *testing.T, favs []imgurtest.Favorite, pics *fakePictures, thumbs ThumbCache, showNSFW bool) *harness {
	hs := newHarness(t, favs, 120, 40)
	opts := hs.options()
	opts.Pictures, opts.Thumbs, opts.ShowNSFW = pics, thumbs, showNSFW
	hs.m = sized(t, New(opts), 120, 40)
	hs.start()
	hs.serve()
	return hs
}

func TestDetailShowsThePicture(t *testing.T) {
	pics, thumbs := &fakePictures{}, &memThumbs{}
	all := favs(5)
	hs := pictureHarness(t, all, pics, thumbs, false)
	hs.key("enter")
	if pics.calls != 0 {
		t.Fatal("the picture was fetched before the selection rested")
	}
	hs.advance(pictureRest)
	v := hs.view()
	if strings.Count(v, "▀") < 100 || !contains(v, "Kind", "Views") {
		t.Fatalf("no picture above the facts:\n%s", v)
	}
	if pics.calls != 1 {
		t.Errorf("%d thumbnail requests, want 1", pics.calls)
	}
	// Back and in again: the cache answers.
	hs.key("esc", "enter")
	hs.advance(pictureRest)
	if pics.calls != 1 {
		t.Errorf("a second visit asked Imgur again (%d requests)", pics.calls)
	}
}

func TestDetailPictureFailureIsOneLine(t *testing.T) {
	pics := &fakePictures{fail: errors.New("gone from Imgur: 404")}
	hs := pictureHarness(t, favs(3), pics, nil, false)
	hs.key("enter")
	hs.advance(pictureRest)
	v := hs.view()
	if !strings.Contains(v, "picture unavailable: gone from Imgur: 404") || strings.Contains(v, "▀") {
		t.Errorf("failure not shown as one line:\n%s", v)
	}
	if !contains(v, "Kind", "Views") {
		t.Errorf("the facts went with the picture:\n%s", v)
	}
}

func TestStalePictureIsDropped(t *testing.T) {
	hs := pictureHarness(t, favs(3), &fakePictures{}, nil, false)
	hs.key("enter")
	before := hs.view()
	hs.run(hs.send(pictureLoadedMsg{key: picKey{"someone-else", 'm'}, err: errors.New("boom")}))
	if hs.view() != before {
		t.Error("a picture nobody asked for changed the view")
	}
	if len(hs.m.pics.entries) != 0 {
		t.Error("a picture nobody asked for was kept")
	}
}

func TestNSFWPicturesAreBlurred(t *testing.T) {
	nsfw := favs(1)
	yes := true
	nsfw[0].NSFW = &yes
	draw := func(show bool) string {
		hs := pictureHarness(t, nsfw, &fakePictures{}, nil, show)
		hs.key("enter")
		hs.advance(pictureRest)
		return hs.m.detail.View() // with its colours
	}
	blurred, shown := draw(false), draw(true)
	if !strings.Contains(blurred, "▀") || blurred == shown {
		t.Error("an NSFW picture is drawn the same blurred and shown")
	}
}

func TestHoldingArrowFetchesOnlyWhereItRests(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarness(t, favs(10), pics, nil, false)
	hs.key("enter", "right", "right", "right", "right")
	hs.advance(pictureRest)
	if pics.calls != 1 {
		t.Errorf("%d pictures fetched while stepping through 5 favorites, want 1 (where it rested)", pics.calls)
	}
	if !strings.Contains(hs.view(), "▀") {
		t.Errorf("the favorite it rested on has no picture:\n%s", hs.view())
	}
}

func TestNoPicturesWithoutASource(t *testing.T) {
	hs := newHarness(t, favs(2), 120, 40)
	hs.start()
	hs.serve()
	hs.key("enter")
	if v := hs.view(); strings.Contains(v, "picture") || strings.Contains(v, "▀") {
		t.Errorf("pictures off, but the view mentions one:\n%s", v)
	}
}

// The detail view's picture sits beside the facts from 80 columns, above
// them narrower, and gives way to the facts on a short terminal.
func TestDetailPictureLayoutBySize(t *testing.T) {
	for _, tc := range []struct {
		w, h   int
		layout string
	}{{120, 35, "beside"}, {80, 24, "beside"}, {79, 30, "above"}, {60, 20, "above"}, {60, 11, "none"}} {
		hs := pictureHarnessAt(t, 5, tc.w, tc.h, layout{}, &fakePictures{}, nil)
		hs.key("enter")
		hs.advance(pictureRest)
		lines := splitLines(plain(hs.view()))
		got := "none"
		for _, l := range lines {
			if strings.Contains(l, "Kind") {
				if strings.Contains(l, "▀") {
					got = "beside"
				} else if strings.Contains(plain(hs.view()), "▀") {
					got = "above"
				}
				break
			}
		}
		if got != tc.layout {
			t.Errorf("at %dx%d the picture is %s, want %s:\n%s", tc.w, tc.h, got, tc.layout, hs.view())
		}
	}
}
