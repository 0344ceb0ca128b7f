package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// thumbStore opens a store whose clock the test moves.
func thumbStore(t testing.TB, limit int64) (*Store, *time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "imgfav.db"), Options{NoSync: true, ThumbCap: limit, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return s, &now
}

func TestThumbRoundTrip(t *testing.T) {
	s, _ := thumbStore(t, 0)
	if _, ok, err := s.Thumb("bob", "abcm"); ok || err != nil {
		t.Fatalf("a new file holds a thumbnail: %v %v", ok, err)
	}
	pic := bytes.Repeat([]byte{0xff, 0xd8, 1, 2, 3}, 1000)
	if err := s.PutThumb("Bob", "abcm", pic); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Thumb("bob", "abcm")
	if err != nil || !ok || !bytes.Equal(got, pic) {
		t.Fatalf("Thumb = %d bytes, %v, %v", len(got), ok, err)
	}
	if _, ok, _ := s.Thumb("carol", "abcm"); ok {
		t.Error("another account sees bob's thumbnail")
	}
	if err := s.PutThumb("bob", "huge", make([]byte, DefaultThumbCap/4)); err == nil {
		t.Error("a picture of a quarter of the cap was cached")
	}
}

func TestThumbsEvictTheLeastRecentlyUsed(t *testing.T) {
	const limit = 100 << 10
	s, now := thumbStore(t, limit)
	put := func(key string) {
		t.Helper()
		*now = now.Add(time.Second)
		if err := s.PutThumb("bob", key, make([]byte, 10<<10)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 9 { // 90 KiB: under the cap
		put(fmt.Sprintf("k%d", i))
	}
	*now = now.Add(time.Second)
	if _, ok, _ := s.Thumb("bob", "k0"); !ok { // k0 is used again: k1 is now the oldest
		t.Fatal("k0 missing")
	}
	put("k9")
	put("k10") // 110 KiB: over the cap, down to 90 %
	for key, want := range map[string]bool{"k0": true, "k1": false, "k2": false, "k3": true, "k10": true} {
		if _, ok, _ := s.Thumb("bob", key); ok != want {
			t.Errorf("%s cached = %v, want %v", key, ok, want)
		}
	}
	var total int64
	_ = s.view(func(tx *bolt.Tx) error { total = thumbTotal(thumbBucket(tx, "bob")); return nil })
	if total > limit*9/10 {
		t.Errorf("total %d after eviction, want at most %d", total, limit*9/10)
	}
}

func TestPurgeRemovesThumbs(t *testing.T) {
	s, _ := thumbStore(t, 0)
	if err := s.PutThumb("bob", "k", []byte("picture")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutThumb("carol", "k", []byte("picture")); err != nil {
		t.Fatal(err)
	}
	if err := s.PurgeAccount("bob"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Thumb("bob", "k"); ok {
		t.Error("bob's thumbnail survived the purge")
	}
	if _, ok, _ := s.Thumb("carol", "k"); !ok {
		t.Error("carol's thumbnail went with bob's purge")
	}
}

func BenchmarkThumbGet(b *testing.B) {
	s, _ := thumbStore(b, 0)
	pic := make([]byte, 20<<10)
	_ = s.PutThumb("bob", "k", pic)
	b.SetBytes(int64(len(pic)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, _ := s.Thumb("bob", "k"); !ok {
			b.Fatal("miss")
		}
	}
}
