package tui

import (
	"fmt"
	"strings"
	"testing"

	"imgfav/imgur"
)

func pickerWith(t *testing.T, current int64, msg foldersLoadedMsg) folderPicker {
	t.Helper()
	p := newFolderPicker(NewStyles(true), nil, nil, "demo", current, map[int64]int{0: 150, 7: 23}, nil, "F")
	p.SetSize(60, 12)
	p.gen = 1
	msg.account, msg.gen = "demo", 1
	return p.loaded(msg)
}

var someFolders = []imgur.Folder{{ID: 7, Name: "Cats"}, {ID: 8, Name: "Wallpapers"}, {ID: 9, Name: "東京 🐱"}}

func TestFolderPickerChooses(t *testing.T) {
	p := pickerWith(t, 8, foldersLoadedMsg{folders: someFolders})
	if p.cursor != 2 {
		t.Fatalf("cursor %d, want the folder shown now (2)", p.cursor)
	}
	v := plain(p.View())
	for _, want := range []string{"Favorite folders", "3 folders", "All favorites", "150 favorites", "Cats", "23 favorites",
		"▸ Wallpapers", "shown", "東京 🐱"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	p, _ = p.Update(keyMsg("k"))
	_, cmd := p.Update(keyMsg("enter"))
	if msg := cmd(); msg != (folderChosenMsg{folder: someFolders[0]}) {
		t.Fatalf("enter reported %#v, want Cats", msg)
	}
	p, _ = p.Update(keyMsg("g"))
	_, cmd = p.Update(keyMsg("enter"))
	if msg := cmd(); msg != (folderChosenMsg{}) {
		t.Fatalf("enter on All favorites reported %#v", msg)
	}
	_, cmd = p.Update(keyMsg("esc"))
	if msg := cmd(); msg != (foldersClosedMsg{}) {
		t.Fatalf("esc reported %#v", msg)
	}
}

func TestFolderPickerStates(t *testing.T) {
	refused := fmt.Errorf("fetch folders: %w", &imgur.APIError{StatusCode: 403, Kind: imgur.ErrForbidden, Message: "Forbidden"})
	tests := []struct {
		name string
		msg  foldersLoadedMsg
		want []string
	}{
		{"unavailable", foldersLoadedMsg{err: refused}, []string{"folders are unavailable: ", "403 forbidden: Forbidden", "All favorites"}},
		{"offline, cached", foldersLoadedMsg{err: imgur.ErrUnreachable, cached: true, folders: someFolders[:1]},
			[]string{"the folders as last seen", "Cats"}},
		{"none", foldersLoadedMsg{}, []string{"you have no favorite folders", "All favorites"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pickerWith(t, 0, tt.msg)
			v := plain(p.View())
			for _, want := range tt.want {
				if !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, v)
				}
			}
			_, cmd := p.Update(keyMsg("enter"))
			if msg := cmd(); msg != (folderChosenMsg{}) {
				t.Errorf("All favorites still works: got %#v", msg)
			}
		})
	}
}

func TestFolderPickerDropsStaleAnswers(t *testing.T) {
	p := newFolderPicker(NewStyles(true), nil, nil, "demo", 0, nil, nil, "F")
	p.gen = 2
	p = p.loaded(foldersLoadedMsg{account: "demo", gen: 1, folders: someFolders})
	if len(p.folders) != 0 || !p.loading {
		t.Fatal("an older answer was applied")
	}
	p = p.loaded(foldersLoadedMsg{account: "other", gen: 2, folders: someFolders})
	if len(p.folders) != 0 {
		t.Fatal("another account's folders were applied")
	}
}

func TestFolderCoverOfAnNSFWFavoriteIsBlurred(t *testing.T) {
	p := newFolderPicker(NewStyles(true), nil, &pictureBook{pics: nil}, "demo", 0, nil, nil, "F")
	p.nsfw = map[string]bool{"nsfwcov": true}
	if it, _ := p.cover(imgur.Folder{ID: 1, CoverHash: "nsfwcov"}); !it.IsNSFW() {
		t.Fatal("the cover of an NSFW favorite is not rated NSFW")
	}
	if it, _ := p.cover(imgur.Folder{ID: 2, CoverHash: "safecov"}); it.IsNSFW() {
		t.Fatal("a safe cover rated NSFW")
	}
	l := listModel{}
	l.feeds[0].items = []imgur.Item{{ID: "alb1", Cover: "cov1", NSFW: boolPtr(true)}, {ID: "img1"}}
	if ids := l.nsfwIDs(); !ids["alb1"] || !ids["cov1"] || ids["img1"] {
		t.Fatalf("nsfwIDs %v", ids)
	}
}

func boolPtr(b bool) *bool { return &b }

// folderCacheOf is a PageCache that also keeps folders.
type folderCacheOf struct {
	memCache
	folders []imgur.Folder
}

func (c *folderCacheOf) CachedFolders(string) ([]imgur.Folder, bool) {
	return c.folders, c.folders != nil
}

func TestFoldersOfflineFromTheCache(t *testing.T) {
	hs := newHarness(t, imagesOnly(5), 80, 20)
	hs.srv.Close() // Imgur unreachable
	cache := &folderCacheOf{folders: someFolders}
	msg := fetchFoldersCmd(hs.m.ctx, hs.client, cache, "demo", 1)().(foldersLoadedMsg)
	if !msg.cached || len(msg.folders) != 3 || msg.err == nil {
		t.Fatalf("offline: %+v", msg)
	}
	// A refusal (not an outage) is not hidden behind the cache.
	hs2 := newHarness(t, imagesOnly(5), 80, 20)
	hs2.srv.RefuseFolders(403)
	msg = fetchFoldersCmd(hs2.m.ctx, hs2.client, cache, "demo", 1)().(foldersLoadedMsg)
	if msg.cached || msg.err == nil {
		t.Fatalf("refused: %+v", msg)
	}
}
