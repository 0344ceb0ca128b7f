package tui

import (
	"context"
	"errors"
	"image"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// pictureHarnessAt is pictureHarness at a size, with the layout given
// remembered before the start.
func pictureHarnessAt(t *testing.T, n, w, h int, lay layout, pics *fakePictures, thumbs ThumbCache) *harness {
	t.Helper()
	hs := newHarness(t, favs(n), w, h)
	hs.settings.noPreview, hs.settings.grid = !lay.preview, lay.grid
	hs.restartWith(pics, thumbs, w, h)
	return hs
}

// restartWith starts a new model with pictures, on the same client,
// cache and settings.
func (hs *harness) restartWith(pics *fakePictures, thumbs ThumbCache, w, h int) {
	opts := hs.options()
	opts.Pictures, opts.Thumbs = pics, thumbs
	hs.m = sized(hs.t, New(opts), w, h)
	hs.held, hs.quit = nil, false
	hs.start()
	hs.serve()
	hs.raws = nil // the terminal queries of the start
}

func TestPreviewPaneFollowsTheSelection(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 20, 120, 40, layout{preview: true}, pics, nil)
	if pics.calls != 0 {
		t.Fatal("a picture was fetched before the selection rested")
	}
	hs.advance(pictureRest)
	v := hs.view()
	if pics.calls != 1 || !strings.Contains(v, "│ ▀▀") {
		t.Fatalf("%d fetches, want 1, and a picture in the pane:\n%s", pics.calls, v)
	}
	hs.key("j", "j", "j", "j", "j")
	if pics.calls != 1 {
		t.Errorf("moving fetched pictures on the way (%d)", pics.calls)
	}
	hs.advance(pictureRest)
	if pics.calls != 2 || pics.ids[1] != hs.items()[5].ID+"m" {
		t.Errorf("fetches %v, want the first then the sixth favorite", pics.ids)
	}
	// Back up: the picture is in memory, shown at once, not fetched.
	hs.key("g")
	if !strings.Contains(hs.view(), "│ ▀▀") || pics.calls != 2 {
		t.Errorf("the first picture is not shown from memory (%d fetches):\n%s", pics.calls, hs.view())
	}
}

func TestPreviewPaneNeedsWidth(t *testing.T) {
	hs := pictureHarnessAt(t, 5, 119, 40, layout{preview: true}, &fakePictures{}, nil)
	hs.advance(pictureRest)
	if v := hs.view(); strings.Contains(v, "▀") || strings.Contains(v, "│") {
		t.Errorf("a preview pane at 119 columns:\n%s", v)
	}
	hs.key("p") // nothing could change on screen: it says why, and changes nothing
	if !strings.Contains(hs.view(), "the preview pane needs 120 columns; this terminal has 119") ||
		!hs.m.list.preview || hs.settings.layoutSaves != 0 {
		t.Errorf("p at 119 columns:\n%s", hs.view())
	}
	hs.key("v", "p") // nor in the grid, which p would leave for a pane that cannot show
	if !hs.m.list.grid || !strings.Contains(hs.view(), "the preview pane needs 120 columns") {
		t.Errorf("p in the grid at 119 columns:\n%s", hs.view())
	}
}

func TestLayoutIsRemembered(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 30, 160, 48, layout{preview: true}, pics, nil)
	hs.key("p")
	if hs.settings.layoutOf("demo").preview || hs.settings.layoutSaves != 1 {
		t.Fatalf("p was not remembered: %+v", hs.settings)
	}
	hs.restartWith(pics, nil, 160, 48)
	hs.advance(pictureRest)
	if strings.Contains(hs.view(), "│") {
		t.Error("the preview pane came back after a restart")
	}
	hs.key("v")
	if !hs.settings.layoutOf("demo").grid {
		t.Fatal("v was not remembered")
	}
	hs.restartWith(pics, nil, 160, 48)
	if !hs.m.list.grid {
		t.Error("the grid did not come back after a restart")
	}
	hs.key("v")
	if hs.settings.layoutOf("demo").grid || hs.m.list.grid {
		t.Error("v did not return to the list")
	}
}

