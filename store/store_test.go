package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var fixedNow = time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "imgfav", "imgfav.db")
	s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	s, path := openTemp(t)
	if !s.Info().Created || s.Info().Tightened || s.Info().MovedAside != "" {
		t.Errorf("info = %+v", s.Info())
	}
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode %o, want %o", p, got, want)
		}
	}
}

func TestOpenTightensLooseFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"existing database", func(t *testing.T, path string) {
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}},
		{"empty file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "imgfav.db")
			tt.setup(t, path)
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			fi, _ := os.Stat(path)
			if fi.Mode().Perm() != 0o600 || !s.Info().Tightened {
				t.Errorf("mode %o tightened=%v; want 600 and told", fi.Mode().Perm(), s.Info().Tightened)
			}
		})
	}
}

// The database's own directory is tightened to 0700; one it shares with
// other things is left as it is.
func TestDirectoryIsTightenedWhenItIsImgfavs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	for _, tt := range []struct {
		name   string
		mode   os.FileMode
		others []string
		want   os.FileMode
	}{
		{"its own", 0o755, []string{"imgfav.db", "config.toml", "imgfav.db.lock", "imgfav.db.corrupt-20260101T000000Z"}, 0o700},
		{"shared", 0o755, []string{"imgfav.db", "notes.txt"}, 0o755},
		{"no database yet", 0o755, nil, 0o755},
		{"sticky, as /tmp", 0o777 | os.ModeSticky, []string{"imgfav.db"}, 0o777},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "imgfav")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.mode); err != nil { // whatever the umask
				t.Fatal(err)
			}
			for _, n := range tt.others {
				if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(filepath.Join(dir, "imgfav.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			fi, _ := os.Stat(dir)
			if fi.Mode().Perm() != tt.want || s.Info().TightenedDir != (tt.want == 0o700) {
				t.Errorf("directory mode %o, told %v; want %o", fi.Mode().Perm(), s.Info().TightenedDir, tt.want)
			}
		})
	}
}

func TestTwoStoresShareTheFile(t *testing.T) {
	s1, path := openTemp(t)
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	if err := s1.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := s2.PutCached("bob", "k", "e", []byte("body")); err != nil {
		t.Fatal(err)
	}
	if l, ok, err := s2.CurrentLogin(); err != nil || !ok || l.Username != "bob" {
		t.Errorf("the second store does not see the first's login: %v %v %v", l, ok, err)
	}
	if _, body, ok := s1.GetCached("bob", "k"); !ok || string(body) != "body" {
		t.Errorf("the first store does not see the second's cache entry: %q %v", body, ok)
	}
}

func TestHeldLockTimesOut(t *testing.T) {
	s, path := openTemp(t)
	s.timeout = 200 * time.Millisecond
	held, err := bolt.Open(path, 0o600, nil) // another process in the middle of a write
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	err = s.SetLastSort("oldest")
	elapsed := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) {
		t.Errorf("message %q does not name the path", msg)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v with a 200 ms timeout", elapsed)
	}
}

// damaged returns the bytes of a real database with many pages, damaged in
// the named way.

// A refresh stores the new tokens of a stored login without making it
// current, and does not bring back a login removed meanwhile.
func TestRefreshLogin(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.SaveLogin(Login{AccessToken: "b1", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLogin(Login{AccessToken: "a1", Username: "alice"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshLogin(Login{AccessToken: "b2", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	cur, _, _ := s.CurrentLogin()
	if cur.Username != "alice" {
		t.Errorf("a refresh of bob made %q current", cur.Username)
	}
	logins, _ := s.Logins()
	for _, l := range logins {
		if l.Username == "bob" && l.AccessToken != "b2" {
			t.Errorf("bob's refreshed token was not stored: %v", l)
		}
	}
	if err := s.DeleteLogin("bob"); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshLogin(Login{AccessToken: "b3", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	if logins, _ := s.Logins(); len(logins) != 1 {
		t.Errorf("a refresh after the logout stored bob again: %v", logins)
	}
}
