package imgur

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestWithoutItem(t *testing.T) {
	tests := []struct {
		name, body, id string
		want           []string // ids left; nil: unchanged (nil returned)
	}{
		{"middle", `{"data":[{"id":"a"},{"id":"b"},{"id":"c"}],"success":true,"status":200}`, "b", []string{"a", "c"}},
		{"only", `{"data":[{"id":"a"}],"success":true}`, "a", []string{}},
		{"absent", `{"data":[{"id":"a"}]}`, "z", nil},
		{"id in a title only", `{"data":[{"id":"a","title":"b"}]}`, "b", nil},
		{"an album's image", `{"data":[{"id":"a","images":[{"id":"b"}]}]}`, "b", nil},
		{"not a list", `{"data":{"id":"b"}}`, "b", nil},
		{"not JSON", `<html>b</html>`, "b", nil},
		{"numeric id", `{"data":[{"id":7},{"id":"b"}]}`, "b", []string{"7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withoutItem([]byte(tt.body), tt.id)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("got %s, want nil (unchanged)", got)
				}
				return
			}
			var env struct {
				Data    []map[string]any `json:"data"`
				Success bool             `json:"success"`
			}
			if err := json.Unmarshal(got, &env); err != nil {
				t.Fatalf("rewritten body does not read: %v: %s", err, got)
			}
			ids := []string{}
			for _, d := range env.Data {
				ids = append(ids, jsonString(d["id"]))
			}
			if len(ids) != len(tt.want) {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
			for i := range ids {
				if ids[i] != tt.want[i] {
					t.Fatalf("ids %v, want %v", ids, tt.want)
				}
			}
		})
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
}

func TestPostRateLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name      string
		header    map[string]string
		wantKnown bool
		remaining int
		exhausted bool
	}{
		{"none", nil, false, 0, false},
		{"some left", map[string]string{"X-Post-Rate-Limit-Limit": "1250", "X-Post-Rate-Limit-Remaining": "1249", "X-Post-Rate-Limit-Reset": "3600"}, true, 1249, false},
		{"used up", map[string]string{"X-Post-Rate-Limit-Limit": "1250", "X-Post-Rate-Limit-Remaining": "0", "X-Post-Rate-Limit-Reset": "60"}, true, 0, true},
		{"used up, reset absurd", map[string]string{"X-Post-Rate-Limit-Remaining": "0", "X-Post-Rate-Limit-Reset": "99999999999"}, true, 0, false},
		{"used up, no reset", map[string]string{"X-Post-Rate-Limit-Remaining": "0"}, true, 0, false},
		{"garbage", map[string]string{"X-Post-Rate-Limit-Remaining": "lots"}, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			r := RateLimit{}.merge(h, now)
			if r.PostKnown != tt.wantKnown || r.PostRemaining != tt.remaining {
				t.Fatalf("known %v remaining %d, want %v %d", r.PostKnown, r.PostRemaining, tt.wantKnown, tt.remaining)
			}
			if _, ok := r.PostExhausted(now); ok != tt.exhausted {
				t.Fatalf("exhausted %v, want %v", ok, tt.exhausted)
			}
			if _, _, ok := r.Exhausted(now); ok {
				t.Fatal("the POST allowance must not block GETs")
			}
		})
	}
}

func TestDecodeComments(t *testing.T) {
	body := `[
	 {"id":1,"comment":"first\u001b[31m!","author":"ann\u202e","points":"12","ups":14,"downs":2,"datetime":100,"parent_id":0,"deleted":false,
	  "children":[{"id":2,"comment":null,"author":null,"deleted":true,"parent_id":1,"children":[]},
	              {"id":3,"comment":"[deleted]","author":"[deleted]","parent_id":1},
	              {"id":4,"comment":"reply","author":"bob","parent_id":1,"children":[{"id":5,"comment":"deep","author":"cy"}]}]},
	 "not an object",
	 {"id":6,"comment":"two\n\nlines","author":"dee","children":"oops"}
	]`
	got, err := decodeComments(json.RawMessage(body), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d top-level comments, want 2 (the unreadable one left out)", len(got))
	}
	first := got[0]
	if first.Text != "first!" || first.Author != "ann" || first.Points != 12 {
		t.Fatalf("first = %+v: want sanitized text and author, points read from a string", first)
	}
	if len(first.Children) != 3 {
		t.Fatalf("%d replies, want 3", len(first.Children))
	}
	for _, i := range []int{0, 1} {
		if c := first.Children[i]; !c.Deleted || c.Text != "" || c.Author != "" {
			t.Fatalf("reply %d = %+v, want deleted without text or author", i, c)
		}
	}
	if deep := first.Children[2].Children; len(deep) != 1 || deep[0].Text != "deep" {
		t.Fatalf("nested replies %+v", deep)
	}
	if got[1].Text != "two\n\nlines" || len(got[1].Children) != 0 {
		t.Fatalf("second = %+v", got[1])
	}
}

