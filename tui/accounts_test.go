package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// fakeAccounts switches the harness's client between the fake's accounts.
type fakeAccounts struct {
	srv    *imgurtest.Server
	client *imgur.Client
	tokens map[string]string // account → its access token, once issued
}

func (a *fakeAccounts) Accounts() ([]string, error) { return []string{"demo", "other"}, nil }

func (a *fakeAccounts) Use(name string) (imgur.Token, error) {
	tok, ok := a.srv.LoginAs(name)
	if !ok {
		return imgur.Token{}, fmt.Errorf("no account %s", name)
	}
	a.tokens[name] = tok.Access
	t := imgur.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: name}
	a.client.SetToken(t)
	return t, nil
}

// startWithAccounts starts the harness's model anew with stored accounts
// to switch between (tokens: those already issued), and serves page 0.
func (hs *harness) startWithAccounts(tokens map[string]string) *fakeAccounts {
	accts := &fakeAccounts{srv: hs.srv, client: hs.client, tokens: tokens}
	opts := hs.options()
	opts.Accounts = accts
	hs.m = sized(hs.t, New(opts), hs.m.width, hs.m.height)
	hs.start()
	hs.serve()
	return accts
}

func TestAccountSwitchKeepsAccountsApart(t *testing.T) {
	hs := newHarness(t, favs(100), 120, 20)
	other := imgurtest.Generate(12, 77)
	hs.srv.AddAccount("other", 77, other)
	accts := hs.startWithAccounts(map[string]string{"demo": hs.tok.Access})
	hs.key("j", "j")
	demoKeys := strings.Join(hs.cache.Keys("demo"), ",")
	list := hs.m.list
	demoMore := fetchPageCmd(hs.m.ctx, hs.client, list.request(list.cur(), 1)) // queued, not yet run

	hs.settings.SetLastSort("other", imgur.SortNewest) // other's own, remembered
	hs.key("A")
	if v := hs.view(); !strings.Contains(v, "Accounts") || !strings.Contains(v, "other") {
		t.Fatalf("the picker:\n%s", v)
	}
	if l := lastLine(hs.view()); !strings.Contains(l, "enter switch") || strings.Contains(l, "folder") {
		t.Errorf("the picker's hints: %q", l)
	}
	hs.srv.ResetRequests()
	hs.key("j", "enter")
	hs.serveAll()
	if hs.m.list.Account() != "other" || len(hs.items()) != 12 || hs.items()[0].ID != other[0].ID {
		t.Fatalf("after the switch: account %q, %d items", hs.m.list.Account(), len(hs.items()))
	}
	for _, r := range hs.srv.Requests() {
		if strings.HasPrefix(r.Path, "/3/") && r.Header.Get("Authorization") != "Bearer "+accts.tokens["other"] {
			t.Errorf("%s %s went out with another token", r.Method, r.Path)
		}
	}
	if got := strings.Join(hs.cache.Keys("demo"), ","); got != demoKeys {
		t.Errorf("demo's cache changed while other was shown: %s, was %s", got, demoKeys)
	}
	if len(hs.cache.Keys("other")) == 0 {
		t.Error("other's pages were not cached under other")
	}
	if c := hs.settings.cursors["demo"+string(imgur.SortNewest)]; c[0] != "2" {
		t.Errorf("demo's cursor was not saved on leaving: %v", c)
	}

	// A page of demo's asked for before the switch, arriving now, sends
	// nothing with other's token.
	hs.srv.ResetRequests()
	for _, msg := range collect(demoMore) {
		if l, ok := msg.(favoritesLoadedMsg); ok && !errors.Is(l.err, imgur.ErrOtherAccount) {
			t.Errorf("demo's late page: %v", l.err)
		}
	}
	if n := len(hs.srv.Requests()); n != 0 {
		t.Errorf("%d requests of demo's went out after the switch", n)
	}

	// Back: demo's list from its own cache, the cursor where it was.
	hs.key("A", "k", "enter")
	if hs.m.list.Account() != "demo" || len(hs.items()) == 0 || hs.m.list.cur().cursor != 2 {
		t.Fatalf("back on demo: account %q, %d items, cursor %d", hs.m.list.Account(), len(hs.items()), hs.m.list.cur().cursor)
	}
}

func TestAccountsUnavailableWithAnEnvironmentToken(t *testing.T) {
	hs := newHarness(t, favs(5), 120, 20)
	hs.start()
	hs.serve()
	hs.key("A")
	if hs.m.screen != screenList || !strings.Contains(lastLine(hs.view()), "no other account") {
		t.Fatalf("A without stored accounts: screen %v, %q", hs.m.screen, lastLine(hs.view()))
	}
}

func TestLogInToAnotherAccountFromThePicker(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	hs.srv.AddAccount("other", 77, imgurtest.Generate(5, 77))
	hs.startWithAccounts(map[string]string{})
	hs.m.marks.removed[hs.items()[0].ID] = true // as f would
	hs.m.marks.saved["saved1"] = true           // as d would
	hs.key("A", "G", "enter")
	if hs.m.screen != screenLogin {
		t.Fatalf("screen %v, want the login", hs.m.screen)
	}
	tok, _ := hs.srv.LoginAs("other")
	login := imgur.Token{AccessToken: tok.Access, Username: "other"}
	hs.run(completeLoginCmd(hs.m.ctx, hs.client, nil, nil, login)) // as a pasted redirect would
	hs.serveAll()
	if hs.m.screen != screenList || hs.m.list.Account() != "other" || len(hs.items()) != 5 {
		t.Fatalf("after the login: screen %v account %q, %d items", hs.m.screen, hs.m.list.Account(), len(hs.items()))
	}
	if len(hs.m.marks.removed) != 0 || !hs.m.marks.isSaved("saved1") {
		t.Errorf("after the login: removed %v (the account left's), saved %v (the download directory's)", hs.m.marks.removed, hs.m.marks.saved)
	}
}

