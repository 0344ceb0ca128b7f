package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imgfav/conffile"
	"imgfav/imgur/imgurtest"
	"imgfav/tui"
)

const testConfig = `# a config with good and bad parts
sort = "oldest"
images = "sparkles"
show_nsfw = true
download_dir = "/srv/imgur"
[keys.list]
sort = "S"
down = ["j", "n"]
bogus = "x"
[theme]
accent = "#ff8800"
muted = "nope"
sparkle = "#ffffff"
[open]
video = "mpv --really-quiet {url}"
image = "feh"
`

func writeConfigFile(t *testing.T, te *testEnv, text string) string {
	t.Helper()
	p := te.vars["IMGFAV_CONFIG"]
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigFilePrecedence(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	path := writeConfigFile(t, te, "sort = \"oldest\"\nshow_nsfw = true\ndownload_dir = \"/srv/imgur\"\n")
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		sort    string
		source  string
		nsfw    bool
		nsfwSrc string
	}{
		{"file over default", nil, nil, "oldest", "file " + path + ":1", true, "file " + path + ":2"},
		{"env over file", nil, map[string]string{"IMGFAV_SORT": "newest", "IMGFAV_SHOW_NSFW": "0"}, "newest", "env IMGFAV_SORT", false, "env IMGFAV_SHOW_NSFW"},
		{"flag over env", []string{"--sort", "oldest", "--show-nsfw"}, map[string]string{"IMGFAV_SORT": "newest"}, "oldest", "flag", true, "flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				te.vars[k] = v
				defer delete(te.vars, k)
			}
			c := te.config(t, tt.args...)
			if c.sort != tt.sort || c.sources["sort"] != tt.source {
				t.Errorf("sort %q (%s), want %q (%s)", c.sort, c.sources["sort"], tt.sort, tt.source)
			}
			if c.showNSFW != tt.nsfw || c.sources["show_nsfw"] != tt.nsfwSrc {
				t.Errorf("show_nsfw %v (%s), want %v (%s)", c.showNSFW, c.sources["show_nsfw"], tt.nsfw, tt.nsfwSrc)
			}
			if len(c.problems) != 0 {
				t.Errorf("problems %v", c.problems)
			}
		})
	}
	te.vars["IMGFAV_DOWNLOAD_DIR"] = "/from/env"
	if c := te.config(t); c.downloadDir != "/from/env" {
		t.Errorf("download dir %q, want the environment's", c.downloadDir)
	}
	delete(te.vars, "IMGFAV_DOWNLOAD_DIR")
	if c := te.config(t); c.downloadDir != "/srv/imgur" {
		t.Errorf("download dir %q, want the file's", c.downloadDir)
	}
}

func TestConfigCommandGolden(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	path := writeConfigFile(t, te, testConfig)
	te.vars["IMGFAV_MASHAPE_KEY"] = "very-secret-key"
	code, out, errOut := te.run(t, "config", "--client-secret", "s3cr3t-value")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the file has errors)", code)
	}
	for _, secret := range []string{"very-secret-key", "s3cr3t-value"} {
		if strings.Contains(out+errOut, secret) {
			t.Fatalf("a secret was printed: %s", secret)
		}
	}
	out = strings.ReplaceAll(out, path, "CONFIG")
	out = strings.ReplaceAll(out, te.db, "DB")
	out = strings.ReplaceAll(out, te.srv.URL, "FAKE")
	errOut = strings.ReplaceAll(errOut, path, "CONFIG")
	goldenFile(t, "config.golden", out+"--- stderr\n"+errOut)
}

// The environment's tokens show, masked, with their variables; the sort
// nobody set shows the newest it starts from.
func TestConfigShowsEnvironmentTokensMasked(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_REFRESH_TOKEN"], te.vars["IMGFAV_USERNAME"] = "acc3ss-s3cret", "r3fresh-s3cret", "someone"
	code, out, errOut := te.run(t, "config")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`access_token = "****" (env IMGFAV_ACCESS_TOKEN)`, `refresh_token = "****" (env IMGFAV_REFRESH_TOKEN)`,
		`username = "someone" (env IMGFAV_USERNAME)`, `sort = "newest" (default)`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("no line %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Error("a token was printed")
	}
}

func TestConfigProblemsReachTheUser(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	writeConfigFile(t, te, "sort = 3\n[keys.list]\nsort = \"S\"\n")
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	code, _, errOut := te.run(t, "list")
	if code != 0 || !strings.Contains(errOut, "config.toml:1: error: sort must be a string (in quotes)") {
		t.Fatalf("list: exit %d, stderr %q", code, errOut)
	}
	c := te.config(t)
	if n := c.configNotice(); !strings.Contains(n, "config.toml:1: error") || strings.Contains(n, "\n") {
		t.Errorf("the status bar's notice %q", n)
	}
	if c.keys["list"]["sort"][0] != "S" {
		t.Error("the valid parts of the file were not kept")
	}
}

// updating reports -update, the flag that rewrites golden files (teatest's
// golden package defines it in this test binary).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// goldenFile compares got with testdata/name (-update rewrites it).
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -run %s -update rewrites it)\n--- got\n%s\n--- want\n%s", path, t.Name(), got, want)
	}
}

// A file named with --config that is not there is a warning; the default
// file and IMGFAV_CONFIG's are optional and say nothing.
func TestMissingConfigFile(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	missing := filepath.Join(t.TempDir(), "typo.toml")
	code, _, errOut := te.run(t, "config", "--config", missing)
	if code != 0 || !strings.Contains(errOut, missing+": warning: no such file") {
		t.Errorf("--config missing: exit %d, stderr %q", code, errOut)
	}
	te.vars["IMGFAV_CONFIG"] = missing
	if code, _, errOut := te.run(t, "config"); code != 0 || errOut != "" {
		t.Errorf("IMGFAV_CONFIG missing: exit %d, stderr %q", code, errOut)
	}
}

// A file with one error says so in that one line: no summary after it.
func TestConfigWithOneErrorIsOneLine(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_CONFIG"] = filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(te.vars["IMGFAV_CONFIG"], []byte("sort = \"newest\"\nimages = \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, serr := te.run(t, "config")
	lines := strings.Split(strings.TrimSpace(serr), "\n")
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "config.toml:2: error:") {
		t.Errorf("exit %d, stderr:\n%s", code, serr)
	}
}

// The file's reader and the browser agree on the screens with keys.
func TestConfigScreensAreTheBrowsers(t *testing.T) {
	if !slices.Equal(conffile.Screens, tui.Screens) {
		t.Errorf("config.toml screens %v, the browser's %v", conffile.Screens, tui.Screens)
	}
}

// imgfav config shows the mode of pictures in force: off under NO_COLOR,
// unless a mode is forced.
func TestConfigShowsPicturesOffUnderNoColor(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, `images = "off" (env NO_COLOR)`},
		{[]string{"--images", "blocks"}, `images = "blocks" (flag)`},
	} {
		te := newTestEnv(t, imgurtest.Options{})
		te.vars["NO_COLOR"] = "1"
		_, out, _ := te.run(t, append([]string{"config"}, tc.args...)...)
		if !strings.Contains(out, tc.want+"\n") {
			t.Errorf("%v: no line %q in:\n%s", tc.args, tc.want, out)
		}
	}
}
