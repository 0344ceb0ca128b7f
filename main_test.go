package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/store"

	bolt "go.etcd.io/bbolt"
	"imgfav/tui"
)

// testEnv runs commands against a fake Imgur with a temporary database.
type testEnv struct {
	srv  *imgurtest.Server
	db   string
	vars map[string]string
}

func newTestEnv(t *testing.T, opts imgurtest.Options) *testEnv {
	t.Helper()
	srv := imgurtest.NewServer(opts)
	t.Cleanup(srv.Close)
	db := filepath.Join(t.TempDir(), "cfg", "imgfav.db")
	return &testEnv{srv: srv, db: db, vars: map[string]string{
		"IMGFAV_API_URL": srv.URL, "IMGFAV_IMAGE_URL": srv.URL,
		"IMGFAV_CLIENT_ID": imgurtest.ClientID, "IMGFAV_CLIENT_SECRET": imgurtest.ClientSecret,
		"IMGFAV_DB": db, "IMGFAV_NO_BROWSER": "1",
		"IMGFAV_REDIRECT_URL": "https://example.com/not-loopback",
	}}
}

func (te *testEnv) getenv(k string) string { return te.vars[k] }

func (te *testEnv) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), env{args: args, getenv: te.getenv, stdout: &out, stderr: &errb, isTerminal: func() bool { return false }})
	return code, out.String(), errb.String()
}

// config resolves the browse command's configuration.
func (te *testEnv) config(t *testing.T, args ...string) config {
	t.Helper()
	var c config
	fs := browseFlags(&c, io.Discard)
	if err := parseFlags(fs, &c, args, te.getenv); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConfigPrecedence(t *testing.T) {
	getenv := func(k string) string {
		return map[string]string{"IMGFAV_DB": "/env/db", "IMGFAV_SORT": "oldest", "IMGFAV_CLIENT_ID": "envid", "DISPLAY": ":0"}[k]
	}
	var c config
	fs := browseFlags(&c, io.Discard)
	if err := parseFlags(fs, &c, []string{"--db", "/flag/db", "-api-url=https://flag.example"}, getenv); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][2]string{
		"flag beats env":      {c.db, "/flag/db"},
		"flag":                {c.apiURL, "https://flag.example"},
		"env":                 {c.sort, "oldest"},
		"env client id":       {c.clientID, "envid"},
		"default secret":      {c.clientSecret, builtinClientSecret},
		"default image url":   {c.imageURL, imgur.DefaultImageURL},
		"default redirect":    {c.redirectURL, defaultRedirectURL},
		"default mashape key": {c.mashapeKey, ""},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %q, want %q", name, got[0], got[1])
		}
	}
	if strings.Contains(c.String(), builtinClientSecret) {
		t.Error("config prints the client secret")
	}
}

func TestNoBrowserDetection(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"DISPLAY": ":0"}, false},
		{map[string]string{"DISPLAY": ":0", "IMGFAV_NO_BROWSER": "1"}, true},
		{map[string]string{"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, true},
		{map[string]string{"DISPLAY": ":0", "IMGFAV_NO_BROWSER": "0"}, false},
	}
	for _, tt := range tests {
		if got := noBrowserEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tests := []struct {
		args      []string
		code      int
		out, serr string
	}{
		{[]string{"version"}, 0, "imgfav ", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
		{[]string{"help"}, 0, "Usage:", ""},
		{[]string{"login", "-h"}, 0, "imgfav login", ""},
		{[]string{"logout", "--help"}, 0, "--purge", ""},
		{[]string{"version", "-h"}, 0, "Usage: imgfav version", ""},
		{[]string{"list", "-h"}, 0, "--format FORMAT        FORMAT: table, json or urls (default table)", ""},
		{[]string{"demo", "--help"}, 0, "--favorites N", ""},
		{[]string{"--help"}, 0, "--db FILE", ""},
		{[]string{"frobnicate"}, 2, "", "unknown command"},
		{[]string{"--bogus"}, 2, "", "unknown flag --bogus"},
		{[]string{"--sort", "best"}, 2, "", "unknown sort"},
		{[]string{"logout", "extra"}, 2, "", "unexpected argument"},
		{nil, 2, "", "imgfav list"},
		{[]string{"login"}, 2, "", "needs a terminal"},
		{[]string{"logout"}, 0, "not logged in", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, serr := te.run(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(serr, tt.serr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, serr, tt.code, tt.out, tt.serr)
			}
			// One line, and for a usage error a pointer to --help.
			if lines := strings.Count(serr, "\n"); lines > 1 && (tt.code != 2 || lines > 2 || !strings.Contains(serr, "--help' for usage.")) {
				t.Errorf("stderr is more than one line: %q", serr)
			}
			if strings.Count(out, "Usage") > 1 {
				t.Errorf("usage printed twice:\n%s", out)
			}
		})
	}
}

func TestDatabaseSharedWithAnotherProcess(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{}) // the browser, open in another terminal
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if code, _, serr := te.run(t, "logout"); code != 0 {
		t.Errorf("logout beside an open store: exit %d, stderr %q", code, serr)
	}
}