func TestGridFetchesAtMostFourAtOnce(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 60, 160, 48, layout{grid: true}, pics, nil)
	hs.holdPictures = true
	hs.advance(pictureRest)
	if pics.calls != maxPictureFetches {
		t.Fatalf("%d fetches at once, want %d", pics.calls, maxPictureFetches)
	}
	if want := hs.items()[0].ID + "t"; pics.ids[0] != want {
		t.Errorf("first fetch %s, want the selected cell's %s", pics.ids[0], want)
	}
	hs.servePictures(1)
	if pics.calls != maxPictureFetches+1 {
		t.Errorf("%d fetches after one arrived, want %d", pics.calls, maxPictureFetches+1)
	}
	for hs.holdPictures = false; len(hs.heldPictures) > 0; {
		hs.servePictures(-1)
	}
	g := hs.m.list.gridLayout()
	if pics.calls != g.cols*g.rows {
		t.Errorf("%d fetches for %d cells on screen", pics.calls, g.cols*g.rows)
	}
	if n := strings.Count(hs.view(), "▸"); n != 1 {
		t.Errorf("%d selected cells, want 1", n)
	}
}

func TestPicturesNoLongerShownAreCancelled(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 60, 160, 48, layout{grid: true}, pics, nil)
	hs.holdPictures = true
	hs.advance(pictureRest)
	first := append([]context.Context(nil), pics.ctxs...)
	hs.key("pgdown") // a screen of other cells
	for i, ctx := range first {
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("fetch %s was not cancelled when its cell left the screen", pics.ids[i])
		}
	}
	hs.servePictures(-1) // their results arrive all the same: dropped
	for _, id := range pics.ids[:len(first)] {
		if _, ok := hs.m.pics.entries[picKey{id[:len(id)-1], id[len(id)-1]}]; ok {
			t.Errorf("a cancelled picture %s was kept", id)
		}
	}
	hs.advance(pictureRest)
	if pics.calls != len(first)+maxPictureFetches {
		t.Errorf("%d fetches, want %d then %d for the new screen", pics.calls, len(first), maxPictureFetches)
	}
}

func TestFailedPictureIsNotFetchedAgain(t *testing.T) {
	pics := &fakePictures{fail: errors.New("HTTP 404")}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, nil)
	hs.key("enter")
	hs.advance(pictureRest)
	hs.key("right")
	hs.advance(pictureRest)
	hs.key("left")
	hs.advance(pictureRest)
	if pics.calls != 2 {
		t.Errorf("%d fetches, want 2: a failed picture is not asked for again", pics.calls)
	}
	if !strings.Contains(pictureColumn(t, hs.view(), 80, 34), "picture unavailable: HTTP 404") {
		t.Errorf("no placeholder:\n%s", hs.view())
	}
}

func TestThumbnailCacheServesTheNextRun(t *testing.T) {
	pics, thumbs := &fakePictures{}, &memThumbs{}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, thumbs)
	hs.key("enter")
	hs.advance(pictureRest)
	hs.restartWith(pics, thumbs, 80, 24)
	hs.key("enter")
	hs.advance(pictureRest)
	if pics.calls != 1 || !strings.Contains(hs.view(), "▀") {
		t.Errorf("%d fetches, want 1: the next run reads the cache\n%s", pics.calls, hs.view())
	}
}

func TestAlbumImagesStep(t *testing.T) {
	fs := imgurtest.Generate(12, 7)
	album := -1
	for i, f := range fs {
		if f.IsAlbum && f.EmbedImages && len(f.Images) > 2 {
			album = i
			break
		}
	}
	if album < 0 {
		t.Fatal("no album with embedded images in the sample")
	}
	hs := newHarness(t, fs, 120, 40)
	pics := &fakePictures{}
	hs.restartWith(pics, nil, 120, 40)
	for range album {
		hs.key("j")
	}
	hs.key("enter")
	hs.advance(pictureRest)
	n := len(fs[album].Images)
	if v := hs.view(); !strings.Contains(v, "1/"+itoa(n)) {
		t.Fatalf("no album position under the cover:\n%s", v)
	}
	hs.key("]", "]")
	hs.advance(pictureRest)
	if v := hs.view(); !strings.Contains(v, "3/"+itoa(n)) || !strings.Contains(v, "▸ 3. ") || strings.Contains(v, "▸ 1. ") {
		t.Errorf("] did not step to the third image, or the image list does not mark it:\n%s", v)
	}
	if last := pics.ids[len(pics.ids)-1]; last != fs[album].Images[2].ID+"m" {
		t.Errorf("fetched %s, want the third image's picture", last)
	}
	hs.key("[", "[", "[")
	if !strings.Contains(hs.view(), "1/"+itoa(n)) {
		t.Error("[ did not stop at the first image")
	}
}

