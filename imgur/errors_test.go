package imgur

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// fixture returns one of the captured responses in testdata/responses-misc.json.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/responses-misc.json")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	body, ok := all[name]
	if !ok {
		t.Fatalf("no fixture %q", name)
	}
	return body
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeError(t *testing.T) {
	now := time.Unix(1700000000, 0)
	html := readFile(t, "over-capacity-excerpt.html")
	tests := []struct {
		name     string
		status   int
		header   http.Header
		body     []byte
		want     error
		wantMsg  string
		wantWait time.Duration // for 429s
	}{
		{"403 invalid token", 403, nil, fixture(t, "403_invalid_token_verbatim_ShareX_1138"), ErrUnauthorized, "The access token provided is invalid.", 0},
		{"401 auth required", 401, nil, fixture(t, "401_auth_required_verbatim_ImgurAPI_MockErrors"), ErrUnauthorized, "Authentication required", 0},
		{"403 over capacity is not auth", 403, nil, fixture(t, "over_capacity_json_403_verbatim_galleryDL_910"), ErrUnavailable, "Imgur is temporarily over capacity. Please try again later.", 0},
		{"400 invalid refresh token", 400, nil, fixture(t, "token_refresh_error_verbatim_ShareX_3187"), ErrInvalidRefreshToken, "Invalid refresh token", 0},
		{"429 errors[] with Retry-After", 429, http.Header{"Retry-After": {"42"}}, fixture(t, "429_new_style_verbatim_jspaint_343"), ErrRateLimited, "", 42 * time.Second},
		{"429 with HTTP date", 429, http.Header{"Retry-After": {now.Add(90 * time.Second).UTC().Format(http.TimeFormat)}}, nil, ErrRateLimited, "", 90 * time.Second},
		{"HTML outage", 503, nil, html, ErrUnavailable, "an HTML page: Imgur is over capacity!", 0},
		{"HTML on a 403 is an outage", 403, nil, html, ErrUnavailable, "an HTML page: Imgur is over capacity!", 0},
		{"error object", 500, nil, []byte(`{"data":{"error":{"code":500,"message":"Internal <b>error</b>","type":"ImgurException","exception":[]}},"success":false,"status":500}`), ErrUnavailable, "Internal <b>error</b>", 0},
		{"error object without message", 400, nil, []byte(`{"data":{"error":{"code":400,"type":"ImgurException"}},"success":false,"status":400}`), ErrBadRequest, "ImgurException", 0},
		{"bare string data", 400, nil, []byte(`{"data":"Bad request","success":false,"status":400}`), ErrBadRequest, "Bad request", 0},
		{"data false", 400, nil, []byte(`{"data":false,"success":false,"status":400}`), ErrBadRequest, "", 0},
		{"body status differs", 404, nil, []byte(`{"data":{"error":"Unable to find album"},"success":false,"status":200}`), ErrNotFound, "Unable to find album", 0},
		{"403 other", 403, nil, []byte(`{"data":{"error":"Unauthorized","request":"/3/account/x/favorites","method":"GET"},"success":false,"status":403}`), ErrForbidden, "Unauthorized", 0},
		{"empty body", 502, nil, nil, ErrUnavailable, "empty response", 0},
		{"whitespace body", 500, nil, []byte("  \n"), ErrUnavailable, "empty response", 0},
		{"truncated JSON", 400, nil, []byte(`{"data":{"error":"cut`), ErrUnavailable, "unreadable response", 0},
		{"hostile message", 400, nil, []byte(`{"data":{"error":"\u001b]0;pwned\u0007evil\u001b[2J\nline"},"success":false,"status":400}`), ErrBadRequest, "evil line", 0},
		{"refresh refused in other words", 400, nil, readFile(t, "realdata/error-imgurapi-3.json"), ErrBadRequest, "Refresh token doesn't exist or is invalid for the client", 0},
		{"gateway message on 401", 401, nil, readFile(t, "realdata/error-imgurapi-4.json"), ErrForbidden, "Missing Mashape application key.Go to http://docs.mashape.com/api-keys to learn how to get your API application key.", 0},
		{"CDN block", 400, http.Header{"Cdn-Error": {"yes"}, "Retry-After": {"0"}}, readFile(t, "realdata/error-sharex-2.json"), ErrBlocked, "These actions are forbidden.", 0},
		{"CDN block without its header", 400, nil, readFile(t, "realdata/error-sharex-2.json"), ErrBlocked, "These actions are forbidden.", 0},
		{"nginx 405 page", 405, nil, readFile(t, "realdata/error-sharex-3.html"), ErrUnavailable, "an HTML page: 405 Not Allowed", 0},
		{"long message clipped", 400, nil, []byte(`{"data":{"error":"` + strings.Repeat("x", 5000) + `"}}`), ErrBadRequest, strings.Repeat("x", 197) + "…", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decodeError("GET", "/3/x", tt.status, tt.header, tt.body, now, time.Time{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var rle *RateLimitError
			if errors.As(err, &rle) {
				if got := rle.Reset.Sub(now); got != tt.wantWait {
					t.Errorf("reset in %v, want %v", got, tt.wantWait)
				}
				return
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err %T is not an *APIError", err)
			}
			if apiErr.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", apiErr.Message, tt.wantMsg)
			}
			if apiErr.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", apiErr.StatusCode, tt.status)
			}
		})
	}
}

