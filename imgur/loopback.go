package imgur

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// LoopbackResult is what one callback delivered: a token, or why not.
type LoopbackResult struct {
	Token Token
	Err   error
}

// Loopback is the local server that receives the OAuth redirect when the
// registered redirect URL is http://127.0.0.1:PORT/… or
// http://localhost:PORT/…. Imgur puts the tokens in the URL fragment, which
// browsers never send to a server, so GET of the redirect path returns a
// static page whose script POSTs location.search and location.hash back.
//
// The server listens on 127.0.0.1 only, checks the Host and Origin headers
// and the content type, limits the body, compares the state in constant
// time, accepts one login and then shuts down.
type Loopback struct {
	srv     *http.Server
	ln      net.Listener
	path    string
	hosts   map[string]bool // accepted Host headers
	origins map[string]bool // accepted Origin headers
	state   string
	now     func() time.Time

	results chan LoopbackResult
	mu      sync.Mutex
	done    bool
	closed  bool // results is closed: nothing more is delivered
}

// LoopbackOptions tune a Loopback; zero values are the production settings.
type LoopbackOptions struct {
	ReadTimeout  time.Duration // default 10 s
	WriteTimeout time.Duration // default 10 s
	Now          func() time.Time
}

// ErrNotLoopback says the redirect URL is not one imgfav can listen on.
var ErrNotLoopback = errors.New("the redirect URL is not a loopback http URL with a port")

// IsLoopbackRedirect reports whether imgfav can receive redirects to u.
func IsLoopbackRedirect(redirectURL string) bool {
	_, _, err := loopbackTarget(redirectURL)
	return err == nil
}

func loopbackTarget(redirectURL string) (port, path string, err error) {
	u, err := url.Parse(redirectURL)
	if err != nil || u.Scheme != "http" || u.Port() == "" {
		return "", "", ErrNotLoopback
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" {
		return "", "", ErrNotLoopback
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return u.Port(), path, nil
}

// ListenLoopback starts the callback server for one login attempt with the
// given state. It fails when the port is busy; the caller should then let
// the user paste the URL instead.
func ListenLoopback(redirectURL, state string, opts LoopbackOptions) (*Loopback, error) {
	port, path, err := loopbackTarget(redirectURL)
	if err != nil {
		return nil, err
	}
	if state == "" {
		return nil, errors.New("loopback login needs a state")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on 127.0.0.1:%s (%s)", port, listenReason(err))
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = 10 * time.Second
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	actual := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	l := &Loopback{
		ln: ln, path: path, state: state, now: opts.Now,
		hosts:   map[string]bool{"127.0.0.1:" + actual: true, "localhost:" + actual: true},
		origins: map[string]bool{"http://127.0.0.1:" + actual: true, "http://localhost:" + actual: true},
		results: make(chan LoopbackResult, 4),
	}
	l.srv = &http.Server{
		Handler:           l,
		ReadHeaderTimeout: opts.ReadTimeout,
		ReadTimeout:       opts.ReadTimeout,
		WriteTimeout:      opts.WriteTimeout,
		IdleTimeout:       opts.ReadTimeout,
		MaxHeaderBytes:    16 << 10,
		// The terminal belongs to the UI: the server must never write to it.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

func listenReason(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "address already in use"), strings.Contains(msg, "Only one usage"):
		return "the port is in use"
	case strings.Contains(msg, "permission denied"), strings.Contains(msg, "forbidden"):
		return "permission denied"
	}
	return clip(msg)
}

// Addr is the address the server listens on.
func (l *Loopback) Addr() string { return l.ln.Addr().String() }

// Results delivers the outcome of each callback: access denied and
// malformed redirects are delivered too (the server keeps listening), a
// token ends the server.
func (l *Loopback) Results() <-chan LoopbackResult { return l.results }

// Close stops the server and closes Results (after any token already
// queued), so that whoever waits on it is let go. It may be called more
// than once.
func (l *Loopback) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.results)
	}
	return err
}

