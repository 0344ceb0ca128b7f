package tui

import "testing"

// A search keeps the selected favorite where it was on screen, with the
// matches before it above it: not at the top row with earlier matches
// hidden above.
func TestSearchKeepsTheSelectionsPlace(t *testing.T) {
	hs := newHarness(t, favs(60), 40, 12)
	hs.start()
	hs.serve()
	for range 25 {
		hs.key("j")
	}
	chosen, _ := hs.m.list.Selected()
	before := hs.m.list.cur().cursor - hs.m.list.cur().offset
	hs.key("/")
	hs.typeText(`"` + chosen.Title[:len("fav 1")] + `"`) // "fav 3": fav 3 and fav 30-39
	hs.serve()
	it, _ := hs.m.list.Selected()
	f := hs.m.list.cur()
	if it.ID != chosen.ID || f.cursor == 0 || f.cursor-f.offset != min(before, f.cursor) {
		t.Errorf("selected %q at screen row %d (index %d), want %q at row %d:\n%s", it.Title, f.cursor-f.offset, f.cursor,
			chosen.Title, min(before, f.cursor), hs.view())
	}
}

// s under a search keeps the favorite selected now, not the one selected
// when the query was typed.
func TestSortUnderSearchKeepsTheSelection(t *testing.T) {
	hs := newHarness(t, favs(60), 80, 24)
	hs.start()
	hs.serveAll()
	hs.key("/")
	hs.typeText(`"fav 1"`)
	hs.serveAll()
	hs.key("enter", "j", "j")
	now, _ := hs.m.list.Selected()
	hs.key("s")
	hs.serveAll()
	if it, _ := hs.m.list.Selected(); it.ID != now.ID {
		t.Errorf("after s the search selects %q, want %q, selected before s", it.Title, now.Title)
	}
}

// esc from a search that matches nothing goes back to the favorite
// selected before it.
func TestEscFromAnEmptySearchKeepsTheSelection(t *testing.T) {
	hs := newHarness(t, favs(60), 80, 24)
	hs.start()
	hs.serveAll()
	hs.key("j", "j", "j")
	before, _ := hs.m.list.Selected()
	hs.key("/")
	hs.typeText("жж") // in no title, tag or description: nothing matches from the first letter
	hs.serveAll()
	if hs.m.list.visibleLen() != 0 {
		t.Fatalf("жж matched %d", hs.m.list.visibleLen())
	}
	hs.key("esc")
	if it, _ := hs.m.list.Selected(); it.ID != before.ID {
		t.Errorf("after esc %q is selected, want %q", it.Title, before.Title)
	}
}
