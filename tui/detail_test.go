package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// TestDetailShowsPosition: the detail view says which favorite of those
// loaded it shows, and follows ←/→.
func TestDetailShowsPosition(t *testing.T) {
	hs := newHarness(t, favs(10), 80, 24)
	hs.start()
	hs.serve()
	hs.key("j", "enter")
	if v := hs.view(); !strings.Contains(v, "2 of 10") {
		t.Errorf("detail lacks 2 of 10:\n%s", v)
	}
	hs.key("l", "l")
	if v := hs.view(); !strings.Contains(v, "4 of 10") {
		t.Errorf("after → →, detail lacks 4 of 10:\n%s", v)
	}
}

// TestDetailPrevNextDisabledAtTheEnds: help never offers ← on the first
// favorite.
func TestDetailPrevNextDisabledAtTheEnds(t *testing.T) {
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "a"}, "", nil, nil)
	d.SetPosition(0, 3)
	if d.keys.Prev.Enabled() || !d.keys.Next.Enabled() {
		t.Errorf("first of 3: prev %v next %v, want false true", d.keys.Prev.Enabled(), d.keys.Next.Enabled())
	}
	d.SetPosition(2, 3)
	if !d.keys.Prev.Enabled() || d.keys.Next.Enabled() {
		t.Errorf("last of 3: prev %v next %v, want true false", d.keys.Prev.Enabled(), d.keys.Next.Enabled())
	}
}

func TestDetailScrollKeys(t *testing.T) {
	long := strings.Repeat("A long line of description. ", 200)
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "abc1234", Title: "long", Description: long, Type: "image/png"}, "", nil, nil)
	d.SetSize(60, 12)
	last := d.vp.TotalLineCount() - 12
	for _, tt := range []struct {
		key  tea.KeyPressMsg
		want int
	}{
		{keyMsg("G"), last},
		{keyMsg("g"), 0},
		{tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}, 6},
		{tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}, 12},
		{tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, 6},
		{keyMsg("end"), last},
		{tea.KeyPressMsg{Code: tea.KeyHome}, 0},
	} {
		var cmd tea.Cmd
		d, cmd = d.Update(tt.key)
		if cmd != nil {
			t.Errorf("%s: a scroll key reported %v", tt.key, cmd())
		}
		if got := d.vp.YOffset(); got != tt.want {
			t.Errorf("%s: offset %d, want %d", tt.key, got, tt.want)
		}
	}
}

// TestDetailReportsUpward: the keys the root acts on come back as
// messages, not as field changes.
func TestDetailReportsUpward(t *testing.T) {
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "a"}, "https://i.imgur.com/a.jpg", nil, nil)
	d.SetPosition(1, 3)
	for k, want := range map[string]tea.Msg{
		"esc":  detailClosedMsg{},
		"q":    detailClosedMsg{},
		"?":    detailHelpMsg{},
		"left": detailStepMsg{delta: -1},
		"l":    detailStepMsg{delta: 1},
		"O":    detailURLMsg{item: d.item, media: true},
		"y":    detailURLMsg{item: d.item, copying: true},
	} {
		_, cmd := d.Update(keyMsg(k))
		if cmd == nil {
			t.Errorf("%s: no report", k)
			continue
		}
		if got := cmd(); !sameMsg(got, want) {
			t.Errorf("%s: reported %#v, want %#v", k, got, want)
		}
	}
}

func sameMsg(a, b tea.Msg) bool {
	ua, ok1 := a.(detailURLMsg)
	ub, ok2 := b.(detailURLMsg)
	if ok1 || ok2 {
		return ok1 && ok2 && ua.item.ID == ub.item.ID && ua.media == ub.media && ua.copying == ub.copying
	}
	return a == b
}

// TestDetailHangingIndent: at 40 columns a wrapped value continues under
// its first line, not under the field's name.
func TestDetailHangingIndent(t *testing.T) {
	up, down, pts := int64(3788), int64(118), int64(3670)
	it := imgur.Item{ID: "abc1234", Title: "t", Type: "image/png", Ups: &up, Downs: &down, Points: &pts,
		Tags: []imgur.Tag{{Name: "woodworking"}, {Name: "restoration"}, {Name: "grandfather"}, {Name: "toolbox"}}}
	d := newDetailModel(NewStyles(true), nil, it, "", nil, nil)
	d.SetSize(40, 30)
	lines := strings.Split(stripped(d.View()), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  Votes") || strings.HasPrefix(l, "  Tags") {
			next := lines[i+1]
			if !strings.HasPrefix(next, strings.Repeat(" ", 2+labelWidth)) || next[2+labelWidth] == ' ' {
				t.Errorf("the line after %q is %q: want it under the value", l, next)
			}
		}
	}
}

