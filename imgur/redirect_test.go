package imgur_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// recorder is another host that counts what reaches it.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, r.Clone(context.Background()))
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"access_token":"stolen","expires_in":3600,"token_type":"bearer","data":[],"success":true,"status":200}`)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

// TestRedirectPolicy: a redirect is followed only for a GET to the same
// scheme and host; any other sends nothing and uses nothing from it.
func TestRedirectPolicy(t *testing.T) {
	tests := []struct {
		name      string
		path      string // where the fake redirects
		status    int
		otherHost bool // redirect to another host
		refresh   bool // the call is the token refresh (POST)
		wantOK    bool
	}{
		{"GET to the same host is followed", "/3/account/", http.StatusFound, false, false, true},
		{"GET 307 to the same host is followed", "/3/account/", http.StatusTemporaryRedirect, false, false, true},
		{"GET to another host", "/3/account/", http.StatusFound, true, false, false},
		{"GET 301 to another host", "/3/account/", http.StatusMovedPermanently, true, false, false},
		{"token POST 307 to another host", "/oauth2/token", http.StatusTemporaryRedirect, true, true, false},
		{"token POST 308 to another host", "/oauth2/token", http.StatusPermanentRedirect, true, true, false},
		{"token POST 302 to another host", "/oauth2/token", http.StatusFound, true, true, false},
		{"token POST 307 to the same host", "/oauth2/token", http.StatusTemporaryRedirect, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			other := httptest.NewServer(rec)
			defer other.Close()
			f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.MashapeKey = "mashape-secret" })
			old := f.client.Token()
			if tt.refresh {
				old.Expiry = time.Now().Add(-time.Minute) // due: the next call refreshes first
				f.client.SetToken(old)
			}
			target := f.srv.URL
			if tt.otherHost {
				target = other.URL
			}
			f.srv.Fail(imgurtest.Fault{Kind: imgurtest.Redirect, Path: tt.path, Status: tt.status,
				Location: target + map[bool]string{true: "/oauth2/token", false: "/3/account/me/favorites/0/newest"}[tt.refresh]})

			page, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
			if gotOK := err == nil && len(page.Items) > 0; gotOK != tt.wantOK {
				t.Fatalf("err = %v, items %d; want success %v", err, len(page.Items), tt.wantOK)
			}
			if n := rec.count(); n != 0 {
				t.Errorf("the other host got %d requests, want 0", n)
			}
			if tt.refresh {
				checkRefreshKept(t, f, old, err)
			}
			if !tt.wantOK && (!errors.Is(err, imgur.ErrUnreachable) || !strings.Contains(err.Error(), "refused a redirect")) {
				t.Errorf("err = %v, want ErrUnreachable saying the redirect was refused", err)
			}
		})
	}
}

// checkRefreshKept asserts that a refresh whose redirect was refused sent
// one request and changed nothing.
func checkRefreshKept(t *testing.T, f *fixture, old imgur.Token, err error) {
	t.Helper()
	if n := f.srv.Count(http.MethodPost, "/oauth2/token"); n != 1 {
		t.Errorf("token requests = %d, want 1 (the redirect not followed)", n)
	}
	if got := f.client.Token(); got.AccessToken != old.AccessToken || got.RefreshToken != old.RefreshToken {
		t.Errorf("token changed after a refused redirect: %v", got)
	}
	if errors.Is(err, imgur.ErrInvalidRefreshToken) {
		t.Errorf("a refused redirect is not a revoked login: %v", err)
	}
}

// scriptedTransport answers in memory: every https request to the API host
// is redirected to the same URL over plain http. It records what was sent.
type scriptedTransport struct {
	mu   sync.Mutex
	sent []string
}

func (st *scriptedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st.mu.Lock()
	st.sent = append(st.sent, req.URL.Scheme+" "+req.Header.Get("Authorization"))
	st.mu.Unlock()
	if req.URL.Scheme == "https" {
		down := *req.URL
		down.Scheme = "http"
		return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {down.String()}},
			Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"data":[{"id":"leaked1"}],"success":true,"status":200}`)), Request: req}, nil
}

// TestRedirectHTTPSToHTTPSameHostSendsNothing: a downgrade to plain http on
// the same host is refused before a request goes out, so the Bearer token
// never travels in clear text.
func TestRedirectHTTPSToHTTPSameHostSendsNothing(t *testing.T) {
	st := &scriptedTransport{}
	c, err := imgur.New(imgur.Config{APIURL: "https://api.example.test", ClientID: "x", Transport: st})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: "sekrit"})
	_, err = c.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrUnreachable) || !strings.Contains(err.Error(), "http://api.example.test") {
		t.Errorf("err = %v, want a refused redirect to http://api.example.test", err)
	}
	if len(st.sent) != 1 || st.sent[0] != "https Bearer sekrit" {
		t.Errorf("requests sent = %q, want only the https one", st.sent)
	}
}
