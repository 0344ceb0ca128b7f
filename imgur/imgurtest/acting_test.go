package imgurtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
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

func TestToggleFavorite(t *testing.T) {
	favs := Generate(10, 3)
	s := NewServer(Options{Favorites: favs, PostLimit: 5})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	var img, alb Favorite
	for _, f := range favs {
		if f.IsAlbum && alb.ID == "" {
			alb = f
		}
		if !f.IsAlbum && img.ID == "" {
			img = f
		}
	}
	steps := []struct {
		path   string
		status int
		answer string
		fav    bool
		id     string
	}{
		{"/3/image/" + img.ID + "/favorite", 200, "unfavorited", false, img.ID},
		{"/3/image/" + img.ID + "/favorite", 200, "favorited", true, img.ID},
		{"/3/album/" + alb.ID + "/favorite", 200, "unfavorited", false, alb.ID},
		{"/3/image/" + alb.ID + "/favorite", 404, "", false, alb.ID}, // an album by the image route
		{"/3/image/nosuch1/favorite", 404, "", false, "nosuch1"},
	}
	for i, st := range steps {
		resp, body := post(t, s, st.path, auth)
		if resp.StatusCode != st.status {
			t.Fatalf("step %d: %d %s", i, resp.StatusCode, body)
		}
		if st.answer != "" && dataString(t, body) != st.answer {
			t.Fatalf("step %d: answer %s", i, body)
		}
		if st.status == 200 && s.IsFavorite(st.id) != st.fav {
			t.Fatalf("step %d: IsFavorite %v", i, !st.fav)
		}
		left, _ := strconv.Atoi(resp.Header.Get("X-Post-Rate-Limit-Remaining"))
		if resp.Header.Get("X-Post-Rate-Limit-Limit") != "5" || left != 4-i || resp.Header.Get("X-Post-Rate-Limit-Reset") == "" {
			t.Fatalf("step %d: post headers %v", i, resp.Header)
		}
	}
	if _, body := get(t, s, "/3/account/me/favorites/0/newest", auth); strings.Contains(string(body), `"id":"`+alb.ID+`"`) {
		t.Error("the unfavorited album is still listed")
	}
	s.SetPostCredits(0, time.Now().Add(time.Hour))
	if resp, _ := post(t, s, "/3/album/"+alb.ID+"/favorite", auth); resp.StatusCode != 429 || resp.Header.Get("X-Post-Rate-Limit-Remaining") != "0" {
		t.Fatalf("no allowance: %d %v", resp.StatusCode, resp.Header)
	}
	if s.IsFavorite(alb.ID) {
		t.Fatal("toggled without allowance")
	}
	if resp, _ := post(t, s, "/3/image/"+img.ID+"/favorite", ""); resp.StatusCode != 401 {
		t.Fatalf("without a token: %d", resp.StatusCode)
	}
}

func TestFolders(t *testing.T) {
	favs := Generate(400, 4)
	folders := GenerateFolders(favs, 1)
	s := NewServer(Options{Favorites: favs, Folders: folders})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	resp, body := get(t, s, "/3/account/demo/folders", auth)
	var list struct {
		Data []map[string]any
	}
	if err := json.Unmarshal(body, &list); err != nil || resp.StatusCode != 200 || len(list.Data) != 4 {
		t.Fatalf("folders: %d %s", resp.StatusCode, body)
	}
	for _, k := range []string{"id", "name", "cover_hash", "cover_width", "cover_height", "created_at", "updated_at", "link", "account_id", "account_url"} {
		if _, ok := list.Data[0][k]; !ok {
			t.Errorf("folder lacks %s", k)
		}
	}
	big := folders[3] // "Later", the largest
	id := strconv.FormatInt(big.ID, 10)
	total := 0
	for page := 0; ; page++ {
		_, body := get(t, s, "/3/account/me/folders/"+id+"/favorites?page="+strconv.Itoa(page)+"&sort=newest", auth)
		n := dataLen(t, body)
		if n == 0 {
			break
		}
		total += n
	}
	if total != len(big.Items) || total <= 60 {
		t.Fatalf("paged %d favorites, the folder holds %d (want more than a page)", total, len(big.Items))
	}
	_, first := get(t, s, "/3/account/me/folders/"+id+"/favorites?page=0&sort=oldest", auth)
	if !strings.Contains(string(first), `"id":"`+big.Items[len(big.Items)-1]+`"`) {
		t.Error("oldest first does not start with the folder's oldest")
	}
	r1, _ := get(t, s, "/3/account/me/folders/"+id+"/favorites?page=0", auth)
	if r2, _ := get(t, s, "/3/account/me/folders/"+id+"/favorites?page=0", auth, "If-None-Match", r1.Header.Get("ETag")); r2.StatusCode != 304 {
		t.Errorf("ETag: %d", r2.StatusCode)
	}
	if r, _ := get(t, s, "/3/account/me/folders/999/favorites", auth); r.StatusCode != 404 {
		t.Errorf("unknown folder: %d", r.StatusCode)
	}
	route := "/3/image/"
	if favs[indexOf(favs, big.Items[0])].IsAlbum {
		route = "/3/album/"
	}
	if r, _ := post(t, s, route+big.Items[0]+"/favorite", auth); r.StatusCode != 200 { // unfavorited: leaves the folder too
		t.Fatalf("unfavorite: %d", r.StatusCode)
	}
	if _, b := get(t, s, "/3/account/me/folders/"+id+"/favorites?page=0", auth); strings.Contains(string(b), `"id":"`+big.Items[0]+`"`) {
		t.Error("an unfavorited item is still in its folder")
	}
	s.RefuseFolders(403)
	if r, b := get(t, s, "/3/account/me/folders", auth); r.StatusCode != 403 || !strings.Contains(string(b), `"success":false`) {
		t.Errorf("refusing: %d %s", r.StatusCode, b)
	}
}

