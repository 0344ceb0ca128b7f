package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func TestDebugLogRedactsSecrets(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	logPath := filepath.Join(t.TempDir(), "debug.log")
	te.vars["IMGFAV_DEBUG"] = logPath
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
	te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
	a, err := openApp(context.Background(), te.config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.learnAccount(context.Background()); err != nil {
		t.Fatal(err)
	}
	te.srv.RevokeAccessTokens() // forces a refresh: secrets go over the wire
	if _, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	items, err := a.client.Favorites(context.Background(), "demo", 0, imgur.SortNewest)
	if err != nil || len(items.Items) == 0 {
		t.Fatal(err)
	}
	if _, err := a.client.Thumbnail(context.Background(), items.Items[0], imgur.ThumbMedium); err != nil {
		t.Fatal(err)
	}
	opts := a.uiOptions()
	opts.Debug("screen list: demo")
	newTok := a.client.Token()
	a.Close()
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"GET /3/account/me", "POST /oauth2/token", "status=403", "status=200", "screen list: demo", "user=",
		"GET 127.0.0.1", "image_host"} { // the picture's request too
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{tok.Access, tok.Refresh, newTok.AccessToken, newTok.RefreshToken, imgurtest.ClientSecret} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains a secret:\n%s", log)
		}
	}
	if fi, _ := os.Stat(logPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("log mode %o", fi.Mode().Perm())
	}
}
