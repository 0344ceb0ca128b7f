package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/search"
)

// searchHarness is a list of 60 favorites, three of them about pandas
// (by title, tag and uploader), and one Ñandú.
func searchHarness(t *testing.T, n int) (*harness, []imgurtest.Favorite) {
	all := favs(n)
	all[7].Title = imgurtest.Str("A red panda eating bamboo")
	all[30].Tags = []string{"pandas"}
	all[45].AccountURL = imgurtest.Str("pandalover")
	all[50].Title = imgurtest.Str("Ñandú corriendo")
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	return hs, all
}

func (hs *harness) typeText(s string) {
	hs.t.Helper()
	for _, r := range s {
		hs.run(hs.send(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
}

func shownIDs(hs *harness) []string {
	var ids []string
	for i := range hs.m.list.visibleLen() {
		ids = append(ids, hs.m.list.itemAt(i).ID)
	}
	return ids
}

func TestSearchKeepsTheListsOrder(t *testing.T) {
	hs, all := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("PANDA")
	want := []string{all[7].ID, all[30].ID, all[45].ID}
	if got := shownIDs(hs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("results %v, want %v: title, tag and uploader matches, in the list's order", got, want)
	}
	if v := hs.view(); !strings.Contains(v, "3 of 60") {
		t.Errorf("no N of M:\n%s", v)
	}
	hs.key("esc", "/")
	hs.typeText("nandu")
	if got := shownIDs(hs); fmt.Sprint(got) != fmt.Sprint([]string{all[50].ID}) {
		t.Errorf("nandu found %v, want Ñandú", got)
	}
}

func TestSearchHighlightsTheMatchedText(t *testing.T) {
	hs, _ := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("red panda")
	v := hs.m.View().Content
	if !strings.Contains(v, markOn+"red"+markOffSelected+" "+markOn+"panda"+markOffSelected) {
		t.Errorf("the matched text is not set off:\n%q", v)
	}
	hs.key("enter", "v") // the grid too
	if v := hs.m.View().Content; !strings.Contains(v, markOn+"red") {
		t.Errorf("the grid does not set off the matched text")
	}
}

func TestEmptySearchSaysNothingAboutMatches(t *testing.T) {
	hs, _ := searchHarness(t, 60)
	hs.key("/")
	v := hs.view()
	if strings.Contains(v, " of 60") || hs.m.list.visibleLen() != 60 {
		t.Errorf("an empty search claims matches or hides favorites:\n%s", v)
	}
}

// The empty field, as the filled one, stays within the list beside the
// preview pane.
func TestEmptySearchFieldStaysLeftOfThePreview(t *testing.T) {
	hs := pictureHarnessAt(t, 60, 120, 35, layout{preview: true}, &fakePictures{}, nil)
	if hs.m.list.previewWidth() == 0 {
		t.Fatal("no preview pane at 120 columns")
	}
	border := func(line string) int {
		i := strings.Index(line, "│")
		if i < 0 {
			return -1
		}
		return ansi.StringWidth(line[:i])
	}
	header := border(splitLines(plain(hs.view()))[0])
	for _, typed := range []string{"", "   ", "a"} {
		hs.key("/")
		hs.typeText(typed)
		line := splitLines(plain(hs.view()))[1]
		if got := border(line); got != header {
			t.Errorf("with %q typed the pane's border is at column %d, not %d: %q", typed, got, header, line)
		}
		hs.key("esc")
	}
}

func TestSearchScopeWhileNotAllLoaded(t *testing.T) {
	hs, _ := searchHarness(t, 300)
	hs.key("/")
	hs.typeText("panda")
	if v := hs.view(); !strings.Contains(v, "3 of 60 · 60 loaded — enter, then G loads more") {
		t.Fatalf("the scope of the search is not said while typing:\n%s", v)
	}
	before := hs.favoriteRequests()
	hs.key("enter")
	if v := hs.view(); !strings.Contains(v, "3 of 60 · 60 loaded — G loads more") {
		t.Fatalf("the scope of the search is not said after enter:\n%s", v)
	}
	hs.key("G")
	if hs.favoriteRequests() != before+1 {
		t.Errorf("G under a search loaded nothing")
	}
}

func TestBadQueryIsAHintAndKeepsResults(t *testing.T) {
	hs, _ := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("panda")
	hs.run(hs.send(tea.PasteMsg{Content: " type:jp"}))
	v := hs.view()
	if !strings.Contains(v, "type: is one of image, gif, video, album") {
		t.Errorf("no hint for a bad qualifier:\n%s", v)
	}
	if hs.m.list.visibleLen() != 3 || !strings.Contains(v, "panda type:jp") {
		t.Errorf("%d shown, want those of the last good query", hs.m.list.visibleLen())
	}
}

func TestSearchSurvivesASortSwitch(t *testing.T) {
	hs, all := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("panda")
	hs.key("enter", "s")
	hs.serveAll()
	if !hs.m.list.filter.applied() || !strings.Contains(hs.view(), "panda") {
		t.Fatalf("the search went with the sort switch:\n%s", hs.view())
	}
	want := []string{all[45].ID, all[30].ID, all[7].ID} // oldest first
	if got := shownIDs(hs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the switch %v, want %v", got, want)
	}
}

func TestNarrowingSearchesWithinEarlierHits(t *testing.T) {
	items := []imgur.Item{{ID: "a", Title: "panda"}, {ID: "b", Title: "pandas"}, {ID: "c", Title: "pandas too"}}
	var f filterState
	folds := &foldStore{}
	f.query = "pandas"
	msg := f.search(items, folds, true)().(filterMatchedMsg)
	if fmt.Sprint(msg.matches) != "[1 2]" {
		t.Fatalf("pandas matched %v", msg.matches)
	}
	// Pretend the last query was one that c did not match: a query that
	// narrows it looks only among its hits.
	f.docs, f.matches = msg.docs, []int{1}
	f.done, _ = search.Parse("pandas")
	f.doneN = len(items)
	f.query = "pandas t"
	if got := f.search(items, folds, true)().(filterMatchedMsg).matches; fmt.Sprint(got) != "[]" {
		t.Errorf("a narrowing query searched beyond the earlier hits: %v", got)
	}
	f.query = "too" // does not narrow "pandas": searches everything
	if got := f.search(items, folds, true)().(filterMatchedMsg).matches; fmt.Sprint(got) != "[2]" {
		t.Errorf("a new query found %v, want [2]", got)
	}
}

func TestSearchRefoldsChangedItems(t *testing.T) {
	var f filterState
	folds := &foldStore{}
	f.query = "panda"
	items := []imgur.Item{{ID: "a", Title: "panda"}, {ID: "b", Title: "cat"}}
	f.search(items, folds, true)()
	items = []imgur.Item{{ID: "b", Title: "cat"}, {ID: "c", Title: "red panda"}} // the list changed under it
	if got := f.search(items, folds, true)().(filterMatchedMsg).matches; fmt.Sprint(got) != "[1]" {
		t.Errorf("matches %v over rebuilt items, want [1]", got)
	}
}

// A bad query typed while the last good one is still being searched does
// not drop that search's results, and enter keeps the field open.
func TestBadQueryKeepsTheRunningSearch(t *testing.T) {
	hs, _ := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("pand")
	pending := hs.send(tea.KeyPressMsg{Code: 'a', Text: "a"})
	hs.run(hs.send(tea.PasteMsg{Content: " tag:"}))
	hs.run(pending)
	if n := hs.m.list.visibleLen(); n != 3 {
		t.Errorf("%d shown, want the 3 of the search that was running", n)
	}
	if v := hs.m.View().Content; !strings.Contains(v, markOn+"panda") {
		t.Error("the results shown are not highlighted by their own query")
	}
	hs.key("enter")
	if !hs.m.list.filter.editing {
		t.Error("enter left the field while its query does not parse")
	}
}

// Favorites are folded for search as they load, by a command: a search
// typed afterwards folds nothing, and a sort switch keeps what each sort
// folded.
func TestFavoritesAreFoldedAsTheyLoad(t *testing.T) {
	hs, _ := searchHarness(t, 60)
	f := hs.m.list.cur()
	if n := f.folds.n(); n != len(f.items) || n == 0 || f.folding {
		t.Fatalf("%d of %d favorites folded after loading (folding %v)", n, len(f.items), f.folding)
	}
	before := f.folds.docsFor(f.items)
	hs.key("/")
	hs.typeText("panda")
	if got := hs.m.list.filter.docs; len(got) != len(before) || got[0] != before[0] || got[len(got)-1] != before[len(before)-1] {
		t.Fatalf("the search folded the favorites again")
	}
	hs.key("enter", "s")
	hs.serve()
	hs.key("s")
	if got := hs.m.list.cur().folds.docsFor(hs.items()); got[0] != before[0] {
		t.Errorf("a sort switch dropped what was folded")
	}
}

// A search superseded by a newer keystroke still keeps what it folded:
// the newer one does not fold the same favorites again.
func TestSupersededSearchKeepsItsFolding(t *testing.T) {
	items := []imgur.Item{{ID: "a", Title: "red panda"}, {ID: "b", Title: "cat"}, {ID: "c", Title: "panda"}}
	var f filterState
	folds := &foldStore{}
	f.query = "p"
	first := f.search(items, folds, true)
	f.query = "pa"
	second := f.search(items, folds, true)
	old := first().(filterMatchedMsg)
	if old.gen == f.gen {
		t.Fatal("the first search was not superseded")
	}
	if folds.n() != len(items) {
		t.Fatalf("the superseded search kept %d folded favorites, want %d", folds.n(), len(items))
	}
	msg := second().(filterMatchedMsg)
	for i := range items {
		if msg.docs[i] != old.docs[i] {
			t.Errorf("favorite %d was folded twice", i)
		}
	}
	if fmt.Sprint(msg.matches) != "[0 2]" {
		t.Errorf("pa matched %v, want [0 2]", msg.matches)
	}
}

// A store whose favorites changed under it follows them, without writing
// into slices an earlier search still holds.
func TestFoldStoreFollowsChangedItems(t *testing.T) {
	folds := &foldStore{}
	a := []imgur.Item{{ID: "a", Title: "one"}, {ID: "b", Title: "two"}, {ID: "c", Title: "three"}}
	held := folds.docsFor(a)
	first := held[1]
	b := []imgur.Item{{ID: "a", Title: "one"}, {ID: "x", Title: "panda"}}
	got := folds.docsFor(b)
	if held[1] != first {
		t.Fatal("changing the items wrote into a slice an earlier caller holds")
	}
	q, _ := search.Parse("panda")
	if !q.Matches(got[1]) || len(got) != 2 || got[0] != held[0] {
		t.Errorf("the store did not follow the changed items")
	}
}

// A query longer than the field scrolls inside it: the count after it
// stays whole.
func TestLongQueryKeepsTheCountWhole(t *testing.T) {
	for _, w := range []int{40, 80, 120} {
		hs := newHarness(t, favs(30), w, 12)
		hs.start()
		hs.serve()
		hs.key("/")
		hs.typeText(strings.Repeat("z", w))
		line := strings.TrimRight(strings.Split(hs.view(), "\n")[1], " ")
		if !strings.HasSuffix(line, "0 of 30") && !strings.HasSuffix(line, "0 of 30 · 30 loaded — enter, then G loads more") {
			t.Errorf("at %d columns the search line is %q", w, line)
		}
		// Kept with enter: the query is cut, never the count.
		hs.key("enter")
		line = strings.TrimRight(strings.Split(hs.view(), "\n")[1], " ")
		if !strings.Contains(line, "z… · 0 of 30") || ansi.StringWidth(line) > w {
			t.Errorf("at %d columns the kept search's line is %q", w, line)
		}
	}
}

// A hit whose title does not show the match says where it matched.
func TestSearchSaysWhereAHitMatched(t *testing.T) {
	hs, all := searchHarness(t, 60)
	hs.key("/")
	hs.typeText("panda")
	hs.key("enter")
	v := plain(hs.view())
	lineOf := func(title string) string {
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, title) {
				return l
			}
		}
		t.Fatalf("no row of %q:\n%s", title, v)
		return ""
	}
	if l := lineOf(*all[30].Title); !strings.Contains(l, "· tag pandas") {
		t.Errorf("a tag match: %q", l)
	}
	if l := lineOf(*all[45].Title); !strings.Contains(l, "· uploader pandalover") {
		t.Errorf("an uploader match: %q", l)
	}
	if l := lineOf("A red panda eating bamboo"); strings.Contains(l, "· ") {
		t.Errorf("a title match says more: %q", l)
	}
	for _, l := range strings.Split(hs.view(), "\n") {
		if w := ansi.StringWidth(l); w > 120 {
			t.Errorf("a line %d wide: %q", w, l)
		}
	}
}

// Where a hit matched is shown whole, or as its kind alone, or not at
// all: never a name cut short.
func TestFitWhy(t *testing.T) {
	for _, tc := range []struct {
		title, room int
		want        string
	}{
		{20, 80, " · uploader frogfan"},
		{40, 40, " · uploader frogfan"}, // the title gives way, down to 15
		{40, 30, " · uploader"},
		{40, 20, ""},
		{5, 17, " · uploader"},
	} {
		if got := fitWhy("uploader frogfan", tc.title, tc.room, ansi.WcWidth); got != tc.want {
			t.Errorf("title %d in %d: %q, want %q", tc.title, tc.room, got, tc.want)
		}
	}
}

// Update never waits for a fold in progress, and a search over an older,
// shorter snapshot of the items keeps what a newer fold did.
func TestFoldStoreNeitherBlocksNorForgets(t *testing.T) {
	folds := &foldStore{}
	items := make([]imgur.Item, 300)
	for i := range items {
		items[i] = imgur.Item{ID: itoa(i), Title: "favorite " + itoa(i)}
	}
	folds.docsFor(items)
	folds.docsFor(items[:10]) // an older snapshot
	if n := folds.n(); n != 300 {
		t.Fatalf("a shorter snapshot left %d folded, want 300", n)
	}
	folds.mu.Lock() // a fold in progress
	done := make(chan int)
	go func() { done <- folds.n() }()
	select {
	case n := <-done:
		if n != 300 {
			t.Errorf("n = %d during a fold", n)
		}
	case <-time.After(5 * time.Second):
		t.Error("n waited for the fold's lock")
	}
	folds.mu.Unlock()
}

// "untitled" finds the favorites the list shows as untitled.
func TestSearchFindsUntitled(t *testing.T) {
	items := []imgur.Item{{ID: "a", Title: ""}, {ID: "b", Title: "a cat"}, {ID: "c"}}
	var f filterState
	f.query = "untitled"
	if got := f.search(items, &foldStore{}, true)().(filterMatchedMsg).matches; fmt.Sprint(got) != "[0 2]" {
		t.Errorf("untitled matched %v, want [0 2]", got)
	}
}

// A search whose hits lay beyond page 0 survives the list being rebuilt
// from a changed page 0 (r after a new favorite): no stale index is used.
func TestSearchSurvivesARebuild(t *testing.T) {
	all := favs(130)
	all[100].Title = imgurtest.Str("A lonely pangolin")
	hs := newHarness(t, all, 120, 40)
	hs.start()
	hs.serve()
	for range 3 {
		hs.key("G")
		hs.serveAll()
	}
	hs.key("/")
	hs.typeText("pangolin")
	hs.key("enter")
	if got := shownIDs(hs); len(got) != 1 || got[0] != all[100].ID {
		t.Fatalf("before: %v", got)
	}
	nf := favs(1)[0]
	nf.ID, nf.Title = "brandnew1", imgurtest.Str("brand new")
	hs.srv.AddFavorite(nf)
	hs.key("r")
	pending := hs.send(tea.KeyPressMsg{Code: 'j', Text: "j"}) // a frame before the search ran again
	_ = hs.view()
	hs.run(pending)
	hs.serveAll()
	_ = hs.view()
}
