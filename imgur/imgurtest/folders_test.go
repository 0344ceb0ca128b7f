package imgurtest

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// folderServer is a server with 400 favorites in the generated folders,
// and a token for it.
func folderServer(t *testing.T) (*Server, string, []Favorite, []Folder) {
	t.Helper()
	favs := Generate(400, 4)
	folders := GenerateFolders(favs, 1)
	s := NewServer(Options{Favorites: favs, Folders: folders})
	t.Cleanup(s.Close)
	return s, "Bearer " + s.Login().Access, favs, folders
}

func TestFolderList(t *testing.T) {
	s, auth, _, folders := folderServer(t)
	resp, body := get(t, s, "/3/account/demo/folders", auth)
	var list struct{ Data []map[string]any }
	if err := json.Unmarshal(body, &list); err != nil || resp.StatusCode != 200 || len(list.Data) != len(folders) {
		t.Fatalf("folders: %d %s", resp.StatusCode, body)
	}
	for i, f := range list.Data {
		if f["id"] != float64(folders[i].ID) || f["name"] != folders[i].Name || f["cover_hash"] != folders[i].CoverHash {
			t.Errorf("folder %d: %v, want %+v", i, f, folders[i])
		}
		for _, k := range []string{"cover_width", "cover_height", "created_at", "updated_at", "account_id"} {
			if _, ok := f[k].(float64); !ok {
				t.Errorf("folder %d: %s is %T", i, k, f[k])
			}
		}
		if link, _ := f["link"].(string); !strings.HasPrefix(link, "https://imgur.com/a/") || f["account_url"] != "demo" {
			t.Errorf("folder %d: link %v account_url %v", i, f["link"], f["account_url"])
		}
	}
	if r, _ := get(t, s, "/3/account/someoneelse/folders", auth); r.StatusCode != 403 {
		t.Errorf("another's folders: %d", r.StatusCode)
	}
	s.SetFolders(nil)
	if _, body := get(t, s, "/3/account/me/folders", auth); !strings.HasPrefix(string(body), `{"data":[],`) {
		t.Errorf("no folders: %s", body)
	}
	s.SetFolders([]Folder{{ID: 5, Name: "Empty"}})
	if _, body := get(t, s, "/3/account/me/folders", auth); !strings.Contains(string(body), `"cover_hash":null`) {
		t.Errorf("no cover: %s", body)
	}
}

func TestFolderPaging(t *testing.T) {
	s, auth, _, folders := folderServer(t)
	big := folders[3]
	if len(big.Items) <= 60 || len(big.Items) > 120 {
		t.Fatalf("the folder holds %d items, want two pages", len(big.Items))
	}
	base := "/3/account/me/folders/" + strconv.FormatInt(big.ID, 10) + "/favorites"
	oldest := slices.Clone(big.Items)
	slices.Reverse(oldest)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", big.Items[:60]},
		{"?page=0&sort=newest", big.Items[:60]},
		{"?page=1&sort=newest", big.Items[60:]},
		{"?page=2&sort=newest", []string{}},
		{"?page=0&sort=oldest", oldest[:60]},
		{"?page=1&sort=oldest", oldest[60:]},
		{"?page=1&sort=sideways", big.Items[60:]},
	} {
		if got := pageIDs(t, s, base+tc.query, auth); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	r1, _ := get(t, s, base+"?page=0", auth)
	if r2, _ := get(t, s, base+"?page=0", auth, "If-None-Match", r1.Header.Get("ETag")); r2.StatusCode != 304 || !strings.HasPrefix(r1.Header.Get("ETag"), `W/"`) {
		t.Errorf("ETag %q: %d", r1.Header.Get("ETag"), r2.StatusCode)
	}
	for path, want := range map[string]string{
		"/3/account/me/folders/999/favorites":    "Unable to find a folder with the id, 999",
		"/3/account/me/folders/abc/favorites":    "Unable to find a folder with the id, abc",
		base + "?page=-1":                        "Invalid page",
		base + "?page=x":                         "Invalid page",
		"/3/account/me/folders/1001/favorites/x": "Unable to find an endpoint for /3/account/me/folders/1001/favorites/x",
	} {
		if _, body := get(t, s, path, auth); errorMessage(t, body) != want {
			t.Errorf("%s: %s, want %q", path, body, want)
		}
	}
}

func TestRefuseFolders(t *testing.T) {
	s, auth, _, folders := folderServer(t)
	page := "/3/account/me/folders/" + strconv.FormatInt(folders[0].ID, 10) + "/favorites"
	for _, tc := range []struct {
		status int
		msg    string
	}{
		{403, "Forbidden"},
		{404, "Unable to find an endpoint for "},
		{500, "Internal Server Error"},
		{0, ""},
	} {
		s.RefuseFolders(tc.status)
		for _, path := range []string{"/3/account/me/folders", page} {
			resp, body := get(t, s, path, auth)
			switch {
			case tc.status == 0 && resp.StatusCode != 200:
				t.Errorf("served again: %s: %d", path, resp.StatusCode)
			case tc.status != 0 && (resp.StatusCode != tc.status || !strings.HasPrefix(errorMessage(t, body), tc.msg)):
				t.Errorf("refusing %d: %s: %d %s", tc.status, path, resp.StatusCode, body)
			}
		}
	}
	if r, _ := get(t, s, "/3/account/me/favorites", auth); r.StatusCode != 200 {
		t.Errorf("the favorites refused with the folders: %d", r.StatusCode)
	}
}

func TestUnfavoritedLeavesFolder(t *testing.T) {
	s, auth, favs, folders := folderServer(t)
	id := folders[0].Items[0]
	route := "/3/image/"
	if favs[indexOf(favs, id)].IsAlbum {
		route = "/3/album/"
	}
	page := "/3/account/me/folders/" + strconv.FormatInt(folders[0].ID, 10) + "/favorites"
	for i, want := range []string{"unfavorited", "favorited"} {
		if r, b := post(t, s, route+id+"/favorite", auth); r.StatusCode != 200 || dataString(t, b) != want {
			t.Fatalf("toggle %d: %d %s", i, r.StatusCode, b)
		}
		if ids := pageIDs(t, s, page, auth); slices.Contains(ids, id) || len(ids) != len(folders[0].Items)-1 {
			t.Errorf("toggle %d: the folder holds %v", i, ids)
		}
	}
}

func TestGenerateFolders(t *testing.T) {
	favs := Generate(400, 4)
	a, b := GenerateFolders(favs, 9), GenerateFolders(favs, 9)
	if !reflect.DeepEqual(a, b) || len(a) != 4 {
		t.Fatalf("not deterministic or not four: %d", len(a))
	}
	for _, f := range a {
		if share := len(f.Items) * 100 / len(favs); share < 3 || share > 30 || f.Name == "" {
			t.Errorf("%q holds %d%%", f.Name, share)
		}
		if want := coverOf(favs, f.Items[0]); f.CoverHash != want {
			t.Errorf("%q: cover %s, want %s", f.Name, f.CoverHash, want)
		}
		for _, id := range f.Items {
			if indexOf(favs, id) < 0 {
				t.Errorf("%q holds %s, not a favorite", f.Name, id)
			}
		}
	}
	for _, f := range GenerateFolders(nil, 9) {
		if f.Name == "" || len(f.Items) != 0 || f.CoverHash != "" {
			t.Errorf("with no favorites: %+v", f)
		}
	}
}