func TestPictureBookEvictsLeastRecentlyUsed(t *testing.T) {
	b := newPictureBook(context.Background(), &fakePictures{}, nil)
	big := pictureBudget / 3
	keys := []picKey{{"a", 'm'}, {"b", 'm'}, {"c", 'm'}, {"d", 'm'}}
	b.wants = []picWant{{key: keys[0]}} // shown: never evicted
	for _, k := range keys {
		b.put(k, &picEntry{bytes: big, img: image.NewRGBA(image.Rect(0, 0, 1, 1))})
	}
	if _, ok := b.entries[keys[0]]; !ok {
		t.Error("the picture shown was evicted")
	}
	if _, ok := b.entries[keys[1]]; ok {
		t.Error("the least recently used picture was kept over the budget")
	}
	if b.bytes > pictureBudget {
		t.Errorf("%d bytes kept, over the budget of %d", b.bytes, pictureBudget)
	}
}

func TestGoldenPictureViews(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		lay  layout
		keys []string
	}{
		{"preview", 120, 40, layout{preview: true}, []string{"j"}},
		{"grid", 80, 24, layout{grid: true}, []string{"l", "j"}},
		{"grid", 160, 48, layout{grid: true}, []string{"j"}},
		{"grid", 40, 12, layout{grid: true}, nil},
		{"detail-picture", 80, 24, layout{}, []string{"enter"}},
		{"detail-picture", 120, 40, layout{}, []string{"enter"}},
	}
	for _, c := range cases {
		name := c.name + "-" + itoa(c.w) + "x" + itoa(c.h)
		t.Run(name, func(t *testing.T) {
			hs := newHarness(t, goldenFavs(), c.w, c.h)
			hs.settings.noPreview, hs.settings.grid = !c.lay.preview, c.lay.grid
			hs.restartWith(&fakePictures{}, nil, c.w, c.h)
			hs.key(c.keys...)
			hs.advance(pictureRest)
			for len(hs.m.pics.inflight) > 0 {
				hs.advance(pictureRest)
			}
			golden(t, name, hs.view())
		})
	}
}

// The grid loads the next page when the cursor comes within a screen of
// cells of the end, and moves in two dimensions.
func TestGridMovesAndLoads(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 300, 160, 48, layout{grid: true}, pics, nil)
	g := hs.m.list.gridLayout()
	if g.cols < 3 || g.rows < 2 {
		t.Fatalf("grid of %d×%d at 160×48", g.cols, g.rows)
	}
	hs.key("l", "l", "j")
	if c := hs.m.list.cur().cursor; c != 2+g.cols {
		t.Errorf("cursor %d after l l j, want %d", c, 2+g.cols)
	}
	hs.key("h", "k")
	if c := hs.m.list.cur().cursor; c != 1 {
		t.Errorf("cursor %d after h k, want 1", c)
	}
	before := hs.favoriteRequests()
	screen := g.cols * g.rows
	for hs.m.list.cur().cursor < 60-1-screen-g.cols {
		hs.key("j")
	}
	if hs.favoriteRequests() != before {
		t.Fatalf("a page was requested more than a screen from the end (cursor %d)", hs.m.list.cur().cursor)
	}
	hs.key("j")
	if hs.favoriteRequests() != before+1 {
		t.Errorf("no page requested within a screen of the end (cursor %d)", hs.m.list.cur().cursor)
	}
}

// Pictures through the real client from the fake image host: each fault
// is a one-line placeholder, asked for once; a good picture is drawn.
// pictureColumn is the left cols cells of a view w wide, the lines
// joined with spaces (a reason wraps within the picture's column).
func pictureColumn(t *testing.T, view string, w, cols int) string {
	t.Helper()
	var col []string
	for _, l := range strings.Split(plain(view), "\n") {
		if ansi.StringWidth(l) > w {
			t.Errorf("a line is wider than the screen: %q", l)
		}
		col = append(col, strings.TrimSpace(ansi.Truncate(l, cols, "")))
	}
	return strings.Join(strings.Fields(strings.Join(col, " ")), " ")
}

