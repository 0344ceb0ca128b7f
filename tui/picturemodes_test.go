package tui

import (
	"context"
	"image"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// Kitty placeholders and sixel regions: what is sent to the terminal,
// once, and freed.

func TestKittyPicturesAreSentOnceAndDrawnAsPlaceholders(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, nil)
	hs.m.pics.mode = picKitty
	hs.key("enter")
	hs.advance(pictureRest)
	if len(hs.raws) != 1 || !strings.Contains(hs.raws[0], "a=T") || !strings.Contains(hs.raws[0], "U=1") {
		t.Fatalf("transmissions %q, want one virtual placement", hs.raws)
	}
	if !strings.ContainsRune(hs.view(), '\U0010EEEE') {
		t.Fatalf("no placeholder cells:\n%s", hs.view())
	}
	hs.key("right")
	hs.advance(pictureRest)
	hs.key("left")
	hs.advance(pictureRest)
	if len(hs.raws) != 2 {
		t.Errorf("%d transmissions for two pictures, want 2: a picture is sent once", len(hs.raws))
	}
	// Quitting frees both in the terminal.
	hs.key("esc", "q")
	if n := len(hs.raws); n != 3 || strings.Count(hs.raws[n-1], "a=d,d=I") != 2 {
		t.Errorf("at quit the terminal was sent %q, want both pictures deleted", hs.raws[2:])
	}
}

func TestKittyFreesPicturesNoLongerShown(t *testing.T) {
	b := newPictureBook(context.Background(), &fakePictures{}, nil)
	b.mode = picKitty
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var deletes int
	for i := range maxKittyImages + 5 {
		k := picKey{"p" + itoa(i), 'm'}
		b.put(k, &picEntry{img: img})
		b.wants = []picWant{{key: k, cols: 4, rows: 2}}
		msg := b.kittySync()()
		for _, m := range flatten(msg) {
			raw := b.kittyEncoded(m.(kittyEncodedMsg))().(tea.RawMsg)
			deletes += strings.Count(raw.Msg.(string), "a=d")
		}
	}
	if len(b.kitty.ids) != maxKittyImages || deletes != 5 {
		t.Errorf("%d pictures kept in the terminal, %d deleted; want %d and 5", len(b.kitty.ids), deletes, maxKittyImages)
	}
}

// flatten runs a batch's commands and returns their messages.
func flatten(msg tea.Msg) []tea.Msg {
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range batch {
		if c != nil {
			out = append(out, flatten(c())...)
		}
	}
	return out
}

func TestSixelPicturesArePaintedInTheirRegion(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, nil)
	hs.m.pics.mode = picSixel
	hs.key("enter")
	hs.advance(pictureRest)
	if len(hs.raws) != 0 {
		t.Fatal("a picture was painted before its frame was out")
	}
	hs.advance(sixelDelay)
	if len(hs.raws) != 1 || !strings.Contains(hs.raws[0], "\x1bP") {
		t.Fatalf("paints %q, want one sixel sequence", hs.raws)
	}
	// The narrow detail view puts the picture on the first line, after
	// the margin: row 1, column 3.
	if !strings.HasPrefix(hs.raws[0], "\x1b7\x1b[1;3H\x1bP") || !strings.HasSuffix(hs.raws[0], "\x1b8") {
		t.Errorf("painted at the wrong place: %q…", hs.raws[0][:min(len(hs.raws[0]), 20)])
	}
	v := hs.m.View().Content
	if strings.ContainsFunc(v, isSixelMark) {
		t.Error("a region's mark reached the screen")
	}
	// Another favorite: the old pixels are cleared and the new painted.
	hs.key("right")
	hs.advance(pictureRest)
	hs.advance(sixelDelay)
	if len(hs.raws) != 2 {
		t.Errorf("%d paints after moving on, want 2", len(hs.raws))
	}
	// The help covers the picture; closing it paints it again.
	hs.key("?")
	hs.advance(sixelDelay)
	hs.key("?")
	hs.advance(sixelDelay)
	if len(hs.raws) != 3 {
		t.Errorf("%d paints after the help closed, want 3", len(hs.raws))
	}
}

// A paint encoded for a screen that is gone by the time it is ready is
// not written: it would land on the screen that replaced it.
func TestSixelPaintOfAGoneScreenIsDropped(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, nil)
	hs.m.pics.mode = picSixel
	hs.key("enter")
	hs.advance(pictureRest)
	encode := hs.m.pics.sixelDue(sixelDueMsg{gen: hs.m.pics.sixel.gen})
	if encode == nil {
		t.Fatal("no paint was due")
	}
	painted := encode()
	hs.key("esc") // back to the list while the picture was encoded
	hs.run(hs.send(painted))
	if len(hs.raws) != 0 {
		t.Errorf("the detail view's picture was painted over the list: %d paints", len(hs.raws))
	}
}

