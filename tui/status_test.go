package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

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
	if !strings.Contains(lastLine(hs.view()), "sent "+want[1]+" to the browser") {
		t.Errorf("after O: %q", lastLine(hs.view()))
	}
	// A copy claims only that the URL was sent to the terminal.
	hs.key("y")
	if v := lastLine(hs.view()); !strings.Contains(v, "sent to the terminal's clipboard: "+imgur.PageURL(it)) || strings.Contains(v, "copied") {
		t.Errorf("y: %q", v)
	}
	hs.key("Y")
	if !strings.Contains(lastLine(hs.view()), "clipboard: https://i.imgur.com/") {
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
	if len(op.urls) != 1 || !strings.Contains(v, u+" — could not open the browser: exit status 3") || strings.Contains(v, "opening") {
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
	if !strings.Contains(lastLine(hs.view()), "clipboard: https://i.imgur.com/") {
		t.Errorf("the newer message went with the older one's timer: %q", lastLine(hs.view()))
	}
	hs.advance(3 * time.Second)
	if strings.Contains(lastLine(hs.view()), "sent ") {
		t.Errorf("the message did not fade: %q", lastLine(hs.view()))
	}
}

// A reset that is not today shows its date, in the credits and in the
// pause message: "until 10:00" must not read as today when it is tomorrow.
func TestResetTimeShowsTheDateWhenNotToday(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	tomorrow := testNow.Add(23 * time.Hour) // Nov 23 08:00, within the 24 hours a reset may lie ahead
	hs.srv.SetCredits(1, 12000, tomorrow)
	hs.start()
	hs.serve() // spends the last credit
	hs.key("G")
	if v := hs.view(); !strings.Contains(lastLine(v), "no API credits left; loading resumes at Nov 23 08:00") {
		t.Errorf("pause message without the date: %q", lastLine(v))
	}
	hs.m.status.message("") // room for the credits
	if v := hs.view(); !strings.Contains(lastLine(v), "resets Nov 23 08:00") {
		t.Errorf("reset without the date: %q", lastLine(v))
	}
	if got := clock(testNow.Add(time.Hour), testNow); got != "10:00" {
		t.Errorf("a reset today shows %q, want 10:00", got)
	}
}

// A notice at start (the database was reset, the demo) is not an error,
// and stays until the first action rather than fading unread.
func TestNoticeStaysUntilTheFirstAction(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 40)
	opts := hs.options()
	opts.Notice = "the database was damaged and has been reset"
	hs.m = sized(t, New(opts), 120, 40)
	hs.start()
	hs.serve()
	hs.advance(time.Minute)
	if !strings.Contains(lastLine(hs.view()), opts.Notice) || hs.m.status.isErr {
		t.Errorf("the notice faded or is an error: %q", lastLine(hs.view()))
	}
	hs.key("j")
	if strings.Contains(lastLine(hs.view()), opts.Notice) {
		t.Errorf("the notice outlived the first action: %q", lastLine(hs.view()))
	}
}

// The demo's explanation fades like a message; the DEMO label stays.
func TestDemoNoticeFades(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 40)
	opts := hs.options()
	opts.Demo, opts.Notice = true, "demo: sample favorites"
	hs.m = sized(t, New(opts), 120, 40)
	hs.run(hs.m.Init())
	hs.serve()
	if !strings.Contains(lastLine(hs.view()), "demo: sample favorites") {
		t.Fatalf("no notice at start: %q", lastLine(hs.view()))
	}
	hs.advance(fadeAfter)
	if v := lastLine(hs.view()); strings.Contains(v, "sample favorites") || !strings.Contains(v, "DEMO") {
		t.Errorf("after %v: %q", fadeAfter, v)
	}
}

// A window made taller shows more rows: the page they need is loaded.
func TestTallerWindowLoadsMore(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 20)
	hs.start()
	hs.serve()
	hs.key("end") // the last of page 0; page 1 arrives
	hs.serve()
	before := hs.favoriteRequests()
	hs.key("g")
	for range 50 {
		hs.key("j")
	}
	if hs.favoriteRequests() != before {
		t.Fatal("a request before the window grew")
	}
	hs.run(hs.send(tea.WindowSizeMsg{Width: 120, Height: 120}))
	if hs.favoriteRequests() != before+1 {
		t.Errorf("%d requests after the window grew, want %d", hs.favoriteRequests(), before+1)
	}
}

