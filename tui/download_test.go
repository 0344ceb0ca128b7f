package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"imgfav/imgur"
)

type fakeDownloads struct {
	mu   sync.Mutex
	ids  []string
	fail error
}

func (f *fakeDownloads) Download(_ context.Context, it imgur.Item) (DownloadResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ids = append(f.ids, it.ID)
	return DownloadResult{Dir: "/saved", Saved: 3}, f.fail
}

func TestDownloadMarksTheFavorite(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 20)
	dl := &fakeDownloads{}
	opts := hs.options()
	opts.Downloads = dl
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serve()
	hs.key("j", "d")
	if len(dl.ids) != 1 || dl.ids[0] != hs.items()[1].ID {
		t.Fatalf("saved %v, want the second favorite", dl.ids)
	}
	if v := lastLine(hs.view()); !strings.Contains(v, "saved fav 1 to /saved (3 files)") {
		t.Errorf("status %q", v)
	}
	hs.key("j")
	if rows := strings.Split(hs.view(), "\n"); !strings.HasPrefix(rows[3], " ✓ ") {
		t.Errorf("the saved favorite is not marked: %q", rows[3])
	}
	hs.key("enter", "d") // from the detail view too
	if len(dl.ids) != 2 {
		t.Errorf("d in the detail view saved nothing")
	}
	dl.fail = errors.New("disk full")
	hs.key("d")
	if v := lastLine(hs.view()); !strings.Contains(v, "could not save") || !strings.Contains(v, "disk full") {
		t.Errorf("a failed save: %q", v)
	}
}
