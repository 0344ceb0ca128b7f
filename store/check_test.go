package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheckFile feeds arbitrary bytes, seeded with a real database and
// damaged copies of it, to the checker that judges a file before bbolt maps
// it: it must never panic or loop, and whatever it calls healthy must open
// and read without a fault.
func FuzzCheckFile(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	_ = s.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"})
	_ = s.PutCached("bob", "favorites/newest/000000", "e", bytes.Repeat([]byte("x"), 9000))
	_ = s.PutCached("bob", "favorites/newest/000001", "e", []byte("small"))
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add(seed[:4096+100])
	f.Add([]byte("not a database"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := checkFile(bytes.NewReader(data), int64(len(data)))
		if !rep.healthy() {
			return
		}
		p := filepath.Join(t.TempDir(), "f.db")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(p, Options{NoSync: true})
		if err != nil {
			return // a newer schema, say: refused, not crashed
		}
		_, _, _ = s.CurrentLogin()
		_, _ = s.CachedPrefix("bob", "")
	})
}

func TestCheckFindsEachKindOfDamage(t *testing.T) {
	base, loginPages, ps := sweepBase(t)
	root := int64(loginPages[0])
	for _, tc := range []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"truncated below the high-water mark", func(b []byte) []byte { return b[:len(b)/4] }},
		{"root page header says another id", func(b []byte) []byte { b[root*ps] ^= 0x01; return b }},
		{"root page flags", func(b []byte) []byte { b[root*ps+8] = 0x08; return b }},
		{"element past the page", func(b []byte) []byte { b[root*ps+pageHeaderSize+4+3] = 0x7f; return b }},
		{"first meta page zeroed", func(b []byte) []byte { clear(b[:ps]); return b }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.damage(bytes.Clone(base))
			if rep := checkFile(bytes.NewReader(b), int64(len(b))); rep.healthy() {
				t.Errorf("checkFile called it healthy")
			}
		})
	}
	if rep := checkFile(bytes.NewReader(base), int64(len(base))); !rep.healthy() {
		t.Errorf("the undamaged file: %v", rep)
	}
}
