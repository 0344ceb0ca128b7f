package tui

import (
	"testing"

	"imgfav/imgur"
)

func TestStaleResultsAfterSortSwitch(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	hs.key("G") // page 1 of newest: its result is held
	if len(hs.held) != 1 || hs.held[0].req.page != 1 {
		t.Fatalf("held %v, want page 1", hs.held)
	}
	stale := hs.held[0]
	hs.held = nil
	hs.key("s")
	if hs.m.list.sort != imgur.SortOldest {
		t.Fatal("s did not switch the sort")
	}
	hs.send(stale)
	if n := len(hs.m.list.feeds[0].items); n != 60 {
		t.Errorf("newest has %d items: a result for a sort not shown was applied", n)
	}
	if hs.m.list.feeds[0].inflight {
		t.Error("the dropped request still counts as in flight")
	}
	if len(hs.m.list.cur().items) != 0 {
		t.Error("newest items leaked into oldest")
	}
}

func TestSortSwitchKeepsEachListAndPersists(t *testing.T) {
	all := favs(90)
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	hs.key("j", "j", "j")
	hs.key("s")
	if hs.settings.sort != imgur.SortOldest {
		t.Errorf("sort not persisted: %q", hs.settings.sort)
	}
	if i, id := hs.settings.Cursor("demo", 0, imgur.SortNewest); i != 3 || id != hs.m.list.feeds[0].items[3].ID {
		t.Errorf("newest cursor saved as %d %s", i, id)
	}
	hs.start()
	hs.serve()
	if first := hs.items()[0]; first.Title != "fav 89" {
		t.Errorf("oldest first item %q, want fav 89", first.Title)
	}
	hs.key("j")
	hs.key("s")
	if hs.m.list.sort != imgur.SortNewest || hs.m.list.cur().cursor != 3 {
		t.Errorf("back on newest: cursor %d, want 3", hs.m.list.cur().cursor)
	}
	if hs.m.list.cur().inflight {
		t.Error("switching back re-requested a loaded list")
	}
	// The next start uses the remembered cursor.
	hs.key("q")
	hs.restart()
	hs.start()
	if c := hs.m.list.cur().cursor; c != 3 {
		t.Errorf("restored cursor %d, want 3", c)
	}
}

func TestSortSwitchBackBeforeItsCacheArrives(t *testing.T) {
	hs := newHarness(t, favs(90), 120, 40)
	hs.start()
	hs.serve()
	hs.key("s") // oldest: never loaded; cache it through the client
	hs.start()
	hs.serve()
	hs.restart()
	hs.start()
	hs.serve()                        // newest shown and revalidated
	readCache := hs.send(keyMsg("s")) // oldest: its cache read is started, not run yet
	hs.key("s")                       // back to newest before oldest's cache arrives
	hs.srv.ResetRequests()
	hs.run(readCache) // applied to oldest, not shown: no request
	if n := len(hs.srv.Requests()); n != 0 {
		t.Fatalf("%d requests for a sort not shown", n)
	}
	hs.key("s") // oldest again
	if reqs := hs.srv.Requests(); len(reqs) != 1 || reqs[0].Path != pagePath(0, imgur.SortOldest) || reqs[0].Header.Get("If-None-Match") == "" {
		t.Fatalf("a sort shown from its cache is not revalidated: %+v", reqs)
	}
	hs.serve()
	if f := hs.m.list.cur(); f.cached || len(f.items) != 60 {
		t.Errorf("oldest: cached %v, %d items", f.cached, len(f.items))
	}
}
