// Whole flows with teatest: logging in, then starting again.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/tui"
)

func startUI(t *testing.T, a *app, opts tui.Options, w int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, tui.New(opts),
		teatest.WithInitialTermSize(w, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

// waitScreen waits until the plain text of the output matches.
func waitScreen(t *testing.T, tm *teatest.TestModel, what string, ok func(string) bool) string {
	t.Helper()
	var seen string
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen += ansi.Strip(string(b))
		return ok(seen)
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	return seen
}

var stateRE = regexp.MustCompile(`state=([0-9a-f]{32})`)

func titleOf(f imgurtest.Favorite) string {
	if f.Title == nil || *f.Title == "" {
		return "untitled"
	}
	return imgur.CleanLine(*f.Title)
}

func TestFlowPasteLoginThenRestart(t *testing.T) {
	favs := imgurtest.Generate(40, 21)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs})
	cfg := te.config(t)

	a, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tm := startUI(t, a, a.uiOptions(), 200)
	out := waitScreen(t, tm, "login screen", func(s string) bool { return stateRE.MatchString(s) })
	state := stateRE.FindStringSubmatch(out)[1]
	tm.Send(tea.PasteMsg{Content: te.srv.RedirectFor(state)})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitScreen(t, tm, "favorites", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[0])) && strings.Contains(s, titleOf(favs[1]))
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a.Close()

	// A restart on the same database goes straight to the list.
	te.srv.ResetRequests()
	b, err := openApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tm2 := startUI(t, b, b.uiOptions(), 200)
	out = waitScreen(t, tm2, "favorites after restart", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[2]))
	})
	if strings.Contains(out, "log in to Imgur") {
		t.Error("the restart showed the login screen")
	}
	tm2.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm2.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n := te.srv.Count("POST", "/oauth2/token"); n != 0 {
		t.Errorf("the restart refreshed %d times", n)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestFlowLoopbackLogin plays the browser with an HTTP client: follow the
// authorize redirect, GET the local page, POST what its script sends.
func TestFlowLoopbackLogin(t *testing.T) {
	port := strconv.Itoa(freePort(t))
	redirect := "http://127.0.0.1:" + port + "/callback"
	favs := imgurtest.Generate(20, 8)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs, RedirectURL: redirect})
	te.vars["IMGFAV_REDIRECT_URL"] = redirect
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tm := startUI(t, a, a.uiOptions(), 200)
	out := waitScreen(t, tm, "listening", func(s string) bool {
		return stateRE.MatchString(s) && strings.Contains(s, "listening on 127.0.0.1:"+port)
	})
	state := stateRE.FindStringSubmatch(out)[1]

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(a.client.AuthorizeURL(state))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	landed := resp.Header.Get("Location")
	page, err := http.Get(strings.SplitN(landed, "#", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(page.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("page: %d", page.StatusCode)
	}
	search := "?" + strings.SplitN(strings.SplitN(landed, "?", 2)[1], "#", 2)[0]
	hash := "#" + strings.SplitN(landed, "#", 2)[1]
	body, _ := json.Marshal(map[string]string{"search": search, "hash": hash})
	req, _ := http.NewRequest("POST", "http://127.0.0.1:"+port+"/callback", bytes.NewReader(body))
	req.Header.Set("Origin", "http://127.0.0.1:"+port)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("callback: %d", res.StatusCode)
	}
	waitScreen(t, tm, "favorites", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[0]))
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if l, ok, _ := a.store.CurrentLogin(); !ok || l.Username != "demo" {
		t.Error("the loopback login was not stored")
	}
}
