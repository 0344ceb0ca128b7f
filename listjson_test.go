package main

import (
	"encoding/json"
	"testing"

	"imgfav/imgur/imgurtest"
)

// list --format json gives each favorite's tags, [] when it has none.
func TestListJSONHasTags(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(8, 4)})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	code, out, serr := te.run(t, "list", "--format", "json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, serr)
	}
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatal(err)
	}
	tagged := 0
	for _, l := range listed {
		tags, ok := l["tags"].([]any)
		if !ok {
			t.Errorf("%v: tags %v, want a list", l["id"], l["tags"])
		}
		tagged += min(len(tags), 1)
	}
	if tagged == 0 {
		t.Error("no favorite listed with its tags")
	}
}
