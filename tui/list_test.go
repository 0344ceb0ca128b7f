package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func TestPrefetchWithinOneScreenOfTheEnd(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40) // 37 item rows
	hs.start()
	hs.serve()
	if n := len(hs.items()); n != 60 {
		t.Fatalf("loaded %d, want 60", n)
	}
	rows := hs.m.list.rows()
	for range 60 - 1 - rows - 1 {
		hs.key("j")
	}
	if hs.m.list.cur().inflight {
		t.Fatalf("requested with the cursor %d rows from the end", 60-1-hs.m.list.cur().cursor)
	}
	hs.key("j")
	if !hs.m.list.cur().inflight || hs.m.list.cur().pending != 1 {
		t.Fatalf("no request for page 1 with the cursor one screen from the end")
	}
}

func TestOneRequestInFlight(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	before := hs.favoriteRequests()
	hs.key("G") // last loaded: wants page 1
	if !hs.m.list.cur().inflight {
		t.Fatal("G did not load more")
	}
	for range 5 {
		hs.key("G", "j", "pgdown")
	}
	hs.serve()
	if n := hs.favoriteRequests() - before; n != 1 {
		t.Errorf("%d requests for one page, want 1", n)
	}
}

func TestEndOfListAndEveryPageOnce(t *testing.T) {
	hs := newHarness(t, favs(130), 120, 40)
	hs.start()
	hs.serve()
	for range 10 {
		hs.key("G")
		hs.serveAll()
	}
	if n := len(hs.items()); n != 130 || !hs.m.list.cur().complete {
		t.Fatalf("loaded %d, complete %v", n, hs.m.list.cur().complete)
	}
	// Pages 0, 1, 2 and the empty page 3, each once.
	for p := range 4 {
		path := "/3/account/demo/favorites/" + itoa(p) + "/newest"
		if n := hs.srv.Count("GET", path); n != 1 {
			t.Errorf("%s requested %d times", path, n)
		}
	}
	if v := hs.view(); !contains(v, "all 130 favorites", "all 130") {
		t.Errorf("end not shown:\n%s", v)
	}
	hs.key("G")
	if hs.m.list.cur().inflight {
		t.Error("requested past the end")
	}
}

func TestDuplicatesAreDropped(t *testing.T) {
	all := favs(100)
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	// A new favorite pushes everything down: page 1 now starts with the
	// last item of page 0.
	hs.srv.AddFavorite(imgurtest.Favorite{ID: "brandnew", Title: imgurtest.Str("new"), Type: "image/png"})
	hs.key("G")
	hs.serveAll()
	seen := map[string]bool{}
	for _, it := range hs.items() {
		if seen[it.ID] {
			t.Fatalf("duplicate %s", it.ID)
		}
		seen[it.ID] = true
	}
	if len(hs.items()) != 100 {
		t.Errorf("%d items, want the 100 known then", len(hs.items()))
	}
}

func TestInstantStartFromCache(t *testing.T) {
	hs := newHarness(t, favs(200), 120, 40)
	hs.start()
	hs.serve()
	hs.key("G")
	hs.serve() // pages 0 and 1 cached
	hs.srv.ResetRequests()

	hs.restart()
	hs.start()
	if n := len(hs.items()); n != 120 {
		t.Fatalf("cache showed %d items, want 120 before any response", n)
	}
	if !strings.Contains(hs.view(), "checking…") {
		t.Errorf("no revalidation marker:\n%s", hs.view())
	}
	if !hs.m.list.cur().inflight || hs.m.list.cur().pending != 0 {
		t.Fatal("page 0 not revalidated")
	}
	hs.serve()
	reqs := hs.srv.Requests()
	if len(reqs) != 1 || reqs[0].Header.Get("If-None-Match") == "" || reqs[0].Status != 304 {
		t.Fatalf("revalidation: %+v", reqs)
	}
	if n := len(hs.items()); n != 120 || hs.m.list.cur().cached {
		t.Errorf("after 304: %d items, cached %v", n, hs.m.list.cur().cached)
	}
	// Scrolling on continues with page 2, not page 0 again.
	hs.key("G")
	if hs.m.list.cur().pending != 2 {
		t.Errorf("next page %d, want 2", hs.m.list.cur().pending)
	}
}

func TestChangedPage0RebuildsTheList(t *testing.T) {
	hs := newHarness(t, favs(200), 120, 40)
	hs.start()
	hs.serve()
	hs.key("G")
	hs.serve()
	hs.srv.AddFavorite(imgurtest.Favorite{ID: "fresh01", Title: imgurtest.Str("fresh"), Type: "image/jpeg"})
	hs.restart()
	hs.start()
	selected := hs.items()[0].ID
	hs.serve()
	if first := hs.items()[0]; first.ID != "fresh01" || len(hs.items()) != 60 {
		t.Fatalf("after a changed page 0: first %s, %d items", first.ID, len(hs.items()))
	}
	if it, _ := hs.m.list.Selected(); it.ID != selected {
		t.Errorf("the cursor left the selected favorite")
	}
	hs.key("G")
	if hs.m.list.cur().pending != 1 {
		t.Errorf("next page %d, want 1", hs.m.list.cur().pending)
	}
}