// esc on the login screen opened to add an account goes back to the
// account shown before, with its token; a first esc clears the field.
func TestAddingAnAccountCanBeAbandoned(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	accts := hs.startWithAccounts(map[string]string{})
	hs.key("j", "j", "A", "G", "enter")
	if hs.m.screen != screenLogin {
		t.Fatalf("screen %v, want the login", hs.m.screen)
	}
	if v := hs.view(); !strings.Contains(v, "esc goes back to demo") || !strings.Contains(lastLine(v), "esc back to demo") {
		t.Errorf("the way back is not offered:\n%s", v)
	}
	hs.key("x", "esc")
	if hs.m.screen != screenLogin || hs.m.login.input.Value() != "" {
		t.Fatalf("esc with text: screen %v, field %q; want the field cleared", hs.m.screen, hs.m.login.input.Value())
	}
	hs.srv.ResetRequests()
	hs.key("esc")
	hs.serveAll()
	if hs.m.screen != screenList || hs.m.list.Account() != "demo" || len(hs.items()) != 20 || hs.m.list.cur().cursor != 2 {
		t.Fatalf("after esc: screen %v account %q, %d items, cursor %d", hs.m.screen, hs.m.list.Account(), len(hs.items()), hs.m.list.cur().cursor)
	}
	if l := lastLine(hs.view()); !strings.Contains(l, "back to demo's favorites") {
		t.Errorf("after esc the bar says %q, not that it is back", l)
	}
	for _, r := range hs.srv.Requests() {
		if strings.HasPrefix(r.Path, "/3/") && r.Header.Get("Authorization") != "Bearer "+accts.tokens["demo"] {
			t.Errorf("%s %s went out without demo's token: %q", r.Method, r.Path, r.Header.Get("Authorization"))
		}
	}
}

// Each account comes back in its own last sort.
func TestAccountSwitchTakesTheAccountsSort(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	hs.srv.AddAccount("other", 77, imgurtest.Generate(12, 77))
	hs.startWithAccounts(map[string]string{})
	hs.settings.SetLastSort("other", imgur.SortOldest)
	hs.key("A", "j", "enter")
	if hs.m.list.Sort() != imgur.SortOldest {
		t.Fatalf("other came in %s, want its own oldest", hs.m.list.Sort())
	}
	hs.key("A", "k", "enter")
	if hs.m.list.Sort() != imgur.SortNewest {
		t.Fatalf("demo came back in %s, want newest", hs.m.list.Sort())
	}
}

// Another account keeps the ✓ marks (the download directory is every
// account's) and nothing else of the marks.
func TestSwitchKeepsSavedMarksOnly(t *testing.T) {
	m := Model{marks: newItemMarks()}
	m.marks.saved["a"], m.marks.removed["b"], m.marks.gone["c"] = true, true, true
	m.forAccount(accountPrefs{})
	if !m.marks.isSaved("a") || m.marks.isRemoved("b") || m.marks.isGone("c") {
		t.Errorf("after a switch: saved %v, removed %v, gone %v", m.marks.saved, m.marks.removed, m.marks.gone)
	}
}

// A refused login while adding an account still leaves the way back.
func TestRefusedLoginWhileAddingCanBeAbandoned(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	hs.startWithAccounts(map[string]string{})
	hs.key("A", "G", "enter")
	hs.m.login.input.SetValue("access_token=x&refresh_token=y&expires_in=3600&token_type=bearer&account_username=evil&account_id=7")
	hs.key("enter")
	hs.serveAll()
	if hs.m.screen != screenLogin {
		t.Fatalf("screen %v after a refused login", hs.m.screen)
	}
	if v := hs.view(); !strings.Contains(v, "esc goes back to demo") || !strings.Contains(v, "Imgur did not accept that login") {
		t.Errorf("after a refused login:\n%s", v)
	}
	hs.key("esc", "esc")
	hs.serveAll()
	if hs.m.screen != screenList || hs.m.list.Account() != "demo" || len(hs.items()) != 20 {
		t.Fatalf("after esc: screen %v account %q, %d items\n%s", hs.m.screen, hs.m.list.Account(), len(hs.items()), hs.view())
	}
}

// Each account keeps its own layout: the grid chosen for one does not
// follow the switch to another, and comes back with it.
func TestAccountSwitchTakesTheAccountsLayout(t *testing.T) {
	hs := newHarness(t, favs(20), 120, 20)
	hs.srv.AddAccount("other", 77, imgurtest.Generate(12, 77))
	hs.startWithAccounts(map[string]string{})
	hs.key("v")
	if !hs.m.list.grid {
		t.Fatal("v did not show the grid")
	}
	hs.key("A", "j", "enter")
	if hs.m.list.grid || hs.settings.layoutOf("other").grid {
		t.Fatal("other came in the grid demo chose")
	}
	hs.key("A", "k", "enter")
	if !hs.m.list.grid {
		t.Error("demo came back without its grid")
	}
}
