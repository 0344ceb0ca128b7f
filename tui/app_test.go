package tui

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// savedLogins records SaveLogin calls.
type savedLogins struct {
	mu     sync.Mutex
	tokens []imgur.Token
	err    error
}

func (s *savedLogins) SaveLogin(t imgur.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = append(s.tokens, t)
	return s.err
}

type env struct {
	srv    *imgurtest.Server
	client *imgur.Client
	logins *savedLogins
	clock  *fakeClock
}

func newEnv(t *testing.T, favs []imgurtest.Favorite) env {
	t.Helper()
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: favs})
	t.Cleanup(srv.Close)
	c, err := imgur.New(imgur.Config{APIURL: srv.URL, ImageURL: srv.URL, ClientID: imgurtest.ClientID, ClientSecret: imgurtest.ClientSecret, Sleep: noSleep, Hold: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return env{srv: srv, client: c, logins: &savedLogins{}, clock: newFakeClock()}
}

func (e env) options() Options {
	return Options{Client: e.client, Logins: e.logins, Now: e.clock.Now, Tick: e.clock.Tick}
}

func update(t *testing.T, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

func sized(t *testing.T, m Model, w, h int) Model {
	m, _ = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func screen(m Model) string { return ansi.Strip(m.View().Content) }

var enter = tea.KeyPressMsg{Code: tea.KeyEnter}

// loadFirstPage runs what a list starts with (the cache, then page 0 and
// whatever follows), executing the commands the model returns.
func loadFirstPage(t *testing.T, m Model) Model {
	t.Helper()
	hs := &harness{t: t, m: m}
	hs.run(m.Init())
	return hs.m
}

func TestStartScreen(t *testing.T) {
	e := newEnv(t, nil)
	if m := New(e.options()); m.screen != screenLogin {
		t.Error("without a token the app must start on the login screen")
	}
	tok := e.srv.Login()
	e.client.SetToken(imgur.Token{AccessToken: tok.Access, Username: "demo"})
	if m := New(e.options()); m.screen != screenList || m.list.account != "demo" {
		t.Error("with a token the app must start on the list")
	}
}

func TestPasteLoginShowsFavorites(t *testing.T) {
	favs := imgurtest.Generate(30, 3)
	e := newEnv(t, favs)
	m := sized(t, New(e.options()), 120, 40)
	if !strings.Contains(screen(m), "log in to Imgur") || !strings.Contains(screen(m), "oauth2/authorize?client_id=fake-client-id") {
		t.Fatalf("login screen:\n%s", screen(m))
	}
	m, _ = update(t, m, tea.PasteMsg{Content: e.srv.RedirectFor(m.login.state)})
	m, cmd := update(t, m, enter)
	if cmd == nil || !m.login.busy {
		t.Fatal("enter with a pasted URL did not start the login")
	}
	m, cmd = update(t, m, cmd())
	if m.screen != screenList || !m.LoggedIn() {
		t.Fatalf("after login: screen %v", m.screen)
	}
	if cmd == nil {
		t.Fatal("the list did not start loading")
	}
	if len(e.logins.tokens) != 1 || e.logins.tokens[0].Username != "demo" {
		t.Errorf("saved logins = %v", e.logins.tokens)
	}
	m = loadFirstPage(t, m)
	view := screen(m)
	if !strings.Contains(view, "demo's favorites") {
		t.Errorf("no account name:\n%s", view)
	}
	for _, f := range favs[:5] {
		title := "untitled"
		if f.Title != nil && *f.Title != "" {
			title = imgur.CleanLine(*f.Title)
		}
		if !strings.Contains(view, title) {
			t.Errorf("title %q missing from:\n%s", title, view)
		}
	}
}

func TestLoginLearnsAccountWhenMissing(t *testing.T) {
	e := newEnv(t, nil)
	m := New(e.options())
	tok := e.srv.Login()
	m, _ = update(t, m, tea.PasteMsg{Content: "access_token=" + tok.Access})
	_, cmd := update(t, m, enter)
	msg := cmd().(loginCompletedMsg)
	if msg.err != nil || msg.token.Username != "demo" || msg.token.AccountID != 4242 {
		t.Fatalf("login = %+v", msg)
	}
	if e.srv.Count("GET", "/3/account/me") != 1 {
		t.Error("want one GET /3/account/me")
	}
}

func TestPasteErrorsKeepTheField(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name, want string
		input      func(state string) string
	}{
		{"garbage", "no token found", func(string) string { return "hello there" }},
		{"wrong state", "another login attempt", func(string) string { return e.srv.RedirectFor("someone-elses-state") }},
		{"access denied", "access was denied", func(s string) string { return "http://127.0.0.1:8765/callback?error=access_denied&state=" + s }},
		{"bad token", "invalid access token", func(string) string { return "access_token=%3Cscript%3E" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sized(t, New(e.options()), 100, 30)
			input := tt.input(m.login.state)
			m, _ = update(t, m, tea.PasteMsg{Content: input})
			m, cmd := update(t, m, enter)
			if cmd != nil || m.login.busy {
				t.Fatal("a bad paste started a login")
			}
			if !strings.Contains(screen(m), tt.want) {
				t.Errorf("screen lacks %q:\n%s", tt.want, screen(m))
			}
			if m.login.input.Value() != input {
				t.Error("the field lost what was pasted")
			}
			// esc clears, and the field still takes input.
			m, _ = update(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
			m, _ = update(t, m, tea.KeyPressMsg{Code: 'x', Text: "x"})
			if m.login.input.Value() != "x" {
				t.Errorf("field = %q after esc and x", m.login.input.Value())
			}
		})
	}
}

// fakeCallback is a loopback server the test drives.
type fakeCallback struct {
	results chan imgur.LoopbackResult
	closed  bool
}

func (f *fakeCallback) Results() <-chan imgur.LoopbackResult { return f.results }
func (f *fakeCallback) Close() error                         { f.closed = true; return nil }

func TestLoopbackCompletesLogin(t *testing.T) {
	e := newEnv(t, nil)
	cb := &fakeCallback{results: make(chan imgur.LoopbackResult, 2)}
	opts := e.options()
	opts.RedirectAddr = "127.0.0.1:8765"
	opts.Listen = func(string) (Callback, error) { return cb, nil }
	m := sized(t, New(opts), 100, 30)
	m, cmd := update(t, m, listenCmd(opts.Listen, m.login.state)())
	if !strings.Contains(screen(m), "listening on 127.0.0.1:8765") {
		t.Errorf("screen does not say it listens:\n%s", screen(m))
	}
	// A denial shows and the wait goes on.
	cb.results <- imgur.LoopbackResult{Err: imgur.ErrAccessDenied}
	m, cmd = update(t, m, cmd())
	if !strings.Contains(screen(m), "access was denied") || cmd == nil {
		t.Fatalf("denial not shown or wait stopped:\n%s", screen(m))
	}
	tok := e.srv.Login()
	cb.results <- imgur.LoopbackResult{Token: imgur.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: "demo"}}
	m, cmd = update(t, m, cmd())
	hs := &harness{t: t, m: m}
	hs.run(hs.send(cmd()))
	m = hs.m
	if m.screen != screenList || !cb.closed {
		t.Errorf("screen %v, callback closed %v", m.screen, cb.closed)
	}
}

func TestBusyPortLeavesPasteWorking(t *testing.T) {
	e := newEnv(t, nil)
	opts := e.options()
	opts.Listen = func(string) (Callback, error) {
		return nil, errors.New("cannot listen on 127.0.0.1:8765 (the port is in use)")
	}
	m := sized(t, New(opts), 100, 30)
	m, _ = update(t, m, listenCmd(opts.Listen, m.login.state)())
	if v := screen(m); !strings.Contains(v, "the port is in use") || !strings.Contains(v, "paste the URL instead") {
		t.Errorf("screen does not explain the busy port:\n%s", v)
	}
	m, _ = update(t, m, tea.PasteMsg{Content: e.srv.RedirectFor(m.login.state)})
	if _, cmd := update(t, m, enter); cmd == nil {
		t.Error("paste does not work after a busy port")
	}
}

func TestNoBrowserShowsURLOnly(t *testing.T) {
	e := newEnv(t, nil)
	m := sized(t, New(e.options()), 100, 30) // Opener nil
	m, cmd := update(t, m, enter)
	if cmd != nil || !strings.Contains(screen(m), "no browser available") {
		t.Errorf("enter without a browser:\n%s", screen(m))
	}
}

type recordingOpener struct{ urls []string }

func (r *recordingOpener) Open(u string) error { r.urls = append(r.urls, u); return nil }

func TestEnterOpensBrowser(t *testing.T) {
	e := newEnv(t, nil)
	op := &recordingOpener{}
	opts := e.options()
	opts.Opener = op
	m := sized(t, New(opts), 100, 30)
	_, cmd := update(t, m, enter)
	if cmd == nil {
		t.Fatal("enter did nothing")
	}
	cmd()
	if len(op.urls) != 1 || op.urls[0] != m.login.url || !strings.Contains(op.urls[0], "state="+m.login.state) {
		t.Errorf("opened %v", op.urls)
	}
}

func loggedIn(t *testing.T, e env) Model {
	t.Helper()
	tok := e.srv.Login()
	e.client.SetToken(imgur.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: "demo"})
	return sized(t, New(e.options()), 100, 30)
}

func TestInvalidRefreshReturnsToLogin(t *testing.T) {
	e := newEnv(t, nil)
	m := loggedIn(t, e)
	e.srv.RevokeAccessTokens()
	e.srv.RevokeRefreshTokens()
	m = loadFirstPage(t, m)
	if m.screen != screenLogin {
		t.Fatalf("screen = %v, want login", m.screen)
	}
	if v := screen(m); !strings.Contains(v, "no longer accepts the saved login") || !strings.Contains(v, "cached favorites are kept") {
		t.Errorf("no explanation:\n%s", v)
	}
	if e.client.Token().AccessToken != "" {
		t.Error("the dead token is still in use")
	}
}

func TestErrorsStayInStatusBar(t *testing.T) {
	e := newEnv(t, nil)
	m := loggedIn(t, e)
	e.srv.Fail(imgurtest.Fault{Kind: imgurtest.HTMLOutage, Times: 2})
	m = loadFirstPage(t, m)
	v := screen(m)
	if m.screen != screenList || !strings.Contains(v, "Imgur is unavailable") || strings.Contains(v, "<") {
		t.Errorf("outage:\n%s", v)
	}
}

func TestTinyTerminals(t *testing.T) {
	e := newEnv(t, imgurtest.Generate(10, 1))
	for _, size := range [][2]int{{1, 1}, {2, 1}, {5, 3}, {19, 4}, {20, 5}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			for _, m := range []Model{New(e.options()), loadFirstPage(t, loggedIn(t, e))} {
				m = sized(t, m, size[0], size[1])
				lines := strings.Split(screen(m), "\n")
				if len(lines) > size[1] {
					t.Errorf("%d lines on a %d-line terminal", len(lines), size[1])
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("line %q is %d wide on a %d-wide terminal", l, w, size[0])
					}
				}
				if size[0] < minWidth && !strings.HasPrefix(screen(m), "terminal too small"[:min(size[0], 18)]) && !strings.HasPrefix(screen(m), "too small"[:min(size[0], 9)]) {
					t.Errorf("no notice: %q", screen(m))
				}
			}
		})
	}
}