func TestOfflineStartKeepsTheCache(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 40)
	hs.start()
	hs.serve()
	hs.srv.Close() // Imgur is gone
	hs.restart()
	hs.start()
	hs.serve()
	v := hs.view()
	if len(hs.items()) != 60 || !contains(v, "offline", "data from 3 h ago", "fav 0", "cannot reach Imgur") {
		t.Errorf("offline start:\n%s", v)
	}
	hs.key("r")
	if !hs.m.list.cur().inflight {
		t.Error("r does not retry")
	}
}

func TestFailedRevalidationSaysSo(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 40)
	hs.start()
	hs.serve()
	hs.restart()
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.BareData})
	hs.start()
	hs.serve()
	if v := hs.view(); strings.Contains(v, "checking") || !strings.Contains(v, "from the cache, 3 h ago (r reloads)") {
		t.Errorf("after a failed revalidation:\n%s", v)
	}
}

func TestOutageIsOneLine(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 40)
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.HTMLOutage, Times: -1})
	hs.start()
	hs.serve()
	status := lastLine(hs.view())
	if !strings.Contains(status, "Imgur is unavailable") || strings.ContainsAny(status, "<>") {
		t.Errorf("status = %q", status)
	}
}

func lastLine(s string) string {
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	hostile := []string{"\x1b]0;pwned\x07title", "\x1b[2J\x1b[Hclear", "\x1b]52;c;aGk=\x07clip", "evil\u202eexe", "\u009b31mC1", "bell\a"}
	var fs []imgurtest.Favorite
	for i, h := range hostile {
		fs = append(fs, imgurtest.Favorite{ID: "h" + itoa(i), Title: imgurtest.Str(h), Description: imgurtest.Str(h + "\n" + h),
			AccountURL: imgurtest.Str(h), Tags: []string{h}, Type: "image/jpeg"})
	}
	hs := newHarness(t, fs, 120, 40)
	hs.start()
	hs.serve()
	check := func(where, out string) {
		for _, bad := range []string{"\x07", "\x1b]", "\x1b[2J", "\x1b[H", "\u202e", "\u009b", "\x1bP"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: %q reached the terminal", where, bad)
			}
		}
	}
	check("list", hs.m.View().Content)
	for range hostile {
		hs.key("enter")
		check("detail", hs.m.View().Content)
		hs.key("esc", "j")
	}
}

func TestDetailView(t *testing.T) {
	all := imgurtest.Generate(40, 5)
	albumAt := -1
	for i, f := range all {
		if f.IsAlbum && !f.EmbedImages {
			albumAt = i
			break
		}
	}
	if albumAt < 0 {
		t.Fatal("no album without images")
	}
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	hs.key("enter")
	if hs.m.screen != screenDetail {
		t.Fatal("enter did not open the detail view")
	}
	first := hs.items()[0]
	if v := hs.view(); !contains(v, "Kind", "Views", "Posted", "Page", imgur.PageURL(first)) {
		t.Errorf("detail:\n%s", v)
	}
	// → moves to the next favorite without leaving.
	hs.key("right")
	if hs.m.detail.item.ID != hs.items()[1].ID || hs.m.screen != screenDetail {
		t.Error("→ did not show the next favorite")
	}
	hs.key("left", "left")
	if hs.m.detail.item.ID != first.ID {
		t.Error("← did not go back (or went past the first)")
	}
	// An album without images fetches them.
	for range albumAt - 1 {
		hs.key("l")
	}
	// l reports a step; the root's answer starts the fetch.
	cmd := hs.send(hs.send(keyMsg("l"))())
	album := hs.m.detail.item
	if !album.IsAlbum || !hs.m.detail.loading || !strings.Contains(hs.view(), "loading the album's images") {
		t.Fatalf("album %s: loading %v", album.ID, hs.m.detail.loading)
	}
	hs.run(cmd)
	if n := hs.srv.Count("GET", "/3/album/"+album.ID+"/images"); n != 1 {
		t.Errorf("album images requested %d times, want 1", n)
	}
	want := all[albumAt].Images
	v := hs.view()
	if !strings.Contains(v, "Images ("+itoa(len(want))+")") || hs.m.detail.loading || len(hs.m.detail.images) != len(want) {
		t.Errorf("album images not shown:\n%s", v)
	}
	// Coming back does not fetch again.
	hs.srv.ResetRequests()
	hs.key("l", "h")
	if hs.m.detail.loading || hs.srv.Count("GET", "/3/album/") != 0 {
		t.Error("the album was fetched twice")
	}
	hs.key("esc")
	if hs.m.screen != screenList {
		t.Error("esc did not go back")
	}
}

