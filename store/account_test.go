package store

import "testing"

// TestAccountNames: the store alone folds user names; the client passes
// them as Imgur spells them.
func TestAccountNames(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"bob", "bob", true},
		{"Bob", "bOB", true},
		{"bob", "alice", false},
		{"", "", true},
		{"", "bob", false},
	}
	for _, tt := range tests {
		if got := SameAccount(tt.a, tt.b); got != tt.same {
			t.Errorf("SameAccount(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// TestCachedBody: what the client reads its pages back with, under any
// spelling of the account, with the time the entry was stored.
func TestCachedBody(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.PutCached("Bob", "favorites/newest/000000", `W/"1"`, []byte("body")); err != nil {
		t.Fatal(err)
	}
	body, fetched, ok, err := s.CachedBody("bob", "favorites/newest/000000")
	if err != nil || !ok || string(body) != "body" || !fetched.Equal(fixedNow) {
		t.Errorf("CachedBody = %q, %s, %v, %v; want body, %s", body, fetched, ok, err, fixedNow)
	}
	if _, _, ok, err := s.CachedBody("bob", "favorites/newest/000001"); ok || err != nil {
		t.Errorf("missing key: ok %v, err %v; want a miss", ok, err)
	}
	if _, _, ok, err := s.CachedBody("alice", "favorites/newest/000000"); ok || err != nil {
		t.Errorf("other account: ok %v, err %v; want a miss", ok, err)
	}
}
