package imgur_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
)

// TestLoopbackPageInRealBrowser loads the redirect in headless Chromium:
// the page's script must run under its own Content-Security-Policy and
// hand the fragment's tokens to the server. Skipped without Chromium
// (.ci/run installs it when it can).
func TestLoopbackPageInRealBrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium on this machine")
	}
	l, redirect := startLoopback(t, imgur.LoopbackOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--virtual-time-budget=5000", "--dump-dom",
		redirect+"?state=good-state"+goodHash+"&state=good-state")
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if !strings.Contains(string(out), "Logged in.") {
		t.Errorf("the page did not report success:\n%s", out)
	}
	select {
	case res := <-l.Results():
		if res.Err != nil || res.Token.AccessToken != "abc123" || res.Token.Username != "demo" {
			t.Errorf("result = %+v", res)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the browser never delivered the tokens")
	}
}
