package imgurtest

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

// firstOfKind is favs' first album and first image.
func firstOfKind(t *testing.T, favs []Favorite) (img, alb Favorite) {
	t.Helper()
	for _, f := range favs {
		if f.IsAlbum && alb.ID == "" {
			alb = f
		}
		if !f.IsAlbum && img.ID == "" {
			img = f
		}
	}
	if img.ID == "" || alb.ID == "" || len(alb.Images) == 0 {
		t.Fatal("the generated favorites lack an image or an album with images")
	}
	return img, alb
}

// pageIDs is the ids of a list the server answers at path.
func pageIDs(t *testing.T, s *Server, path, auth string) []string {
	t.Helper()
	resp, body := get(t, s, path, auth)
	var env struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
	}
	ids := make([]string, len(env.Data))
	for i, d := range env.Data {
		ids[i] = d.ID
	}
	return ids
}

// errorMessage is data.error of Imgur's error envelope.
func errorMessage(t *testing.T, body []byte) string {
	t.Helper()
	var env struct {
		Data    struct{ Error string }
		Success bool
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Success {
		t.Fatalf("not an error envelope: %s", body)
	}
	return env.Data.Error
}

func TestToggleFavorite(t *testing.T) {
	favs := Generate(10, 3)
	img, alb := firstOfKind(t, favs)
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	steps := []struct {
		route, id string
		status    int
		answer    string // data, or the error message
		fav       bool   // IsFavorite after
	}{
		{"image", img.ID, 200, "unfavorited", false},
		{"image", img.ID, 200, "favorited", true},
		{"album", alb.ID, 200, "unfavorited", false},
		{"album", alb.ID, 200, "favorited", true},
		{"image", alb.ID, 404, "Unable to find an image with the id, " + alb.ID, true},
		{"album", img.ID, 404, "Unable to find an album with the id, " + img.ID, true},
		{"album", alb.Images[0].ID, 404, "Unable to find an album with the id, " + alb.Images[0].ID, false},
		{"image", "nosuch1", 404, "Unable to find an image with the id, nosuch1", false},
	}
	for i, st := range steps {
		resp, body := post(t, s, "/3/"+st.route+"/"+st.id+"/favorite", auth)
		if resp.StatusCode != st.status {
			t.Fatalf("step %d: %d %s", i, resp.StatusCode, body)
		}
		got := errorMessage
		if st.status == 200 {
			got = dataString
		}
		if g := got(t, body); g != st.answer {
			t.Errorf("step %d: %q, want %q", i, g, st.answer)
		}
		if resp.Header.Get("ETag") != "" {
			t.Errorf("step %d: a POST answered with an ETag", i)
		}
		if s.IsFavorite(st.id) != st.fav {
			t.Errorf("step %d: IsFavorite %v", i, !st.fav)
		}
	}
	// favorited again, the album is the newest
	if ids := pageIDs(t, s, "/3/account/me/favorites/0/newest", auth); len(ids) == 0 || ids[0] != alb.ID {
		t.Errorf("the favorited album is not the newest: %v", ids)
	}
}

func TestTogglePostHeaders(t *testing.T) {
	now := time.Unix(1700000000, 0)
	clock := func() time.Time { return now }
	favs := Generate(5, 3)
	s := NewServer(Options{Favorites: favs, PostLimit: 4, Now: clock})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	route := "/3/image/"
	if favs[0].IsAlbum {
		route = "/3/album/"
	}
	for i, want := range []struct{ remaining, reset string }{{"3", "3600"}, {"2", "3590"}, {"1", "3580"}} {
		resp, body := post(t, s, route+favs[0].ID+"/favorite", auth)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("X-Post-Rate-Limit-Limit") != "4" ||
			h.Get("X-Post-Rate-Limit-Remaining") != want.remaining || h.Get("X-Post-Rate-Limit-Reset") != want.reset {
			t.Fatalf("post %d: %d %s %v", i, resp.StatusCode, body, h)
		}
		if h.Get("X-RateLimit-UserRemaining") != strconv.Itoa(2000-1-i) {
			t.Errorf("post %d: user credits %s", i, h.Get("X-RateLimit-UserRemaining"))
		}
		now = now.Add(10 * time.Second)
	}
	now = now.Add(time.Hour)
	if resp, _ := post(t, s, route+favs[0].ID+"/favorite", auth); resp.Header.Get("X-Post-Rate-Limit-Remaining") != "3" {
		t.Errorf("an hour on, the allowance is not back: %v", resp.Header)
	}
}

func TestToggleWithoutPostCredits(t *testing.T) {
	favs := Generate(5, 3)
	img, _ := firstOfKind(t, favs)
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	s.SetPostCredits(0, time.Now().Add(90*time.Second))
	resp, body := post(t, s, "/3/image/"+img.ID+"/favorite", auth)
	var env struct {
		Errors []struct{ ID, Code, Status, Detail string }
	}
	if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != 429 || len(env.Errors) != 1 || env.Errors[0].Code != "429" {
		t.Fatalf("no allowance: %d %s", resp.StatusCode, body)
	}
	reset, _ := strconv.Atoi(resp.Header.Get("X-Post-Rate-Limit-Reset"))
	if resp.Header.Get("X-Post-Rate-Limit-Remaining") != "0" || reset < 85 || reset > 90 || resp.Header.Get("X-RateLimit-UserLimit") == "" {
		t.Errorf("headers: %v", resp.Header)
	}
	if !s.IsFavorite(img.ID) {
		t.Error("toggled without allowance")
	}
	for auth, status := range map[string]int{"": 401, "Client-ID " + ClientID: 401, "Bearer nosuchtoken": 403} {
		if resp, _ := post(t, s, "/3/image/"+img.ID+"/favorite", auth); resp.StatusCode != status {
			t.Errorf("%q: %d, want %d", auth, resp.StatusCode, status)
		}
	}
}
