package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

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

// A logout of the current account makes another stored one current, for
// the browser and the scripts alike; logout --purge then purges the one
// that went, not the new current one.
func TestLogoutSwitchesToAnotherStoredAccount(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.SaveLogin(store.Login{AccessToken: "b", Username: "other"})
	_ = st.SaveLogin(store.Login{AccessToken: "a", Username: "demo"})
	_ = st.PutCached("demo", "favorites/newest/000000", "e", []byte("page"))
	st.Close()

	code, out, _ := te.run(t, "logout")
	if code != 0 || !strings.Contains(out, "logged out of demo") || !strings.Contains(out, "other is now the current account") {
		t.Fatalf("logout: %d %q", code, out)
	}
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	a.adoptStoredLogin()
	if got := a.client.Token(); got.Username != "other" || got.AccessToken != "b" || a.notice != "" {
		t.Errorf("after the logout the app has %q, notice %q", got.Username, a.notice)
	}
	a.Close()
	code, out, _ = te.run(t, "logout", "--purge")
	if code != 0 || !strings.Contains(out, "deleted the cached data of demo") || !strings.Contains(out, "other stays logged in") {
		t.Errorf("logout --purge after the logout: %d %q", code, out)
	}
	if code, out, _ := te.run(t, "accounts"); code != 0 || strings.TrimSpace(out) != "* other" {
		t.Errorf("accounts: %d %q", code, out)
	}
	if code, _, serr := te.run(t, "logout", "--account", "ghost", "--purge"); code != 1 || !strings.Contains(serr, "nothing of ghost is stored") {
		t.Errorf("purge of a name never seen: %d %q", code, serr)
	}
}

// IMGFAV_ACCOUNT names the account to log out of, as --account does; the
// flag wins over it.
func TestLogoutTakesTheAccountFromTheEnvironment(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"third", "other", "demo"} {
		_ = st.SaveLogin(store.Login{AccessToken: "t-" + name, Username: name})
	}
	st.Close()
	te.vars["IMGFAV_ACCOUNT"] = "other"
	if code, out, _ := te.run(t, "logout"); code != 0 || !strings.Contains(out, "logged out of other") {
		t.Fatalf("logout with IMGFAV_ACCOUNT=other: %d %q", code, out)
	}
	if code, out, _ := te.run(t, "logout", "--account", "third"); code != 0 || !strings.Contains(out, "logged out of third") {
		t.Fatalf("logout --account third: %d %q", code, out)
	}
	if _, out, _ := te.run(t, "accounts"); strings.TrimSpace(out) != "* demo" {
		t.Errorf("accounts after both: %q, want only demo, current", out)
	}
}

// Logging out of an account that is not stored says so and fails; one
// that is not the current one names no next account for the browser.
func TestLogoutOfAnotherOrUnknownAccount(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.SaveLogin(store.Login{AccessToken: "b", Username: "bob"})
	_ = st.SaveLogin(store.Login{AccessToken: "c", Username: "carol"})
	st.Close()
	if code, _, serr := te.run(t, "logout", "--account", "nobody"); code != 1 || !strings.Contains(serr, "no stored login of nobody") {
		t.Errorf("logout of an unknown account: %d %q", code, serr)
	}
	code, out, _ := te.run(t, "logout", "--account", "bob")
	if code != 0 || !strings.Contains(out, "logged out of bob") || strings.Contains(out, "shows") {
		t.Errorf("logout of bob, carol current: %d %q", code, out)
	}
}

// After a logout of another account its cache stays, and list --cached
// --account reads it (a command that would contact Imgur still says the
// login is gone).
func TestListCachedOfALoggedOutAccount(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.srv.AddAccount("friend", 77, imgurtest.Generate(5, 9))
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"friend", "demo"} {
		tok, _ := te.srv.LoginAs(name)
		if err := st.SaveLogin(store.Login{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: name, Expiry: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if code, _, serr := te.run(t, "list", "--account", "friend"); code != 0 {
		t.Fatalf("list online: %d %s", code, serr)
	}
	if code, _, serr := te.run(t, "logout", "--account", "friend"); code != 0 {
		t.Fatalf("logout: %d %s", code, serr)
	}
	requests := len(te.srv.Requests())
	code, out, serr := te.run(t, "list", "--cached", "--account", "friend", "--format", "urls")
	if code != 0 || strings.Count(out, "\n") != 5 {
		t.Errorf("list --cached of the logged-out friend: %d %q %q", code, out, serr)
	}
	if len(te.srv.Requests()) != requests {
		t.Error("--cached contacted Imgur")
	}
	if code, _, serr := te.run(t, "list", "--account", "friend"); code != 1 || !strings.Contains(serr, "no stored login of friend") {
		t.Errorf("list online of the logged-out friend: %d %q", code, serr)
	}
	if code, _, serr := te.run(t, "list", "--cached", "--account", "nobody"); code != 1 || !strings.Contains(serr, "no stored login of nobody") {
		t.Errorf("list --cached of an account never seen: %d %q", code, serr)
	}
	if code, out, serr := te.run(t, "folders", "--cached", "--account", "friend"); code == 1 && strings.Contains(serr, "no stored login") {
		t.Errorf("folders --cached of the logged-out friend: %d %q %q", code, out, serr)
	}
	// The file's account, logged out: --cached reads the current account,
	// as list does, and says so.
	writeConfigFile(t, te, "account = \"friend\"\n")
	code, out, serr = te.run(t, "list", "--cached", "--format", "urls")
	if out != "" || !strings.Contains(serr, "no stored login of friend") || !strings.Contains(serr, "favorites of demo") {
		t.Errorf("list --cached with the file's logged-out account: %d %q %q", code, out, serr)
	}
}

// With the environment's tokens, logout --purge deletes their account's
// cache (IMGFAV_USERNAME names it): the tokens themselves were never
// stored.
func TestPurgeWithEnvironmentTokens(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	if code, _, serr := te.run(t, "list"); code != 0 {
		t.Fatalf("list: %d %s", code, serr)
	}
	if code, out, serr := te.run(t, "logout", "--purge"); code != 0 || !strings.Contains(out, "deleted the cached data of demo") {
		t.Errorf("logout --purge: %d %q %q", code, out, serr)
	}
	if code, _, _ := te.run(t, "list", "--cached"); code != 1 {
		t.Error("the cache is still there after the purge")
	}
}

// accounts and logout only look or forget: a --db that names no file
// (mistyped) is said, and left uncreated.
func TestLookingCommandsCreateNoDatabase(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, cmd := range [][]string{{"accounts"}, {"logout"}, {"logout", "--purge"}} {
		code, out, _ := te.run(t, append(cmd, "--db", missing)...)
		if code != 0 || !strings.Contains(out, "no database at "+missing) {
			t.Errorf("%v: %d %q", cmd, code, out)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%v created %s", cmd, missing)
		}
	}
}
