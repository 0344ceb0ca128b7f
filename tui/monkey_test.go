package tui

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur/imgurtest"
)

// monkeyKeys are what a user might press anywhere, on any screen.
var monkeyKeys = []string{
	"j", "k", "h", "l", "up", "down", "left", "right", "g", "G", "pgup", "pgdown", "ctrl+u", "ctrl+d",
	"enter", "esc", "backspace", "s", "r", "/", "v", "p", "d", "f", "F", "A", "n", "c", "[", "]",
	"o", "O", "y", "Y", "?", "a", "x", "~", "-", " ", "\"", "t", "space", "home", "end",
}

// monkeySizes include the tiny and the odd.
var monkeySizes = [][2]int{{1, 1}, {10, 3}, {20, 5}, {33, 7}, {40, 12}, {80, 24}, {119, 30}, {120, 35}, {200, 60}}

// TestMonkey presses random keys, resizes, clicks, lets time pass and
// adds favorites on Imgur's side, on every screen, with pictures, folders, comments, accounts and downloads,
// running every command Update returns: no panic, no frame larger than
// the terminal. Seeded, so a failure replays.
func TestMonkey(t *testing.T) {
	for seed := range uint64(monkeySeeds) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			fs := favs(400)
			for i := range fs {
				fs[i].InGallery = i%3 == 0
			}
			hs := newHarness(t, fs, 120, 35)
			hs.srv.SetFolders(imgurtest.GenerateFolders(fs, 1))
			hs.srv.SetComments(fs[0].ID, goldenComments())
			opts := hs.options()
			opts.Pictures, opts.Downloads = &fakePictures{}, &fakeDownloads{}
			opts.Accounts = &fakeAccounts{srv: hs.srv, client: hs.client, tokens: map[string]string{}}
			w, h := 120, 35
			hs.m = sized(t, New(opts), w, h)
			hs.start()
			hs.serveAll()
			for step := range monkeySteps {
				switch n := r.IntN(20); {
				case n == 0:
					s := monkeySizes[r.IntN(len(monkeySizes))]
					w, h = s[0], s[1]
					hs.run(hs.send(tea.WindowSizeMsg{Width: w, Height: h}))
				case n == 1:
					hs.run(hs.send(tea.MouseClickMsg{X: r.IntN(max(w, 1)), Y: r.IntN(max(h, 1)), Button: tea.MouseLeft}))
				case n == 2:
					hs.run(hs.send(tea.MouseWheelMsg{X: r.IntN(max(w, 1)), Y: r.IntN(max(h, 1)), Button: tea.MouseWheelDown}))
				case n == 3:
					hs.serveAll()
				case n == 4:
					hs.advance(time.Duration(r.IntN(3000)) * time.Millisecond)
				case n == 5: // Imgur's list changes under the pages (r rebuilds the list)
					nf := favs(1)[0]
					nf.ID, nf.Title = fmt.Sprintf("monkey%04d", step), imgurtest.Str("a new favorite")
					hs.srv.AddFavorite(nf)
				default:
					hs.key(monkeyKeys[r.IntN(len(monkeyKeys))])
				}
				if hs.quit {
					t.Fatalf("step %d: quit without q or ctrl+c", step)
				}
				lines := splitLines(hs.view())
				if len(lines) > max(h, 1) {
					t.Fatalf("step %d at %dx%d: %d lines", step, w, h, len(lines))
				}
				for _, l := range lines {
					if lw := lineWidth(l, hs.m.styles.width); lw > max(w, 1) {
						t.Fatalf("step %d at %dx%d on screen %v: a line %d wide: %q", step, w, h, hs.m.screen, lw, l)
					}
				}
			}
		})
	}
}

// monkeySeeds and monkeySteps size the run; raise them to hunt.
var monkeySeeds, monkeySteps = 6, 400
