package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Each account has its own layout; one that never chose has the layout
// earlier versions kept for every account, else the default; a purge
// forgets it.
func TestLayoutPerAccount(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	if l, err := s.Layout("bob"); err != nil || l != (Layout{}) {
		t.Fatalf("fresh layout = %+v, %v", l, err)
	}
	if err := s.update(func(tx *bolt.Tx) error { // as an earlier version wrote it
		return tx.Bucket(bucketSettings).Put(keyLayout, []byte(`{"grid":true}`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLayout("Bob", Layout{NoPreview: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		account string
		want    Layout
	}{{"bob", Layout{NoPreview: true}}, {"alice", Layout{Grid: true}}} {
		if l, _ := s.Layout(c.account); l != c.want {
			t.Errorf("%s: layout %+v, want %+v", c.account, l, c.want)
		}
	}
	if err := s.PurgeAccount("bob"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Layout("bob"); l != (Layout{Grid: true}) {
		t.Errorf("after the purge bob's layout is %+v, want the shared one", l)
	}
}
