package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

// TestUsageErrors: a usage error is the message and a one-line pointer to
// the command's --help on stderr, nothing on stdout, exit 2 — so
// `imgfav list --bogus | jq` reads nothing. Unknown arguments are usage
// errors for every command.
func TestUsageErrors(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tests := []struct {
		args    []string
		msg     string
		pointer string
	}{
		{[]string{"list", "--bogus"}, "unknown flag --bogus", "imgfav list --help"},
		{[]string{"list", "-bogus"}, "unknown flag -bogus", "imgfav list --help"},
		{[]string{"list", "-x=1"}, "unknown flag -x", "imgfav list --help"},
		{[]string{"backup", "--dir", ""}, "--dir needs a value (it was empty)", "imgfav backup --help"},
		{[]string{"list", "--folder", " "}, "--folder needs a value (it was empty)", "imgfav list --help"},
		{[]string{"--db", "x.db", "list"}, "the command goes first: imgfav list [flags]", "imgfav --help"},
		{[]string{"--config", "x.toml", "config"}, "the command goes first: imgfav config [flags]", "imgfav --help"},
		{[]string{"list", "--pages", "x"}, `invalid value "x" for --pages: not a number`, "imgfav list --help"},
		{[]string{"list", "--pages"}, "--pages needs a value", "imgfav list --help"},
		{[]string{"list", "--all=maybe"}, `invalid boolean value "maybe" for --all: want true or false`, "imgfav list --help"},
		{[]string{"list", "--pages", "0"}, "--pages must be at least 1", "imgfav list --help"},
		{[]string{"list", "--pages", "2", "--all"}, "--pages and --all cannot be used together", "imgfav list --help"},
		{[]string{"list", "--format", "xml"}, `--format: unknown format "xml"`, "imgfav list --help"},
		{[]string{"list", "--jobs", "0"}, "--jobs must be between 1 and 16", "imgfav list --help"},
		{[]string{"list", "--filter", `"open`}, "--filter: a phrase needs its closing quote", "imgfav list --help"},
		{[]string{"list", "extra"}, `unexpected argument "extra"`, "imgfav list --help"},
		{[]string{"list", "--sort", "best"}, `--sort: unknown sort "best"`, "imgfav list --help"},
		{[]string{"list", "--redirect-url", "x"}, "unknown flag --redirect-url", "imgfav list --help"},
		{[]string{"version", "extra"}, `unexpected argument "extra"`, "imgfav version --help"},
		{[]string{"--version", "extra"}, `unexpected argument "extra"`, "imgfav version --help"},
		{[]string{"version", "--short"}, "unknown flag --short", "imgfav version --help"},
		{[]string{"logout", "extra"}, `unexpected argument "extra"`, "imgfav logout --help"},
		{[]string{"logout", "--sort", "newest"}, "unknown flag --sort", "imgfav logout --help"},
		{[]string{"login", "extra"}, `unexpected argument "extra"`, "imgfav login --help"},
		{[]string{"demo", "extra"}, `unexpected argument "extra"`, "imgfav demo --help"},
		{[]string{"demo", "--db", "x.db"}, "unknown flag --db", "imgfav demo --help"},
		{[]string{"demo", "--favorites", "-1"}, "--favorites must be between 0 and 200000", "imgfav demo --help"},
		{[]string{"demo", "--images", "png"}, `--images: unknown mode "png"`, "imgfav demo --help"},
		{[]string{"--images", "ascii"}, `--images: unknown mode "ascii"`, "imgfav --help"},
		{[]string{"list", "--images", "off"}, "unknown flag --images", "imgfav list --help"},
		{[]string{"help", "list", "extra"}, `unexpected argument "extra"`, "imgfav help --help"},
		{[]string{"help", "bogus"}, `unknown command "bogus"`, "imgfav --help"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`, "imgfav --help"},
		{[]string{"--bogus"}, "unknown flag --bogus", "imgfav --help"},
		{[]string{"--sort", "best"}, `--sort: unknown sort "best"`, "imgfav --help"},
		{nil, "the browser needs a terminal; for scripts use 'imgfav list'", "imgfav --help"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, serr := te.run(t, tt.args...)
			want := "imgfav: " + tt.msg
			lines := strings.Split(strings.TrimSuffix(serr, "\n"), "\n")
			if code != 2 || out != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], want) ||
				lines[1] != "Run '"+tt.pointer+"' for usage." {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, %q and a pointer to %q", code, out, serr, want, tt.pointer)
			}
		})
	}
}

// TestFlagErrorsNameFlagsAsTyped: no "-pages" in any message.
func TestFlagErrorsNameFlagsAsTyped(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	for _, args := range [][]string{{"list", "--pages", "x"}, {"list", "-pages=x"}, {"list", "--pages"}, {"list", "--all=maybe"}, {"logout", "--purge=2"}, {"demo", "--favorites", "lots"}} {
		_, _, serr := te.run(t, args...)
		first, _, _ := strings.Cut(serr, "\n")
		if strings.Contains(" "+first, " -") && !strings.Contains(first, " --") {
			t.Errorf("%v: %q names a flag with one dash", args, first)
		}
		if strings.Contains(first, "flag provided") || strings.Contains(first, " for flag ") {
			t.Errorf("%v: %q is the flag package's wording", args, first)
		}
	}
}

// TestHelpCommand: `imgfav help COMMAND` prints what `imgfav COMMAND
// --help` does, and `imgfav --version` is `imgfav version`.
func TestHelpCommand(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	same := map[string][2][]string{
		"help":    {{"help"}, {"--help"}},
		"-h":      {{"help"}, {"-h"}},
		"version": {{"--version"}, {"version"}},
	}
	for _, cmd := range []string{"list", "demo", "login", "logout", "version"} {
		same["help "+cmd] = [2][]string{{"help", cmd}, {cmd, "--help"}}
	}
	for name, pair := range same {
		code1, out1, serr1 := te.run(t, pair[0]...)
		code2, out2, serr2 := te.run(t, pair[1]...)
		if code1 != 0 || code2 != 0 || serr1 != "" || serr2 != "" || out1 != out2 || out1 == "" {
			t.Errorf("%s: %v gives exit %d %q %q, %v gives exit %d %q %q; want the same text, exit 0",
				name, pair[0], code1, out1, serr1, pair[1], code2, out2, serr2)
		}
	}
	if _, out, _ := te.run(t, "help", "list"); !strings.HasPrefix(out, "Usage: imgfav list") {
		t.Errorf("help list = %q, want list's help", out)
	}
	for _, args := range [][]string{{"help", "help"}, {"help", "--help"}, {"help", "-h"}} {
		if code, out, _ := te.run(t, args...); code != 0 || !strings.Contains(out, "imgfav help [COMMAND]") {
			t.Errorf("%v = exit %d, %q; want help's help", args, code, out)
		}
	}
}

// TestHelpListsOnlyTheFlagsThatApply: each command's --help lists its own
// flags and no other.
func TestHelpListsOnlyTheFlagsThatApply(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	tests := []struct {
		cmd       []string
		want, not []string
	}{
		{[]string{"--help"}, []string{"--db", "--api-url", "--sort", "--redirect-url", "--no-browser", "--debug"}, []string{"--pages", "--purge", "--favorites"}},
		{[]string{"list", "--help"}, []string{"--db", "--api-url", "--image-url", "--sort", "--pages", "--all", "--format", "--cached", "--debug"}, []string{"--redirect-url", "--no-browser", "--purge"}},
		{[]string{"login", "--help"}, []string{"--db", "--api-url", "--client-id", "--redirect-url", "--no-browser"}, []string{"--sort", "--pages", "--image-url", "--purge"}},
		{[]string{"logout", "--help"}, []string{"--db", "--account", "--purge"}, []string{"--sort", "--redirect-url", "--api-url", "--client-id", "--no-browser"}},
		{[]string{"demo", "--help"}, []string{"--favorites", "--sort", "--no-browser"}, []string{"--db", "--api-url", "--client-id", "--redirect-url", "--image-url"}},
		{[]string{"version", "--help"}, []string{"imgfav --version"}, []string{"--db", "--api-url"}},
	}
	for _, tt := range tests {
		code, out, _ := te.run(t, tt.cmd...)
		flags := out
		if tt.cmd[0] == "--help" {
			_, flags, _ = strings.Cut(out, "Flags of imgfav")
		}
		for _, f := range tt.want {
			if !strings.Contains(flags, f) {
				t.Errorf("%v: no %s in\n%s", tt.cmd, f, out)
			}
		}
		for _, f := range tt.not {
			if strings.Contains(flags, f+" ") {
				t.Errorf("%v lists %s:\n%s", tt.cmd, f, out)
			}
		}
		if code != 0 {
			t.Errorf("%v: exit %d", tt.cmd, code)
		}
	}
}

// TestUsageNamesEveryForm: the top-level help shows the commands' forms.
func TestUsageNamesEveryForm(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	_, out, _ := te.run(t, "--help")
	for _, want := range []string{"imgfav list --cached", "imgfav list --filter QUERY", "imgfav logout [--account NAME] [--purge]", "imgfav demo", "imgfav login", "imgfav help [COMMAND]", "--version", "[--full]"} {
		if !strings.Contains(out, want) {
			t.Errorf("usage lacks %q:\n%s", want, out)
		}
	}
}

// TestSortDefaultPerCommand: the help of each command gives the default
// sort it really uses — the last one for the browser, newest for scripts.
func TestSortDefaultPerCommand(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	for _, tc := range []struct{ cmd, want string }{
		{"--help", "default: the last one used, else newest"},
		{"list --help", "default newest"},
		{"backup --help", "default newest"},
	} {
		_, out, _ := te.run(t, strings.Fields(tc.cmd)...)
		line := ""
		for l := range strings.Lines(out) {
			if strings.Contains(l, "--sort ORDER") {
				line = l
			}
		}
		if !strings.Contains(line, tc.want) {
			t.Errorf("imgfav %s: the --sort line is %q, want %q in it", tc.cmd, line, tc.want)
		}
	}
}

// TestStoreNoticeOnListAndLogout: every command says on stderr what
// opening the database did — tightened permissions, a reset — once.
func TestStoreNoticeOnListAndLogout(t *testing.T) {
	for _, cmd := range [][]string{{"logout"}, {"list"}, {"list", "--cached"}, {"accounts"}, {"folders"}, {"backup", "--dry-run"}} {
		t.Run(strings.Join(cmd, " ")+" tightened", func(t *testing.T) {
			if runtime.GOOS == "windows" {
				t.Skip("unix permissions")
			}
			te := newTestEnv(t, imgurtest.Options{})
			st, err := store.Open(te.db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			if err := os.Chmod(te.db, 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, serr := te.run(t, cmd...)
			if !strings.Contains(serr, "imgfav: tightened the permissions of "+te.db+" to 0600") {
				t.Errorf("stderr = %q, want the tightening said", serr)
			}
			if fi, err := os.Stat(te.db); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("mode after %v: %v %v", cmd, fi.Mode().Perm(), err)
			}
			if _, _, serr := te.run(t, cmd...); strings.Contains(serr, "tightened") {
				t.Errorf("said again on the next run: %q", serr)
			}
		})
		t.Run(strings.Join(cmd, " ")+" reset", func(t *testing.T) {
			te := newTestEnv(t, imgurtest.Options{})
			if err := os.MkdirAll(filepath.Dir(te.db), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(te.db, []byte("not a database at all"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, serr := te.run(t, cmd...)
			first, _, _ := strings.Cut(serr, "\n")
			if !strings.Contains(first, "imgfav: the database was damaged and has been reset") || !strings.Contains(first, ".corrupt-") {
				t.Errorf("stderr = %q, want the reset said first", serr)
			}
		})
	}
}

func TestStoreNotice(t *testing.T) {
	tests := []struct {
		info store.Info
		want string
	}{
		{store.Info{}, ""},
		{store.Info{Created: true}, ""},
		{store.Info{Tightened: true}, "tightened the permissions of /x.db to 0600"},
		{store.Info{MovedAside: "/x.db.corrupt-1"}, "the database was damaged and has been reset (old copy kept as /x.db.corrupt-1); please log in again"},
		{store.Info{MovedAside: "/m", Tightened: true}, "the database was damaged and has been reset (old copy kept as /m); please log in again; tightened the permissions of /x.db to 0600"},
	}
	for _, tt := range tests {
		if got := storeNotice(tt.info, "/x.db"); got != tt.want {
			t.Errorf("storeNotice(%+v) = %q, want %q", tt.info, got, tt.want)
		}
	}
}

// commandNames are the commands dispatch knows, each with its --help.
func TestCommandNamesAreTheCommands(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	for _, name := range commandNames {
		code, out, serr := te.run(t, name, "--help")
		if code != 0 || out == "" {
			t.Errorf("imgfav %s --help: exit %d, stderr %q", name, code, serr)
		}
		// Under the usage line, what the command does.
		if d := commandDoes[name]; name != "version" && name != "help" && (d == "" || !strings.Contains(out, strings.Fields(d)[0]+" ")) {
			t.Errorf("imgfav %s --help does not say what it does:\n%s", name, out)
		}
	}
}

// With the environment's tokens, a reset database does not ask for a login.
func TestResetWithEnvironmentTokens(t *testing.T) {
	te := loggedInEnv(t, 10)
	if err := os.MkdirAll(filepath.Dir(te.db), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(te.db, []byte("not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, serr := te.run(t, "list")
	if code != 0 || !strings.Contains(serr, "has been reset") || strings.Contains(serr, "log in again") {
		t.Errorf("exit %d, stderr %q", code, serr)
	}
}
