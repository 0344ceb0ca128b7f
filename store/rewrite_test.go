package store

import (
	"bytes"
	"testing"
)

func TestRewriteCached(t *testing.T) {
	s, _ := openTemp(t)
	put := func(account, key, body string) {
		t.Helper()
		if err := s.PutCached(account, key, `W/"`+key+`"`, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	put("bob", "favorites/newest/000000", `["x","gone"]`)
	put("bob", "favorites/oldest/000003", `["gone"]`)
	put("bob", "folder/7/newest/000000", `["gone","y"]`)
	put("bob", "folders", `["gone"]`)
	put("bob", "favorites/newest/000001", `["kept"]`)
	put("ann", "favorites/newest/000000", `["gone"]`)
	before, _, _ := s.CacheEntry("bob", "favorites/newest/000000")

	var seen []string
	err := s.RewriteCached("Bob", []string{"favorites/", "folder/"}, []byte(`"gone"`), func(key string, body []byte) []byte {
		seen = append(seen, key)
		if key == "favorites/oldest/000003" {
			return nil // left as it was
		}
		return bytes.ReplaceAll(body, []byte(`"gone"`), []byte(`"new"`))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 {
		t.Fatalf("rewrite saw %v, want the three entries under the prefixes with the marker", seen)
	}
	want := map[string]string{
		"bob|favorites/newest/000000": `["x","new"]`,
		"bob|favorites/oldest/000003": `["gone"]`,
		"bob|folder/7/newest/000000":  `["new","y"]`,
		"bob|folders":                 `["gone"]`,
		"bob|favorites/newest/000001": `["kept"]`,
		"ann|favorites/newest/000000": `["gone"]`,
	}
	for k, body := range want {
		account, key, _ := bytes.Cut([]byte(k), []byte("|"))
		e, ok, err := s.CacheEntry(string(account), string(key))
		if err != nil || !ok || string(e.Body) != body {
			t.Fatalf("%s = %q (%v, %v), want %q", k, e.Body, ok, err, body)
		}
	}
	after, _, _ := s.CacheEntry("bob", "favorites/newest/000000")
	if after.ETag != before.ETag || !after.Fetched.Equal(before.Fetched) {
		t.Fatalf("etag/fetched changed: %q %v, want %q %v", after.ETag, after.Fetched, before.ETag, before.Fetched)
	}
}
