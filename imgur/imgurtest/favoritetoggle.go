package imgurtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// postAllowance is Imgur's allowance of POST requests, reported in
// X-Post-Rate-Limit-*; it comes back an hour after its first use.
type postAllowance struct {
	remaining int
	reset     time.Time // zero until first used
}

// SetPostCredits sets the POST allowance left and when it comes back.
func (s *Server) SetPostCredits(remaining int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.post = postAllowance{remaining: remaining, reset: reset}
}

// IsFavorite reports whether the main account holds id among its
// favorites.
func (s *Server) IsFavorite(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return indexOf(s.main.favorites, id) >= 0
}

func indexOf(favs []Favorite, id string) int {
	for i, f := range favs {
		if f.ID == id {
			return i
		}
	}
	return -1
}

// servePost handles the POST endpoints: POST /3/image/{id}/favorite and
// /3/album/{id}/favorite, which favorite or unfavorite (the same call)
// and say which.
func (s *Server) servePost(w http.ResponseWriter, r *http.Request, parts []string) {
	if len(parts) != 3 || parts[2] != "favorite" || parts[0] != "image" && parts[0] != "album" {
		writeError(w, r, http.StatusNotFound, "Unable to find an endpoint for "+r.URL.Path)
		return
	}
	a, ok := s.authorized(w, r, false)
	if !ok {
		return
	}
	if !s.spendPost(w) || !s.spend(w) {
		return
	}
	s.rateHeaders(w)
	id := parts[1]
	f, known := s.known[id]
	if !known || f.IsAlbum != (parts[0] == "album") {
		what := "an image"
		if parts[0] == "album" {
			what = "an album"
		}
		writeError(w, r, http.StatusNotFound, "Unable to find "+what+" with the id, "+id)
		return
	}
	if i := indexOf(a.favorites, id); i >= 0 {
		a.favorites = append(a.favorites[:i:i], a.favorites[i+1:]...)
		a.leaveFolders(id)
		writeJSON(w, http.StatusOK, map[string]any{"data": "unfavorited", "success": true, "status": 200})
		return
	}
	a.favorites = append([]Favorite{f}, a.favorites...)
	writeJSON(w, http.StatusOK, map[string]any{"data": "favorited", "success": true, "status": 200})
}

// spendPost takes one of the POST allowance, or answers 429; either way
// the answer carries the allowance's headers.
func (s *Server) spendPost(w http.ResponseWriter) bool {
	now := s.opts.Now()
	if !s.post.reset.IsZero() && !now.Before(s.post.reset) {
		s.post = postAllowance{remaining: s.opts.PostLimit}
	}
	if s.post.reset.IsZero() {
		s.post.reset = now.Add(time.Hour).Truncate(time.Second)
	}
	exhausted := s.post.remaining <= 0
	if !exhausted {
		s.post.remaining--
	}
	h := w.Header()
	h.Set("X-Post-Rate-Limit-Limit", strconv.Itoa(s.opts.PostLimit))
	h.Set("X-Post-Rate-Limit-Remaining", strconv.Itoa(s.post.remaining))
	h.Set("X-Post-Rate-Limit-Reset", strconv.Itoa(max(int(s.post.reset.Sub(now).Seconds()), 0)))
	if exhausted {
		s.rateHeaders(w)
		writeJSON(w, http.StatusTooManyRequests, tooManyRequests())
		return false
	}
	return true
}

// leaveFolders takes id out of every one of a's folders, as unfavoriting
// does: favoriting it again does not put it back.
func (a *account) leaveFolders(id string) {
	for i := range a.folders {
		f := &a.folders[i]
		f.Items = slices.DeleteFunc(slices.Clone(f.Items), func(item string) bool { return item == id })
	}
}
