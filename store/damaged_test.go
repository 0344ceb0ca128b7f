package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// damaged returns the bytes of a real database with many pages, damaged in
// the named way.
func damaged(t *testing.T, kind string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "src.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), "W/\"x\"", bytes.Repeat([]byte{byte(i)}, 3000)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	b := bytes.Clone(orig)
	switch kind {
	case "not a database":
		return []byte("SQLite format 3\x00 definitely not bolt " + strings.Repeat("x", 9000))
	case "text file":
		return []byte("hello\n")
	case "truncated to 100 bytes":
		return b[:100]
	case "truncated to two pages":
		return b[:2*pageSize+17]
	case "truncated to half":
		return b[:len(b)/2]
	case "scrambled meta pages":
		for i := 0; i < 2*pageSize; i += 3 {
			b[i] ^= 0xff
		}
	case "scrambled data pages":
		for i := 4 * pageSize; i < len(b); i += 7 {
			b[i] ^= 0x5a
		}
	case "zeroed first meta page":
		clear(b[:pageSize])
	case "zeroed second meta page":
		clear(b[pageSize : 2*pageSize])
	case "zeroed branch pages":
		for i := 2 * pageSize; i < len(b)/3; i++ {
			b[i] = 0
		}
	default:
		t.Fatalf("unknown damage %q", kind)
	}
	return b
}

func TestDamagedFilesAreSalvagedOrMovedAside(t *testing.T) {
	for _, tc := range []struct {
		kind      string
		salvaged  bool // a bbolt file: salvaged rather than only moved aside
		wantLogin bool // the login must read back
	}{
		{kind: "not a database"},
		{kind: "text file"},
		{kind: "truncated to 100 bytes", salvaged: true},
		{kind: "truncated to two pages", salvaged: true},
		{kind: "truncated to half", salvaged: true},
		{kind: "scrambled meta pages"},
		{kind: "scrambled data pages", salvaged: true},
		{kind: "zeroed branch pages", salvaged: true},
		{kind: "zeroed first meta page", salvaged: true, wantLogin: true},
		{kind: "zeroed second meta page", salvaged: true, wantLogin: true},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			bad := damaged(t, tc.kind)
			path := filepath.Join(t.TempDir(), "imgfav.db")
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, 0o644); err != nil { // its copy is 0600 all the same
				t.Fatal(err)
			}
			s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer s.Close()
			info := s.Info()
			want := path + ".corrupt-20261122T103000Z"
			if info.MovedAside != want || (info.Salvaged != nil) != tc.salvaged {
				t.Fatalf("info = %+v, want moved to %s, salvaged %v", info, want, tc.salvaged)
			}
			kept, err := os.ReadFile(want)
			if err != nil || !bytes.Equal(kept, bad) {
				t.Errorf("the damaged file was not kept intact: %v", err)
			}
			if fi, err := os.Stat(want); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm() != 0o600) {
				t.Errorf("the damaged copy is %v (%v), want 0600: it may hold logins", fi.Mode().Perm(), err)
			}
			l, ok, err := s.CurrentLogin()
			if err != nil {
				t.Fatalf("CurrentLogin: %v", err)
			}
			if tc.wantLogin && (!ok || l.RefreshToken != "r" || !info.Salvaged.LoginKept) {
				t.Errorf("login lost: %v %v, salvage %+v", l, ok, info.Salvaged)
			}
			if ok && (l.AccessToken != "a" || l.Username != "bob") {
				t.Errorf("salvaged login = %#v", l)
			}
			if err := s.SaveLogin(Login{AccessToken: "a2", Username: "carol"}); err != nil {
				t.Errorf("repaired database is not writable: %v", err)
			}
			if rep, err := checkPath(path); err != nil || !rep.healthy() {
				t.Errorf("the repaired file does not check out: %v %v", rep, err)
			}
		})
	}
}

func TestCorruptTwiceKeepsBothCopies(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "imgfav.db")
	for range 2 {
		if err := os.WriteFile(path, []byte("garbage garbage garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 2 {
		t.Errorf("corrupt copies = %v, want 2", matches)
	}
}

func TestZeroLengthFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imgfav.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Info().Created || s.Info().MovedAside != "" {
		t.Errorf("info = %+v", s.Info())
	}
}

func TestNotAFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{}); err == nil {
		t.Error("opened a directory")
	}
}
