package imgurtest

import (
	"encoding/json"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, s *Server, path, auth string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func dataLen(t *testing.T, body []byte) int {
	t.Helper()
	var env struct{ Data []json.RawMessage }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return len(env.Data)
}

func TestAuthorize(t *testing.T) {
	s := NewServer(Options{RedirectURL: "http://127.0.0.1:1/cb"})
	defer s.Close()
	resp, _ := get(t, s, "/oauth2/authorize?client_id="+ClientID+"&response_type=token&state=st8", "")
	loc, _ := url.Parse(resp.Header.Get("Location"))
	frag, _ := url.ParseQuery(loc.Fragment)
	if resp.StatusCode != http.StatusFound || loc.Host != "127.0.0.1:1" || loc.Query().Get("state") != "st8" || frag.Get("state") != "st8" {
		t.Fatalf("redirect %d to %s", resp.StatusCode, loc)
	}
	if len(frag.Get("access_token")) != 40 || frag.Get("refresh_token") == "" || frag.Get("account_username") != "demo" || frag.Get("expires_in") != "315360000" {
		t.Errorf("fragment = %v", frag)
	}
	if r, _ := get(t, s, "/3/account/me", "Bearer "+frag.Get("access_token")); r.StatusCode != 200 {
		t.Errorf("issued token refused: %d", r.StatusCode)
	}

	s.DenyAccess(true)
	resp, _ = get(t, s, "/oauth2/authorize?client_id="+ClientID+"&response_type=token&state=st9", "")
	if loc := resp.Header.Get("Location"); loc != "http://127.0.0.1:1/cb?error=access_denied&state=st9" {
		t.Errorf("denied redirect = %s", loc)
	}
	resp, body := get(t, s, "/oauth2/authorize?client_id=wrong&response_type=token&state=x", "")
	if resp.StatusCode != 400 || !strings.Contains(string(body), "1024") {
		t.Errorf("bad client: %d %s", resp.StatusCode, body)
	}
}

func postToken(t *testing.T, s *Server, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(s.URL+"/oauth2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func TestTokenEndpoint(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	tok := s.Login()
	form := url.Values{"refresh_token": {tok.Refresh}, "client_id": {ClientID}, "client_secret": {ClientSecret}, "grant_type": {"refresh_token"}}
	status, m := postToken(t, s, form)
	if status != 200 || m["refresh_token"] == tok.Refresh || m["account_username"] != "demo" {
		t.Fatalf("refresh: %d %v", status, m)
	}
	// The old refresh token was rotated away.
	status, m = postToken(t, s, form)
	if status != 400 || m["data"].(map[string]any)["error"] != "Invalid refresh token" {
		t.Errorf("reused refresh token: %d %v", status, m)
	}
	form.Set("client_secret", "nope")
	if status, _ := postToken(t, s, form); status != 401 {
		t.Errorf("wrong secret: %d", status)
	}
	if s.Count("POST", "/oauth2/token") != 3 || s.Requests()[0].Form.Get("grant_type") != "refresh_token" {
		t.Error("token requests not logged with their form")
	}
}

func TestFavoritesPagingAndErrors(t *testing.T) {
	s := NewServer(Options{Favorites: Generate(125, 2), PageSize: 50})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	for path, want := range map[string]int{
		"/3/account/me/favorites":          50,
		"/3/account/me/favorites/1":        50,
		"/3/account/demo/favorites/2/old":  25,
		"/3/account/me/favorites/2/oldest": 25,
		"/3/account/me/favorites/3/newest": 0,
		"/3/account/DEMO/favorites/9":      0,
	} {
		resp, body := get(t, s, path, auth)
		if resp.StatusCode != 200 || dataLen(t, body) != want {
			t.Errorf("%s: %d with %d items, want %d", path, resp.StatusCode, dataLen(t, body), want)
		}
	}
	for _, tt := range []struct {
		path, auth string
		status     int
		msg        string
	}{
		{"/3/account/me/favorites", "", 401, "Authentication required"},
		{"/3/account/me/favorites", "Bearer nope", 403, "The access token provided is invalid."},
		{"/3/account/someone/favorites", auth, 403, "Unauthorized"},
		{"/3/account/me/favorites/x", auth, 400, "Invalid page"},
		{"/3/gallery/hot", auth, 404, "Unable to find"},
	} {
		resp, body := get(t, s, tt.path, tt.auth)
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.msg) {
			t.Errorf("%s: %d %s; want %d %q", tt.path, resp.StatusCode, body, tt.status, tt.msg)
		}
	}
}

func TestETagsAndCredits(t *testing.T) {
	s := NewServer(Options{UserLimit: 3})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	resp, _ := get(t, s, "/3/account/me/favorites/0/newest", auth)
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) || resp.Header.Get("X-RateLimit-UserRemaining") != "2" {
		t.Fatalf("etag %q remaining %q", etag, resp.Header.Get("X-RateLimit-UserRemaining"))
	}
	resp, body := get(t, s, "/3/account/me/favorites/0/newest", auth, "If-None-Match", etag)
	if resp.StatusCode != 304 || len(body) != 0 || resp.Header.Get("X-RateLimit-UserRemaining") != "1" {
		t.Errorf("conditional: %d, %d bytes, remaining %s", resp.StatusCode, len(body), resp.Header.Get("X-RateLimit-UserRemaining"))
	}
	// A strong form of the same tag matches too (weak comparison).
	resp, _ = get(t, s, "/3/account/me/favorites/0/newest", auth, "If-None-Match", strings.TrimPrefix(etag, "W/"))
	if resp.StatusCode != 304 {
		t.Errorf("strong form: %d", resp.StatusCode)
	}
	resp, body = get(t, s, "/3/account/me/favorites/0/newest", auth)
	if resp.StatusCode != 429 || !strings.Contains(string(body), `"errors"`) || resp.Header.Get("Retry-After") == "" {
		t.Errorf("exhausted: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, s, "/3/credits", "Client-ID "+ClientID)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"UserRemaining":0`) {
		t.Errorf("credits: %d %s", resp.StatusCode, body)
	}
}

func TestFaults(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	s.Fail(Fault{Kind: HTMLOutage, Path: "/3/account", Times: 2})
	s.Fail(Fault{Kind: OverCapacity})
	for i, want := range []int{503, 503, 403, 200} {
		resp, body := get(t, s, "/3/account/me", auth)
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
		if want == 503 && (!strings.HasPrefix(string(body), "<!doctype html>") || resp.Header.Get("X-RateLimit-UserRemaining") != "") {
			t.Errorf("request %d: want HTML without rate headers", i)
		}
	}
	s.Fail(Fault{Kind: Malformed, Times: -1})
	for range 3 {
		if _, body := get(t, s, "/3/account/me", auth); json.Valid(body) {
			t.Error("malformed fault sent valid JSON")
		}
	}
	s.ClearFaults()
	if resp, _ := get(t, s, "/3/account/me", auth); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
	// Latency.
	s.SetLatency(50 * time.Millisecond)
	start := time.Now()
	get(t, s, "/3/account/me", auth)
	if time.Since(start) < 50*time.Millisecond {
		t.Error("latency not applied")
	}
}

func TestAlbumsAndMedia(t *testing.T) {
	favs := Generate(30, 4)
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	var album Favorite
	for _, f := range favs {
		if f.IsAlbum {
			album = f
			break
		}
	}
	resp, body := get(t, s, "/3/album/"+album.ID+"/images", "Client-ID "+ClientID)
	if resp.StatusCode != 200 || dataLen(t, body) != len(album.Images) {
		t.Errorf("album images: %d, %d items, want %d", resp.StatusCode, dataLen(t, body), len(album.Images))
	}
	resp, body = get(t, s, "/"+album.Cover+"m.jpg", "")
	if resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("thumbnail content type %q", resp.Header.Get("Content-Type"))
	}
	img, err := jpeg.Decode(strings.NewReader(string(body)))
	if err != nil || max(img.Bounds().Dx(), img.Bounds().Dy()) != 320 {
		t.Errorf("thumbnail: %v, %v", img.Bounds(), err)
	}
	if resp, _ := get(t, s, "/"+album.Cover+".mp4", ""); resp.Header.Get("Content-Type") != "image/gif" {
		t.Errorf("media: %s", resp.Header.Get("Content-Type"))
	}
	if resp, _ := get(t, s, "/nested/path.exe", ""); resp.StatusCode != 404 {
		t.Errorf("unknown media: %d", resp.StatusCode)
	}
}

