package imgurtest

import (
	"math/rand/v2"
	"net/http"
	"strconv"
)

// Folder is one of the account's favorite folders: its items are ids of
// favorites, newest first; those no longer favorites are left out when
// served.
type Folder struct {
	ID        int64
	Name      string
	CoverHash string
	Items     []string
}

// SetFolders replaces the main account's folders.
func (s *Server) SetFolders(fs []Folder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.main.folders = append([]Folder(nil), fs...)
}

// RefuseFolders makes every folder call answer status in Imgur's error
// envelope, as Imgur may for endpoints it does not document; 0 serves
// them again.
func (s *Server) RefuseFolders(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseFolders = status
}

// folders serves GET /3/account/{name}/folders and
// /3/account/{name}/folders/{id}/favorites?page=N&sort=newest|oldest.
func (s *Server) folders(w http.ResponseWriter, r *http.Request, a *account, name string, rest []string) {
	if s.refuseFolders != 0 {
		msg := http.StatusText(s.refuseFolders)
		if s.refuseFolders == http.StatusNotFound {
			msg = "Unable to find an endpoint for " + r.URL.Path
		}
		writeError(w, r, s.refuseFolders, msg)
		return
	}
	if !owns(a, name) {
		writeError(w, r, http.StatusForbidden, "Unauthorized")
		return
	}
	switch {
	case len(rest) == 0:
		s.writeData(w, r, s.folderList(a))
	case len(rest) == 2 && rest[1] == "favorites":
		s.folderPage(w, r, a, rest[0])
	default:
		writeError(w, r, http.StatusNotFound, "Unable to find an endpoint for "+r.URL.Path)
	}
}

func (s *Server) folderList(a *account) []map[string]any {
	out := make([]map[string]any, len(a.folders))
	for i, f := range a.folders {
		var cover any
		cw, ch := 0, 0
		if f.CoverHash != "" {
			cover = f.CoverHash
			if c, ok := s.known[f.CoverHash]; ok {
				cw, ch = c.Width, c.Height
			}
		}
		out[i] = map[string]any{"id": f.ID, "name": f.Name, "cover_hash": cover, "cover_width": cw, "cover_height": ch,
			"created_at": 1600000000 + f.ID, "updated_at": 1700000000 + f.ID,
			"link":       "https://imgur.com/a/" + folderHash(a.id, f.ID),
			"account_id": a.id, "account_url": a.name}
	}
	return out
}

// folderHash is a folder's seven-character hash, as in its link.
func folderHash(account, id int64) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	r := rand.New(rand.NewPCG(uint64(account), uint64(id)))
	b := make([]byte, 7)
	for i := range b {
		b[i] = digits[r.IntN(len(digits))]
	}
	return string(b)
}

// folderPage serves one page of a folder, with the favorites list's
// paging.
func (s *Server) folderPage(w http.ResponseWriter, r *http.Request, a *account, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	var folder *Folder
	for i := range a.folders {
		if err == nil && a.folders[i].ID == id {
			folder = &a.folders[i]
		}
	}
	if folder == nil {
		writeError(w, r, http.StatusNotFound, "Unable to find a folder with the id, "+idText)
		return
	}
	page := 0
	if p := r.URL.Query().Get("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 0 {
			writeError(w, r, http.StatusBadRequest, "Invalid page")
			return
		}
	}
	var items []Favorite
	for _, itemID := range folder.Items {
		if i := indexOf(a.favorites, itemID); i >= 0 {
			items = append(items, a.favorites[i])
		}
	}
	s.writeData(w, r, s.pageOf(items, page, r.URL.Query().Get("sort")))
}

// GenerateFolders makes four folders holding deterministic subsets of
// favs (overlapping), each with its first item as cover.
func GenerateFolders(favs []Favorite, seed uint64) []Folder {
	names := []string{"Cats", "Wallpapers", "Recipes & food", "Later"}
	shares := []int{12, 20, 6, 25} // percent of the favorites
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	out := make([]Folder, len(names))
	for i, name := range names {
		f := Folder{ID: int64(1001 + i), Name: name}
		for _, fav := range favs {
			if r.IntN(100) < shares[i] {
				f.Items = append(f.Items, fav.ID)
			}
		}
		if len(f.Items) > 0 {
			f.CoverHash = f.Items[0]
			if c := coverOf(favs, f.Items[0]); c != "" {
				f.CoverHash = c
			}
		}
		out[i] = f
	}
	return out
}

// coverOf is the image that shows an item: itself, or an album's cover.
func coverOf(favs []Favorite, id string) string {
	if i := indexOf(favs, id); i >= 0 && favs[i].IsAlbum {
		return favs[i].Cover
	}
	return id
}