func TestRateLimitErrorUsesKnownReset(t *testing.T) {
	now := time.Unix(1700000000, 0)
	reset := now.Add(20 * time.Minute)
	err := decodeError("GET", "/3/x", 429, nil, nil, now, reset)
	var rle *RateLimitError
	if !errors.As(err, &rle) || !rle.Reset.Equal(reset) {
		t.Fatalf("err = %#v, want reset %v", err, reset)
	}
	if !strings.Contains(rle.Error(), "resets at") {
		t.Errorf("message %q does not say when", rle.Error())
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(403, []byte(`{"data":{"error":"The access token provided is invalid."},"success":false,"status":403}`))
	f.Add(429, []byte(`{"errors":[{"code":"429","status":"Too Many Requests","detail":"Too Many Requests"}]}`))
	f.Add(503, []byte("<html><title>Imgur is over capacity</title>"))
	f.Add(500, []byte(`{"data":{"error":{"code":500,"message":"x"}}}`))
	f.Add(400, []byte(`{"data":"bare"}`))
	f.Add(400, []byte(`{"data":false}`))
	f.Add(502, []byte(``))
	f.Add(418, []byte("<h1>\x1b]0;t\x07</h1>"))
	f.Add(401, []byte(`{"message":"Missing Mashape application key.\u001b[2J"}`))
	f.Add(400, []byte(`{"data":{"error":"These actions are forbidden."},"success":false,"status":400}`))
	f.Add(400, []byte(`{"data":{"error":"x"},"success":"false","status":"400"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		path := "/3/x"
		if status%2 == 1 {
			path = tokenPath
		}
		err := decodeError("GET", path, status, http.Header{}, body, time.Unix(0, 0), time.Time{})
		if err == nil {
			t.Fatal("nil error")
		}
		msg := err.Error()
		if len(msg) > 300 {
			t.Fatalf("message too long (%d bytes)", len(msg))
		}
		if why := inert(msg, false); why != "" {
			t.Fatalf("message %q has a %s", msg, why)
		}
		for _, kind := range []error{ErrUnauthorized, ErrForbidden, ErrBlocked, ErrNotFound, ErrRateLimited, ErrUnavailable, ErrBadRequest, ErrInvalidRefreshToken} {
			if errors.Is(err, kind) {
				return
			}
		}
		t.Fatalf("error %v has no kind", err)
	})
}
