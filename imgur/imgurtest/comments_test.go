package imgurtest

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sentComment is a comment as the server sends it.
type sentComment struct {
	ID         int64
	ImageID    string  `json:"image_id"`
	Comment    *string `json:"comment"`
	Author     *string `json:"author"`
	AuthorID   int64   `json:"author_id"`
	OnAlbum    bool    `json:"on_album"`
	AlbumCover *string `json:"album_cover"`
	Ups        int64
	Downs      int64
	Points     int64
	Datetime   int64
	ParentID   int64 `json:"parent_id"`
	Deleted    bool
	Vote       *string
	Platform   string
	Children   []sentComment
}

// commentServer holds the image favs[0] in the gallery with a set thread,
// and favs[1] out of it.
func commentServer(t *testing.T) (*Server, string, []Favorite) {
	t.Helper()
	favs := Generate(50, 5)
	favs[0].InGallery, favs[0].IsAlbum, favs[1].InGallery = true, false, false
	s := NewServer(Options{Favorites: favs})
	t.Cleanup(s.Close)
	c := func(n int64) Comment {
		return Comment{ID: n, Author: Str("a" + strconv.FormatInt(n, 10)), Text: Str("t"), Ups: n * 10, Downs: n * n * 3, Datetime: 1000 + 100*(4-n)}
	}
	top := c(1)
	top.Children = []Comment{c(2), c(3)}
	top.Children[1].Children = []Comment{c(5)}
	s.SetComments(favs[0].ID, []Comment{top, c(2), c(3), {ID: 9, Deleted: true, Datetime: 900}})
	return s, "Bearer " + s.Login().Access, favs
}

func comments(t *testing.T, s *Server, path, auth string) []sentComment {
	t.Helper()
	resp, body := get(t, s, path, auth)
	var env struct{ Data []sentComment }
	if err := json.Unmarshal(body, &env); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
	}
	return env.Data
}

func ids(cs []sentComment) string {
	var out []string
	for _, c := range cs {
		out = append(out, strconv.FormatInt(c.ID, 10))
	}
	return strings.Join(out, ",")
}

func TestCommentShape(t *testing.T) {
	s, auth, favs := commentServer(t)
	_, body := get(t, s, "/3/gallery/"+favs[0].ID+"/comments", auth)
	var raw struct{ Data []map[string]any }
	_ = json.Unmarshal(body, &raw)
	keys := "album_cover author author_id children comment datetime deleted downs id image_id on_album parent_id platform points ups vote"
	for _, c := range raw.Data {
		got := make([]string, 0, len(c))
		for k := range c {
			got = append(got, k)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != keys {
			t.Fatalf("keys %v", got)
		}
	}
	cs := comments(t, s, "/3/gallery/"+favs[0].ID+"/comments", auth)
	one := cs[0] // 1: 10 ups, 3 downs, the best liked
	if one.ImageID != favs[0].ID || one.Points != 7 || one.ParentID != 0 || one.Platform != "desktop" || one.Vote != nil || one.OnAlbum {
		t.Errorf("first: %+v", one)
	}
	if one.ID != 1 || ids(one.Children) != "2,3" || one.Children[0].ParentID != 1 || one.Children[1].Children[0].ParentID != 3 {
		t.Errorf("nesting: %+v", one)
	}
	del := cs[3]
	if !del.Deleted || del.Comment != nil || del.Author != nil || !strings.Contains(string(body), `"comment":null`) {
		t.Errorf("deleted: %+v", del)
	}
}

func TestCommentSorts(t *testing.T) {
	s, auth, favs := commentServer(t)
	// votes (points): 1 10/3 (7), 2 20/12 (8), 3 30/27 (3), 9 none; best
	// ranks by the share of ups and how many voted: 1, 2, 3, 9; time:
	// 9 (900), 3 (1100), 2 (1200), 1 (1300)
	for _, tc := range []struct{ sort, top, replies string }{
		{"", "1,2,3,9", "2,3"},
		{"/best", "1,2,3,9", "2,3"},
		{"/top", "2,1,3,9", "2,3"},
		{"/new", "1,2,3,9", "2,3"},
		{"/controversial", "1,2,3,9", "2,3"},
	} {
		cs := comments(t, s, "/3/gallery/"+favs[0].ID+"/comments"+tc.sort, auth)
		var one sentComment
		for _, c := range cs {
			if c.ID == 1 {
				one = c
			}
		}
		if ids(cs) != tc.top || ids(one.Children) != tc.replies {
			t.Errorf("%q: %s (replies %s), want %s (%s)", tc.sort, ids(cs), ids(one.Children), tc.top, tc.replies)
		}
	}
	s.SetComments(favs[0].ID, []Comment{{ID: 7, Ups: 5}, {ID: 3, Ups: 5}, {ID: 5, Ups: 5}})
	if got := ids(comments(t, s, "/3/gallery/"+favs[0].ID+"/comments/top", auth)); got != "3,5,7" {
		t.Errorf("ties: %s", got)
	}
}

func TestCommentErrorsAndETags(t *testing.T) {
	s, auth, favs := commentServer(t)
	for _, tc := range []struct {
		id, auth string
		status   int
	}{
		{favs[1].ID, auth, 404},
		{"nosuch1", auth, 404},
		{favs[0].ID, "Client-ID " + ClientID, 200},
		{favs[0].ID, "", 401},
	} {
		resp, body := get(t, s, "/3/gallery/"+tc.id+"/comments/best", tc.auth)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %q: %d", tc.id, tc.auth, resp.StatusCode)
		}
		if tc.status == 404 && errorMessage(t, body) != "Unable to find an image with the id, "+tc.id {
			t.Errorf("%s: %s", tc.id, body)
		}
	}
	path := "/3/gallery/" + favs[0].ID + "/comments/best"
	r1, _ := get(t, s, path, auth)
	if r2, _ := get(t, s, path, auth, "If-None-Match", r1.Header.Get("ETag")); r2.StatusCode != 304 {
		t.Errorf("ETag: %d", r2.StatusCode)
	}
	if r3, _ := get(t, s, "/3/gallery/"+favs[0].ID+"/comments/top", auth, "If-None-Match", r1.Header.Get("ETag")); r3.StatusCode != 200 {
		t.Errorf("another sort's ETag matched: %d", r3.StatusCode)
	}
}

