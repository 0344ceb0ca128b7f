package tui

import (
	"strings"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// TestAlbumOfUnknownSize: an old album that does not say how many images
// it has is shown as "alb ?", not "alb 0", until its images are fetched.
func TestAlbumOfUnknownSize(t *testing.T) {
	items, err := imgur.DecodeFavorites([]byte(`{"data":[
		{"id":"oldAb12","is_album":true,"cover":"Cov1234"},
		{"id":"emptyAb","is_album":true,"images_count":0},
		{"id":"sevenAb","images_count":7,"layout":"blog"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		it          imgur.Item
		label, desc string
		heading     string
	}{
		{items[0], "alb ?", "album", "Images (?)"},
		{items[1], "alb 0", "album of 0", "Images (0)"},
		{items[2], "alb 7", "album of 7", "Images (7)"},
	}
	for _, tt := range tests {
		t.Run(tt.it.ID, func(t *testing.T) {
			if got := kindLabel(tt.it); got != tt.label {
				t.Errorf("kindLabel = %q, want %q", got, tt.label)
			}
			if got := kindDescription(tt.it); got != tt.desc {
				t.Errorf("kindDescription = %q, want %q", got, tt.desc)
			}
			d := newDetailModel(NewStyles(true), nil, tt.it, "", nil, nil)
			d.SetSize(80, 40)
			if !strings.Contains(d.View(), tt.heading) {
				t.Errorf("detail lacks %q:\n%s", tt.heading, d.View())
			}
		})
	}
	d := newDetailModel(NewStyles(true), nil, items[0], "", nil, nil)
	d.SetSize(80, 40)
	d.imagesLoaded(albumLoadedMsg{id: "oldAb12", images: []imgur.Item{{ID: "a"}, {ID: "b"}}})
	if !strings.Contains(d.View(), "Images (2)") {
		t.Errorf("after the fetch the detail lacks Images (2):\n%s", d.View())
	}
}

// On a narrow terminal an album's image lines end in … where they are
// cut, not mid-fact.
func TestAlbumImageLinesEndInAnEllipsis(t *testing.T) {
	all := imgurtest.Generate(40, 3)
	at := -1
	for i, f := range all {
		if f.IsAlbum && len(f.Images) > 0 {
			at = i
			break
		}
	}
	if at < 0 {
		t.Skip("no album with images among the samples")
	}
	hs := newHarness(t, all, 40, 40)
	hs.start()
	hs.serve()
	for range at {
		hs.key("j")
	}
	hs.key("enter")
	hs.serveAll()
	cut := false
	for _, l := range splitLines(plain(hs.view())) {
		if strings.Contains(l, "▸ 1. ") { // the first, the one shown
			cut = strings.HasSuffix(strings.TrimRight(l, " "), "…")
		}
	}
	if !cut {
		t.Errorf("the first image's line is not cut with …:\n%s", hs.view())
	}
}