// maxCallbackBody bounds the POSTed JSON: a redirect is a few hundred bytes.
const maxCallbackBody = 16 << 10

func (l *Loopback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	if !l.hosts[r.Host] {
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
		return
	}
	if r.URL.EscapedPath() != l.path {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, callbackPage)
	case http.MethodPost:
		l.callback(w, r)
	default:
		h.Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// callbackBody is what the page's script sends.
type callbackBody struct {
	Search string `json:"search"`
	Hash   string `json:"hash"`
}

func (l *Loopback) callback(w http.ResponseWriter, r *http.Request) {
	if !l.origins[r.Header.Get("Origin")] {
		reply(w, http.StatusForbidden, "wrong origin")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		reply(w, http.StatusUnsupportedMediaType, "want application/json")
		return
	}
	var body callbackBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCallbackBody))
	if err := dec.Decode(&body); err != nil {
		reply(w, http.StatusBadRequest, "unreadable request")
		return
	}
	input := "?" + strings.TrimPrefix(body.Search, "?") + "#" + strings.TrimPrefix(body.Hash, "#")
	// The server, unlike a paste, insists on the state: anything on this
	// machine can post here.
	if !hasState(input) {
		reply(w, http.StatusBadRequest, "missing state")
		return
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		reply(w, http.StatusGone, "this login is already complete")
		return
	}
	tok, err := ParseRedirect(input, l.state, l.now())
	switch {
	case errors.Is(err, ErrStateMismatch):
		reply(w, http.StatusBadRequest, "state mismatch")
		return
	case err != nil:
		reply(w, http.StatusBadRequest, err.Error())
		l.deliver(LoopbackResult{Err: err})
		return
	}
	l.done = true
	reply(w, http.StatusOK, "")
	l.deliver(LoopbackResult{Token: tok})
	go l.Close() // after the reply is written
}

// deliver queues a result without ever blocking a handler (it is called
// with l.mu held). Failures never take the last slot, which is kept for the
// one token; when nobody reads them they are dropped, as the browser page
// shows them anyway.
func (l *Loopback) deliver(r LoopbackResult) {
	if l.closed || r.Err != nil && len(l.results) >= cap(l.results)-1 {
		return
	}
	l.results <- r
}

func hasState(input string) bool {
	q, f := splitRedirect(input)
	qv, _ := url.ParseQuery(q)
	fv, _ := url.ParseQuery(f)
	return qv.Get("state") != "" || fv.Get("state") != ""
}

func reply(w http.ResponseWriter, status int, errMsg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": status == http.StatusOK, "error": errMsg})
}

// callbackScript reads the redirect, clears it from the address bar and
// history, posts it to this server, and reports in the page. It writes only
// with textContent and never navigates.
const callbackScript = `
const msg = document.getElementById("msg");
const body = JSON.stringify({search: location.search, hash: location.hash});
history.replaceState(null, "", location.pathname);
fetch(location.pathname, {method: "POST", headers: {"Content-Type": "application/json"}, body: body, credentials: "omit", cache: "no-store"})
  .then(r => r.json().then(j => ({ok: r.ok, j: j})))
  .then(({ok, j}) => {
    msg.textContent = ok ? "Logged in. You can close this tab and return to the terminal."
                         : "Login failed: " + (j.error || "unknown error") + ". Return to the terminal and try again.";
  })
  .catch(() => { msg.textContent = "imgfav is no longer listening. Paste this page's URL into the terminal instead."; });
`

const callbackStyle = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}`

var (
	callbackPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>imgfav login</title><style>` + callbackStyle + `</style></head>
<body><h1>imgfav</h1><p id="msg">Finishing the login…</p>
<noscript><p>JavaScript is off: copy this page's full URL from the address bar and paste it into imgfav.</p></noscript>
<script>` + callbackScript + `</script></body></html>
`
	pageCSP = "default-src 'none'; script-src '" + cspHash(callbackScript) + "'; style-src '" + cspHash(callbackStyle) +
		"'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
