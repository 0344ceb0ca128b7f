package imgur_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

const (
	acc = "6e079993b20f45fab3c22ed489a6f454"
	ref = "e325da142cd545298ef68868824d3b8a"
)

func TestParseRedirect(t *testing.T) {
	now := time.Unix(1700000000, 0)
	frag := "access_token=" + acc + "&expires_in=315360000&token_type=bearer&refresh_token=" + ref + "&account_username=A8XTgSW8pWrNCFwR&account_id=135798223"
	full := imgur.Token{AccessToken: acc, RefreshToken: ref, Expiry: now.Add(315360000 * time.Second), Username: "A8XTgSW8pWrNCFwR", AccountID: 135798223}
	tests := []struct {
		name    string
		input   string
		state   string
		want    imgur.Token
		wantErr error
	}{
		{"full URL, state in query", "http://127.0.0.1:8765/callback?state=s1#" + frag, "s1", full, nil},
		{"full URL, state in fragment", "http://localhost:8765/callback#" + frag + "&state=s1", "s1", full, nil},
		{"bare fragment with #", "#" + frag, "s1", full, nil},
		{"bare fragment", frag, "s1", full, nil},
		{"surrounding spaces", "  \n" + frag + "\n ", "s1", full, nil},
		{"query string", "?" + frag + "&state=s1", "s1", full, nil},
		{"tokens in query of a URL", "http://127.0.0.1:8765/callback?" + frag, "", full, nil},
		{"query then fragment without URL", "state=s1#" + frag, "s1", full, nil},
		{"minimal", "access_token=" + acc, "", imgur.Token{AccessToken: acc}, nil},
		{"state mismatch", "http://x/cb?state=other#" + frag, "s1", imgur.Token{}, imgur.ErrStateMismatch},
		{"state mismatch in fragment", frag + "&state=other", "s1", imgur.Token{}, imgur.ErrStateMismatch},
		{"two states, one wrong", "http://x/cb?state=s1#" + frag + "&state=s2", "s1", imgur.Token{}, imgur.ErrStateMismatch},
		{"access denied", "http://127.0.0.1:8765/callback?error=access_denied&state=s1", "s1", imgur.Token{}, imgur.ErrAccessDenied},
		{"access denied in fragment", "#error=access_denied&state=s1", "s1", imgur.Token{}, imgur.ErrAccessDenied},
		{"no token", "http://127.0.0.1:8765/callback?state=s1", "s1", imgur.Token{}, imgur.ErrNoToken},
		{"garbage", "hello world", "s1", imgur.Token{}, imgur.ErrNoToken},
		{"empty", "   ", "s1", imgur.Token{}, imgur.ErrNoToken},
		{"imgur page URL", "https://imgur.com/gallery/abc", "s1", imgur.Token{}, imgur.ErrNoToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := imgur.ParseRedirect(tt.input, tt.state, now)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("token = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseRedirectInvalidFields(t *testing.T) {
	now := time.Now()
	tests := []struct{ name, input, field string }{
		{"token with spaces", "access_token=a%20b", "access token"},
		{"token with quote", "access_token=a%22b", "access token"},
		{"huge token", "access_token=" + strings.Repeat("a", 600), "access token"},
		{"bad refresh", "access_token=abc&refresh_token=%3Cscript%3E", "refresh token"},
		{"negative expiry", "access_token=abc&expires_in=-5", "expiry"},
		{"zero expiry", "access_token=abc&expires_in=0", "expiry"},
		{"absurd expiry", "access_token=abc&expires_in=99999999999", "expiry"},
		{"text expiry", "access_token=abc&expires_in=soon", "expiry"},
		{"token type", "access_token=abc&token_type=mac", "token type"},
		{"escape in name", "access_token=abc&account_username=%1B%5D0%3Bx%07", "account name"},
		{"bad account id", "access_token=abc&account_id=12x", "account id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := imgur.ParseRedirect(tt.input, "", now)
			var ite *imgur.InvalidTokenError
			if !errors.As(err, &ite) || ite.Field != tt.field {
				t.Fatalf("err = %v, want an invalid %s", err, tt.field)
			}
		})
	}
}

func TestParseRedirectOtherOAuthError(t *testing.T) {
	_, err := imgur.ParseRedirect("?error=server_error&error_description=%1B%5B2Joops", "", time.Now())
	var oe *imgur.OAuthError
	if !errors.As(err, &oe) || oe.Code != "server_error" || oe.Description != "oops" {
		t.Fatalf("err = %#v", err)
	}
}

func FuzzParseRedirect(f *testing.F) {
	f.Add("http://127.0.0.1:8765/callback?state=s#access_token=abc&refresh_token=def&expires_in=3600&account_username=bob&account_id=1", "s")
	f.Add("#access_token=abc&state=s", "s")
	f.Add("?error=access_denied&state=s", "s")
	f.Add("access_token=%ZZ#%%", "")
	f.Add("://#?&=", "x")
	f.Fuzz(func(t *testing.T, input, state string) {
		tok, err := imgur.ParseRedirect(input, state, time.Unix(1700000000, 0))
		if err != nil {
			if tok != (imgur.Token{}) {
				t.Fatal("token returned with an error")
			}
			if why := strings.ContainsAny(err.Error(), "\x1b\x07\n"); why {
				t.Fatalf("error message %q is not one clean line", err)
			}
			return
		}
		if tok.AccessToken == "" || strings.ContainsAny(tok.AccessToken+tok.RefreshToken, " \"<>\x00\n") {
			t.Fatalf("accepted bad token %q", tok.AccessToken)
		}
		if tok.Username != imgur.CleanLine(tok.Username) {
			t.Fatalf("accepted unsafe username %q", tok.Username)
		}
	})
}

func TestAuthorizeURLAndState(t *testing.T) {
	c, err := imgur.New(imgur.Config{APIURL: "https://api.example.com/", ClientID: "cid"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := imgur.NewState()
	if err != nil || len(st) != 32 {
		t.Fatalf("state %q, %v: want 32 hex digits (128 bits)", st, err)
	}
	if st2, _ := imgur.NewState(); st2 == st {
		t.Error("two states are equal")
	}
	u, err := url.Parse(c.AuthorizeURL(st))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme+"://"+u.Host+u.Path != "https://api.example.com/oauth2/authorize" ||
		q.Get("client_id") != "cid" || q.Get("response_type") != "token" || q.Get("state") != st {
		t.Errorf("authorize URL = %s", u)
	}
}

// TestLoginRoundTrip follows the fake's authorize redirect and parses
// where it lands, as a pasting user would.
func TestLoginRoundTrip(t *testing.T) {
	srv := imgurtest.NewServer(imgurtest.Options{})
	defer srv.Close()
	c, err := imgur.New(imgur.Config{APIURL: srv.URL, ClientID: imgurtest.ClientID, ClientSecret: imgurtest.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	state, _ := imgur.NewState()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(c.AuthorizeURL(state))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	landed := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(landed, "http://127.0.0.1:8765/callback?state="+state+"#") {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, landed)
	}
	tok, err := imgur.ParseRedirect(landed, state, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if tok.Username != "demo" || tok.AccountID != 4242 || tok.RefreshToken == "" {
		t.Errorf("token = %v", tok)
	}
	c.SetToken(tok)
	if _, err := c.Favorites(context.Background(), tok.Username, 0, imgur.SortNewest); err != nil {
		t.Errorf("the parsed token does not work: %v", err)
	}

	srv.DenyAccess(true)
	if _, err := imgur.ParseRedirect(srv.RedirectFor(state), state, time.Now()); !errors.Is(err, imgur.ErrAccessDenied) {
		t.Errorf("denied: err = %v", err)
	}
}
