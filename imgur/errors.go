package imgur

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinels that callers branch on with errors.Is. An *APIError unwraps to
// exactly one of the first group.
var (
	// ErrUnauthorized: the access token is missing, invalid, expired or
	// revoked (HTTP 401, or 403 "The access token provided is invalid.")
	// and could not be refreshed.
	ErrUnauthorized = errors.New("not logged in or the login has expired")
	// ErrForbidden: a 403 that is not about the token, or the commercial
	// gateway's refusal (a top-level "message", such as a missing Mashape
	// key), which is not about the login either.
	ErrForbidden = errors.New("forbidden")
	// ErrBlocked: Imgur's CDN refused the request (HTTP 400 "These actions
	// are forbidden." with CDN-Error: yes), as it has done to some clients
	// and networks since 2025. Retrying does not help.
	ErrBlocked = errors.New("Imgur refused the request")
	// ErrNotFound: HTTP 404.
	ErrNotFound = errors.New("not found")
	// ErrRateLimited: HTTP 429 or exhausted credits; the error is a
	// *RateLimitError carrying the reset time.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: Imgur is down or over capacity (5xx, an HTML page,
	// "over capacity" in JSON, an empty or truncated body).
	ErrUnavailable = errors.New("Imgur is unavailable")
	// ErrBadRequest: any other 4xx.
	ErrBadRequest = errors.New("request refused")
	// ErrMalformed: a successful status whose body could not be decoded.
	ErrMalformed = errors.New("unreadable response")
	// ErrUnreachable: no HTTP response at all (DNS, refused connection,
	// timeout). The app is offline as far as Imgur is concerned.
	ErrUnreachable = errors.New("cannot reach Imgur")

	// ErrInvalidRefreshToken: the token endpoint refused the refresh token
	// (any 400 or 401 from it in Imgur's envelope, whatever the wording;
	// the error's message carries Imgur's words). The user has to log in
	// again.
	ErrInvalidRefreshToken = errors.New("the login is no longer valid; please log in again")
	// ErrNoRefreshToken: the access token expired and there is no refresh
	// token (for example tokens given through the environment).
	ErrNoRefreshToken = errors.New("the access token expired and there is no refresh token")
	// ErrOtherAccount: a call for one account while the client holds
	// another's login (the account was switched); nothing was sent.
	ErrOtherAccount = errors.New("the account was switched")
)

// maxMessage bounds the length of any text taken from a response body.
const maxMessage = 200

// APIError is a non-2xx answer, or a 2xx answer that could not be read.
// Message is short, single-line and sanitized: safe to show as is.
type APIError struct {
	Method     string // request method
	Path       string // request path, e.g. /3/account/me/favorites/0/newest
	StatusCode int    // HTTP status
	Message    string // Imgur's message or a description of the body
	Kind       error  // one of the sentinels above; what Unwrap returns
}

func (e *APIError) Error() string {
	if e.StatusCode >= 200 && e.StatusCode < 300 {
		// A success whose body failed: the status is not the error.
		if e.Message == "" {
			return fmt.Sprintf("%s (HTTP %d)", e.Kind, e.StatusCode)
		}
		return fmt.Sprintf("%s: %s (HTTP %d)", e.Kind, e.Message, e.StatusCode)
	}
	status := ""
	if e.StatusCode != 0 {
		status = strconv.Itoa(e.StatusCode) + " "
	}
	if e.Message == "" {
		return fmt.Sprintf("%s%s", status, e.Kind)
	}
	return fmt.Sprintf("%s%s: %s", status, e.Kind, e.Message)
}

// Unwrap returns the error's kind, so errors.Is(err, ErrUnavailable) works.
func (e *APIError) Unwrap() error { return e.Kind }

// RateLimitError says that a call was refused for lack of credits, either by
// Imgur (429) or by the client itself before sending anything.
type RateLimitError struct {
	// Reset is when credits are expected back; zero when unknown.
	Reset time.Time
	// Which credits ran out: "user", "client", "post" (the allowance of
	// POST requests), or "" for a 429 that did not say.
	Which string
	// Sent is false when the client refused to send the request.
	Sent bool
}

