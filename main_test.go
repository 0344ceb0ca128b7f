package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// testEnv runs commands against a fake Imgur with a temporary database.
type testEnv struct {
	srv  *imgurtest.Server
	db   string
	vars map[string]string
}

func newTestEnv(t *testing.T, opts imgurtest.Options) *testEnv {
	t.Helper()
	srv := imgurtest.NewServer(opts)
	t.Cleanup(srv.Close)
	db := filepath.Join(t.TempDir(), "cfg", "imgfav.db")
	return &testEnv{srv: srv, db: db, vars: map[string]string{
		// Never the real one of whoever runs the tests.
		"IMGFAV_CONFIG":  filepath.Join(filepath.Dir(db), "config.toml"),
		"IMGFAV_API_URL": srv.URL, "IMGFAV_IMAGE_URL": srv.URL,
		"IMGFAV_CLIENT_ID": imgurtest.ClientID, "IMGFAV_CLIENT_SECRET": imgurtest.ClientSecret,
		"IMGFAV_DB": db, "IMGFAV_NO_BROWSER": "1",
		"IMGFAV_REDIRECT_URL": "https://example.com/not-loopback",
	}}
}

func (te *testEnv) getenv(k string) string { return te.vars[k] }

func (te *testEnv) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), env{args: args, getenv: te.getenv, stdout: &out, stderr: &errb, isTerminal: func() bool { return false }})
	return code, out.String(), errb.String()
}

// config resolves the browse command's configuration.
func (te *testEnv) config(t *testing.T, args ...string) config {
	t.Helper()
	var c config
	fs := browseFlags(&c, io.Discard)
	if err := parseFlags(fs, &c, args, te.getenv); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConfigPrecedence(t *testing.T) {
	getenv := func(k string) string {
		return map[string]string{"IMGFAV_DB": "/env/db", "IMGFAV_SORT": "oldest", "IMGFAV_CLIENT_ID": "envid", "DISPLAY": ":0", "IMGFAV_CONFIG": "/nonexistent/config.toml"}[k]
	}
	var c config
	fs := browseFlags(&c, io.Discard)
	if err := parseFlags(fs, &c, []string{"--db", "/flag/db", "-api-url=https://flag.example"}, getenv); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][2]string{
		"flag beats env":      {c.db, "/flag/db"},
		"flag":                {c.apiURL, "https://flag.example"},
		"env":                 {c.sort, "oldest"},
		"env client id":       {c.clientID, "envid"},
		"default secret":      {c.clientSecret, builtinClientSecret},
		"default image url":   {c.imageURL, imgur.DefaultImageURL},
		"default redirect":    {c.redirectURL, defaultRedirectURL},
		"default mashape key": {c.mashapeKey, ""},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %q, want %q", name, got[0], got[1])
		}
	}
	if strings.Contains(c.String(), builtinClientSecret) {
		t.Error("config prints the client secret")
	}
}

func TestNoBrowserDetection(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"DISPLAY": ":0"}, false},
		{map[string]string{"DISPLAY": ":0", "IMGFAV_NO_BROWSER": "1"}, true},
		{map[string]string{"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, true},
		{map[string]string{"DISPLAY": ":0", "IMGFAV_NO_BROWSER": "0"}, false},
	}
	for _, tt := range tests {
		if got := noBrowserEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tests := []struct {
		args      []string
		code      int
		out, serr string
	}{
		{[]string{"version"}, 0, "imgfav ", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
		{[]string{"help"}, 0, "Usage:", ""},
		{[]string{"login", "-h"}, 0, "imgfav login", ""},
		{[]string{"logout", "--help"}, 0, "--purge", ""},
		{[]string{"version", "-h"}, 0, "Usage: imgfav version", ""},
		{[]string{"list", "-h"}, 0, "--format FORMAT        FORMAT: table, json or urls (default table)", ""},
		{[]string{"demo", "--help"}, 0, "--favorites N", ""},
		{[]string{"--help"}, 0, "--db FILE", ""},
		{[]string{"frobnicate"}, 2, "", "unknown command"},
		{[]string{"--bogus"}, 2, "", "unknown flag --bogus"},
		{[]string{"--sort", "best"}, 2, "", "unknown sort"},
		{[]string{"logout", "extra"}, 2, "", "unexpected argument"},
		{nil, 2, "", "imgfav list"},
		{[]string{"login"}, 2, "", "needs a terminal"},
		{[]string{"logout"}, 0, "not logged in", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, serr := te.run(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(serr, tt.serr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, serr, tt.code, tt.out, tt.serr)
			}
			// One line, and for a usage error a pointer to --help.
			if lines := strings.Count(serr, "\n"); lines > 1 && (tt.code != 2 || lines > 2 || !strings.Contains(serr, "--help' for usage.")) {
				t.Errorf("stderr is more than one line: %q", serr)
			}
			if strings.Count(out, "Usage") > 1 {
				t.Errorf("usage printed twice:\n%s", out)
			}
		})
	}
}
