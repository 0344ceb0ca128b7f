package tui

import (
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// imagesOnly is favs without albums, so each is toggled by the image route.
func imagesOnly(n int) []imgurtest.Favorite {
	fs := favs(n)
	for i := range fs {
		fs[i].IsAlbum, fs[i].Images = false, nil
		if fs[i].Type == "" {
			fs[i].Type, fs[i].Width, fs[i].Height = "image/jpeg", 640, 480
		}
	}
	return fs
}

func TestUnfavoriteAndUndo(t *testing.T) {
	hs := newHarness(t, imagesOnly(30), 120, 20)
	hs.start()
	hs.serve()
	victim := hs.items()[1]
	hs.key("j", "f")
	if hs.srv.IsFavorite(victim.ID) {
		t.Fatal("f did not remove the favorite on Imgur")
	}
	rows := strings.Split(hs.view(), "\n")
	if !strings.HasPrefix(rows[3], "▸✗ ") || len(hs.items()) != 30 {
		t.Fatalf("the removed row is not kept and marked: %q (%d items)", rows[3], len(hs.items()))
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "unfavorited (f undoes): fav 1") {
		t.Errorf("status %q", s)
	}
	hs.advance(fadeAfter)
	if s := lastLine(hs.view()); !strings.Contains(s, "post 1249/1250") {
		t.Errorf("the POST allowance is not in the status bar: %q", s)
	}
	hs.key("f")
	if !hs.srv.IsFavorite(victim.ID) {
		t.Fatal("f again did not put it back")
	}
	if rows := strings.Split(hs.view(), "\n"); strings.Contains(rows[3], "✗") {
		t.Fatalf("the restored row is still marked: %q", rows[3])
	}
	// From the detail view too, which says so.
	hs.key("enter", "f")
	if v := hs.view(); !strings.Contains(v, "removed from your favorites — f puts it back") {
		t.Fatalf("the detail view does not say it was removed:\n%s", v)
	}
	hs.key("esc")
}

func TestRemovedFavoriteGoneAfterReloadAndRestart(t *testing.T) {
	hs := newHarness(t, imagesOnly(90), 120, 20)
	hs.start()
	hs.serveAll()
	victim := hs.items()[2]
	hs.key("j", "j", "f")
	hs.key("r")
	hs.serveAll()
	for _, it := range hs.items() {
		if it.ID == victim.ID {
			t.Fatal("the removed favorite is still listed after r")
		}
	}
	if it, _ := hs.m.list.Selected(); it.ID != hs.items()[2].ID {
		t.Errorf("the cursor moved off its place: on %s", it.ID)
	}
	// A restart reads the cache first: it no longer holds it.
	hs.restart()
	hs.hold = true
	hs.start()
	for _, it := range hs.items() {
		if it.ID == victim.ID {
			t.Fatal("the cache still shows the removed favorite after a restart")
		}
	}
}

func TestToggleRefusedLeavesTheRow(t *testing.T) {
	hs := newHarness(t, imagesOnly(10), 120, 20)
	hs.start()
	hs.serve()
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.OverCapacity, Path: "/3/image/"})
	hs.key("f")
	if !hs.srv.IsFavorite(hs.items()[0].ID) {
		t.Fatal("the fault did not stop the toggle")
	}
	if rows := strings.Split(hs.view(), "\n"); strings.Contains(rows[2], "✗") {
		t.Fatalf("a failed toggle marked the row: %q", rows[2])
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "fav 0 is unchanged: ") {
		t.Errorf("status %q", s)
	}
	// With the POST allowance known to be used up, nothing is sent.
	hs.srv.SetPostCredits(0, testNow.Add(time.Hour))
	hs.key("f") // Imgur answers 429: now the client knows
	n := hs.srv.Count("POST", "/3/")
	hs.key("f")
	if got := hs.srv.Count("POST", "/3/"); got != n {
		t.Fatalf("%d POSTs sent with no allowance left", got-n)
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "allowance of changes is used up") || !strings.Contains(s, "nothing sent") {
		t.Errorf("status %q", s)
	}
}

