package imgur

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Errors of ParseRedirect. Their messages are meant for the login screen.
var (
	ErrAccessDenied  = errors.New("access was denied")
	ErrStateMismatch = errors.New("this URL belongs to another login attempt; use the newest one")
	ErrNoToken       = errors.New("no access token found in what was pasted")
)

// OAuthError is an error other than access_denied sent back by the
// authorization server.
type OAuthError struct {
	Code        string
	Description string
}

func (e *OAuthError) Error() string {
	if e.Description != "" {
		return "login failed: " + e.Code + ": " + e.Description
	}
	return "login failed: " + e.Code
}

// InvalidTokenError says which field of a redirect was malformed.
type InvalidTokenError struct{ Field string }

func (e *InvalidTokenError) Error() string { return "the login URL has an invalid " + e.Field }

// AuthorizeURL is the page where the user grants access. Imgur only
// supports the implicit grant: the tokens come back in the redirect's
// fragment.
func (c *Client) AuthorizeURL(state string) string {
	q := url.Values{
		"client_id":     {c.cfg.ClientID},
		"response_type": {"token"},
		"state":         {state},
	}
	return c.cfg.APIURL + "/oauth2/authorize?" + q.Encode()
}

// NewState returns a fresh 128-bit random state for one login attempt.
func NewState() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random state: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// maxRedirectInput bounds what ParseRedirect reads: a real redirect is a few
// hundred bytes.
const maxRedirectInput = 8 << 10

// ParseRedirect reads the login result from what the browser landed on: a
// full redirect URL, a bare fragment ("access_token=…&…", with or without
// "#"), or a query string. Tokens are read from the fragment or, failing
// that, the query; state from either. When state is not empty, a state in
// the input must equal it (compared in constant time); an input without
// state is accepted, since users often paste only the fragment.
func ParseRedirect(input, state string, now time.Time) (Token, error) {
	input = strings.TrimSpace(input)
	if len(input) > maxRedirectInput {
		return Token{}, errors.New("what was pasted is too long to be a login URL")
	}
	if input == "" {
		return Token{}, ErrNoToken
	}
	query, fragment := splitRedirect(input)
	qv, qerr := url.ParseQuery(query)
	fv, ferr := url.ParseQuery(fragment)
	if qerr != nil && ferr != nil {
		return Token{}, errors.New("what was pasted is not a login URL")
	}

	// One state per attempt: every state value present must match.
	for _, got := range append(qv["state"], fv["state"]...) {
		if state != "" && subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
			return Token{}, ErrStateMismatch
		}
	}
	if code := first(fv, qv, "error"); code != "" {
		if code == "access_denied" {
			return Token{}, ErrAccessDenied
		}
		return Token{}, &OAuthError{Code: clip(code), Description: clip(first(fv, qv, "error_description"))}
	}

	// Tokens come together from one part: the fragment when it has them.
	src := fv
	if fv.Get("access_token") == "" {
		src = qv
	}
	fields := map[string]string{}
	for _, k := range []string{"access_token", "refresh_token", "expires_in", "token_type", "account_username", "account_id"} {
		fields[k] = src.Get(k)
	}
	if fields["access_token"] == "" {
		return Token{}, ErrNoToken
	}
	return tokenFromFields(fields, now)
}

// splitRedirect separates the query and fragment of any accepted input.
func splitRedirect(input string) (query, fragment string) {
	if strings.Contains(input, "://") {
		if u, err := url.Parse(input); err == nil {
			return u.RawQuery, u.EscapedFragment()
		}
	}
	before, after, hasHash := strings.Cut(input, "#")
	if !hasHash {
		// A bare parameter list: call it the fragment (tokens are read
		// from there first; the state check covers both).
		_, q, hasQ := strings.Cut(before, "?")
		if hasQ {
			return q, ""
		}
		return "", before
	}
	if _, q, ok := strings.Cut(before, "?"); ok {
		return q, after
	}
	if strings.Contains(before, "=") {
		return before, after
	}
	return "", after
}

func first(a, b url.Values, key string) string {
	if v := a.Get(key); v != "" {
		return v
	}
	return b.Get(key)
}

// Limits on what a token response may contain.
const (
	maxExpiresIn = 20 * 365 * 24 * 60 * 60 // twenty years, in seconds
	maxTokenLen  = 512
)

// tokenFromFields validates the fields of a redirect or token response.
func tokenFromFields(f map[string]string, now time.Time) (Token, error) {
	tok := Token{AccessToken: f["access_token"], RefreshToken: f["refresh_token"]}
	if !validToken(tok.AccessToken) {
		return Token{}, &InvalidTokenError{Field: "access token"}
	}
	if tok.RefreshToken != "" && !validToken(tok.RefreshToken) {
		return Token{}, &InvalidTokenError{Field: "refresh token"}
	}
	if tt := f["token_type"]; tt != "" && !strings.EqualFold(tt, "bearer") {
		return Token{}, &InvalidTokenError{Field: "token type"}
	}
	if s := f["expires_in"]; s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil || secs <= 0 || secs > maxExpiresIn {
			return Token{}, &InvalidTokenError{Field: "expiry"}
		}
		tok.Expiry = now.Add(time.Duration(secs) * time.Second)
	}
	if name := f["account_username"]; name != "" {
		if !validUsername(name) {
			return Token{}, &InvalidTokenError{Field: "account name"}
		}
		tok.Username = name
	}
	if s := f["account_id"]; s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 0 {
			return Token{}, &InvalidTokenError{Field: "account id"}
		}
		tok.AccountID = id
	}
	return tok, nil
}

// validToken accepts the characters of RFC 6750 bearer tokens.
func validToken(s string) bool {
	if s == "" || len(s) > maxTokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~+/=", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validUsername accepts Imgur account names: letters, digits and a few
// punctuation marks, at most 64 bytes. Anything else in a redirect is an
// attack or a corruption.
func validUsername(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '_' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return true
}