func TestLockedDatabase(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	held, err := bolt.Open(te.db, 0o600, nil) // another process stuck in a write
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, serr := te.run(t, "logout")
	if code != 1 || !strings.Contains(serr, "another imgfav kept "+te.db+" busy") || strings.Count(serr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, serr)
	}
}

func TestCorruptDatabaseNotice(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	if err := os.MkdirAll(filepath.Dir(te.db), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(te.db, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !strings.Contains(a.notice, "damaged and has been reset") || !strings.Contains(a.notice, ".corrupt-") {
		t.Errorf("notice = %q", a.notice)
	}
}

func TestEnvLogin(t *testing.T) {
	for _, withName := range []bool{true, false} {
		t.Run("username given "+strconv.FormatBool(withName), func(t *testing.T) {
			te := newTestEnv(t, imgurtest.Options{})
			tok := te.srv.Login()
			te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
			te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
			if withName {
				te.vars["IMGFAV_USERNAME"] = "demo"
			}
			a, err := openApp(context.Background(), te.config(t))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if n := te.srv.Count("GET", "/3/account/me"); n != 0 {
				t.Errorf("opening sent GET /3/account/me %d times: nothing may wait for it", n)
			}
			if err := a.learnAccount(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := a.client.Token(); got.AccessToken != tok.Access || got.Username != "demo" {
				t.Errorf("token = %v", got)
			}
			wantMe := 1
			if withName {
				wantMe = 0
			}
			if n := te.srv.Count("GET", "/3/account/me"); n != wantMe {
				t.Errorf("GET /3/account/me sent %d times, want %d", n, wantMe)
			}
			if opts := a.uiOptions(); opts.Logins != nil {
				t.Error("environment tokens would be stored")
			}
			// A refresh during the run is not stored either.
			te.srv.RevokeAccessTokens()
			if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := a.store.CurrentLogin(); ok {
				t.Error("environment tokens were stored")
			}
			// The account's cache still is.
			if _, _, ok := a.store.GetCached("demo", imgur.FavoritesCacheKey(imgur.SortNewest, 0)); !ok {
				t.Error("the page was not cached")
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		te := newTestEnv(t, imgurtest.Options{})
		te.vars["IMGFAV_ACCESS_TOKEN"] = "has spaces in it"
		if code, _, serr := te.run(t, "logout"); code != 2 || !strings.Contains(serr, "IMGFAV_ACCESS_TOKEN") {
			t.Errorf("exit %d, %q", code, serr)
		}
	})
}

func TestRefreshPersistedAcrossRestart(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tok := te.srv.Login()
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLogin(store.Login{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: "demo", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	te.srv.RevokeAccessTokens()
	if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	rotated := a.client.Token()
	a.Close()
	if rotated.RefreshToken == tok.Refresh {
		t.Fatal("the fake did not rotate the refresh token")
	}

	b, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.client.Token(); got.AccessToken != rotated.AccessToken || got.RefreshToken != rotated.RefreshToken {
		t.Fatal("the refreshed pair was not persisted")
	}
	te.srv.ResetRequests()
	if _, err := b.client.Favorites(context.Background(), "demo", 1, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if te.srv.Count("POST", "/oauth2/token") != 0 {
		t.Error("the restarted app had to refresh again")
	}
}

func TestLogout(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	save := func() {
		st, err := store.Open(te.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_ = st.SaveLogin(store.Login{AccessToken: "a", Username: "demo"})
		_ = st.PutCached("demo", "favorites/newest/000000", "e", []byte("page"))
	}
	cached := func() bool {
		st, err := store.Open(te.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, _, ok := st.GetCached("demo", "favorites/newest/000000")
		return ok
	}
	save()
	if code, out, _ := te.run(t, "logout"); code != 0 || !strings.Contains(out, "logged out of demo") || !cached() {
		t.Errorf("logout: %d %q cached=%v", code, out, cached())
	}
	save()
	if code, out, _ := te.run(t, "logout", "--purge"); code != 0 || !strings.Contains(out, "deleted") || cached() {
		t.Errorf("logout --purge: %d %q cached=%v", code, out, cached())
	}
}

// logout --purge after a plain logout purges the account that logged out
// (store.LastAccount); --account names another.
func TestLogoutPurgeAfterPlainLogout(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	withStore := func(f func(st *store.Store)) {
		t.Helper()
		st, err := store.Open(te.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		f(st)
	}
	withStore(func(st *store.Store) {
		_ = st.PutCached("other", "favorites/newest/000000", "e", []byte("page"))
		_ = st.SaveLogin(store.Login{AccessToken: "a", Username: "Demo"})
		_ = st.PutCached("demo", "favorites/newest/000000", "e", []byte("page"))
	})
	cached := func(account string) (ok bool) {
		withStore(func(st *store.Store) { _, _, ok = st.GetCached(account, "favorites/newest/000000") })
		return ok
	}
	steps := []struct {
		args    []string
		out     string
		demo    bool // demo's cache is left
		other   bool
		comment string
	}{
		{[]string{"logout"}, "logged out of Demo (cached favorites kept", true, true, "plain logout keeps the cache"},
		{[]string{"logout", "--purge"}, "deleted the cached data of demo", false, true, "purge after logout"},
		{[]string{"logout", "--purge"}, "no account's data to purge", false, true, "nothing left"},
		{[]string{"logout"}, "not logged in", false, true, "plain logout as before"},
		{[]string{"logout", "--account", "other", "--purge"}, "deleted the cached data of other", false, false, "a named account"},
	}
	for _, s := range steps {
		code, out, serr := te.run(t, s.args...)
		if code != 0 || !strings.Contains(out, s.out) || cached("demo") != s.demo || cached("other") != s.other {
			t.Errorf("%s: %v: exit %d, %q %q; demo cached %v (want %v), other %v (want %v)",
				s.comment, s.args, code, out, serr, cached("demo"), s.demo, cached("other"), s.other)
		}
	}
	if code, out, _ := te.run(t, "logout", "--help"); code != 0 || !strings.Contains(out, "--account NAME") {
		t.Errorf("logout --help: %d %q", code, out)
	}
}

// --- whole flows with teatest ---------------------------------------------

func startUI(t *testing.T, a *app, opts tui.Options, w int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, tui.New(opts),
		teatest.WithInitialTermSize(w, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

// waitScreen waits until the plain text of the output matches.
func waitScreen(t *testing.T, tm *teatest.TestModel, what string, ok func(string) bool) string {
	t.Helper()
	var seen string
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen += ansi.Strip(string(b))
		return ok(seen)
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	return seen
}

var stateRE = regexp.MustCompile(`state=([0-9a-f]{32})`)

func titleOf(f imgurtest.Favorite) string {
	if f.Title == nil || *f.Title == "" {
		return "untitled"
	}
	return imgur.CleanLine(*f.Title)
}

func TestFlowPasteLoginThenRestart(t *testing.T) {
	favs := imgurtest.Generate(40, 21)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs})
	cfg := te.config(t)

	a, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tm := startUI(t, a, a.uiOptions(), 200)
	out := waitScreen(t, tm, "login screen", func(s string) bool { return stateRE.MatchString(s) })
	state := stateRE.FindStringSubmatch(out)[1]
	tm.Send(tea.PasteMsg{Content: te.srv.RedirectFor(state)})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitScreen(t, tm, "favorites", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[0])) && strings.Contains(s, titleOf(favs[1]))
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a.Close()

	// A restart on the same database goes straight to the list.
	te.srv.ResetRequests()
	b, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tm2 := startUI(t, b, b.uiOptions(), 200)
	out = waitScreen(t, tm2, "favorites after restart", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[2]))
	})
	if strings.Contains(out, "log in to Imgur") {
		t.Error("the restart showed the login screen")
	}
	tm2.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm2.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n := te.srv.Count("POST", "/oauth2/token"); n != 0 {
		t.Errorf("the restart refreshed %d times", n)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestFlowLoopbackLogin plays the browser with an HTTP client: follow the
// authorize redirect, GET the local page, POST what its script sends.
func TestFlowLoopbackLogin(t *testing.T) {
	port := strconv.Itoa(freePort(t))
	redirect := "http://127.0.0.1:" + port + "/callback"
	favs := imgurtest.Generate(20, 8)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs, RedirectURL: redirect})
	te.vars["IMGFAV_REDIRECT_URL"] = redirect
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tm := startUI(t, a, a.uiOptions(), 200)
	out := waitScreen(t, tm, "listening", func(s string) bool {
		return stateRE.MatchString(s) && strings.Contains(s, "listening on 127.0.0.1:"+port)
	})
	state := stateRE.FindStringSubmatch(out)[1]

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(a.client.AuthorizeURL(state))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	landed := resp.Header.Get("Location")
	page, err := http.Get(strings.SplitN(landed, "#", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(page.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("page: %d", page.StatusCode)
	}
	search := "?" + strings.SplitN(strings.SplitN(landed, "?", 2)[1], "#", 2)[0]
	hash := "#" + strings.SplitN(landed, "#", 2)[1]
	body, _ := json.Marshal(map[string]string{"search": search, "hash": hash})
	req, _ := http.NewRequest("POST", "http://127.0.0.1:"+port+"/callback", bytes.NewReader(body))
	req.Header.Set("Origin", "http://127.0.0.1:"+port)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("callback: %d", res.StatusCode)
	}
	waitScreen(t, tm, "favorites", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[0]))
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if l, ok, _ := a.store.CurrentLogin(); !ok || l.Username != "demo" {
		t.Error("the loopback login was not stored")
	}
}

func TestDebugLogRedactsSecrets(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	logPath := filepath.Join(t.TempDir(), "debug.log")
	te.vars["IMGFAV_DEBUG"] = logPath
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
	te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.learnAccount(context.Background()); err != nil {
		t.Fatal(err)
	}
	te.srv.RevokeAccessTokens() // forces a refresh: secrets go over the wire
	if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	opts := a.uiOptions()
	opts.Debug("screen list: demo")
	newTok := a.client.Token()
	a.Close()
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"GET /3/account/me", "POST /oauth2/token", "status=403", "status=200", "screen list: demo", "user="} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{tok.Access, tok.Refresh, newTok.AccessToken, newTok.RefreshToken, imgurtest.ClientSecret} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains a secret:\n%s", log)
		}
	}
	if fi, _ := os.Stat(logPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("log mode %o", fi.Mode().Perm())
	}
}

func TestSalvagedDatabaseKeepsTheLoginAndSaysSo(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLogin(store.Login{AccessToken: "a", RefreshToken: "r", Username: "demo"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(te.db)
	if err != nil {
		t.Fatal(err)
	}
	clear(raw[:4096]) // a zeroed meta page: bbolt would still open it
	if err := os.WriteFile(te.db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, serr := te.run(t, "logout")
	if code != 0 || !strings.Contains(out, "logged out of demo") {
		t.Errorf("exit %d, stdout %q: the login was not salvaged", code, out)
	}
	if !strings.Contains(serr, "the database was damaged") || !strings.Contains(serr, "the login with them") ||
		!strings.Contains(serr, ".corrupt-") || strings.Count(serr, "\n") != 1 {
		t.Errorf("stderr = %q, want one line saying what was salvaged", serr)
	}
	if _, _, serr := te.run(t, "logout"); serr != "" {
		t.Errorf("the notice came again on the next run: %q", serr)
	}
}
