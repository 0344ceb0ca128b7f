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
	mu     sync.Mutex
	ids    []string
	fail   error
	gone   bool              // Imgur has lost the media of every favorite
	copies map[string]string // saved copies by id
}

func (f *fakeDownloads) Download(_ context.Context, it imgur.Item) (DownloadResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ids = append(f.ids, it.ID)
	if f.copies != nil && !f.gone && f.fail == nil {
		if _, ok := f.copies[it.ID]; !ok {
			f.copies[it.ID] = "/saved/" + it.ID
		}
	}
	return DownloadResult{Dir: "/saved", Saved: 3, Gone: f.gone}, f.fail
}

func (f *fakeDownloads) SavedIDs() (map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := map[string]bool{}
	for id := range f.copies {
		ids[id] = true
	}
	return ids, nil
}

func (f *fakeDownloads) SavedCopy(it imgur.Item) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.copies[it.ID]
	return p, ok
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
	if v := lastLine(hs.view()); !strings.Contains(v, "saved 3 files: fav 1 to /saved") {
		t.Errorf("status %q", v)
	}
	if rows := strings.Split(plain(hs.view()), "\n"); !strings.HasPrefix(rows[3], "▸✓ ") {
		t.Errorf("the selected saved favorite hides its mark: %q", rows[3])
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

// Favorites an earlier d or imgfav backup saved are marked from the
// start, without a request and without d.
func TestFavoritesSavedEarlierAreMarked(t *testing.T) {
	all := favs(5)
	dl := &fakeDownloads{copies: map[string]string{all[2].ID: "/saved/x"}}
	hs := newHarness(t, all, 120, 20)
	opts := hs.options()
	opts.Downloads = dl
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serve()
	rows := strings.Split(plain(hs.view()), "\n")
	for i := range 5 {
		marked := strings.HasPrefix(strings.TrimPrefix(rows[2+i], "▸"), "✓") || strings.HasPrefix(rows[2+i], " ✓")
		if marked != (i == 2) {
			t.Errorf("row %d marked %v: %q", i, marked, rows[2+i])
		}
	}
	if len(dl.ids) != 0 {
		t.Errorf("marking downloaded %v", dl.ids)
	}
}

// What a save says: the numbers first, and nothing new is not "saved".
func TestSavedText(t *testing.T) {
	for _, tc := range []struct {
		res  DownloadResult
		want string
	}{
		{DownloadResult{Dir: "/d", Saved: 1}, "saved 1 file: cat to /d"},
		{DownloadResult{Dir: "/d", Saved: 2, Kept: 1}, "saved 2 files (1 already there): cat to /d"},
		{DownloadResult{Dir: "/d", Kept: 3}, "already saved (3 files): cat in /d"},
		{DownloadResult{Dir: "/d", Saved: 1, Gone: true}, "saved 1 file: cat to /d; some of it is gone from Imgur"},
	} {
		if got := savedText(downloadedMsg{title: "cat", res: tc.res}); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.res, got, tc.want)
		}
	}
}

func TestGoneFavoriteOpensTheSavedCopy(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 30)
	dl := &fakeDownloads{gone: true, copies: map[string]string{}}
	opts := hs.options()
	opts.Downloads = dl
	hs.m = sized(t, New(opts), 120, 30)
	hs.start()
	hs.serve()
	first := hs.items()[0]
	dl.copies[first.ID] = "/home/u/Downloads/imgfav/2026-11-01_" + first.ID + ".jpg"

	hs.key("enter", "O")
	if len(hs.opener.urls) != 1 || !strings.HasPrefix(hs.opener.urls[0], "https://") {
		t.Fatalf("before Imgur lost it, O opened %v, want the media URL", hs.opener.urls)
	}
	hs.key("d") // the save finds the media gone
	if v := hs.view(); !strings.Contains(v, "gone from Imgur") {
		t.Fatalf("the detail view does not say the favorite is gone:\n%s", v)
	}
	hs.key("O")
	want := "file:///home/u/Downloads/imgfav/2026-11-01_" + first.ID + ".jpg"
	if got := hs.opener.urls[len(hs.opener.urls)-1]; got != want {
		t.Fatalf("O opened %q, want the saved copy %q", got, want)
	}
	hs.key("Y") // copying still gives Imgur's URL
	hs.key("l", "d", "O")
	if n := len(hs.opener.urls); n != 2 {
		t.Fatalf("O on a gone favorite without a copy opened %v", hs.opener.urls[n-1])
	}
	if v := lastLine(hs.view()); !strings.Contains(v, "is gone from Imgur, and was not saved") {
		t.Errorf("no copy: status %q", v)
	}
}
