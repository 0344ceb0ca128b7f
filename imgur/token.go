package imgur

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Token is an account's OAuth login. String and GoString redact the tokens,
// so printing a Token by mistake leaks nothing.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // zero when unknown
	Username     string
	AccountID    int64
}

func (t Token) String() string {
	return fmt.Sprintf("imgur.Token{AccessToken:%s RefreshToken:%s Expiry:%s Username:%q AccountID:%d}",
		redacted(t.AccessToken), redacted(t.RefreshToken), t.Expiry.Format(time.RFC3339), t.Username, t.AccountID)
}

// GoString is String.
func (t Token) GoString() string { return t.String() }

// refreshWithin is how close to expiry a token is refreshed before use.
const refreshWithin = 60 * time.Second

// dueForRefresh reports whether t expires within a minute of now.
func (t Token) dueForRefresh(now time.Time) bool {
	return !t.Expiry.IsZero() && now.Add(refreshWithin).After(t.Expiry)
}

// tokenSource holds the current token and makes concurrent callers share a
// single refresh.
type tokenSource struct {
	client *Client

	mu     sync.Mutex
	tok    Token
	flight *refreshFlight
}

type refreshFlight struct {
	done chan struct{}
	tok  Token
	err  error
}

func (ts *tokenSource) set(t Token) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.tok = t
}

func (ts *tokenSource) current() Token {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.tok
}

// valid returns a token to send: the current one, refreshed first when it
// expires within a minute and can be refreshed.
func (ts *tokenSource) valid(ctx context.Context) (Token, error) {
	tok := ts.current()
	if tok.AccessToken == "" {
		return Token{}, ErrUnauthorized
	}
	if tok.RefreshToken != "" && tok.dueForRefresh(ts.client.cfg.Now()) {
		return ts.refresh(ctx, tok.AccessToken)
	}
	return tok, nil
}

// refresh replaces the access token stale. When another caller already
// replaced it, the newer token is returned without a request; when a refresh
// is under way, the caller waits for it. The refresh itself runs detached
// from ctx: a rotated refresh token must be received and persisted even if
// the caller gives up, or the login would be lost.
func (ts *tokenSource) refresh(ctx context.Context, stale string) (Token, error) {
	ts.mu.Lock()
	if ts.tok.AccessToken != stale {
		tok := ts.tok
		ts.mu.Unlock()
		return tok, nil
	}
	if ts.tok.RefreshToken == "" {
		ts.mu.Unlock()
		return Token{}, ErrNoRefreshToken
	}
	f := ts.flight
	if f == nil {
		f = &refreshFlight{done: make(chan struct{})}
		ts.flight = f
		go ts.run(f, ts.tok)
	}
	ts.mu.Unlock()

	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
}

func (ts *tokenSource) run(f *refreshFlight, old Token) {
	c := ts.client
	ctx, cancel := context.WithTimeout(context.Background(), 2*c.cfg.Timeout)
	defer cancel()
	tok, err := c.Refresh(ctx, old.RefreshToken)
	if err == nil {
		tok = tok.inherit(old)
		if c.cfg.OnRefresh != nil {
			if perr := c.cfg.OnRefresh(tok); perr != nil {
				// The new pair is used anyway: the old refresh token may
				// already be void, so dropping the new one would log the
				// user out now rather than on the next start.
				err = fmt.Errorf("save the refreshed login: %w", perr)
			}
		}
	}
	ts.mu.Lock()
	if tok.AccessToken != "" {
		ts.tok = tok
	}
	ts.flight = nil
	ts.mu.Unlock()
	f.tok, f.err = tok, err
	close(f.done)
}

// inherit fills what a refresh response left out from the previous token.
func (t Token) inherit(old Token) Token {
	if t.RefreshToken == "" {
		t.RefreshToken = old.RefreshToken
	}
	if t.Username == "" {
		t.Username = old.Username
	}
	if t.AccountID == 0 {
		t.AccountID = old.AccountID
	}
	return t
}

// tokenResponse is the body of a successful POST /oauth2/token.
type tokenResponse struct {
	AccessToken     string          `json:"access_token"`
	RefreshToken    string          `json:"refresh_token"`
	ExpiresIn       json.RawMessage `json:"expires_in"`
	TokenType       string          `json:"token_type"`
	AccountUsername string          `json:"account_username"`
	AccountID       json.RawMessage `json:"account_id"`
}

// Refresh exchanges a refresh token for a new token. Imgur may rotate the
// refresh token; the returned Token carries the one to keep. A refused
// refresh token is reported as ErrInvalidRefreshToken.
//
// Most callers never call Refresh: the client refreshes by itself.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (Token, error) {
	form := url.Values{
		"refresh_token": {refreshToken},
		"client_id":     {c.cfg.ClientID},
		"client_secret": {c.cfg.ClientSecret},
		"grant_type":    {"refresh_token"},
	}
	res, err := c.send(ctx, call{method: http.MethodPost, path: "/oauth2/token", form: form, auth: authClient, free: true}, Token{})
	if err != nil {
		return Token{}, fmt.Errorf("refresh the login: %w", err)
	}
	var tr tokenResponse
	if err := json.Unmarshal(res.body, &tr); err != nil {
		return Token{}, fmt.Errorf("refresh the login: %w", &APIError{Method: http.MethodPost, Path: "/oauth2/token", StatusCode: 200, Kind: ErrMalformed})
	}
	fields := map[string]string{
		"access_token":     tr.AccessToken,
		"refresh_token":    tr.RefreshToken,
		"token_type":       tr.TokenType,
		"account_username": tr.AccountUsername,
		"expires_in":       rawScalar(tr.ExpiresIn),
		"account_id":       rawScalar(tr.AccountID),
	}
	tok, err := tokenFromFields(fields, c.cfg.Now())
	if err != nil {
		return Token{}, fmt.Errorf("refresh the login: %w", err)
	}
	return tok, nil
}

// rawScalar turns a JSON number or string into its text.
func rawScalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
