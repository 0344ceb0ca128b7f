package imgur_test

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
)

// freeRedirect returns a loopback redirect URL on a free port.
func freeRedirect(t *testing.T, host string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return "http://" + host + ":" + strconv.Itoa(port) + "/callback"
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func startLoopback(t *testing.T, opts imgur.LoopbackOptions) (*imgur.Loopback, string) {
	t.Helper()
	redirect := freeRedirect(t, "127.0.0.1")
	l, err := imgur.ListenLoopback(redirect, "good-state", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, redirect
}

// post sends what the page's script sends.
func post(t *testing.T, url, origin, contentType, search, hash string) (int, string) {
	t.Helper()
	body := jsonString(map[string]string{"search": search, "hash": hash})
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func origin(redirect string) string { return strings.TrimSuffix(redirect, "/callback") }

const goodHash = "#access_token=abc123&refresh_token=def456&expires_in=3600&token_type=bearer&account_username=demo&account_id=42"

func TestLoopbackBindsLoopbackOnly(t *testing.T) {
	l, _ := startLoopback(t, imgur.LoopbackOptions{})
	host, _, _ := net.SplitHostPort(l.Addr())
	if host != "127.0.0.1" {
		t.Errorf("listening on %s, want 127.0.0.1 only", l.Addr())
	}
	for _, bad := range []string{"https://127.0.0.1:8765/cb", "http://0.0.0.0:8765/cb", "http://example.com:8765/cb", "http://127.0.0.1/cb", "::"} {
		if imgur.IsLoopbackRedirect(bad) {
			t.Errorf("%s accepted as loopback", bad)
		}
		if _, err := imgur.ListenLoopback(bad, "s", imgur.LoopbackOptions{}); !errors.Is(err, imgur.ErrNotLoopback) {
			t.Errorf("ListenLoopback(%s) = %v", bad, err)
		}
	}
	if !imgur.IsLoopbackRedirect("http://localhost:8765/callback") {
		t.Error("localhost refused")
	}
}

func TestLoopbackPage(t *testing.T) {
	_, redirect := startLoopback(t, imgur.LoopbackOptions{})
	resp, err := http.Get(redirect + "?state=good-state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'sha256-", "connect-src 'self'", "form-action 'none'", "frame-ancestors 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP allows unsafe sources: %s", csp)
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "Content-Type": "text/html; charset=utf-8"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	page := string(body)
	for _, forbidden := range []string{"location.href =", "location.assign", "location.replace", "innerHTML", "window.open", "document.write"} {
		if strings.Contains(page, forbidden) {
			t.Errorf("page uses %s", forbidden)
		}
	}
	if !strings.Contains(page, "location.hash") || !strings.Contains(page, `method: "POST"`) {
		t.Error("page does not post the fragment")
	}
	if strings.Contains(page, "good-state") {
		t.Error("page embeds the state")
	}
}

func TestLoopbackRejects(t *testing.T) {
	l, redirect := startLoopback(t, imgur.LoopbackOptions{})
	o := origin(redirect)
	tests := []struct {
		name, origin, ctype, search, hash string
		want                              int
	}{
		{"missing origin", "", "application/json", "?state=good-state", goodHash, 403},
		{"foreign origin", "https://evil.example", "application/json", "?state=good-state", goodHash, 403},
		{"form content type", o, "application/x-www-form-urlencoded", "?state=good-state", goodHash, 415},
		{"text content type", o, "text/plain", "?state=good-state", goodHash, 415},
		{"missing state", o, "application/json", "", goodHash, 400},
		{"wrong state", o, "application/json", "?state=bad-state", goodHash, 400},
		{"wrong state in fragment", o, "application/json", "", goodHash + "&state=bad", 400},
		{"no token", o, "application/json", "?state=good-state", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, body := post(t, redirect, tt.origin, tt.ctype, tt.search, tt.hash); got != tt.want {
				t.Errorf("status %d (%s), want %d", got, body, tt.want)
			}
		})
	}
	// Wrong Host header (DNS rebinding).
	req, _ := http.NewRequest("GET", redirect, nil)
	req.Host = "evil.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("wrong Host: %d", resp.StatusCode)
	}
	// Oversized body.
	req, _ = http.NewRequest("POST", redirect, strings.NewReader(`{"search":"`+strings.Repeat("a", 20000)+`"}`))
	req.Header.Set("Origin", o)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("oversized body: %d", resp.StatusCode)
	}
	// After all that, the flow goes on: a good callback still logs in.
	if got, body := post(t, redirect, o, "application/json", "?state=good-state", goodHash); got != 200 {
		t.Fatalf("good callback after bad ones: %d %s", got, body)
	}
	var res imgur.LoopbackResult
	for res = range l.Results() {
		if res.Err == nil {
			break
		}
	}
	if res.Token.AccessToken != "abc123" || res.Token.Username != "demo" {
		t.Errorf("result = %+v", res)
	}
}

func TestLoopbackAcceptsOneLogin(t *testing.T) {
	l, redirect := startLoopback(t, imgur.LoopbackOptions{})
	o := origin(redirect)
	if got, _ := post(t, redirect, o, "application/json; charset=utf-8", "?state=good-state", goodHash); got != 200 {
		t.Fatalf("first callback: %d", got)
	}
	res := <-l.Results()
	if res.Err != nil || res.Token.RefreshToken != "def456" {
		t.Fatalf("result = %+v", res)
	}
	// A second callback is refused, or finds the server gone.
	req, _ := http.NewRequest("POST", redirect, strings.NewReader(`{"search":"?state=good-state","hash":"`+goodHash+`"}`))
	req.Header.Set("Origin", o)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusGone {
			t.Errorf("second callback: %d", resp.StatusCode)
		}
	}
	// And the server shuts down.
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", l.Addr(), 100*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still listening after the login")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestLoopbackDeniedIsDelivered(t *testing.T) {
	l, redirect := startLoopback(t, imgur.LoopbackOptions{})
	if got, _ := post(t, redirect, origin(redirect), "application/json", "?error=access_denied&state=good-state", ""); got != 400 {
		t.Fatalf("denied: %d", got)
	}
	if res := <-l.Results(); !errors.Is(res.Err, imgur.ErrAccessDenied) {
		t.Errorf("result = %+v", res)
	}
}

func TestLoopbackTimeout(t *testing.T) {
	l, _ := startLoopback(t, imgur.LoopbackOptions{ReadTimeout: 100 * time.Millisecond})
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = c.Write([]byte("GET /callback HTTP/1.1\r\nHost: 127.0.0.1\r\n")) // never finishes
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(c)
	if err != nil || time.Since(start) > 2*time.Second {
		t.Errorf("a stalled client was not cut off by the read timeout (err %v after %v)", err, time.Since(start))
	}
}

func TestLoopbackBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	redirect := "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/callback"
	_, err = imgur.ListenLoopback(redirect, "s", imgur.LoopbackOptions{})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("busy port: err = %v", err)
	}
}

func TestLoopbackCloseLetsWaitersGo(t *testing.T) {
	l, _ := startLoopback(t, imgur.LoopbackOptions{})
	waited := make(chan bool, 1)
	go func() { _, ok := <-l.Results(); waited <- ok }()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil { // a second close (the login screen and the token path both close)
		t.Errorf("second Close: %v", err)
	}
	select {
	case ok := <-waited:
		if ok {
			t.Error("a result arrived from a closed server")
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a wait on Results outlived Close")
	}
}
