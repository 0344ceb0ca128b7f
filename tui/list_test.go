package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

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
	if i, id := hs.settings.Cursor("demo", imgur.SortNewest); i != 3 || id != hs.m.list.feeds[0].items[3].ID {
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

func TestCreditsAndPauses(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.srv.SetCredits(150, 12000, testNow.Add(time.Hour))
	hs.start()
	hs.serve()
	st := hs.m.styles
	bar := hs.m.status.View(hs.m.statusFacts())
	if !strings.Contains(bar, st.StatusWarn.Render("user 149/2000")) || !strings.Contains(bar, st.Status.Render("app 11999/12500")) {
		t.Errorf("credit colours wrong in %q", bar)
	}
	if !strings.Contains(screen(hs.m), "resets 10:00") {
		t.Errorf("no reset time:\n%s", lastLine(screen(hs.m)))
	}

	// No credits left: prefetch stops and says until when.
	hs.srv.SetCredits(1, 12000, testNow.Add(time.Hour))
	hs.key("G")
	hs.serve() // spends the last credit
	hs.srv.ResetRequests()
	hs.key("G")
	if hs.m.list.cur().inflight || len(hs.srv.Requests()) != 0 {
		t.Fatal("prefetched with no credits left")
	}
	if v := hs.view(); !strings.Contains(v, "loading paused") || !strings.Contains(lastLine(v), "no API credits left; loading resumes at 10:00") {
		t.Errorf("no pause shown:\n%s", v)
	}
}

func TestTooManyRequestsPausesUntilR(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Times: 2})
	hs.key("G")
	hs.serve()
	if !strings.Contains(lastLine(hs.view()), "too many requests") {
		t.Errorf("status: %q", lastLine(hs.view()))
	}
	hs.srv.ResetRequests()
	hs.key("G", "j", "G")
	if len(hs.srv.Requests()) != 0 || hs.m.list.cur().inflight {
		t.Fatal("requests after a 429 before r")
	}
	hs.key("r")
	if !hs.m.list.cur().inflight {
		t.Error("r does not resume")
	}
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
	cmd := hs.send(keyMsg("l"))
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

func TestOpenAndCopy(t *testing.T) {
	all := favs(5)
	all[0].Type, all[0].Animated, all[0].IsAlbum = "video/mp4", true, false
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	it := hs.items()[0]
	hs.key("o", "O")
	want := []string{imgur.PageURL(it), "https://i.imgur.com/" + it.ID + ".mp4"}
	if strings.Join(hs.opener.urls, " ") != strings.Join(want, " ") {
		t.Errorf("opened %v, want %v", hs.opener.urls, want)
	}
	if !strings.Contains(lastLine(hs.view()), "opened "+want[1]) {
		t.Errorf("after O: %q", lastLine(hs.view()))
	}
	// A copy claims only that the URL was sent to the terminal.
	hs.key("y")
	if v := lastLine(hs.view()); !strings.Contains(v, "sent "+imgur.PageURL(it)+" to the terminal's clipboard") || strings.Contains(v, "copied") {
		t.Errorf("y: %q", v)
	}
	hs.key("Y")
	if !strings.Contains(lastLine(hs.view()), "sent https://i.imgur.com/") {
		t.Errorf("Y: %q", lastLine(hs.view()))
	}
	// Without a browser the URL is shown.
	opts := hs.options()
	opts.Opener = nil
	hs.m = sized(t, New(opts), 120, 40)
	hs.start()
	hs.serve()
	if cmd := hs.send(keyMsg("o")); cmd != nil {
		hs.run(cmd)
	}
	if len(hs.opener.urls) != 2 || !strings.Contains(lastLine(hs.view()), "no browser here: "+imgur.PageURL(it)) {
		t.Errorf("o without a browser: %q", lastLine(hs.view()))
	}
}

// failingOpener is a $BROWSER that exits with an error.
type failingOpener struct{ urls []string }

func (f *failingOpener) Open(u string) error {
	f.urls = append(f.urls, u)
	return errors.New("exit status 3")
}

// An opener that fails is an error with the URL, not "opening …".
func TestFailedOpenIsAnErrorWithTheURL(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 40)
	hs.start()
	hs.serve()
	op := &failingOpener{}
	opts := hs.options()
	opts.Opener = op
	hs.m = sized(t, New(opts), 120, 40)
	hs.start()
	hs.serve()
	hs.key("o")
	u := imgur.PageURL(hs.items()[0])
	v := lastLine(hs.view())
	if len(op.urls) != 1 || !strings.Contains(v, "could not open the browser (exit status 3): "+u) || strings.Contains(v, "opening") {
		t.Errorf("after a failed open: %q", v)
	}
	if hs.m.status.isErr != true {
		t.Error("a failed open is not shown as an error")
	}
	// It stays: errors do not fade.
	hs.advance(time.Minute)
	if !strings.Contains(lastLine(hs.view()), "could not open the browser") {
		t.Errorf("the error faded: %q", lastLine(hs.view()))
	}
	// The next action ends it.
	hs.key("j")
	if strings.Contains(lastLine(hs.view()), "could not open the browser") {
		t.Errorf("the error outlived the next action: %q", lastLine(hs.view()))
	}
}

// Messages other than errors fade after about five seconds; a newer
// message is not ended by an older one's timer.
func TestMessagesFade(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 40)
	hs.start()
	hs.serve()
	hs.key("y")
	if !strings.Contains(lastLine(hs.view()), "terminal's clipboard") {
		t.Fatalf("no message: %q", lastLine(hs.view()))
	}
	hs.advance(3 * time.Second)
	hs.key("j", "Y") // a newer message
	hs.advance(3 * time.Second)
	if !strings.Contains(lastLine(hs.view()), "sent https://i.imgur.com/") {
		t.Errorf("the newer message went with the older one's timer: %q", lastLine(hs.view()))
	}
	hs.advance(3 * time.Second)
	if strings.Contains(lastLine(hs.view()), "sent ") {
		t.Errorf("the message did not fade: %q", lastLine(hs.view()))
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
		hs.send(tea.KeyPressMsg{Code: r, Text: string(r)})
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
	if v := hs.view(); !contains(v, "newest/oldest", "open media", "copy page URL", "filter", "half page down") {
		t.Errorf("list help:\n%s", v)
	}
	hs.key("?", "enter", "?")
	if v := hs.view(); !contains(v, "previous", "next", "back", "scroll down") {
		t.Errorf("detail help:\n%s", v)
	}
	hs.key("esc")
	if hs.m.showHelp || hs.m.screen != screenDetail {
		t.Error("esc did not close the help only")
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

// A reset that is not today shows its date, in the credits and in the
// pause message: "until 10:00" must not read as today when it is tomorrow.
func TestResetTimeShowsTheDateWhenNotToday(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	tomorrow := testNow.Add(25 * time.Hour) // Nov 23 10:00
	hs.srv.SetCredits(1, 12000, tomorrow)
	hs.start()
	hs.serve() // spends the last credit
	hs.key("G")
	if v := hs.view(); !strings.Contains(lastLine(v), "no API credits left; loading resumes at Nov 23 10:00") {
		t.Errorf("pause message without the date: %q", lastLine(v))
	}
	hs.m.status.message("") // room for the credits
	if v := hs.view(); !strings.Contains(lastLine(v), "resets Nov 23 10:00") {
		t.Errorf("reset without the date: %q", lastLine(v))
	}
	if got := clock(testNow.Add(time.Hour), testNow); got != "10:00" {
		t.Errorf("a reset today shows %q, want 10:00", got)
	}
}