func TestGenerate(t *testing.T) {
	a, b := Generate(1000, 9), Generate(1000, 9)
	ids := map[string]bool{}
	kinds := map[string]int{}
	var hostile, untitled, wide, nsfw, embedded, fetched int
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatal("not deterministic")
		}
		if ids[a[i].ID] {
			t.Fatalf("duplicate id %s", a[i].ID)
		}
		ids[a[i].ID] = true
		if i > 0 && a[i].Datetime >= a[i-1].Datetime {
			t.Fatal("not newest first")
		}
		switch {
		case a[i].IsAlbum:
			kinds["album"]++
			if a[i].EmbedImages {
				embedded++
			} else {
				fetched++
			}
		case a[i].Type == "video/mp4":
			kinds["video"]++
		case a[i].Type == "image/gif":
			kinds["gif"]++
		default:
			kinds["image"]++
		}
		if a[i].Title == nil {
			untitled++
		} else if strings.ContainsAny(*a[i].Title, "\x1b\x07\u202e\u009b") {
			hostile++
		} else if len(*a[i].Title) != len([]rune(*a[i].Title)) {
			wide++
		}
		if a[i].NSFW != nil && *a[i].NSFW {
			nsfw++
		}
	}
	for _, k := range []string{"album", "video", "gif", "image"} {
		if kinds[k] < 30 {
			t.Errorf("only %d %s items", kinds[k], k)
		}
	}
	if hostile < 10 || untitled < 30 || wide < 30 || nsfw < 10 || embedded < 10 || fetched < 10 {
		t.Errorf("hostile %d untitled %d wide %d nsfw %d embedded %d fetched %d", hostile, untitled, wide, nsfw, embedded, fetched)
	}
}
