// Package imgurtest is a fake Imgur API server for tests and for
// `imgfav demo`. It behaves like the real one where imgfav can tell: the
// response envelope, OAuth's implicit grant with tokens in the redirect's
// fragment, refresh-token rotation, paging that ends on an empty page, both
// sorts, weak ETags and 304s that still cost a credit, decrementing
// rate-limit headers, and Imgur's odd error shapes (on demand, through
// Fail). It also serves generated pictures, one made-up landscape per id in
// its item's ratio at each of Imgur's thumbnail sizes, with the image
// host's failures per picture (SetPictureFault), and records every request,
// API and image alike, so tests can assert on what was asked.
package imgurtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default credentials of the fake. Any other client id is refused.
const (
	ClientID     = "fake-client-id"
	ClientSecret = "fake-client-secret"
)

// Options configure a Server. Zero values get sensible defaults.
type Options struct {
	Username  string     // the account; default "demo"
	AccountID int64      // default 4242
	Favorites []Favorite // newest first; default Generate(150, 1)
	// PageSize is the number of favorites per page; default 60.
	PageSize int
	// RedirectURL is the app's registered redirect; default
	// http://127.0.0.1:8765/callback.
	RedirectURL string
	// ExpiresIn is the lifetime of issued access tokens in seconds;
	// default 315360000 (ten years), as Imgur issues them.
	ExpiresIn int64
	// NoRotate keeps refresh tokens unchanged on refresh (Imgur may or
	// may not rotate them).
	NoRotate bool
	// UserLimit and ClientLimit are the credits; defaults 2000 and 12500.
	UserLimit   int
	ClientLimit int
	// Latency delays every response.
	Latency time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Folders are the account's favorite folders; default none.
	Folders []Folder
	// PostLimit is the POST allowance (toggling a favorite); default 1250.
	PostLimit int
	// OriginalSide bounds the longest side of the originals the image
	// host draws; default 1024. Tests that save many favorites make it
	// small: drawing is most of their cost.
	OriginalSide int
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Form   url.Values // POST form, when there is one
	Status int        // the status the server answered
}

// Server is a running fake. Its URL serves the API, OAuth and images.
type Server struct {
	URL string

	srv  *httptest.Server
	opts Options

	mu              sync.Mutex
	main            *account            // the account of Options
	accounts        map[string]*account // by lower-cased name
	known           map[string]Favorite // every item any account held, by id
	albums          map[string]Favorite
	access          map[string]grant  // access token → its grant
	refresh         map[string]string // refresh token → account key
	post            postAllowance
	refuseFolders   int                  // the status folder calls get; 0: served
	comments        map[string][]Comment // set by SetComments
	denyAccess      bool
	userRemaining   int
	clientRemaining int
	userReset       time.Time
	faults          []*Fault
	latency         time.Duration
	requests        []Request
	renders         map[string]json.RawMessage // favorite id → its JSON (see rendered)
	pics            pictures                   // the image host's state
	conns           conns                      // to let requests in flight land before ResetRequests
}

// NewServer starts a fake on a loopback port. Close it when done.
func NewServer(opts Options) *Server {
	if opts.Username == "" {
		opts.Username = "demo"
	}
	if opts.AccountID == 0 {
		opts.AccountID = 4242
	}
	if opts.Favorites == nil {
		opts.Favorites = Generate(150, 1)
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 60
	}
	if opts.RedirectURL == "" {
		opts.RedirectURL = "http://127.0.0.1:8765/callback"
	}
	if opts.ExpiresIn == 0 {
		opts.ExpiresIn = 315360000
	}
	if opts.UserLimit == 0 {
		opts.UserLimit = 2000
	}
	if opts.ClientLimit == 0 {
		opts.ClientLimit = 12500
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PostLimit == 0 {
		opts.PostLimit = 1250
	}
	s := &Server{
		opts:            opts,
		access:          map[string]grant{},
		refresh:         map[string]string{},
		accounts:        map[string]*account{},
		known:           map[string]Favorite{},
		comments:        map[string][]Comment{},
		post:            postAllowance{remaining: opts.PostLimit},
		userRemaining:   opts.UserLimit,
		clientRemaining: opts.ClientLimit,
		userReset:       opts.Now().Add(time.Hour).Truncate(time.Second),
		latency:         opts.Latency,
	}
	s.main = &account{name: opts.Username, id: opts.AccountID, folders: slices.Clone(opts.Folders)}
	s.accounts[accountKey(opts.Username)] = s.main
	s.setFavorites(s.main, opts.Favorites)
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Config.ConnState = s.conns.track
	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Username is the fake account's name.
func (s *Server) Username() string { return s.opts.Username }

// AccountID is the fake account's id.
func (s *Server) AccountID() int64 { return s.opts.AccountID }

// Tokens is a login the server issued.
type Tokens struct {
	Access    string
	Refresh   string
	ExpiresIn int64
}

// Login issues a fresh token pair, as a completed authorization would.
func (s *Server) Login() Tokens {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issue(s.main)
}

// token is 40 hex digits, like Imgur's.
func token() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RedirectFor returns the URL that a completed authorization for state
// sends the browser to: state in the query, tokens and state again in the
// fragment. With DenyAccess set it returns the refusal instead.
func (s *Server) RedirectFor(state string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.redirectFor(state)
}

func (s *Server) redirectFor(state string) string {
	q := url.Values{"state": {state}}
	if s.denyAccess {
		q.Set("error", "access_denied")
		return s.opts.RedirectURL + "?" + q.Encode()
	}
	t := s.issue(s.main)
	frag := url.Values{
		"access_token":     {t.Access},
		"expires_in":       {strconv.FormatInt(t.ExpiresIn, 10)},
		"token_type":       {"bearer"},
		"refresh_token":    {t.Refresh},
		"account_username": {s.opts.Username},
		"account_id":       {strconv.FormatInt(s.opts.AccountID, 10)},
		"state":            {state},
	}
	return s.opts.RedirectURL + "?" + q.Encode() + "#" + frag.Encode()
}

// DenyAccess makes authorization end with error=access_denied.
func (s *Server) DenyAccess(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denyAccess = deny
}

// RevokeAccessTokens invalidates every issued access token: calls get 403
// "The access token provided is invalid." until the client refreshes.
func (s *Server) RevokeAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.access)
}

