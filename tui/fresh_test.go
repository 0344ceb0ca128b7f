package tui

import (
	"strings"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// TestNewSinceLastSession runs three sessions on one account: the first
// marks nothing; after three favorites are added, the second marks them,
// counts them and n visits them; the third, with nothing added, marks
// nothing again.
func TestNewSinceLastSession(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 30)
	hs.start()
	hs.serveAll()
	if n := hs.m.list.newCount(); n != 0 {
		t.Fatalf("the first session marks %d new", n)
	}
	hs.key("s") // the oldest-first list's edge is its end: seen whole
	loadAll(hs)
	hs.key("s", "q")

	added := []imgurtest.Favorite{}
	for i, f := range imgurtest.Generate(3, 7) {
		f.ID = "new" + itoa(i) + "aaaa"
		f.Title = imgurtest.Str("new " + itoa(i))
		f.IsAlbum, f.Images = false, nil
		added = append(added, f)
		hs.srv.AddFavorite(f)
	}
	hs.restart()
	hs.start()
	hs.serveAll()
	if n := hs.m.list.newCount(); n != 3 {
		t.Fatalf("%d new, want the 3 added", n)
	}
	if s := lastLine(hs.view()); !strings.Contains(s, "3 new") {
		t.Errorf("status %q lacks 3 new", s)
	}
	rows := strings.Split(hs.view(), "\n")
	for i := 0; i < 3; i++ {
		if row := rows[2+i]; !strings.Contains(row, "●") && i > 0 {
			t.Errorf("row %d is not marked new: %q", i, row)
		}
	}
	if row := rows[5]; strings.Contains(row, "●") {
		t.Errorf("an old favorite is marked new: %q", row)
	}
	hs.key("G", "n")
	if c := hs.m.list.cur().cursor; c != 0 {
		t.Fatalf("n from the end: cursor %d, want 0 (wrapping)", c)
	}
	hs.key("n", "n", "n")
	if c := hs.m.list.cur().cursor; c != 0 {
		t.Fatalf("n three times more: cursor %d, want back at 0", c)
	}
	// The oldest-first list has them at its end.
	hs.key("s")
	loadAll(hs)
	if n := hs.m.list.newCount(); n != 3 {
		t.Errorf("oldest first: %d new, want 3", n)
	}
	hs.key("s", "q")

	hs.restart()
	hs.start()
	hs.serveAll()
	if n := hs.m.list.newCount(); n != 0 {
		t.Fatalf("the third session marks %d new, want none", n)
	}
	hs.key("n")
	if s := lastLine(hs.view()); !strings.Contains(s, "no new favorites") {
		t.Errorf("n with none: %q", s)
	}
}

// An old favorite favorited again comes back at the top of the list,
// above the new ones: the edge begins with a few of its favorites in a
// row, not with the first one met, so the new ones stay new.
func TestFreshSurvivesAFavoriteFavoritedAgain(t *testing.T) {
	tests := []struct {
		name  string
		prev  []string
		items []string
		want  []string
	}{
		{"plain", []string{"a", "b", "c", "d"}, []string{"x", "y", "a", "b", "c", "d"}, []string{"x", "y"}},
		{"favorited again", []string{"a", "b", "c", "d"}, []string{"c", "x", "y", "a", "b", "d"}, []string{"x", "y"}},
		{"nothing new", []string{"a", "b", "c", "d"}, []string{"a", "b", "c", "d"}, nil},
		{"a short edge", []string{"a"}, []string{"x", "a"}, []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFeed()
			f.setPrev(tt.prev, true)
			f.replaceItems(nil)
			for _, id := range tt.items {
				f.items = append(f.items, imgur.Item{ID: id})
			}
			f.updateFresh(false)
			var got []string
			for _, id := range tt.items {
				if f.fresh[id] {
					got = append(got, id)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("new %v, want %v", got, tt.want)
			}
		})
	}
}