// Modes that draw the picture's own pixels ask for larger thumbnails:
// Imgur's 640 px one for a large pane, 320 px for a grid cell; half
// blocks (two pixels a cell) make do with 320 and 160.
func TestPixelModesGetLargerThumbnails(t *testing.T) {
	for _, tc := range []struct {
		mode        picMode
		pane, small byte
	}{
		{picBlocks, imgur.ThumbMedium, imgur.ThumbSmall},
		{picBlocks256, imgur.ThumbMedium, imgur.ThumbSmall},
		{picKitty, imgur.ThumbLarge, imgur.ThumbMedium},
		{picSixel, imgur.ThumbLarge, imgur.ThumbMedium},
	} {
		if got := pictureSize(tc.mode, 60); got != tc.pane {
			t.Errorf("mode %d: a 60-column pane uses %c, want %c", tc.mode, got, tc.pane)
		}
		if got := pictureSize(tc.mode, 30); got != imgur.ThumbMedium {
			t.Errorf("mode %d: a 30-column pane uses %c, want m", tc.mode, got)
		}
		if got := gridSize(tc.mode); got != tc.small {
			t.Errorf("mode %d: a grid cell uses %c, want %c", tc.mode, got, tc.small)
		}
	}
}

// The grid fills the screen: what is left under the last row of cells
// becomes another row, or taller pictures, never a band of blank lines.
func TestGridFillsTheScreen(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 35}, {160, 48}, {200, 60}, {100, 70}} {
		hs := pictureHarnessAt(t, 30, sz[0], sz[1], layout{grid: true}, &fakePictures{}, nil)
		g := hs.m.list.gridLayout()
		avail := hs.m.list.rows()
		if left := avail - g.rows*g.cellH; left < 0 || left >= max(g.rows, 2) || g.picRows < 2 {
			t.Errorf("%dx%d: %d rows of %d lines (pictures %d×%d) leave %d of %d lines", sz[0], sz[1], g.rows, g.cellH,
				g.picCols, g.picRows, left, avail)
		}
	}
}

// A search line longer than the list's room is cut at the pane's border.
func TestLongSearchKeepsThePreviewBorder(t *testing.T) {
	hs := pictureHarnessAt(t, 60, 120, 35, layout{preview: true}, &fakePictures{}, nil)
	border := func(line string) int {
		i := strings.Index(line, "│")
		if i < 0 {
			return -1
		}
		return ansi.StringWidth(line[:i])
	}
	want := border(splitLines(plain(hs.view()))[0])
	hs.key("/")
	hs.typeText("tag:funny type:image -nsfw cat and a good many more words")
	hs.serveAll()
	for _, when := range []string{"typing", "enter"} {
		if got := border(splitLines(plain(hs.view()))[1]); got != want {
			t.Errorf("%s: the border is at %d, not %d: %q", when, got, want, splitLines(plain(hs.view()))[1])
		}
		hs.key("enter")
	}
}

// A detail view too short for a picture above the facts says so in a
// line, rather than showing none without a word; a taller one shows it.
func TestDetailTooShortForThePictureSaysSo(t *testing.T) {
	hs := pictureHarnessAt(t, 5, 40, 12, layout{preview: true}, &fakePictures{}, nil)
	hs.key("enter")
	hs.advance(pictureRest)
	if v := hs.view(); !strings.Contains(v, "the picture needs 13 rows here") || strings.Count(v, "\n") != 11 {
		t.Errorf("40×12 detail (%d lines):\n%s", strings.Count(v, "\n")+1, v)
	}
	hs.run(hs.send(tea.WindowSizeMsg{Width: 40, Height: 30}))
	hs.advance(pictureRest)
	if v := hs.view(); strings.Contains(v, "rows here") || !strings.Contains(v, "▀") {
		t.Errorf("40×30 detail:\n%s", v)
	}
}

// An album without a cover shows its first image once its images come:
// the view makes room for it then, and stays inside the terminal.
func TestDetailAlbumWithoutCoverStaysInside(t *testing.T) {
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "alb1234", IsAlbum: true, Title: "t"}, "", newPictureBook(context.Background(), &fakePictures{}, nil), nil)
	for _, h := range []int{9, 11, 20} {
		d.SetSize(40, h)
		d, _ = d.Update(albumLoadedMsg{id: "other"})
		before := strings.Count(d.View(), "\n") + 1
		d.loading = true
		d, _ = d.Update(albumLoadedMsg{id: "alb1234", images: []imgur.Item{{ID: "x"}, {ID: "y"}}})
		if n := strings.Count(d.View(), "\n") + 1; n > h || before > h {
			t.Errorf("height %d: %d lines before the images, %d after", h, before, n)
		}
	}
}
