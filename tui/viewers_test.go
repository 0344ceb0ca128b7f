package tui

import (
	"strings"
	"sync"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// fakeViewers has a program for some kinds and records what it opened.
type fakeViewers struct {
	mu     sync.Mutex
	kinds  map[string]bool // kind → takes a file
	opened [][3]string     // kind, url, file
}

func (v *fakeViewers) Has(kind string) (bool, bool) {
	file, ok := v.kinds[kind]
	return ok, file
}

func (v *fakeViewers) Open(kind, url, file string) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.opened = append(v.opened, [3]string{kind, url, file})
	return "viewer-" + kind, nil
}

func TestConfiguredViewersOpenByKind(t *testing.T) {
	fs := imgurtest.Generate(6, 1)
	for i := range fs {
		fs[i].IsAlbum, fs[i].Images, fs[i].Animated, fs[i].Type = false, nil, false, "image/jpeg"
	}
	fs[1].Type, fs[1].Animated = "video/mp4", true
	hs := newHarness(t, fs, 120, 20)
	v := &fakeViewers{kinds: map[string]bool{"video": false, "image": true}}
	dl := &fakeDownloads{copies: map[string]string{}}
	opts := hs.options()
	opts.Viewers, opts.Downloads = v, dl
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serve()
	items := hs.items()

	hs.key("j", "O") // a video: mpv-like, with the URL
	if len(v.opened) != 1 || v.opened[0][0] != "video" || v.opened[0][1] != hs.client.MediaURL(items[1]) || v.opened[0][2] != "" {
		t.Fatalf("O on a video opened %v", v.opened)
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "started viewer-video on https://") {
		t.Errorf("status %q", s)
	}
	hs.key("k", "O") // an image, whose viewer takes a file: saved first
	if len(dl.ids) != 1 || dl.ids[0] != items[0].ID {
		t.Fatalf("the image was not saved first: %v", dl.ids)
	}
	if len(v.opened) != 2 || v.opened[1][2] != "/saved/"+items[0].ID {
		t.Fatalf("the image viewer got %v", v.opened)
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "on the saved copy "+items[0].ID) || strings.Contains(s, "https://") {
		t.Errorf("a viewer given the file claims the URL: %q", s)
	}
	hs.key("O") // saved already: not saved again
	if len(dl.ids) != 1 || len(v.opened) != 3 {
		t.Fatalf("saved %v, opened %v", dl.ids, v.opened)
	}
	hs.key("o") // no program for pages: the browser
	if len(hs.opener.urls) != 1 || hs.opener.urls[0] != imgur.PageURL(items[0]) {
		t.Fatalf("o opened %v in the browser, want the page", hs.opener.urls)
	}
}