// RevokeRefreshTokens invalidates every refresh token: a refresh gets 400
// "Invalid refresh token".
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.refresh)
}

// SetFavorites replaces the account's favorites (newest first).
func (s *Server) SetFavorites(favs []Favorite) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFavorites(s.main, favs)
}

// setFavorites replaces a's favorites. Every item stays known, so that
// a removed favorite can be favorited again, and its album served.
func (s *Server) setFavorites(a *account, favs []Favorite) {
	a.favorites = append([]Favorite(nil), favs...)
	s.renders = map[string]json.RawMessage{}
	for _, f := range favs {
		s.known[f.ID] = f
	}
	all := make([]Favorite, 0, len(s.known))
	s.albums = map[string]Favorite{}
	for _, f := range s.known {
		all = append(all, f)
		if f.IsAlbum {
			s.albums[f.ID] = f
		}
	}
	s.pics.setSizes(all)
}

// AddFavorite favorites f now: it becomes the newest, pushing the others
// one place down, as happens while a client pages.
func (s *Server) AddFavorite(f Favorite) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFavorites(s.main, append([]Favorite{f}, s.main.favorites...))
}

// SetCredits sets the remaining user and client credits and the user reset.
func (s *Server) SetCredits(userRemaining, clientRemaining int, userReset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userRemaining, s.clientRemaining, s.userReset = userRemaining, clientRemaining, userReset
}

// SetLatency delays every later response by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests empties the request log, once the requests a client sent
// and then gave up on have landed (see conns).
func (s *Server) ResetRequests() {
	s.conns.settle()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Count returns how many logged requests had the method and a path with
// the prefix. An empty method matches any.
func (s *Server) Count(method, pathPrefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		_ = r.ParseForm()
	}
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, Request{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
			Header: r.Header.Clone(), Form: r.PostForm, Status: sw.status,
		})
	}()

	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/oauth2/"):
		if s.fault(sw, r) {
			return
		}
		s.serveOAuth(sw, r)
	case strings.HasPrefix(path, "/3/"):
		if s.fault(sw, r) {
			return
		}
		s.serveAPI(sw, r)
	default:
		s.serveMedia(sw, r)
	}
}

// writeData writes Imgur's success envelope, with a weak ETag, answering
// 304 when the client already has it.
func (s *Server) writeData(w http.ResponseWriter, r *http.Request, data any) {
	body, err := json.Marshal(map[string]any{"data": data, "success": true, "status": 200})
	if err != nil {
		panic(err) // the fake's own data always marshals
	}
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:10]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// etagMatches is the weak comparison of If-None-Match.
func etagMatches(header, etag string) bool {
	weak := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "W/") }
	for _, candidate := range strings.Split(header, ",") {
		if c := weak(candidate); c == "*" || (c != "" && c == weak(etag)) {
			return true
		}
	}
	return false
}

// writeError writes the usual error envelope.
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, map[string]any{
		"data":    map[string]any{"error": msg, "request": r.URL.Path, "method": r.Method},
		"success": false,
		"status":  status,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) rateHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-RateLimit-UserLimit", strconv.Itoa(s.opts.UserLimit))
	h.Set("X-RateLimit-UserRemaining", strconv.Itoa(max(s.userRemaining, 0)))
	h.Set("X-RateLimit-UserReset", strconv.FormatInt(s.userReset.Unix(), 10))
	h.Set("X-RateLimit-ClientLimit", strconv.Itoa(s.opts.ClientLimit))
	h.Set("X-RateLimit-ClientRemaining", strconv.Itoa(max(s.clientRemaining, 0)))
}

// String describes the server for logs.
func (s *Server) String() string {
	return fmt.Sprintf("imgurtest.Server{URL:%s Username:%s}", s.URL, s.opts.Username)
}
