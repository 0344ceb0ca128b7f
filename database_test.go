package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

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

// Without a home (no $HOME, no absolute $XDG_CONFIG_HOME) there is no
// default database: imgfav says so instead of writing the tokens into
// whatever directory it runs in.
func TestNoHomeNoDatabase(t *testing.T) {
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "relative")
	t.Chdir(t.TempDir())
	te := newTestEnv(t, imgurtest.Options{})
	delete(te.vars, "IMGFAV_DB")
	code, _, serr := te.run(t, "list", "--cached")
	if code != 1 || !strings.Contains(serr, "no place for the database") || !strings.Contains(serr, "IMGFAV_DB") {
		t.Errorf("exit %d: %s", code, serr)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("wrote %v into the working directory", entries)
	}
}
