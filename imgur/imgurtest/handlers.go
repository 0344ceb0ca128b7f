package imgurtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/oauth2/authorize":
		s.authorize(w, r)
	case "/oauth2/token":
		s.token(w, r)
	default:
		writeError(w, r, http.StatusNotFound, "Not found")
	}
}

// authorize plays the consent page the user would click through: it
// redirects at once to the registered redirect URL.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("<!doctype html><title>Imgur</title><h1>Error (1024)</h1><p>Invalid client_id</p>"))
		return
	}
	if q.Get("response_type") != "token" {
		writeError(w, r, http.StatusBadRequest, "Invalid response_type")
		return
	}
	s.mu.Lock()
	target := s.redirectFor(q.Get("state"))
	s.mu.Unlock()
	http.Redirect(w, r, target, http.StatusFound)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, r, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	f := r.PostForm
	if f.Get("client_id") != ClientID || f.Get("client_secret") != ClientSecret {
		writeError(w, r, http.StatusUnauthorized, "Invalid client credentials")
		return
	}
	if f.Get("grant_type") != "refresh_token" {
		writeError(w, r, http.StatusBadRequest, "Invalid grant_type parameter or parameter missing")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := f.Get("refresh_token")
	key, ok := s.refresh[old]
	if !ok {
		writeError(w, r, http.StatusBadRequest, "Invalid refresh token")
		return
	}
	a := s.accounts[key]
	t := s.issue(a)
	if s.opts.NoRotate {
		delete(s.refresh, t.Refresh)
		t.Refresh = old
	} else {
		delete(s.refresh, old)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":     t.Access,
		"expires_in":       t.ExpiresIn,
		"token_type":       "bearer",
		"scope":            nil,
		"refresh_token":    t.Refresh,
		"account_id":       a.id,
		"account_username": a.name,
	})
}

// serveAPI handles /3/…: authentication, credits, then the endpoint.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/3/"), "/"), "/")
	if r.Method == http.MethodPost {
		s.servePost(w, r, parts)
		return
	}
	if r.Method != http.MethodGet {
		writeError(w, r, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	if parts[0] == "credits" && len(parts) == 1 {
		if _, ok := s.authorized(w, r, true); !ok {
			return
		}
		s.rateHeaders(w)
		s.writeData(w, r, map[string]any{
			"UserLimit": s.opts.UserLimit, "UserRemaining": max(s.userRemaining, 0),
			"UserReset": s.userReset.Unix(), "ClientLimit": s.opts.ClientLimit,
			"ClientRemaining": max(s.clientRemaining, 0),
		})
		return
	}
	a, ok := s.authorized(w, r, parts[0] == "album" || parts[0] == "gallery")
	if !ok || !s.spend(w) {
		return
	}
	s.rateHeaders(w)
	s.route(w, r, a, parts)
}

// route serves a GET whose credit is spent; a is the token's account (nil
// with a Client-ID).
func (s *Server) route(w http.ResponseWriter, r *http.Request, a *account, parts []string) {
	switch {
	case parts[0] == "account" && len(parts) == 2:
		s.account(w, r, a, parts[1])
	case parts[0] == "account" && len(parts) >= 3 && len(parts) <= 5 && parts[2] == "favorites":
		s.favoritesPage(w, r, a, parts[1], parts[3:])
	case parts[0] == "account" && len(parts) >= 3 && parts[2] == "folders":
		s.folders(w, r, a, parts[1], parts[3:])
	case parts[0] == "album" && len(parts) == 2:
		s.album(w, r, parts[1], false)
	case parts[0] == "album" && len(parts) == 3 && parts[2] == "images":
		s.album(w, r, parts[1], true)
	case parts[0] == "gallery" && (len(parts) == 3 || len(parts) == 4) && parts[2] == "comments":
		sort := ""
		if len(parts) == 4 {
			sort = parts[3]
		}
		s.serveComments(w, r, parts[1], sort)
	default:
		writeError(w, r, http.StatusNotFound, "Unable to find an endpoint for "+r.URL.Path)
	}
}

// authorized checks the Authorization header: a valid Bearer token (its
// account returned), or a Client-ID where clientOK.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, clientOK bool) (*account, bool) {
	auth := r.Header.Get("Authorization")
	if bearer, ok := strings.CutPrefix(auth, "Bearer "); ok {
		if g, ok := s.access[bearer]; ok && s.opts.Now().Before(g.expiry) {
			return s.accounts[g.account], true
		}
		writeError(w, r, http.StatusForbidden, "The access token provided is invalid.")
		return nil, false
	}
	if id, ok := strings.CutPrefix(auth, "Client-ID "); ok && clientOK && id == ClientID {
		return nil, true
	}
	writeError(w, r, http.StatusUnauthorized, "Authentication required")
	return nil, false
}

