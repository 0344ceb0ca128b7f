package imgurtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestNewFaultShapes(t *testing.T) {
	tests := []struct {
		fault      Fault
		wantStatus int
		wantHeader map[string]string
		wantBody   string
	}{
		{Fault{Kind: Redirect, Location: "https://elsewhere.example/x", Status: 307}, 307, map[string]string{"Location": "https://elsewhere.example/x"}, ""},
		{Fault{Kind: Redirect, Location: "/3/credits"}, 302, map[string]string{"Location": "/3/credits"}, ""},
		{Fault{Kind: CDNBlocked}, 400, map[string]string{"Cdn-Error": "yes", "Retry-After": "0"},
			`{"data":{"error":"These actions are forbidden."},"success":false,"status":400}`},
		{Fault{Kind: MashapeKeyMissing}, 401, nil, `{"message":"Missing Mashape application key.`},
		{Fault{Kind: RefreshUnknown}, 400, nil, `"error":"Refresh token doesn't exist or is invalid for the client"`},
		{Fault{Kind: Recorded, Status: 418, Header: http.Header{"X-Odd": {"1"}}, Body: []byte("\n <xml")}, 418, map[string]string{"X-Odd": "1"}, "\n <xml"},
		{Fault{Kind: Recorded, Body: []byte(`{"data":[]}`)}, 200, nil, `{"data":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.wantBody, func(t *testing.T) {
			s := NewServer(Options{})
			defer s.Close()
			s.Fail(tt.fault)
			resp, body := get(t, s, "/3/account/me", "")
			if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("got %d %q, want %d with %q", resp.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if r, _ := get(t, s, "/3/account/me", ""); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("fault applied twice: %d", r.StatusCode)
			}
		})
	}
}

func TestFavoriteExtraRawMistyped(t *testing.T) {
	favs := Generate(3, 2)
	favs[0] = Mistyped(Favorite{ID: "gifAbc1", Type: "image/gif", Animated: true, Size: 3_000_000, Views: 1234567, Datetime: 1700000000})
	favs[1].Raw = json.RawMessage(`"garbage"`)
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	tok := s.Login()
	_, body := get(t, s, "/3/account/me/favorites/0/newest", "Bearer "+tok.Access)
	var env struct{ Data []json.RawMessage }
	if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != 3 {
		t.Fatalf("data %v: %v", env.Data, err)
	}
	var first map[string]any
	_ = json.Unmarshal(env.Data[0], &first)
	want := map[string]any{"views": "1,234,567", "nsfw": "false", "in_gallery": "false", "datetime": 1700000000.5,
		"mp4_size": "1000000", "webm_size": "750000", "id": "gifAbc1"}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %#v, want %#v", k, first[k], v)
		}
	}
	if string(env.Data[1]) != `"garbage"` {
		t.Errorf("raw item sent as %s", env.Data[1])
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234: "-1,234", 1234567: "1,234,567", -123: "-123"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCacheDeletes(t *testing.T) {
	c := &Cache{}
	for _, k := range []string{"favorites/newest/000000", "favorites/newest/000001", "favorites/oldest/000000", "album/x/images"} {
		_ = c.PutCached("bob", k, "e", []byte(k))
		_ = c.PutCached("alice", k, "e", []byte(k))
	}
	_ = c.DeleteCachedPrefix("bob", "favorites/newest/")
	_ = c.DeleteCached("bob", "album/x/images")
	if got, want := c.Keys("bob"), []string{"favorites/oldest/000000"}; !slices.Equal(got, want) {
		t.Errorf("bob's keys = %v, want %v", got, want)
	}
	if got := c.Keys("alice"); len(got) != 4 {
		t.Errorf("alice's keys = %v, want all 4", got)
	}
}

func TestOneItemPage(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"data":{"id":"a","link":"http:\/\/x"},"success":true}`, `{"data":[{"id":"a","link":"http:\/\/x"}],"success":true,"status":200}`},
		{"\n{\n  \"id\": \"b\"\n}\n", "{\"data\":[{\n  \"id\": \"b\"\n}],\"success\":true,\"status\":200}"},
	}
	for _, tt := range tests {
		got, err := OneItemPage([]byte(tt.in))
		if err != nil || !bytes.Equal(got, []byte(tt.want)) {
			t.Errorf("OneItemPage(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