func TestDecodeCommentsBoundsDepth(t *testing.T) {
	body := ""
	for i := 0; i < 200; i++ {
		body += `[{"id":1,"comment":"x","author":"a","children":`
	}
	body += "[]"
	for i := 0; i < 200; i++ {
		body += "}]"
	}
	got, err := decodeComments(json.RawMessage(body), 0)
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for cs := got; len(cs) > 0; cs = cs[0].Children {
		depth++
	}
	if depth != maxCommentDepth+1 {
		t.Fatalf("read %d levels, want %d", depth, maxCommentDepth+1)
	}
}

func TestCommentSortCycles(t *testing.T) {
	s := CommentsBest
	for _, want := range []CommentSort{CommentsTop, CommentsNew, CommentsBest} {
		s = s.Next()
		if s != want {
			t.Fatalf("next = %s, want %s", s, want)
		}
	}
}

func TestDecodeFolders(t *testing.T) {
	body := `[{"id":1,"name":"Cats\u001b]52;c;aGk=\u0007","cover_hash":"abc123","cover_width":"640","cover_height":480},
	 {"id":0,"name":"no id"},
	 {"id":"7","name":"","cover_hash":"../x?y"},
	 42]`
	got, err := decodeFolders(json.RawMessage(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d folders, want 2: %+v", len(got), got)
	}
	if got[0].Name != "Cats" || got[0].CoverHash != "abc123" || got[0].CoverWidth != 640 {
		t.Fatalf("first = %+v", got[0])
	}
	if got[1].ID != 7 || got[1].Name != "folder 7" || got[1].CoverHash != "" {
		t.Fatalf("second = %+v: want a name for the nameless and no unsafe cover", got[1])
	}
	if _, ok := got[1].Cover(); ok {
		t.Fatal("a folder without a cover has one")
	}
	if _, err := decodeFolders(json.RawMessage(`{"error":"x"}`)); err == nil {
		t.Fatal("an object read as folders")
	}
}

// The parsers of the new endpoints' bodies never panic and never let a
// control character through.
func FuzzDecodeComments(f *testing.F) {
	f.Add(`[{"id":1,"comment":"a\u001b[2Jb","author":"x","children":[{"id":2,"comment":null,"deleted":true}]}]`)
	f.Add(`[{"id":"7","points":"1,234","children":"no"}, 3, null]`)
	f.Fuzz(func(t *testing.T, body string) {
		cs, err := decodeComments(json.RawMessage(body), 0)
		if err != nil {
			return
		}
		var walk func([]Comment)
		walk = func(cs []Comment) {
			for _, c := range cs {
				for _, s := range []string{c.Author, c.ImageID} {
					if strings.ContainsAny(s, "\x1b\n\r\x07") {
						t.Fatalf("unclean %q", s)
					}
				}
				if strings.ContainsAny(c.Text, "\x1b\r\x07") {
					t.Fatalf("unclean text %q", c.Text)
				}
				walk(c.Children)
			}
		}
		walk(cs)
	})
}

func FuzzDecodeFolders(f *testing.F) {
	f.Add(`[{"id":1,"name":"Cats","cover_hash":"abc"},{"id":"2","name":null}]`)
	f.Fuzz(func(t *testing.T, body string) {
		fs, err := decodeFolders(json.RawMessage(body))
		if err != nil {
			return
		}
		for _, fo := range fs {
			if fo.ID == 0 || fo.Name == "" || strings.ContainsAny(fo.Name+fo.Link, "\x1b\n") || !validUsername(fo.CoverHash) {
				t.Fatalf("folder %+v", fo)
			}
		}
	})
}

func FuzzWithoutItem(f *testing.F) {
	f.Add(`{"data":[{"id":"a"},{"id":"b"}],"success":true}`, "b")
	f.Fuzz(func(t *testing.T, body, id string) {
		out := withoutItem([]byte(body), id)
		if out == nil {
			return
		}
		var env struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(out, &env); err != nil {
			t.Fatalf("a rewritten body that does not read: %v", err)
		}
	})
}
