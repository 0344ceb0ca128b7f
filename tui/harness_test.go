package tui

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// The views show local times: pin them for golden files.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// testNow is the clock of every harness.
var testNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// noSleep skips the client's backoff before its one retry.
func noSleep(context.Context, time.Duration) error { return nil }

// harness is a logged-in app on a fake Imgur.
type harness struct {
	t        *testing.T
	srv      *imgurtest.Server
	client   *imgur.Client
	cache    *memCache
	settings *memSettings
	opener   *recordingOpener
	clock    *fakeClock
	tok      imgurtest.Tokens
	m        Model
	sort     imgur.Sort // the starting sort; "" for newest
	// hold keeps page results until serve; held are those kept.
	hold bool
	held []favoritesLoadedMsg
	// holdCache keeps the cached pages read after page 0, until
	// serveCache delivers them.
	holdCache bool
	heldCache []cachedPagesMsg
	// holdPictures keeps fetched pictures until servePictures, as a slow
	// image host would: the fetches stay in flight.
	holdPictures bool
	heldPictures []pictureLoadedMsg
	// raws are the sequences written through tea.Raw.
	raws []string
	// quit is set once the model quit.
	quit bool
}

func newHarness(t *testing.T, favs []imgurtest.Favorite, w, h int) *harness {
	t.Helper()
	return newHarnessWith(t, favs, w, h, nil)
}

// newHarnessWith lets configure change the client's configuration (the
// API URL, to put something between the client and the fake; the
// transport) before the client is built.
func newHarnessWith(t *testing.T, favs []imgurtest.Favorite, w, h int, configure func(*imgur.Config)) *harness {
	t.Helper()
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: favs, Now: func() time.Time { return testNow }})
	t.Cleanup(srv.Close)
	hs := &harness{t: t, srv: srv, cache: &memCache{}, settings: &memSettings{}, opener: &recordingOpener{}, clock: newFakeClock(), hold: true}
	cfg := imgur.Config{APIURL: srv.URL, ImageURL: "https://i.imgur.com", ClientID: imgurtest.ClientID,
		ClientSecret: imgurtest.ClientSecret, Cache: hs.cache, Sleep: noSleep, Hold: noSleep, Now: hs.clock.Now}
	if configure != nil {
		configure(&cfg)
	}
	c, err := imgur.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs.client = c
	hs.cache.client = c // it reads back what the client cached
	hs.tok = srv.Login()
	c.SetToken(imgur.Token{AccessToken: hs.tok.Access, RefreshToken: hs.tok.Refresh, Username: "demo"})
	hs.m = sized(t, New(hs.options()), w, h)
	return hs
}

func (hs *harness) options() Options {
	return Options{Client: hs.client, Cache: hs.cache, Settings: hs.settings, Opener: hs.opener, Sort: hs.sort,
		Now: hs.clock.Now, Tick: hs.clock.Tick}
}

// restart starts a new model on the same client, cache and settings;
// results held for the old one are dropped.
func (hs *harness) restart() {
	hs.m = sized(hs.t, New(hs.options()), hs.m.width, hs.m.height)
	hs.held, hs.quit = nil, false
}

// send updates the model and returns its command, without running it.
func (hs *harness) send(msg tea.Msg) tea.Cmd {
	hs.t.Helper()
	var cmd tea.Cmd
	hs.m, cmd = update(hs.t, hs.m, msg)
	return cmd
}

// key presses keys, running the commands they return.
func (hs *harness) key(keys ...string) {
	hs.t.Helper()
	for _, k := range keys {
		hs.run(hs.send(keyMsg(k)))
	}
}

// maxSteps bounds one run: a model that keeps asking for more (a retry
// storm) shows in the fake's request log instead of hanging the test.
const maxSteps = 500

