package main

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

// With IMGFAV_ACCESS_TOKEN and no IMGFAV_USERNAME the first frame does not
// wait for GET /3/account/me; the answer is remembered by a hash of the
// token, so the next start needs no request before showing the cache.
func TestEnvTokenWithoutNameStartsAtOnce(t *testing.T) {
	favs := imgurtest.Generate(40, 5)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
	te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
	const latency = 2 * time.Second
	te.srv.SetLatency(latency)

	begin := time.Now()
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	tm := startUI(t, a, a.uiOptions(), 120)
	waitScreen(t, tm, "first frame", func(s string) bool { return strings.Contains(s, "asking Imgur which account") })
	// The fake logs a request once it has answered it.
	if n := te.srv.Count("GET", "/3/account/me"); n != 0 {
		t.Errorf("the first frame waited for GET /3/account/me (%v)", time.Since(begin))
	}
	te.srv.SetLatency(0) // GET /3/account/me is in flight with the old latency
	waitScreen(t, tm, "the account's favorites", func(s string) bool {
		return strings.Contains(s, "demo's favorites") && strings.Contains(s, titleOf(favs[0]))
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a.Close()
	if n := te.srv.Count("GET", "/3/account/me"); n != 1 {
		t.Errorf("GET /3/account/me sent %d times, want 1", n)
	}
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := st.TokenAccount(tokenHash(tok.Access)); name != "demo" {
		t.Errorf("remembered %q for the token, want demo", name)
	}
	st.Close()

	// The next start knows the account: the cache shows before Imgur
	// answers anything.
	te.srv.SetLatency(latency)
	te.srv.ResetRequests()
	b, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tm = startUI(t, b, b.uiOptions(), 120)
	waitScreen(t, tm, "the cache", func(s string) bool { return strings.Contains(s, titleOf(favs[0])) })
	if n := len(te.srv.Requests()); n != 0 {
		t.Errorf("the cached list waited for Imgur (%d requests answered)", n)
	}
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if n := te.srv.Count("GET", "/3/account/me"); n != 0 {
		t.Errorf("the second start asked for the account again (%d times)", n)
	}
}

func TestRefusedEnvTokenIsOneSentence(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_ACCESS_TOKEN"] = "0123456789abcdef0123456789abcdef01234567"
	code, out, serr := te.run(t, "list")
	want := "imgfav: " + envTokenRefused + "\n"
	if code != 1 || out != "" || serr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing, %q", code, out, serr, want)
	}
}