func TestCtrlCQuitsEverywhere(t *testing.T) {
	e := newEnv(t, nil)
	for _, m := range []Model{New(e.options()), loggedIn(t, e)} {
		hs := &harness{t: t, m: m}
		hs.run(hs.send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}))
		if !hs.quit {
			t.Error("ctrl+c does not quit")
		}
	}
}

func TestSaveLoginFailureIsReported(t *testing.T) {
	e := newEnv(t, nil)
	e.logins.err = errors.New("disk full")
	m := sized(t, New(e.options()), 120, 30)
	m, _ = update(t, m, tea.PasteMsg{Content: e.srv.RedirectFor(m.login.state)})
	_, cmd := update(t, m, enter)
	m, _ = update(t, m, cmd())
	if m.screen != screenList || !strings.Contains(screen(m), "could not be saved") {
		t.Errorf("save failure:\n%s", screen(m))
	}
}

// Terminals disagree about joined emoji; the detail title drops the
// joiners as the list does, so every part is drawn.
func TestDetailTitleDropsJoiners(t *testing.T) {
	hs := newHarness(t, []imgurtest.Favorite{{ID: "zwj1234", Title: imgurtest.Str("👨\u200d👩\u200d👧\u200d👦 family"), Type: "image/png"}}, 80, 20)
	hs.start()
	hs.serve()
	hs.key("enter")
	if v := hs.view(); !strings.Contains(v, "👨👩👧👦 family") || strings.Contains(v, "\u200d") {
		t.Errorf("detail title:\n%s", v)
	}
}