func TestFoldersPickAndPage(t *testing.T) {
	fs := imagesOnly(400)
	folders := imgurtest.GenerateFolders(fs, 2)
	hs := newHarness(t, fs, 120, 20)
	hs.srv.SetFolders(folders)
	hs.start()
	hs.serve()
	allFirst := hs.items()[0].ID
	hs.key("F")
	if v := hs.view(); !strings.Contains(v, "Favorite folders") || !strings.Contains(v, "Wallpapers") {
		t.Fatalf("the picker:\n%s", v)
	}
	hs.key("j", "j", "enter") // Wallpapers
	if hs.m.screen != screenList || hs.m.folder.Name != "Wallpapers" {
		t.Fatalf("screen %v, folder %+v", hs.m.screen, hs.m.folder)
	}
	hs.serve()
	if got := hs.items(); len(got) == 0 || got[0].ID != folders[1].Items[0] {
		t.Fatalf("the folder's first page: %d items", len(got))
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "▤ Wallpapers") {
		t.Errorf("the status bar does not name the folder: %q", s)
	}
	loadAll(hs)
	if n := len(hs.items()); n != len(folders[1].Items) {
		t.Fatalf("paged %d, the folder holds %d", n, len(folders[1].Items))
	}
	if hs.settings.folders["demo"].ID != folders[1].ID {
		t.Error("the choice was not remembered")
	}
	// The folder's pages are cached as the folder's, not the whole list's.
	if p, ok, _ := hs.client.CachedFolderFavorites("demo", folders[1].ID, imgur.SortNewest, 1); !ok || p.Items[0].ID != folders[1].Items[60] {
		t.Error("the folder's second page is not in its own cache")
	}
	if _, ok, _ := hs.client.CachedFavorites("demo", imgur.SortNewest, 1); ok {
		t.Error("the folder's pages went into the whole list's cache")
	}
	// A restart shows the folder again, from its own cache.
	hs.restart()
	hs.start()
	if hs.m.folder.ID != folders[1].ID || len(hs.items()) == 0 || hs.items()[0].ID != folders[1].Items[0] {
		t.Fatalf("after a restart: folder %+v, first %v", hs.m.folder, hs.items())
	}
	hs.serveAll()
	hs.key("F")
	hs.key("g", "enter")
	hs.serve()
	if hs.m.folder.ID != 0 || hs.items()[0].ID != allFirst {
		t.Fatalf("back to all favorites: folder %+v", hs.m.folder)
	}
}

func TestFoldersUnavailable(t *testing.T) {
	hs := newHarness(t, imagesOnly(20), 120, 20)
	hs.srv.RefuseFolders(403)
	hs.start()
	hs.serve()
	hs.key("F")
	if v := hs.view(); !strings.Contains(v, "folders are unavailable: 403") {
		t.Fatalf("the picker does not say why:\n%s", v)
	}
	hs.key("esc")
	if hs.m.screen != screenList || len(hs.items()) != 20 {
		t.Fatal("the list did not survive the refusal")
	}
	hs.key("j", "enter")
	if hs.m.screen != screenDetail {
		t.Fatal("the rest does not work")
	}
}

