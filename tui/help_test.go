package tui

import (
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 40×12 the help is one column, never cut to "…", and scrolls to its
// end, where the legend explains the list's marks.
func TestHelpNarrowIsOneScrollingColumn(t *testing.T) {
	hs := newHarness(t, favs(10), 40, 12)
	hs.start()
	hs.serve()
	hs.key("?")
	seen := hs.view()
	if strings.Contains(seen, "…") {
		t.Errorf("help cut:\n%s", seen)
	}
	for range 40 {
		hs.key("j")
		seen += hs.view()
	}
	if !hs.m.showHelp {
		t.Fatal("j closed the help")
	}
	for _, want := range []string{"half page down", "details", "open media", "newest/oldest", "quit",
		"Marks", "alb 3", "NSFW", "◉", "views", "(alb ? until"} {
		if !strings.Contains(seen, want) {
			t.Errorf("scrolling the help never shows %q", want)
		}
	}
	hs.key("g")
	if top := hs.view(); !strings.Contains(top, "↑/k") {
		t.Errorf("g does not go back to the top:\n%s", top)
	}
	hs.key("G")
	if end := hs.view(); !strings.Contains(end, "the selected favorite") {
		t.Errorf("G does not reach the end:\n%s", end)
	}
	hs.key("esc")
	if hs.m.showHelp {
		t.Error("esc does not close the help")
	}
	hs.key("?")
	if v := hs.view(); !strings.Contains(v, "↑/k") {
		t.Errorf("the help does not open at the top:\n%s", v)
	}
}

// At 120 columns the groups sit side by side, and only the bindings in
// force show.
func TestHelpWideShowsColumnsInForce(t *testing.T) {
	hs := newHarness(t, favs(10), 120, 40)
	hs.start()
	hs.serve()
	hs.key("?")
	v := hs.view()
	var row string
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "↑/k") {
			row = l
		}
	}
	if !contains(row, "up", "details", "newest/oldest") {
		t.Errorf("columns not side by side: %q", row)
	}
	if strings.Contains(v, "clear filter") {
		t.Errorf("esc clear filter shown without a filter:\n%s", v)
	}
	if strings.Contains(v, "↑↓") {
		t.Errorf("a help that fits says it scrolls:\n%s", v)
	}
}

// The detail's help has no legend, and lists every binding of the screen,
// also those that do nothing just now (previous, on the first favorite);
// the hints in the status bar keep to what acts.
func TestHelpDetailInForce(t *testing.T) {
	hs := newHarness(t, favs(10), 120, 40)
	hs.start()
	hs.serve()
	hs.key("enter")
	if strings.Contains(lastLine(hs.view()), "previous") {
		t.Errorf("the hints offer previous on the first favorite: %q", lastLine(hs.view()))
	}
	hs.key("?")
	v := hs.view()
	if strings.Contains(v, "Marks") || !contains(v, "previous", "next", "previous image", "half page down", "bottom", "esc/backspace/q", "pgdn/ctrl+f/space") {
		t.Errorf("detail help:\n%s", v)
	}
}

// The help's header never cuts its numbers: on a narrow screen the hint
// to close goes first, then "Keys".
func TestHelpHeaderKeepsItsPlaceWhole(t *testing.T) {
	for _, w := range []int{20, 26, 30, 40, 80} {
		hs := newHarness(t, favs(10), w, 6)
		hs.start()
		hs.serve()
		hs.key("?", "G")
		header := strings.TrimSpace(splitLines(plain(hs.view()))[1])
		if !strings.HasSuffix(header, "/"+itoa(len(hs.m.help.lines))) || ansi.StringWidth(header) > w {
			t.Errorf("at %d columns the help's header is %q", w, header)
		}
	}
}

// Opening and closing the help are screen changes for the debug log.
func TestHelpIsLoggedAsAScreen(t *testing.T) {
	hs := newHarness(t, favs(10), 80, 24)
	var mu sync.Mutex
	var events []string
	opts := hs.options()
	opts.Debug = func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
	hs.m = sized(t, New(opts), 80, 24)
	hs.start()
	hs.serve()
	hs.key("?")
	if l := lastLine(hs.view()); !strings.Contains(l, "esc close help") || strings.Contains(l, "details") ||
		strings.Contains(l, "scroll") && !hs.m.help.scrolls() {
		t.Errorf("the bar's hints while the help is open (scrolls %v): %q", hs.m.help.scrolls(), l)
	}
	hs.key("?")
	mu.Lock()
	defer mu.Unlock()
	got := strings.Join(events, "\n")
	if !strings.Contains(got, "screen help\n") || !strings.HasSuffix(got, "screen help closed") {
		t.Errorf("events:\n%s", got)
	}
}