// run executes cmd and every command the model returns for the messages,
// one at a time, as the Bubble Tea runtime would. Page results are held
// until serve delivers them, as a slow network would; the request itself
// has been made. Timers run on the fake clock, when the test advances it;
// a spinner tick is delivered, but the real-time tick it re-arms is
// dropped. Nothing runs after the model quits.
func (hs *harness) run(cmd tea.Cmd) {
	hs.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < maxSteps && !hs.quit; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if cmds, ok := asSequence(msg); ok {
			queue = append(cmds, queue...) // in order, before the rest
			continue
		}
		switch msg := msg.(type) {
		case nil:
		case tea.QuitMsg:
			hs.quit = true
		case tea.BatchMsg:
			// Before the rest: the runtime finishes a batch before the
			// next command of a sequence it is part of.
			queue = append(append([]tea.Cmd(nil), msg...), queue...)
		case favoritesLoadedMsg:
			if hs.hold {
				hs.held = append(hs.held, msg)
				continue
			}
			queue = append(queue, hs.send(msg))
		case cachedPagesMsg:
			if hs.holdCache {
				hs.heldCache = append(hs.heldCache, msg)
				continue
			}
			queue = append(queue, hs.send(msg))
		case tea.RawMsg:
			hs.raws = append(hs.raws, fmt.Sprint(msg.Msg))
		case pictureLoadedMsg:
			if hs.holdPictures {
				hs.heldPictures = append(hs.heldPictures, msg)
				continue
			}
			queue = append(queue, hs.send(msg))
		case spinner.TickMsg:
			hs.send(msg)
		default:
			queue = append(queue, hs.send(msg))
		}
	}
}

// asSequence returns the commands of a tea.Sequence, whose message type
// Bubble Tea does not export.
func asSequence(msg tea.Msg) ([]tea.Cmd, bool) {
	if _, batch := msg.(tea.BatchMsg); batch || msg == nil {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	batchType := reflect.TypeOf(tea.BatchMsg{})
	if v.Kind() != reflect.Slice || !v.Type().ConvertibleTo(batchType) {
		return nil, false
	}
	return v.Convert(batchType).Interface().(tea.BatchMsg), true
}

// servePictures delivers the first n pictures held (all when n < 0).
func (hs *harness) servePictures(n int) {
	hs.t.Helper()
	if n < 0 || n > len(hs.heldPictures) {
		n = len(hs.heldPictures)
	}
	msgs := hs.heldPictures[:n]
	hs.heldPictures = append([]pictureLoadedMsg(nil), hs.heldPictures[n:]...)
	for _, msg := range msgs {
		hs.run(hs.send(msg))
	}
}

// advance moves the fake clock on and delivers the timers due, running
// what they start.
func (hs *harness) advance(d time.Duration) {
	hs.t.Helper()
	for _, msg := range hs.clock.advance(d) {
		hs.run(hs.send(msg))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// start runs what Init starts: the cache, then page 0 (held).
func (hs *harness) start() {
	hs.t.Helper()
	hs.run(hs.m.Init())
}

// serve delivers the oldest page result held, running what it starts; it
// reports whether there was one.
func (hs *harness) serve() bool {
	hs.t.Helper()
	if len(hs.held) == 0 {
		return false
	}
	msg := hs.held[0]
	hs.held = hs.held[1:]
	hs.run(hs.send(msg))
	return true
}

// serveCache delivers the cached pages held, running what they start.
func (hs *harness) serveCache() {
	hs.t.Helper()
	for len(hs.heldCache) > 0 {
		msg := hs.heldCache[0]
		hs.heldCache = hs.heldCache[1:]
		hs.run(hs.send(msg))
	}
}

// serveAll delivers page results until none is held.
func (hs *harness) serveAll() {
	hs.t.Helper()
	for i := 0; hs.serve(); i++ {
		if i > 10000 {
			hs.t.Fatal("requests never stop")
		}
	}
}

func (hs *harness) view() string { return screen(hs.m) }

func (hs *harness) items() []imgur.Item { return hs.m.list.cur().items }

func (hs *harness) favoriteRequests() int { return hs.srv.Count("GET", "/3/account/") }

// favs makes n favorites whose titles are "fav 0", "fav 1", …
func favs(n int) []imgurtest.Favorite {
	out := imgurtest.Generate(n, 99)
	for i := range out {
		out[i].Title = imgurtest.Str("fav " + itoa(i))
	}
	return out
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
