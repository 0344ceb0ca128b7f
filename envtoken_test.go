package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

func TestEnvLogin(t *testing.T) {
	for _, withName := range []bool{true, false} {
		t.Run("username given "+strconv.FormatBool(withName), func(t *testing.T) {
			te := newTestEnv(t, imgurtest.Options{})
			tok := te.srv.Login()
			te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
			te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
			if withName {
				te.vars["IMGFAV_USERNAME"] = "demo"
			}
			a, err := openApp(context.Background(), te.config(t))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if n := te.srv.Count("GET", "/3/account/me"); n != 0 {
				t.Errorf("opening sent GET /3/account/me %d times: nothing may wait for it", n)
			}
			if err := a.learnAccount(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := a.client.Token(); got.AccessToken != tok.Access || got.Username != "demo" {
				t.Errorf("token = %v", got)
			}
			wantMe := 1
			if withName {
				wantMe = 0
			}
			if n := te.srv.Count("GET", "/3/account/me"); n != wantMe {
				t.Errorf("GET /3/account/me sent %d times, want %d", n, wantMe)
			}
			if opts := a.uiOptions(); opts.Logins != nil {
				t.Error("environment tokens would be stored")
			}
			// A refresh during the run is not stored either.
			te.srv.RevokeAccessTokens()
			if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := a.store.CurrentLogin(); ok {
				t.Error("environment tokens were stored")
			}
			// The account's cache still is.
			if _, ok, _ := a.client.CachedFavorites("demo", imgur.SortNewest, 0); !ok {
				t.Error("the page was not cached")
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		te := newTestEnv(t, imgurtest.Options{})
		te.vars["IMGFAV_ACCESS_TOKEN"] = "has spaces in it"
		if code, _, serr := te.run(t, "logout"); code != 2 || !strings.Contains(serr, "IMGFAV_ACCESS_TOKEN") {
			t.Errorf("exit %d, %q", code, serr)
		}
	})
}

func TestRefreshPersistedAcrossRestart(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tok := te.srv.Login()
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLogin(store.Login{AccessToken: tok.Access, RefreshToken: tok.Refresh, Username: "demo", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	te.srv.RevokeAccessTokens()
	if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	rotated := a.client.Token()
	a.Close()
	if rotated.RefreshToken == tok.Refresh {
		t.Fatal("the fake did not rotate the refresh token")
	}

	b, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.client.Token(); got.AccessToken != rotated.AccessToken || got.RefreshToken != rotated.RefreshToken {
		t.Fatal("the refreshed pair was not persisted")
	}
	te.srv.ResetRequests()
	if _, err := b.client.Favorites(context.Background(), "demo", 1, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if te.srv.Count("POST", "/oauth2/token") != 0 {
		t.Error("the restarted app had to refresh again")
	}
}

// An environment token Imgur refuses is said in one sentence by every
// command, with IMGFAV_USERNAME too: not a login that expired.
func TestRefusedEnvironmentTokenWithUsername(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = "not-a-token", "demo"
	for _, cmd := range [][]string{{"list"}, {"backup", "--dir", t.TempDir()}, {"list", "--folder", "wall"},
		{"backup", "--folder", "wall", "--dir", t.TempDir()}} {
		if code, _, serr := te.run(t, cmd...); code != 1 || serr != "imgfav: "+envTokenRefused+"\n" {
			t.Errorf("%v: exit %d, %q", cmd, code, serr)
		}
	}
}
