package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// TestNewScreensAtEverySize opens the comments, the folder picker and the
// account picker, then draws each at tiny and odd sizes: no panic, never
// wider or taller than the terminal.
func TestNewScreensAtEverySize(t *testing.T) {
	fs := imagesOnly(40)
	fs[0].InGallery = true
	hs := newHarness(t, fs, 80, 24)
	hs.srv.SetFolders(imgurtest.GenerateFolders(fs, 1))
	hs.srv.SetComments(fs[0].ID, goldenComments())
	hs.startWithAccounts(map[string]string{})
	screens := map[string]struct {
		open func()
		want screenID
	}{
		"comments": {func() { hs.key("enter", "c", "enter") }, screenComments},
		"folders":  {func() { hs.key("F") }, screenFolders},
		"accounts": {func() { hs.key("A") }, screenAccounts},
	}
	for name, sc := range screens {
		sc.open()
		if hs.m.screen != sc.want {
			t.Fatalf("%s did not open: screen %v", name, hs.m.screen)
		}
		for _, size := range [][2]int{{1, 1}, {2, 2}, {5, 3}, {20, 5}, {21, 6}, {40, 12}, {33, 7}, {200, 60}} {
			hs.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			v := hs.view()
			lines := splitLines(v)
			if len(lines) > size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for _, l := range lines {
				if w := lineWidth(l, hs.m.styles.width); w > size[0] {
					t.Errorf("%s at %dx%d: a line %d wide: %q", name, size[0], size[1], w, l)
					break
				}
			}
		}
		hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		hs.key("esc", "esc")
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// While the screen only says "too small", keys and clicks act on nothing
// the user cannot see: no unfavorite, no view switch, no paging; q quits.
func TestTooSmallIgnoresKeys(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 35)
	hs.start()
	hs.serve()
	hs.send(tea.WindowSizeMsg{Width: 10, Height: 3})
	hs.srv.ResetRequests()
	hs.key("f", "v", "G", "j", "s", "enter")
	hs.send(tea.MouseClickMsg{X: 2, Y: 2, Button: tea.MouseLeft})
	hs.serveAll()
	if n := len(hs.srv.Requests()); n != 0 {
		t.Errorf("%d requests went out while the screen said too small", n)
	}
	if hs.m.screen != screenList || hs.m.list.grid || hs.m.list.cur().cursor != 0 || hs.m.list.Sort() != imgur.SortNewest || len(hs.m.marks.toggling) != 0 {
		t.Errorf("keys acted unseen: screen %v grid %v cursor %d sort %s", hs.m.screen, hs.m.list.grid, hs.m.list.cur().cursor, hs.m.list.Sort())
	}
	hs.key("q")
	if !hs.quit {
		t.Error("q does not quit while too small")
	}
}
