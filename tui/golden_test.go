package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"

	tea "charm.land/bubbletea/v2"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares a view, without ANSI, with testdata/<name>.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./tui -update rewrites it)\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// goldenFavs is a fixed set with every kind, a long title, wide text, an
// untitled item, NSFW, and an album with and without embedded images.
func goldenFavs() []imgurtest.Favorite {
	fs := imgurtest.Generate(80, 42)
	fs[0].Title = imgurtest.Str("Restored my grandfather's toolbox")
	fs[0].Description = imgurtest.Str("Took about a week of evenings.\nThe hinges were the hardest part: rusted solid, soaked in oil for two days.")
	fs[0].Tags = []string{"woodworking", "restoration"}
	fs[1].Title = imgurtest.Str("東京の夜景 🐱 and a title long enough to need cutting at every width we test")
	fs[2].Title = nil
	return fs
}

func firstAlbum(t *testing.T, hs *harness) int {
	for i, it := range hs.items() {
		if it.IsAlbum && it.Images != nil && len(it.Images) > 1 {
			return i
		}
	}
	t.Fatal("no album with embedded images")
	return 0
}

func TestGoldenViews(t *testing.T) {
	// Each case brings a fresh logged-in list (page 0 loaded) to a screen.
	cases := []struct {
		name string
		show func(t *testing.T, hs *harness)
	}{
		{"list", func(t *testing.T, hs *harness) { hs.key("j") }},
		{"detail-image", func(t *testing.T, hs *harness) { hs.key("enter") }},
		{"detail-album", func(t *testing.T, hs *harness) {
			for range firstAlbum(t, hs) {
				hs.key("j")
			}
			hs.key("enter")
		}},
		{"help", func(t *testing.T, hs *harness) { hs.key("?") }},
		{"folders", func(t *testing.T, hs *harness) {
			hs.srv.SetFolders(imgurtest.GenerateFolders(goldenFavs(), 4))
			hs.key("F", "j")
		}},
		{"comments", func(t *testing.T, hs *harness) {
			hs.srv.SetComments(hs.items()[0].ID, goldenComments())
			hs.key("enter", "c", "enter")
		}},
		{"offline", func(t *testing.T, hs *harness) {
			hs.srv.Close()
			hs.restart()
			hs.start()
			hs.serve()
		}},
	}
	for _, size := range [][2]int{{40, 12}, {120, 40}} {
		w, h := size[0], size[1]
		suffix := "-" + itoa(w) + "x" + itoa(h)
		for _, c := range cases {
			t.Run(c.name+suffix, func(t *testing.T) {
				hs := newHarness(t, goldenFavs(), w, h)
				hs.start()
				hs.serve()
				c.show(t, hs)
				golden(t, c.name+suffix, hs.view())
			})
		}
		login := func(t *testing.T, opener Opener) Model {
			c, err := imgur.New(imgur.Config{APIURL: "http://127.0.0.1:8080", ClientID: imgurtest.ClientID})
			if err != nil {
				t.Fatal(err)
			}
			m := sized(t, New(Options{Client: c, NewState: func() (string, error) { return "0123456789abcdef0123456789abcdef", nil },
				Opener: opener, RedirectAddr: "127.0.0.1:8765"}), w, h)
			m, _ = update(t, m, callbackStartedMsg{state: m.login.state, cb: &fakeCallback{}})
			return m
		}
		t.Run("login"+suffix, func(t *testing.T) {
			m := login(t, &recordingOpener{})
			m, _ = update(t, m, tea.PasteMsg{Content: "not a url"})
			m, _ = update(t, m, enter)
			golden(t, "login"+suffix, screen(m))
		})
		t.Run("login-first-no-browser"+suffix, func(t *testing.T) {
			golden(t, "login-first-no-browser"+suffix, screen(login(t, nil)))
		})
		t.Run("login-masked"+suffix, func(t *testing.T) {
			m := login(t, &recordingOpener{})
			m, _ = update(t, m, tea.PasteMsg{Content: "#access_token=0123456789abcdef&refresh_token=fedcba9876543210&state=x"})
			golden(t, "login-masked"+suffix, screen(m))
		})
	}
	for _, size := range [][2]int{{1, 1}, {12, 3}, {19, 8}} {
		name := "tiny-" + itoa(size[0]) + "x" + itoa(size[1])
		t.Run(name, func(t *testing.T) {
			hs := newHarness(t, goldenFavs(), size[0], size[1])
			hs.start()
			hs.serve()
			golden(t, name, hs.view())
		})
	}
}

// goldenComments is a thread with replies, a deleted comment, hostile
// text, a long word and wide characters.
func goldenComments() []imgurtest.Comment {
	at := func(h int) int64 { return testNow.Add(-time.Duration(h) * time.Hour).Unix() }
	return []imgurtest.Comment{
		{ID: 1, Author: imgurtest.Str("PixelPirate"), Text: imgurtest.Str("That finish is gorgeous. What oil did you use on the handles?"), Ups: 120, Downs: 4, Datetime: at(20),
			Children: []imgurtest.Comment{
				{ID: 2, Author: imgurtest.Str("AlwaysColtron"), Text: imgurtest.Str("Boiled linseed, three coats."), Ups: 40, Datetime: at(19)},
				{ID: 3, Deleted: true, Datetime: at(18)},
			}},
		{ID: 4, Author: imgurtest.Str("quietfox"), Text: imgurtest.Str("\x1b[31mred\x1b[0m 猫が好きです 🐱 and " + strings.Repeat("x", 60)), Ups: 30, Downs: 2, Datetime: at(30)},
		{ID: 5, Author: imgurtest.Str("Sam"), Text: imgurtest.Str("first paragraph\n\nsecond one"), Ups: 3, Datetime: at(400 * 24)},
	}
}
