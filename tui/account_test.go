package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func TestStaleResultsAreDropped(t *testing.T) {
	hs := newHarness(t, favs(10), 100, 30)
	hs.start()  // page 0's result is held
	hs.key("r") // reload: a new generation, a new request
	if len(hs.held) != 2 {
		t.Fatalf("%d results held, want page 0 before and after r", len(hs.held))
	}
	old, fresh := hs.held[0], hs.held[1]
	hs.held = nil
	hs.send(old)
	if len(hs.items()) != 0 {
		t.Error("a result from before the reload was applied")
	}
	other := fresh
	other.req.account = "someone"
	hs.send(other)
	if len(hs.items()) != 0 {
		t.Error("a result for another account was applied")
	}
	hs.send(fresh)
	if len(hs.items()) != 10 {
		t.Errorf("the current result: %d items, want 10", len(hs.items()))
	}
}

// A token without its account's name starts the UI at once; the account
// is learned by a command, remembered, and its list follows.
func TestTokenWithoutAccountStartsAtOnce(t *testing.T) {
	e := newEnv(t, imgurtest.Generate(30, 3))
	tok := e.srv.Login()
	e.client.SetToken(imgur.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh})
	var remembered []string
	opts := e.options()
	opts.RememberAccount = func(u string) error { remembered = append(remembered, u); return nil }
	e.srv.SetLatency(2 * time.Second)

	begin := time.Now()
	m := sized(t, New(opts), 100, 30)
	cmd := m.Init()
	if d := time.Since(begin); d > 500*time.Millisecond {
		t.Fatalf("the first frame waited %v", d)
	}
	if v := screen(m); m.screen != screenList || !strings.Contains(v, "asking Imgur which account") {
		t.Fatalf("first frame:\n%s", v)
	}
	e.srv.SetLatency(0)
	hs := &harness{t: t, m: m}
	hs.run(cmd)
	if hs.m.list.account != "demo" || len(remembered) != 1 || remembered[0] != "demo" {
		t.Fatalf("account %q, remembered %v", hs.m.list.account, remembered)
	}
	if v := screen(hs.m); !strings.Contains(v, "demo's favorites") || len(hs.m.list.cur().items) != 30 {
		t.Errorf("after learning the account:\n%s", v)
	}
	if n := e.srv.Count("GET", "/3/account/me"); n != 1 {
		t.Errorf("GET /3/account/me sent %d times", n)
	}
}

func TestRefusedTokenIsOneSentence(t *testing.T) {
	e := newEnv(t, nil)
	e.client.SetToken(imgur.Token{AccessToken: "0123456789abcdef0123456789abcdef01234567"})
	opts := e.options()
	opts.TokenRefused = "IMGFAV_ACCESS_TOKEN was refused by Imgur; set a fresh token or unset it to use the stored login"
	hs := &harness{t: t, m: sized(t, New(opts), 140, 30)}
	hs.run(hs.m.Init())
	v := screen(hs.m)
	if strings.Count(v, opts.TokenRefused) != 2 || strings.Contains(v, "fetch account") {
		t.Errorf("want the one sentence in the list and the status bar:\n%s", v)
	}
	if n := e.srv.Count("GET", "/3/account/me"); n != 1 {
		t.Errorf("GET /3/account/me sent %d times, want 1", n)
	}
	hs.key("r")
	if n := e.srv.Count("GET", "/3/account/me"); n != 2 {
		t.Errorf("r: GET /3/account/me sent %d times in all, want 2", n)
	}
}

// collect runs cmd and the batches and sequences it returns, without a
// model, and returns their messages.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := asSequence(msg); ok {
		msg = tea.BatchMsg(cmds)
	}
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range batch {
		out = append(out, collect(c)...)
	}
	return out
}

// Quitting remembers the cursor and cancels the requests still running:
// they take the program's context.
func TestQuitSavesTheCursorAndCancelsRequests(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	hs.key("j", "j", "j", "j")
	more := hs.send(keyMsg("G")) // page 1: started, not run yet
	hs.key("q")
	if !hs.quit {
		t.Fatal("q does not quit")
	}
	if i, id := hs.settings.Cursor("demo", 0, imgur.SortNewest); i != 59 || id != hs.items()[59].ID {
		t.Errorf("cursor saved as %d %q, want 59", i, id)
	}
	hs.srv.ResetRequests()
	var loaded []favoritesLoadedMsg
	for _, msg := range collect(more) {
		if l, ok := msg.(favoritesLoadedMsg); ok {
			loaded = append(loaded, l)
		}
	}
	if len(loaded) != 1 || !errors.Is(loaded[0].err, context.Canceled) {
		t.Errorf("a request after quitting: %+v, want one cancelled", loaded)
	}
	if n := len(hs.srv.Requests()); n != 0 {
		t.Errorf("%d requests reached Imgur after quitting", n)
	}
}

// Quitting on the login screen shuts the loopback server down, in a
// command.
func TestQuitClosesTheLoopbackServer(t *testing.T) {
	e := newEnv(t, nil)
	cb := &fakeCallback{results: make(chan imgur.LoopbackResult, 1)}
	opts := e.options()
	opts.Listen = func(string) (Callback, error) { return cb, nil }
	hs := &harness{t: t, m: sized(t, New(opts), 100, 30)}
	hs.send(listenCmd(opts.Listen, hs.m.login.state)())
	cmd := hs.send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if cb.closed {
		t.Fatal("Update closed the server itself")
	}
	hs.run(cmd)
	if !cb.closed || !hs.quit {
		t.Errorf("closed %v, quit %v", cb.closed, hs.quit)
	}
}