func TestCommentsFromTheDetailView(t *testing.T) {
	fs := imagesOnly(5)
	fs[0].InGallery, fs[1].InGallery = true, false
	hs := newHarness(t, fs, 120, 30)
	hs.srv.SetComments(fs[0].ID, []imgurtest.Comment{
		{ID: 1, Author: imgurtest.Str("ann"), Text: imgurtest.Str("a \x1b[31mred\x1b[0m comment"), Ups: 9, Datetime: testNow.Add(-2 * time.Hour).Unix(),
			Children: []imgurtest.Comment{{ID: 2, Author: imgurtest.Str("bob"), Text: imgurtest.Str("a reply"), Ups: 1, Datetime: testNow.Unix()}}},
		{ID: 3, Deleted: true, Datetime: testNow.Unix()},
	})
	hs.start()
	hs.serve()
	hs.key("enter", "c")
	if hs.m.screen != screenComments || hs.srv.Count("GET", "/3/gallery/") != 1 {
		t.Fatalf("c: screen %v, %d comment requests", hs.m.screen, hs.srv.Count("GET", "/3/gallery/"))
	}
	v := hs.view()
	for _, want := range []string{"3 comments", "ann · 9 pts · 2h · ▸ 1 reply", "a red comment", "[deleted]"} {
		if !strings.Contains(v, want) {
			t.Errorf("comments lack %q:\n%s", want, v)
		}
	}
	hs.key("enter")
	if !strings.Contains(hs.view(), "a reply") {
		t.Fatal("enter did not unfold the replies")
	}
	hs.key("s")
	if req := hs.srv.Requests(); !strings.HasSuffix(req[len(req)-1].Path, "/comments/top") {
		t.Fatalf("s asked for %s", req[len(req)-1].Path)
	}
	hs.key("esc", "l", "c") // the next favorite is not in the gallery
	if v := hs.view(); !strings.Contains(v, "not in Imgur's gallery") {
		t.Fatalf("not in the gallery:\n%s", v)
	}
	if n := hs.srv.Count("GET", "/3/gallery/"); n != 2 {
		t.Errorf("%d comment requests, want none for a post outside the gallery", n)
	}
	hs.m = sized(t, hs.m, 40, 12) // the sentence wraps, whole
	if v := strings.Join(strings.Fields(plain(hs.view())), " "); !strings.Contains(v, "not in Imgur's gallery, so it has no comments.") {
		t.Errorf("at 40 columns:\n%s", hs.view())
	}
}

// Removing a favorite moves every later page of Imgur's list up by one:
// the favorite that moved onto a page already loaded is not skipped when
// the next page loads, in either sort, after a removal and after an undo.
func TestUnfavoriteThenLoadingMoreSkipsNothing(t *testing.T) {
	for _, keys := range [][]string{{"j", "f"}, {"j", "f", "f"}, {"s", "j", "f"}, {"s", "j", "f", "f"}} {
		hs := newHarness(t, imagesOnly(150), 120, 20)
		hs.start()
		hs.serve()
		hs.key(keys...)
		for range 5 {
			hs.key("G")
			hs.serveAll()
		}
		if n := len(hs.items()); n != 150 {
			t.Errorf("%v then loading everything: %d favorites listed, want 150", keys, n)
		}
	}
}

// r while an undo is on its way keeps the favorite (dropping it would
// lose it: the undo puts it back on Imgur, and the reload's page 0 may
// well be "not modified"); r after a plain removal says what left, since
// "f puts it back" no longer holds.
func TestReloadDuringAnUndoKeepsTheFavorite(t *testing.T) {
	hs := newHarness(t, imagesOnly(30), 120, 20)
	hs.start()
	hs.serve()
	victim := hs.items()[0]
	hs.key("f")
	undo := hs.send(keyMsg("f")) // on its way
	hs.key("r")
	hs.serveAll()
	hs.run(undo)
	hs.serveAll()
	if hs.items()[0].ID != victim.ID || hs.m.marks.isRemoved(victim.ID) {
		t.Fatalf("after the undo and a reload: first %s (want %s), removed %v", hs.items()[0].ID, victim.ID, hs.m.marks.isRemoved(victim.ID))
	}
	hs.key("g", "f", "r")
	hs.serveAll()
	if hs.items()[0].ID == victim.ID {
		t.Fatal("the removed favorite stayed after the reload")
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "1 removed favorite left the list with the reload") {
		t.Errorf("status %q", s)
	}
}