func (e *RateLimitError) Error() string {
	what := "Imgur API credits exhausted"
	switch e.Which {
	case "user":
		what = "user API credits exhausted"
	case "client":
		what = "application API credits exhausted"
	case "post":
		what = "Imgur's allowance of changes is used up"
	}
	if !e.Sent && e.Which == "" {
		what = "rate limited"
	}
	if e.Reset.IsZero() {
		return what
	}
	return what + "; resets at " + e.Reset.Local().Format("15:04")
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// envelope is Imgur's usual response wrapper. Data is kept raw: its shape
// depends on the endpoint and on the error.
type envelope struct {
	Data    json.RawMessage `json:"data"`
	Success *bool           `json:"success"`
	Status  json.RawMessage `json:"status"`
	// Message is the commercial gateway's error, outside any envelope.
	Message string `json:"message"`
	Errors  []struct {
		Code   json.RawMessage `json:"code"`
		Status string          `json:"status"`
		Detail string          `json:"detail"`
	} `json:"errors"`
}

// bodyShape is what kind of error body arrived.
type bodyShape int

const (
	shapeNotJSON  bodyShape = iota // HTML, empty, cut off
	shapeEnvelope                  // Imgur's {"data":…} or {"errors":[…]}
	shapeGateway                   // the commercial gateway's {"message":…}
)

// errorMessage extracts a human message from an error body. It never fails:
// for bodies it cannot read it describes the body instead.
func errorMessage(body []byte) (msg string, shape bodyShape) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return "empty response", shapeNotJSON
	case trimmed[0] == '<':
		if t := htmlTitle(trimmed); t != "" {
			return "an HTML page: " + t, shapeNotJSON
		}
		return "an HTML page", shapeNotJSON
	}
	var env envelope
	if err := decodeLenient(trimmed, &env); err != nil {
		return "unreadable response", shapeNotJSON
	}
	for _, e := range env.Errors {
		if m := firstNonEmpty(e.Detail, e.Status); m != "" {
			return clip(m), shapeEnvelope
		}
	}
	if len(env.Data) == 0 && len(env.Errors) == 0 && strings.TrimSpace(env.Message) != "" {
		return clip(env.Message), shapeGateway
	}
	return clip(dataMessage(env.Data)), shapeEnvelope
}

// dataMessage reads the message out of every known shape of "data":
// {"error":"…"}, {"error":{"message":"…"}}, a bare string, or false.
func dataMessage(data json.RawMessage) string {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return ""
	}
	var s string
	if json.Unmarshal(data, &s) == nil {
		return s
	}
	var obj struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &obj) != nil || len(obj.Error) == 0 {
		return ""
	}
	if json.Unmarshal(obj.Error, &s) == nil {
		return s
	}
	var nested struct {
		Message string `json:"message"`
		Type    string `json:"type"`
	}
	if json.Unmarshal(obj.Error, &nested) == nil {
		return firstNonEmpty(nested.Message, nested.Type)
	}
	return ""
}

// htmlTitle returns the text of the page's first <h1> or its <title>, cleaned.
func htmlTitle(page []byte) string {
	lower := asciiLower(page) // same length as page, unlike bytes.ToLower
	for _, tag := range []string{"h1", "title"} {
		start := bytes.Index(lower, []byte("<"+tag))
		if start < 0 {
			continue
		}
		open := bytes.IndexByte(lower[start:], '>')
		if open < 0 {
			continue
		}
		from := start + open + 1
		end := bytes.Index(lower[from:], []byte("</"+tag))
		if end < 0 {
			continue
		}
		if t := clip(stripTags(string(page[from : from+end]))); t != "" {
			return t
		}
	}
	return ""
}

// asciiLower lower-cases ASCII letters only, so that byte offsets in the
// result are offsets in b (bytes.ToLower rewrites invalid UTF-8).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clip makes untrusted text a short single safe line.
func clip(s string) string { return shorten(CleanLine(s), maxMessage) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Messages that change what an error means.
const (
	msgInvalidToken = "the access token provided is invalid"
	msgOverCapacity = "over capacity"
	msgBadRefresh   = "invalid refresh token"
	msgForbidden    = "these actions are forbidden."
)

// tokenPath is the OAuth token endpoint: its 400s and 401s are refusals of
// the refresh token, whatever their wording.
const tokenPath = "/oauth2/token"

// decodeError turns a non-2xx response into a typed error. reset is the
// rate-limit reset to report for a 429 when Retry-After does not say.
func decodeError(method, path string, status int, header http.Header, body []byte, now time.Time, reset time.Time) error {
	msg, shape := errorMessage(body)
	if status == http.StatusTooManyRequests {
		if d, ok := retryAfter(header, now); ok {
			reset = now.Add(d)
		}
		return &RateLimitError{Reset: reset, Sent: true}
	}
	return &APIError{Method: method, Path: path, StatusCode: status, Message: msg,
		Kind: errorKind(path, status, header, msg, shape)}
}

// errorKind classifies a non-2xx, non-429 response.
func errorKind(path string, status int, header http.Header, msg string, shape bodyShape) error {
	lower := strings.ToLower(msg)
	isJSON := shape != shapeNotJSON
	switch {
	case strings.EqualFold(header.Get("CDN-Error"), "yes"),
		isJSON && status == http.StatusBadRequest && lower == msgForbidden:
		return ErrBlocked
	case strings.Contains(lower, msgOverCapacity):
		return ErrUnavailable
	case shape == shapeGateway && status < 500:
		return ErrForbidden
	case shape == shapeEnvelope && path == tokenPath && (status == http.StatusBadRequest || status == http.StatusUnauthorized),
		isJSON && strings.Contains(lower, msgBadRefresh):
		return ErrInvalidRefreshToken
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden && strings.Contains(lower, msgInvalidToken):
		return ErrUnauthorized
	case status >= 500, !isJSON:
		return ErrUnavailable
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	}
	return ErrBadRequest
}

// retryAfter reads Retry-After as seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
