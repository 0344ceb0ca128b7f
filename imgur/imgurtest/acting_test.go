package imgurtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, s *Server, path, auth string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL+path, nil)
	req.Header.Set("Authorization", auth)
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func dataString(t *testing.T, body []byte) string {
	t.Helper()
	var env struct{ Data string }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return env.Data
}

func TestAccountsAreApart(t *testing.T) {
	s := NewServer(Options{Favorites: Generate(5, 1)})
	defer s.Close()
	s.AddAccount("other", 77, Generate(3, 2))
	demo := "Bearer " + s.Login().Access
	tok, ok := s.LoginAs("other")
	if !ok {
		t.Fatal("LoginAs")
	}
	other := "Bearer " + tok.Access
	if _, b := get(t, s, "/3/account/me/favorites/0/newest", other); dataLen(t, b) != 3 {
		t.Errorf("other's favorites: %s", b)
	}
	if r, _ := get(t, s, "/3/account/demo/favorites/0/newest", other); r.StatusCode != 403 {
		t.Errorf("demo's favorites with other's token: %d", r.StatusCode)
	}
	if _, b := get(t, s, "/3/account/me", other); !strings.Contains(string(b), `"url":"other"`) {
		t.Errorf("me with other's token: %s", b)
	}
	if _, b := get(t, s, "/3/account/me/favorites/0/newest", demo); dataLen(t, b) != 5 {
		t.Errorf("demo's favorites: %s", b)
	}
}