func TestPictureFaultsFromTheImageHost(t *testing.T) {
	all := favs(7)
	for i := range all {
		all[i].IsAlbum, all[i].Images = false, nil
	}
	hs := newHarnessWith(t, all, 80, 24, func(c *imgur.Config) { c.ImageURL = c.APIURL })
	faults := []struct {
		fault imgurtest.PictureFault
		want  string
	}{
		{imgurtest.PictureNotFound, "picture unavailable: gone from Imgur"},
		{imgurtest.PictureRemoved, "picture unavailable: gone from Imgur"},
		{imgurtest.PictureTruncated, "picture unavailable: damaged"},
		{imgurtest.PictureBomb, "picture unavailable: too large"},
		{imgurtest.PictureHTML, "picture unavailable: not a picture"},
		{imgurtest.PictureOK, ""},
	}
	for i, f := range faults {
		hs.srv.SetPictureFault(all[i].ID, f.fault)
	}
	opts := hs.options()
	opts.Pictures = hs.client
	hs.m = sized(t, New(opts), 80, 24)
	hs.start()
	hs.serve()
	hs.key("enter")
	for i, f := range faults {
		hs.advance(pictureRest)
		v := pictureColumn(t, hs.view(), 80, 34)
		switch {
		case f.want == "" && strings.Count(v, "▀") < 20:
			t.Errorf("favorite %d: no picture:\n%s", i, v)
		case f.want != "" && (!strings.Contains(v, f.want) || strings.Contains(v, "▀")):
			t.Errorf("favorite %d: want %q:\n%s", i, f.want, v)
		}
		hs.key("right")
	}
	hs.key("left", "left", "left")
	hs.advance(pictureRest)
	for i := range faults {
		if n := hs.srv.Count("GET", "/"+all[i].ID); n != 1 {
			t.Errorf("favorite %d's picture asked for %d times, want once", i, n)
		}
	}
}

// Every line of the list keeps the preview pane's separator in the same
// column, the header and the search line as the rows.
func TestPreviewSeparatorIsStraight(t *testing.T) {
	for _, w := range []int{120, 133, 200} {
		hs := pictureHarnessAt(t, 60, w, 30, layout{preview: true}, &fakePictures{}, nil)
		hs.key("/")
		hs.typeText("fav")
		col := -1
		for i, l := range strings.Split(hs.view(), "\n")[:25] {
			j := strings.Index(l, "│")
			if j < 0 {
				t.Fatalf("width %d line %d has no separator: %q", w, i, l)
			}
			c := hs.m.styles.width.StringWidth(l[:j])
			if col < 0 {
				col = c
			}
			if c != col {
				t.Errorf("width %d line %d: separator at %d, want %d", w, i, c, col)
			}
		}
	}
}

// With pictures off the grid is a sheet of cards: what each favorite is
// and its title, three lines a cell, not an empty box.
func TestGridWithoutPicturesIsCompact(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 35)
	hs.start()
	hs.serve()
	hs.key("v")
	if !hs.m.list.grid {
		t.Fatal("v did not switch to the grid")
	}
	g := hs.m.list.gridLayout()
	if g.cellH != 3 || g.rows*g.cols < 40 {
		t.Errorf("a cell is %d lines, %d cells a screen; want 3 lines and at least 40", g.cellH, g.rows*g.cols)
	}
	if v := plain(hs.view()); strings.Count(v, "img") < 10 {
		t.Errorf("the cards do not say what each is:\n%s", v)
	}
}

// Searching in a grid scrolled down: the list shrinks under the grid's
// first row before the results are clamped, and nothing breaks.
func TestGridSearchAfterScrolling(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {120, 35}, {200, 60}} {
		hs := pictureHarnessAt(t, 300, size[0], size[1], layout{grid: true}, &fakePictures{}, nil)
		hs.key("G", "j", "j", "j")
		hs.serveAll()
		hs.key("/")
		hs.typeText("x")
		_ = hs.view()
		hs.serveAll()
		_ = hs.view()
		hs.typeText("yzzy") // nothing matches
		hs.serveAll()
		if v := hs.view(); len(splitLines(v)) > size[1] {
			t.Errorf("at %v the grid is %d lines", size, len(splitLines(v)))
		}
	}
}