// spend takes one credit, or answers 429 in the new errors[] shape.
func (s *Server) spend(w http.ResponseWriter) bool {
	if s.userRemaining <= 0 && s.opts.Now().After(s.userReset) {
		s.userRemaining = s.opts.UserLimit
		s.userReset = s.opts.Now().Add(time.Hour).Truncate(time.Second)
	}
	if s.userRemaining <= 0 || s.clientRemaining <= 0 {
		s.rateHeaders(w)
		w.Header().Set("Retry-After", strconv.Itoa(max(int(time.Until(s.userReset).Seconds()), 1)))
		writeJSON(w, http.StatusTooManyRequests, tooManyRequests())
		return false
	}
	s.userRemaining--
	s.clientRemaining--
	return true
}

func tooManyRequests() map[string]any {
	return map[string]any{"errors": []map[string]any{{
		"id": "legacy-api-fake-" + token()[:12], "code": "429",
		"status": "Too Many Requests", "detail": "Too Many Requests",
	}}}
}

// owns reports whether the path's account name is the token's account.
func owns(a *account, name string) bool {
	return a != nil && (name == "me" || strings.EqualFold(name, a.name))
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, a *account, name string) {
	if !owns(a, name) {
		writeError(w, r, http.StatusNotFound, "Unable to find account "+name)
		return
	}
	s.writeData(w, r, map[string]any{
		"id": a.id, "url": a.name, "bio": nil, "avatar": nil,
		"reputation": 1234, "reputation_name": "Glorious", "created": 1400000000,
		"pro_expiration": false, "is_blocked": false,
	})
}

// favoritesPage serves /3/account/{name}/favorites[/{page}[/{sort}]].
func (s *Server) favoritesPage(w http.ResponseWriter, r *http.Request, a *account, name string, rest []string) {
	if !owns(a, name) {
		writeError(w, r, http.StatusForbidden, "Unauthorized")
		return
	}
	page, sort := 0, "newest"
	if len(rest) > 0 {
		p, err := strconv.Atoi(rest[0])
		if err != nil || p < 0 {
			writeError(w, r, http.StatusBadRequest, "Invalid page")
			return
		}
		page = p
	}
	if len(rest) > 1 {
		sort = rest[1]
	}
	s.writeData(w, r, s.pageOf(a.favorites, page, sort))
}

// pageOf is page (from 0) of favs, newest first unless sort is "oldest"
// (Imgur ignores an unknown sort), rendered as Imgur sends them.
func (s *Server) pageOf(favs []Favorite, page int, sort string) []any {
	n := len(favs)
	start := min(page*s.opts.PageSize, n)
	end := min(start+s.opts.PageSize, n)
	items := make([]any, 0, end-start)
	for i := start; i < end; i++ {
		f := favs[i]
		if sort == "oldest" {
			f = favs[n-1-i]
		}
		items = append(items, s.rendered(f))
	}
	return items
}

// rendered is f as sent, marshalled once: the server answers under its
// lock, so a page that rendered every item each time (tags, the comment
// count of a generated thread) would make concurrent requests wait for
// each other as Imgur's do not. setFavorites forgets what it replaced.
func (s *Server) rendered(f Favorite) any {
	if f.Raw != nil {
		return f.Raw
	}
	if b, ok := s.renders[f.ID]; ok {
		return b
	}
	b, err := json.Marshal(f.render(s.URL))
	if err != nil {
		panic(err) // the fake's own data always marshals
	}
	s.renders[f.ID] = b
	return json.RawMessage(b)
}

func (s *Server) album(w http.ResponseWriter, r *http.Request, id string, imagesOnly bool) {
	a, ok := s.albums[id]
	if !ok {
		writeError(w, r, http.StatusNotFound, "Unable to find an album with the id, "+id)
		return
	}
	if !imagesOnly {
		s.writeData(w, r, a.json(s.URL, true))
		return
	}
	imgs := make([]map[string]any, len(a.Images))
	for i, img := range a.Images {
		imgs[i] = img.json(s.URL, false)
	}
	s.writeData(w, r, imgs)
}
