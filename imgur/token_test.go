package imgur_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func fmtAll(v any) string { return fmt.Sprintf("%v %+v %#v %s", v, v, v, v) }

// persisted records what OnRefresh saw, and whether the client had already
// used the new token when it was called.
type persisted struct {
	mu     sync.Mutex
	tokens []imgur.Token
	srv    *imgurtest.Server
	early  bool // a request used the new token before it was persisted
}

func (p *persisted) save(t imgur.Token) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.srv.Requests() {
		if r.Header.Get("Authorization") == "Bearer "+t.AccessToken {
			p.early = true
		}
	}
	p.tokens = append(p.tokens, t)
	return nil
}

func (p *persisted) all() []imgur.Token {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]imgur.Token(nil), p.tokens...)
}

func refreshFixture(t *testing.T, opts imgurtest.Options) (*fixture, *persisted) {
	t.Helper()
	p := &persisted{}
	f := newFixture(t, opts, func(c *imgur.Config) { c.OnRefresh = p.save })
	p.srv = f.srv
	return f, p
}

func TestReactiveRefresh(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(*imgurtest.Server)
	}{
		{"403 invalid token", func(s *imgurtest.Server) { s.RevokeAccessTokens() }},
		{"401 authentication required", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.AuthRequired, Path: "/3/"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, p := refreshFixture(t, imgurtest.Options{})
			tt.break_(f.srv)
			if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
				t.Fatalf("favorites after refresh: %v", err)
			}
			saved := p.all()
			if len(saved) != 1 {
				t.Fatalf("persisted %d tokens, want 1", len(saved))
			}
			got := f.client.Token()
			if got.AccessToken == f.tok.Access || got.RefreshToken == f.tok.Refresh {
				t.Error("token not replaced, or refresh token not rotated")
			}
			if saved[0] != got || got.Username != "demo" || got.AccountID != 4242 {
				t.Errorf("persisted %v, client uses %v", saved[0], got)
			}
			if p.early {
				t.Error("the new token was used before it was persisted")
			}
			if n := f.srv.Count("POST", "/oauth2/token"); n != 1 {
				t.Errorf("refresh requests = %d, want 1", n)
			}
			if n := f.srv.Count("GET", "/3/"); n != 2 {
				t.Errorf("API requests = %d, want 2 (the failure and the retry)", n)
			}
		})
	}
}

func TestProactiveRefresh(t *testing.T) {
	f, p := refreshFixture(t, imgurtest.Options{})
	tok := f.client.Token()
	tok.Expiry = time.Now().Add(30 * time.Second)
	f.client.SetToken(tok)
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if len(p.all()) != 1 {
		t.Fatal("no refresh within 60 s of expiry")
	}
	reqs := f.srv.Requests()
	if reqs[0].Path != "/oauth2/token" || reqs[1].Header.Get("Authorization") != "Bearer "+p.all()[0].AccessToken {
		t.Errorf("want the refresh first, then the call with the new token; got %s then %s", reqs[0].Path, reqs[1].Path)
	}
	if f.srv.Count("GET", "/3/") != 1 {
		t.Error("the call should not have been sent with the expiring token")
	}
}

func TestRefreshKeepsTokenWhenNotRotated(t *testing.T) {
	f, p := refreshFixture(t, imgurtest.Options{NoRotate: true})
	f.srv.RevokeAccessTokens()
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if got := p.all()[0].RefreshToken; got != f.tok.Refresh {
		t.Errorf("refresh token = %q, want the unchanged %q", got, f.tok.Refresh)
	}
}

func TestConcurrentCallsShareOneRefresh(t *testing.T) {
	f, p := refreshFixture(t, imgurtest.Options{Latency: 20 * time.Millisecond})
	f.srv.RevokeAccessTokens()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 12 {
		wg.Go(func() {
			if _, err := f.client.Favorites(context.Background(), "me", i%3, imgur.SortNewest); err != nil {
				t.Log(err)
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d calls failed", failed.Load())
	}
	if n := f.srv.Count("POST", "/oauth2/token"); n != 1 {
		t.Errorf("refresh requests = %d, want 1", n)
	}
	if len(p.all()) != 1 {
		t.Errorf("persisted %d times, want 1", len(p.all()))
	}
}

// TestRefreshRefused: any 400 or 401 in Imgur's envelope from the token
// endpoint means the saved login is over, whatever its words, which the
// error shows; the gateway's message and the CDN block do not.
func TestRefreshRefused(t *testing.T) {
	tests := []struct {
		name    string
		refuse  func(*imgurtest.Server)
		want    error
		wantMsg string
	}{
		{"revoked", func(s *imgurtest.Server) { s.RevokeRefreshTokens() },
			imgur.ErrInvalidRefreshToken, "Invalid refresh token"},
		{"unknown to the client", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.RefreshUnknown, Path: "/oauth2/token"})
		}, imgur.ErrInvalidRefreshToken, "Refresh token doesn't exist or is invalid for the client"},
		{"401 in the envelope", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.AuthRequired, Path: "/oauth2/token"})
		}, imgur.ErrInvalidRefreshToken, "Authentication required"},
		{"bare data 400", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.BareData, Path: "/oauth2/token"})
		}, imgur.ErrInvalidRefreshToken, "Bad request"},
		{"gateway key missing is not the login", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.MashapeKeyMissing, Path: "/oauth2/token"})
		}, imgur.ErrForbidden, imgurtest.MashapeMessage},
		{"CDN block is not the login", func(s *imgurtest.Server) {
			s.Fail(imgurtest.Fault{Kind: imgurtest.CDNBlocked, Path: "/oauth2/token"})
		}, imgur.ErrBlocked, "Imgur refused the request: These actions are forbidden."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, p := refreshFixture(t, imgurtest.Options{})
			f.srv.RevokeAccessTokens()
			tt.refuse(f.srv)
			_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want %v with %q", err, tt.want, tt.wantMsg)
			}
			if tt.want != imgur.ErrInvalidRefreshToken && errors.Is(err, imgur.ErrInvalidRefreshToken) {
				t.Errorf("err %v asks for a new login", err)
			}
			if len(p.all()) != 0 {
				t.Error("a failed refresh persisted something")
			}
			if f.srv.Count("POST", "/oauth2/token") != 1 {
				t.Error("want exactly one refresh attempt")
			}
		})
	}
}

func TestPersistFailureStillUsesNewToken(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) {
		c.OnRefresh = func(imgur.Token) error { return errors.New("disk full") }
	})
	f.srv.RevokeAccessTokens()
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if err == nil || !strings.Contains(err.Error(), "save the refreshed login: disk full") {
		t.Fatalf("err = %v, want the persistence failure reported", err)
	}
	if f.client.Token().AccessToken == f.tok.Access {
		t.Error("the refreshed token was dropped")
	}
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Errorf("next call: %v", err)
	}
}

func TestNoRefreshToken(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, nil)
	f.client.SetToken(imgur.Token{AccessToken: f.tok.Access})
	f.srv.RevokeAccessTokens()
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrNoRefreshToken) {
		t.Fatalf("err = %v, want ErrNoRefreshToken", err)
	}
}

func TestNotLoggedIn(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, nil)
	f.client.SetToken(imgur.Token{})
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrUnauthorized) || len(f.srv.Requests()) != 0 {
		t.Fatalf("err = %v, requests %d; want ErrUnauthorized and nothing sent", err, len(f.srv.Requests()))
	}
}