// A message stays where it is when the spinner starts or stops, from 80
// columns up; narrower, the spinner's room goes to the text.
func TestMessageDoesNotJumpWithTheSpinner(t *testing.T) {
	for _, tc := range []struct {
		width  int
		steady bool
	}{{40, false}, {79, false}, {80, true}, {200, true}} {
		s := newStatusBar(NewStyles(true), false, time.Now, nil)
		s.SetWidth(tc.width)
		s.errorText("boom")
		facts := statusFacts{account: "demo"}
		column := func() int {
			v := plain(s.View(facts))
			i := strings.Index(v, "boom")
			if i < 0 {
				return -1
			}
			return ansi.StringWidth(v[:i])
		}
		idle := column()
		s.SetBusy(true)
		busy := column()
		if (idle == busy) != tc.steady || idle < 0 {
			t.Errorf("at %d columns the message is at %d idle and %d busy (steady: %v)", tc.width, idle, busy, tc.steady)
		}
	}
}

// On a narrow bar whole facts make way for a message, from the end; none
// is cut in half.
func TestNarrowBarDropsWholeFacts(t *testing.T) {
	s := newStatusBar(NewStyles(true), true, time.Now, nil)
	s.SetWidth(40)
	facts := statusFacts{account: "demo-friend", sort: imgur.SortNewest, loaded: 60}
	if v := plain(s.View(facts)); !strings.Contains(v, "60 loaded") {
		t.Errorf("without a message the facts fit: %q", v)
	}
	s.errorText("could not save it: disk full")
	v := plain(s.View(facts))
	if !strings.Contains(v, "could not") || strings.Contains(v, "60 lo") && !strings.Contains(v, "60 loaded") {
		t.Errorf("at 40 columns: %q", v)
	}
}

// The help hint keeps its place whichever key help is bound to.
func TestHelpHintFollowsTheBinding(t *testing.T) {
	s := newStatusBar(NewStyles(true), true, time.Now, nil)
	s.SetWidth(80)
	help := key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "help"))
	detail := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details"))
	facts := statusFacts{account: "demo", sort: imgur.SortOldest, loaded: 60, hints: []key.Binding{detail, help}}
	s.SetRate(imgur.RateLimit{UserKnown: true, UserRemaining: 1998, UserLimit: 2000, ClientKnown: true, ClientRemaining: 12498, ClientLimit: 12500})
	if v := plain(s.View(facts)); !strings.Contains(v, "H help") {
		t.Errorf("no help hint: %q", v)
	}
}

// A problem of the configuration file stays in the bar, as an error,
// until the user acts, also in the demo (whose own notice fades).
func TestConfigProblemStaysUntilActedOn(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	opts := hs.options()
	opts.Demo, opts.Notice, opts.Problem = true, "demo: sample favorites", "config.toml:1: error: bad"
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serve()
	hs.advance(30 * time.Second)
	if l := lastLine(hs.view()); !strings.Contains(l, "config.toml:1: error: bad") || !hs.m.status.isErr {
		t.Fatalf("the problem faded or is not an error: %q", l)
	}
	hs.key("j")
	if l := lastLine(hs.view()); strings.Contains(l, "config.toml") {
		t.Errorf("the problem outstayed the first action: %q", l)
	}
}

// Typing a search, where ? is a letter, the bar still keeps a key hint
// at 40 columns: the screen's first, which the facts make way for.
func TestSearchKeepsAHintWhenNarrow(t *testing.T) {
	hs := newHarness(t, favs(300), 40, 12)
	hs.start()
	hs.serve()
	hs.key("/")
	hs.typeText("the lighthouse")
	hs.serve()
	if l := plain(lastLine(hs.view())); !strings.Contains(l, "enter keep") && !strings.Contains(l, "esc") {
		t.Errorf("no key hint while typing at 40 columns: %q", l)
	}
}

// r that finds nothing changed says so; the revalidation at start says
// nothing.
func TestReloadSaysWhenNothingChanged(t *testing.T) {
	hs := newHarness(t, favs(30), 120, 20)
	hs.start()
	hs.serveAll()
	hs.restart() // from the cache: page 0 revalidated with a 304
	hs.start()
	hs.serveAll()
	if l := lastLine(hs.view()); strings.Contains(l, "up to date") {
		t.Errorf("the start's revalidation spoke: %q", l)
	}
	hs.key("r")
	hs.serveAll()
	if l := lastLine(hs.view()); !strings.Contains(l, "up to date: no new favorites on Imgur") {
		t.Errorf("r with nothing new: %q", l)
	}
}