// TestDetailTextSharesTheListRule: joined emoji lose their joiners in the
// description, tags and album image titles as in the list's titles, so
// the terminal draws what was measured.
func TestDetailTextSharesTheListRule(t *testing.T) {
	zwj := "👨\u200d👩\u200d👧"
	it := imgur.Item{ID: "abc1234", Title: zwj + " title", Description: zwj + " description", IsAlbum: true,
		Tags:   []imgur.Tag{{Name: "fam" + "\u200d" + "ily"}},
		Images: []imgur.Item{{ID: "i1", Title: "❤\ufe0f image"}}}
	d := newDetailModel(NewStyles(true), nil, it, "", nil, nil)
	d.SetSize(80, 30)
	v := stripped(d.View())
	if strings.ContainsAny(v, "\u200d\ufe0f") {
		t.Errorf("detail keeps joiners:\n%q", v)
	}
	if !contains(v, displayText(zwj)+" title", displayText(zwj)+" description", "family", "❤ image") {
		t.Errorf("detail:\n%s", v)
	}
	l := newListModel(NewStyles(true), listDeps{}, "demo", imgur.Folder{}, imgur.SortNewest, layout{})
	l.SetSize(80, 10)
	if row := stripped(l.row(it, false, nil, "")); !strings.Contains(row, displayText(zwj)+" title") {
		t.Errorf("list row %q does not show the title as the detail does", row)
	}
}

func TestDetailAlbumImagesArrive(t *testing.T) {
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "alb1234", IsAlbum: true}, "", nil, nil)
	d.SetSize(80, 20)
	d, _ = d.Update(albumLoadedMsg{id: "other", images: []imgur.Item{{ID: "x"}}})
	if !d.NeedsImages() {
		t.Error("another album's images were taken")
	}
	d, _ = d.Update(albumLoadedMsg{id: "alb1234", images: []imgur.Item{{ID: "x", Title: "first"}}})
	if d.NeedsImages() || !strings.Contains(stripped(d.View()), "first") {
		t.Errorf("album images not shown:\n%s", stripped(d.View()))
	}
}

func stripped(s string) string { return ansi.Strip(s) }

// A step past either end says why nothing moved: the first or last
// favorite, the album's first or last image.
func TestDetailSaysWhyAStepDoesNotMove(t *testing.T) {
	hs := newHarness(t, favs(3), 80, 24)
	hs.start()
	hs.serveAll()
	hs.key("enter", "h")
	if l := lastLine(hs.view()); !strings.Contains(l, "this is the first favorite") {
		t.Errorf("h on the first: %q", l)
	}
	hs.key("l", "l", "l")
	if l := lastLine(hs.view()); !strings.Contains(l, "this is the last favorite (3 of 3)") || !strings.Contains(hs.view(), "3 of 3") {
		t.Errorf("l on the last: %q", l)
	}
	d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "alb1234", IsAlbum: true}, "", nil, nil)
	d.SetSize(80, 20)
	d, _ = d.Update(albumLoadedMsg{id: "alb1234", images: []imgur.Item{{ID: "x"}, {ID: "y"}}})
	for _, c := range []struct{ key, want string }{{"[", "first image (1/2)"}, {"]", ""}, {"]", "last image (2/2)"}} {
		var cmd tea.Cmd
		d, cmd = d.Update(keyMsg(c.key))
		got := ""
		if cmd != nil {
			if msg, ok := cmd().(statusNotedMsg); ok {
				got = msg.text
			}
		}
		if !strings.Contains(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%s: said %q, want %q", c.key, got, c.want)
		}
	}
	img := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "img1234"}, "", nil, nil)
	if _, cmd := img.Update(keyMsg("]")); cmd == nil || !strings.Contains(cmd().(statusNotedMsg).text, "this is not an album") {
		t.Error("] on an image says nothing")
	}
}

// An answer to a key that did nothing goes at the next key: it no longer
// holds once the user moves on (and it fades too).
func TestAnswersGoAtTheNextKey(t *testing.T) {
	hs := newHarness(t, favs(3), 80, 24)
	hs.start()
	hs.serveAll()
	hs.key("enter", "h")
	if l := lastLine(hs.view()); !strings.Contains(l, "this is the first favorite") {
		t.Fatalf("h on the first: %q", l)
	}
	hs.key("l")
	if l := lastLine(hs.view()); strings.Contains(l, "this is the first favorite") {
		t.Errorf("the answer outstayed the next key: %q", l)
	}
	hs.key("l", "l")
	hs.advance(fadeAfter)
	if l := lastLine(hs.view()); strings.Contains(l, "this is the last favorite") {
		t.Errorf("the answer did not fade: %q", l)
	}
}

// c is offered for a gallery post only; on another it still answers
// (the comments screen says the post is not in the gallery).
func TestCommentsOfferedForGalleryPosts(t *testing.T) {
	for _, inGallery := range []bool{true, false} {
		d := newDetailModel(NewStyles(true), nil, imgur.Item{ID: "img1234", InGallery: inGallery}, "", nil, nil)
		if d.keys.Comments.Enabled() != inGallery {
			t.Errorf("in gallery %v: c offered %v", inGallery, d.keys.Comments.Enabled())
		}
		if _, cmd := d.Update(keyMsg("c")); cmd == nil {
			t.Errorf("in gallery %v: c does nothing", inGallery)
		} else if _, ok := cmd().(commentsRequestedMsg); !ok {
			t.Errorf("in gallery %v: c reports %T", inGallery, cmd())
		}
	}
}