func TestGeneratedCommentsServed(t *testing.T) {
	favs := Generate(60, 7)
	s := NewServer(Options{Favorites: favs})
	defer s.Close()
	auth := "Bearer " + s.Login().Access
	for _, f := range favs {
		if !f.InGallery {
			continue
		}
		cs := comments(t, s, "/3/gallery/"+f.ID+"/comments/new", auth)
		if len(cs) != len(GenerateComments(f.ID, f.Datetime)) {
			t.Fatalf("%s: %d comments served", f.ID, len(cs))
		}
		for _, c := range cs {
			if c.OnAlbum != f.IsAlbum || (f.IsAlbum && (c.AlbumCover == nil || *c.AlbumCover != f.Cover)) {
				t.Errorf("%s: on_album %v album_cover %v", f.ID, c.OnAlbum, c.AlbumCover)
			}
		}
	}
}

// walkComments calls fn on every comment of cs with its depth (0 at the
// top) and its parent's time (the post's at the top).
func walkComments(cs []Comment, depth int, after int64, fn func(c Comment, depth int, after int64)) {
	for _, c := range cs {
		fn(c, depth, after)
		walkComments(c.Children, depth+1, c.Datetime, fn)
	}
}

func TestGenerateComments(t *testing.T) {
	found := map[string]int{}
	samples := map[string]string{
		"ansi": "\x1b[31mred\x1b[0m", "osc52": "\x1b]52;c;aGk=\x07", "bidi": "\u202e", "zwj": "\u200d",
		"long word": strings.Repeat("a", 300), "paragraphs": "\n\n", "emoji": "🐱", "cjk": "猫",
	}
	for i := range 50 {
		id := "post" + strconv.Itoa(i)
		cs := GenerateComments(id, 1700000000)
		if !reflect.DeepEqual(cs, GenerateComments(id, 1700000000)) {
			t.Fatalf("%s: not deterministic", id)
		}
		if len(cs) > 14 {
			t.Errorf("%s: %d threads", id, len(cs))
		}
		found[map[bool]string{true: "empty", false: "some"}[len(cs) == 0]]++
		walkComments(cs, 0, 1700000000, func(c Comment, depth int, after int64) {
			if depth > 3 || c.Datetime <= after || len(c.Children) == 1 || len(c.Children) > 6 {
				t.Errorf("%s: comment %d at depth %d, %d replies, time %d after %d", id, c.ID, depth, len(c.Children), c.Datetime, after)
			}
			switch {
			case c.Deleted && c.Text == nil && c.Author == nil:
				found["deleted null"]++
			case c.Deleted && c.Text != nil && *c.Text == "[deleted]":
				found["deleted text"]++
			case c.Deleted:
				t.Errorf("%s: deleted comment %d with text %q", id, c.ID, *c.Text)
			}
			if depth > 0 {
				found["reply"]++
			}
			for name, s := range samples {
				if c.Text != nil && strings.Contains(*c.Text, s) {
					found[name]++
				}
			}
		})
	}
	for _, want := range []string{"empty", "some", "deleted null", "deleted text", "reply", "ansi", "osc52", "bidi", "zwj", "long word", "paragraphs", "emoji", "cjk"} {
		if found[want] == 0 {
			t.Errorf("no %s across 50 posts: %v", want, found)
		}
	}
}