func TestDetailScrollsLongDescriptions(t *testing.T) {
	long := strings.Repeat("A long line of description. ", 200)
	hs := newHarness(t, []imgurtest.Favorite{{ID: "abc1234", Title: imgurtest.Str("long"), Description: imgurtest.Str(long), Type: "image/png"}}, 60, 12)
	hs.start()
	hs.serve()
	hs.key("enter")
	top := hs.view()
	hs.key("j", "j", "j")
	if hs.view() == top || hs.m.detail.vp.YOffset() != 3 {
		t.Errorf("j does not scroll (offset %d)", hs.m.detail.vp.YOffset())
	}
}

func TestFilter(t *testing.T) {
	all := favs(60)
	all[7].Title = imgurtest.Str("A red panda eating bamboo")
	all[30].Tags = []string{"pandas"}
	all[45].AccountURL = imgurtest.Str("pandalover")
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	hs.key("j", "j")
	hs.key("/")
	for _, r := range "PANDA" {
		hs.run(hs.send(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	// Fuzzy: scattered letters match too, but whole words rank first.
	if n := hs.m.list.visibleLen(); n < 3 || n == 60 {
		t.Fatalf("%d matches for panda", n)
	}
	top := map[string]bool{}
	for i := range 3 {
		top[hs.m.list.itemAt(i).ID] = true
	}
	for _, i := range []int{7, 30, 45} {
		if !top[all[i].ID] {
			t.Errorf("favorite %d (title, tag or uploader match) is not among the first three", i)
		}
	}
	if v := hs.view(); !contains(v, "of 60", "A red panda eating bamboo") {
		t.Errorf("filtered view:\n%s", v)
	}
	hs.key("enter", "j")
	picked, _ := hs.m.list.Selected()
	hs.key("esc")
	if hs.m.list.visibleLen() != 60 {
		t.Error("esc did not clear the filter")
	}
	if it, _ := hs.m.list.Selected(); it.ID != picked.ID {
		t.Error("clearing the filter lost the selection")
	}
}

// The filter matches in a command; while it runs the list says so, and
// only the newest search's result is shown.
func TestFilterNewestSearchWins(t *testing.T) {
	all := favs(60)
	all[7].Title = imgurtest.Str("A red panda eating bamboo")
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	hs.key("/")
	older := hs.send(tea.KeyPressMsg{Code: 'x', Text: "x"})
	newer := hs.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	hs.run(hs.send(tea.PasteMsg{Content: "panda eating"}))
	if v := hs.view(); !strings.Contains(v, "A red panda eating bamboo") {
		t.Fatalf("after the search:\n%s", v)
	}
	n := hs.m.list.visibleLen()
	hs.run(older)
	hs.run(newer)
	if hs.m.list.visibleLen() != n {
		t.Errorf("an older search's result replaced the newest: %d matches, want %d", hs.m.list.visibleLen(), n)
	}
	// A new search shows that it runs until its result arrives.
	hs.key("enter")
	hs.key("esc", "/")
	pending := hs.send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if v := hs.view(); !strings.Contains(v, "searching…") {
		t.Errorf("no sign of the running search:\n%s", v)
	}
	hs.run(pending)
}

// A page that arrives under a filter is searched too.
func TestFilterSearchesNewPages(t *testing.T) {
	all := favs(300)
	all[100].Title = imgurtest.Str("A red panda eating bamboo")
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	hs.key("G") // page 1, held
	hs.key("/")
	hs.run(hs.send(tea.PasteMsg{Content: "red panda eating"}))
	hs.key("enter")
	if strings.Contains(hs.view(), "A red panda eating bamboo") {
		t.Fatal("matched before its page arrived")
	}
	hs.serve()
	if v := hs.view(); !strings.Contains(v, "A red panda eating bamboo") {
		t.Errorf("the page that arrived under the filter was not searched:\n%s", v)
	}
}

func TestMouse(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 40)
	hs.start()
	hs.serve()
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if c := hs.m.list.cur().cursor; c != 3 {
		t.Errorf("wheel: cursor %d, want 3", c)
	}
	hs.send(tea.MouseClickMsg{Button: tea.MouseLeft, Y: headerLines + 10})
	if c := hs.m.list.cur().cursor; c != 10 {
		t.Errorf("click: cursor %d, want 10", c)
	}
	hs.run(hs.send(tea.MouseClickMsg{Button: tea.MouseLeft, Y: headerLines + 10}))
	if hs.m.screen != screenDetail {
		t.Error("a click on the selected row does not open it")
	}
}

func TestHelpShowsTheScreensKeys(t *testing.T) {
	hs := newHarness(t, favs(10), 120, 40)
	hs.start()
	hs.serve()
	hs.key("?")
	if v := hs.view(); !contains(v, "newest/oldest", "open media", "copy page URL", "search", "half page down") {
		t.Errorf("list help:\n%s", v)
	}
	hs.key("?", "j", "enter", "?")
	if v := hs.view(); !contains(v, "previous", "next", "back", "scroll down", "half page down", "bottom") {
		t.Errorf("detail help:\n%s", v)
	}
	hs.key("esc")
	if hs.m.showHelp || hs.m.screen != screenDetail {
		t.Error("esc did not close the help only")
	}
}
