package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// execAll runs cmd and the commands of its batches and sequences, without
// feeding what they return to a model; it returns the other messages.
func execAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch v := reflect.ValueOf(msg); {
	case msg == nil:
		return nil
	case v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)):
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, execAll(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// newStates hands out state-1, state-2, …
func newStates() func() (string, error) {
	n := 0
	return func() (string, error) { n++; return "state-" + itoa(n), nil }
}

// After "access was denied", enter starts a fresh attempt: a new state
// and URL, an empty field, a loopback server for the new state, and the
// browser again.
func TestDeniedLoginStartsAFreshAttempt(t *testing.T) {
	e := newEnv(t, nil)
	op := &recordingOpener{}
	var listened []string
	cb := &fakeCallback{results: make(chan imgur.LoopbackResult, 1)}
	opts := e.options()
	opts.Opener, opts.NewState = op, newStates()
	opts.Listen = func(state string) (Callback, error) { listened = append(listened, state); return cb, nil }
	m := sized(t, New(opts), 100, 30)
	m, _ = update(t, m, listenCmd(opts.Listen, "state-1")())
	denied := "http://127.0.0.1:8765/callback?error=access_denied&state=state-1"
	m, _ = update(t, m, tea.PasteMsg{Content: denied})
	m, _ = update(t, m, enter)
	if !strings.Contains(screen(m), "access was denied; press enter to try again") {
		t.Fatalf("no denial:\n%s", screen(m))
	}
	if got := m.login.KeyMap().ShortHelp()[0].Help().Desc; got != "try again" {
		t.Errorf("enter is described as %q after a denial, want try again", got)
	}
	m, cmd := update(t, m, enter)
	if m.login.state != "state-2" || !strings.Contains(m.login.url, "state=state-2") || m.login.input.Value() != "" {
		t.Errorf("after enter: state %q, url %q, field %q", m.login.state, m.login.url, m.login.input.Value())
	}
	if strings.Contains(screen(m), "access was denied") {
		t.Errorf("the denial is still shown:\n%s", screen(m))
	}
	var started bool
	for _, msg := range execAll(cmd) {
		if s, ok := msg.(callbackStartedMsg); ok && s.state == "state-2" {
			started = true
		}
	}
	if !cb.closed || !started || len(listened) != 2 || listened[1] != "state-2" {
		t.Errorf("old server closed %v, new one started %v, listened for %v", cb.closed, started, listened)
	}
	if len(op.urls) != 1 || !strings.Contains(op.urls[0], "state=state-2") {
		t.Errorf("browser opened %v, want the new URL", op.urls)
	}
}

// Typing after a denial means the user has something new to submit.
func TestDeniedThenNewPasteSubmits(t *testing.T) {
	e := newEnv(t, nil)
	opts := e.options()
	opts.NewState = newStates()
	m := sized(t, New(opts), 100, 30)
	m, _ = update(t, m, tea.PasteMsg{Content: "error=access_denied&state=state-1"})
	m, _ = update(t, m, enter)
	m, _ = update(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
	m, _ = update(t, m, tea.PasteMsg{Content: e.srv.RedirectFor("state-1")})
	if _, cmd := update(t, m, enter); cmd == nil || m.login.state != "state-1" {
		t.Error("a new paste after a denial was not submitted")
	}
}

// A pasted redirect shows its tokens masked; the value stays whole.
func TestPastedTokensAreMasked(t *testing.T) {
	e := newEnv(t, nil)
	m := sized(t, New(e.options()), 200, 30)
	paste := "http://127.0.0.1:8765/callback#access_token=SECRETACCESS123&expires_in=3600&token_type=bearer&refresh_token=SECRETREFRESH456&account_username=me"
	m, _ = update(t, m, tea.PasteMsg{Content: paste})
	v := screen(m)
	if strings.Contains(v, "SECRET") {
		t.Errorf("a token shows:\n%s", v)
	}
	if !contains(v, "access_token=***************&expires_in=3600", "refresh_token=****************&account_username=me") {
		t.Errorf("masked field:\n%s", v)
	}
	if m.login.input.Value() != paste {
		t.Errorf("value = %q, want the paste whole", m.login.input.Value())
	}
	// The cursor stays where the value's cursor is.
	if c, want := m.login.Cursor(), m.login.input.Cursor(); c == nil || c.Position.X != want.Position.X+2 {
		t.Errorf("cursor %v, want x %d", c, want.Position.X+2)
	}
}

func TestMaskTokens(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "",
		"no tokens here":                     "no tokens here",
		"access_token=abc":                   "access_token=***",
		"#access_token=ab&refresh_token=xyz": "#access_token=**&refresh_token=***",
		"?refresh_token=x#state=s":           "?refresh_token=*#state=s",
		"access_token=":                      "access_token=",
	} {
		if got := maskTokens(in); got != want {
			t.Errorf("maskTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// Without a browser, help and hints never offer to open one.
func TestNoBrowserHidesOpenBrowser(t *testing.T) {
	e := newEnv(t, nil)
	m := sized(t, New(e.options()), 120, 30) // Opener nil
	for _, b := range m.login.KeyMap().ShortHelp() {
		if strings.Contains(b.Help().Desc, "browser") {
			t.Errorf("hint %q without an opener", b.Help().Desc)
		}
	}
	if v := screen(m); strings.Contains(v, "open browser") || !strings.Contains(v, "enter submit") {
		t.Errorf("status line:\n%s", v)
	}
	opts := e.options()
	opts.Opener = &recordingOpener{}
	m = sized(t, New(opts), 120, 30)
	if v := screen(m); !strings.Contains(v, "enter open browser") {
		t.Errorf("with an opener:\n%s", v)
	}
	m, _ = update(t, m, tea.PasteMsg{Content: "x"})
	if v := screen(m); !strings.Contains(v, "enter submit") {
		t.Errorf("with text in the field:\n%s", v)
	}
}

// The first screen says where to go without an account, and what to do on
// Imgur's "Error (1024)".
func TestLoginMentionsDemoAndError1024(t *testing.T) {
	e := newEnv(t, nil)
	for _, size := range [][2]int{{40, 12}, {80, 24}, {120, 40}} {
		opts := e.options()
		opts.Listen = func(string) (Callback, error) { return &fakeCallback{}, nil }
		opts.RedirectAddr = "127.0.0.1:8765"
		m := sized(t, New(opts), size[0], size[1])
		m, _ = update(t, m, listenCmd(opts.Listen, m.login.state)())
		w := size
		v := screen(m)
		if !strings.Contains(v, "imgfav demo") || !strings.Contains(v, "Error (1024)") {
			t.Errorf("at %v:\n%s", w, v)
		}
		if m.login.keys.Back.Enabled() || strings.Contains(v, "goes back") {
			t.Errorf("at %v the first login offers a way back:\n%s", w, v)
		}
	}
	m := sized(t, New(e.options()), 120, 40)
	if v := screen(m); !contains(v, "IMGFAV_ACCESS_TOKEN", "IMGFAV_REFRESH_TOKEN") {
		t.Errorf("no token variables:\n%s", v)
	}
}

// The damaged-database notice is shown whole on the login screen.
func TestLoginWrapsTheDatabaseNotice(t *testing.T) {
	e := newEnv(t, nil)
	opts := e.options()
	opts.Notice = "the database was damaged and has been reset (old copy kept as /home/someone/.config/imgfav/imgfav.db.corrupt-20261123T215000Z); please log in again"
	m := sized(t, New(opts), 100, 30)
	flat := strings.Join(strings.Fields(screen(m)), " ")
	if !strings.Contains(flat, opts.Notice) {
		t.Errorf("notice cut:\n%s", screen(m))
	}
}

// However short the terminal, the paste field shows.
func TestLoginFieldAlwaysVisible(t *testing.T) {
	e := newEnv(t, nil)
	opts := e.options()
	opts.Notice = strings.Repeat("a long notice ", 20)
	opts.LoginReason = strings.Repeat("a long reason ", 20)
	for _, h := range []int{6, 8, 12} {
		m := sized(t, New(opts), 40, h)
		if !strings.Contains(screen(m), "> paste") || m.login.Cursor() == nil {
			t.Errorf("at 40x%d the field is off screen:\n%s", h, screen(m))
		}
	}
}