func TestComments(t *testing.T) {
	favs := Generate(50, 5)
	favs[0].InGallery, favs[1].InGallery = true, false
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	if r, _ := get(t, s, "/3/gallery/"+favs[1].ID+"/comments/best", auth); r.StatusCode != 404 {
		t.Fatalf("not in the gallery: %d", r.StatusCode)
	}
	up := func(n int64) Comment {
		return Comment{ID: n, Author: Str("a"), Text: Str("t"), Ups: n * 10, Downs: n * n * 3, Datetime: 1000 + 100*(4-n)}
	}
	top := up(1)
	top.Children = []Comment{up(2), up(3)}
	s.SetComments(favs[0].ID, []Comment{top, up(2), up(3), {ID: 9, Deleted: true}})
	order := func(sort string) string {
		_, body := get(t, s, "/3/gallery/"+favs[0].ID+"/comments/"+sort, auth)
		var env struct {
			Data []struct {
				ID       int64
				Comment  *string
				Children []struct{ ID, ParentID int64 } `json:"children"`
			}
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range env.Data {
			ids = append(ids, strconv.FormatInt(c.ID, 10))
		}
		return strings.Join(ids, ",")
	}
	// points: 1→7, 2→8, 3→3, 9→0; ups: 10, 20, 30, 0; new: 3 (1100), 2 (1200), 1 (1300)
	for sort, want := range map[string]string{"best": "2,1,3,9", "top": "3,2,1,9", "new": "1,2,3,9"} {
		if got := order(sort); got != want {
			t.Errorf("%s: %s, want %s", sort, got, want)
		}
	}
	r1, _ := get(t, s, "/3/gallery/"+favs[0].ID+"/comments/best", "Client-ID "+ClientID)
	if r2, _ := get(t, s, "/3/gallery/"+favs[0].ID+"/comments/best", auth, "If-None-Match", r1.Header.Get("ETag")); r2.StatusCode != 304 {
		t.Errorf("ETag: %d", r2.StatusCode)
	}
}

func TestGenerateComments(t *testing.T) {
	var deleted, hostile, nested, none int
	var walk func(cs []Comment, depth int)
	walk = func(cs []Comment, depth int) {
		for _, c := range cs {
			if c.Deleted {
				deleted++
			}
			if c.Text != nil && strings.ContainsAny(*c.Text, "\x1b\u202e") {
				hostile++
			}
			if depth > 0 {
				nested++
			}
			walk(c.Children, depth+1)
		}
	}
	for i := range 60 {
		cs := GenerateComments("post"+strconv.Itoa(i), 1700000000)
		if len(cs) == 0 {
			none++
		}
		walk(cs, 0)
		again := GenerateComments("post"+strconv.Itoa(i), 1700000000)
		if len(again) != len(cs) || len(cs) > 0 && again[0].ID != cs[0].ID {
			t.Fatal("not deterministic")
		}
	}
	if deleted == 0 || hostile == 0 || nested == 0 || none == 0 {
		t.Fatalf("deleted %d hostile %d nested %d empty %d: want some of each", deleted, hostile, nested, none)
	}
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
