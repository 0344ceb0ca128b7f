package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"imgfav/conffile"
	"imgfav/imgur"
	"imgfav/tui"
	"imgfav/viewer"
)

// Built-in public installed-app client, as gh and rclone ship theirs.
// Users can and should register their own and pass it.
const (
	builtinClientID     = "3aab9940d90a6ac"
	builtinClientSecret = "c2608ee588ab2aaae163fd780c679211edf184a9"
	defaultRedirectURL  = "http://127.0.0.1:8765/callback"
)

// config is the resolved configuration: flag, then environment, then
// default.
type config struct {
	clientID     string
	clientSecret string
	apiURL       string
	imageURL     string
	redirectURL  string
	db           string
	sort         string // "" means the last sort used, else newest
	mashapeKey   string
	debug        string
	noBrowser    bool
	showNSFW     bool // NSFW pictures shown as they are, not blurred
	noColor      bool // NO_COLOR: no colours, so no pictures unless --images forces a mode
	images       string
	inTmux       bool // inside tmux (or screen): half blocks unless --images says otherwise

	// Tokens from IMGFAV_ACCESS_TOKEN etc., used for this run only.
	envToken *imgur.Token

	// The configuration file and what it set (see configfile.go).
	configPath  string
	file        *conffile.File
	problems    []conffile.Problem
	downloadDir string
	account     string // the account to use: --account, IMGFAV_ACCOUNT, the file
	// cachedOnly: the command reads the cache alone (--cached), so an
	// account named without a stored login is fine when its cache is kept.
	cachedOnly bool
	// bulk: the command fetches many pages at once (list --all, backup):
	// the cache is written a batch at a time (see writebehind.go).
	bulk    bool
	keys    tui.Bindings
	theme   tui.Theme
	viewers map[string]viewer.Command
	// waitNotes, when set, is told of every wait before a retry (the
	// commands for scripts say so on stderr; the browser's status bar
	// says it otherwise).
	waitNotes io.Writer
	// sources says where each setting's value came from: "flag",
	// "env NAME", "file PATH:LINE" or "default".
	sources map[string]string
}

// String never shows secrets.
func (c config) String() string {
	return fmt.Sprintf("config{api:%s image:%s redirect:%s db:%s client:%s}", c.apiURL, c.imageURL, c.redirectURL, c.db, c.clientID)
}

// setting is one configurable value: its flag, environment variable and
// default.
type setting struct {
	flag, env, help string
	dst             *string
	def             func() string
}

func settings(c *config) []setting {
	return []setting{
		{"client-id", "IMGFAV_CLIENT_ID", "Imgur application client `ID`", &c.clientID, constant(builtinClientID)},
		{"client-secret", "IMGFAV_CLIENT_SECRET", "Imgur application client `SECRET`", &c.clientSecret, constant(builtinClientSecret)},
		{"api-url", "IMGFAV_API_URL", "Imgur API base `URL`", &c.apiURL, constant(imgur.DefaultAPIURL)},
		{"image-url", "IMGFAV_IMAGE_URL", "Imgur image base `URL`", &c.imageURL, constant(imgur.DefaultImageURL)},
		{"redirect-url", "IMGFAV_REDIRECT_URL", "the app's registered OAuth redirect `URL`", &c.redirectURL, constant(defaultRedirectURL)},
		{"db", "IMGFAV_DB", "the database `FILE`", &c.db, defaultDB},
		{"sort", "IMGFAV_SORT", "`ORDER`: newest or oldest (default: the last one used, else newest)", &c.sort, constant("")},
		{"mashape-key", "IMGFAV_MASHAPE_KEY", "X-Mashape-Key `KEY` for the commercial endpoint", &c.mashapeKey, constant("")},
		{"debug", "IMGFAV_DEBUG", "write a request log to `FILE` (tokens redacted)", &c.debug, constant("")},
		{"images", "IMGFAV_IMAGES", "how to draw pictures: `MODE` auto, kitty, sixel, blocks or off", &c.images, constant(tui.ImagesAuto)},
		{"config", "IMGFAV_CONFIG", "the configuration `FILE` (keys, theme, viewers, defaults)", &c.configPath, defaultConfigPath},
		{"account", "IMGFAV_ACCOUNT", "use the stored account `NAME`", &c.account, constant("")},
	}
}

func constant(s string) func() string { return func() string { return s } }

// defaultDB is <user config dir>/imgfav/imgfav.db, or "" when there is
// no user config dir (no $HOME, a relative $XDG_CONFIG_HOME): the tokens
// are not written wherever imgfav happens to run.
func defaultDB() string {
	dir, err := os.UserConfigDir()
	if err != nil || !filepath.IsAbs(dir) {
		return ""
	}
	return filepath.Join(dir, "imgfav", "imgfav.db")
}

// errNoDB says why there is no database path, and what to do.
var errNoDB = errors.New("no place for the database: neither $HOME nor an absolute $XDG_CONFIG_HOME is set (set IMGFAV_DB or --db)")

// The settings each command takes: a command lists only the flags that
// apply to it (those it does not list still come from the environment).
var (
	browseSettings  = []string{"client-id", "client-secret", "api-url", "image-url", "redirect-url", "db", "sort", "mashape-key", "debug", "images", "config", "account"}
	listSettings    = []string{"client-id", "client-secret", "api-url", "image-url", "db", "sort", "mashape-key", "debug", "config", "account"}
	loginSettings   = []string{"client-id", "client-secret", "api-url", "redirect-url", "db", "mashape-key", "debug"}
	logoutSettings  = []string{"db"}
	foldersSettings = []string{"client-id", "client-secret", "api-url", "db", "mashape-key", "debug", "config", "account"}
	demoSettings    = []string{"sort", "debug", "images", "config"}
)

// newFlagSet makes a command's flag set with the settings named in which;
// extra registers the command's own flags. Its Usage is the command's help,
// printed on stdout for -h/--help only (see parseArgs).
func newFlagSet(name, usageLine string, c *config, stdout io.Writer, which []string, extra func(*flag.FlagSet)) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, s := range settings(c) {
		if slices.Contains(which, s.flag) {
			fs.StringVar(s.dst, s.flag, "", s.help+" ($"+s.env+")")
		}
	}
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: %s\n\n", usageLine)
		if d := commandDoes[name]; d != "" {
			fmt.Fprintf(stdout, "%s\n\n", wrapWords(d, 78))
		}
		fmt.Fprintln(stdout, "Flags ($NAME: the environment variable read when the flag is not given):")
		printFlags(stdout, fs)
	}
	return fs
}

// printFlags lists the flags as the documentation writes them: --name.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if name != "" {
			arg += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "  %-22s %s\n", arg, usage)
	})
	fmt.Fprintf(w, "  %-22s %s\n", "-h, --help", "this help")
}

// noBrowserFlag registers --no-browser for the commands that open URLs;
// parseFlags adds what the environment implies.
func noBrowserFlag(fs *flag.FlagSet, c *config) {
	fs.BoolVar(&c.noBrowser, "no-browser", false, "never open a browser; only show URLs ($IMGFAV_NO_BROWSER=1)")
}

// picturesFlags registers the flags of the commands that show pictures.
func picturesFlags(fs *flag.FlagSet, c *config) {
	fs.BoolVar(&c.showNSFW, "show-nsfw", false, "show NSFW pictures as they are instead of blurred ($IMGFAV_SHOW_NSFW=1)")
}

// picturesOn reports whether the browser shows pictures: not with
// --images off, nor under NO_COLOR unless a mode is forced.
func (c config) picturesOn() bool {
	switch c.images {
	case tui.ImagesOff:
		return false
	case tui.ImagesAuto, "":
		return !c.noColor
	}
	return true
}

// usageError is a command-line mistake: exit status 2.
type usageError struct {
	msg string
	cmd string // whose --help to point to, when not the command run
}

func (e usageError) Error() string { return e.msg }

// parseArgs parses args with fs. -h/--help prints the help (fs.Usage) on
// stdout and returns flag.ErrHelp; a mistake returns a usageError and
// prints nothing. Arguments that are not flags are mistakes.
func parseArgs(fs *flag.FlagSet, args []string) error {
	help := fs.Usage
	fs.Usage = func() {} // the flag package calls it on every error too
	err := fs.Parse(args)
	fs.Usage = help
	switch {
	case errors.Is(err, flag.ErrHelp):
		help()
		return err
	case err != nil:
		return usageError{msg: asTyped(flagError(err), args)}
	case fs.NArg() > 0 && slices.Contains(commandNames, fs.Arg(0)):
		return usageError{msg: fmt.Sprintf("the command goes first: imgfav %s [flags] (not flags, then %q)", fs.Arg(0), fs.Arg(0))}
	case fs.NArg() > 0:
		return usageError{msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// asTyped names an unknown flag as the user typed it: -x stays -x, though
// flagError writes every flag with two dashes.
func asTyped(msg string, args []string) string {
	name, ok := strings.CutPrefix(msg, "unknown flag --")
	if !ok {
		return msg
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-"+name || strings.HasPrefix(a, "-"+name+"=") {
			return "unknown flag -" + name
		}
	}
	return msg
}

// wrapWords breaks text into lines of at most width bytes, between words.
func wrapWords(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		if n > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// commandDoes says what each command does, under its usage line.
var commandDoes = map[string]string{
	"imgfav":   "The interactive browser of your Imgur favorites (needs a terminal; scripts use imgfav list).",
	"list":     "Prints favorites for scripts: one page by default, newest first, with the login, cache and ETags of the browser.",
	"backup":   "Keeps a local copy of every favorite (media, album images, manifest.jsonl and an offline index.html); resumable and incremental.",
	"folders":  "Lists the account's favorite folders: id and name, one a line.",
	"login":    "Logs in, adding the account beside those stored, then exits.",
	"logout":   "Forgets a stored login (the current one by default); --purge also deletes that account's cached data, pictures and settings.",
	"accounts": "Lists the stored accounts, the current one marked with *.",
	"config":   "Prints every setting with where its value comes from (flag, environment, config.toml or default), secrets masked, and the file's problems.",
	"demo":     "The browser on built-in sample favorites served in-process: no account, no network, a temporary database.",
}

// commandNames are imgfav's commands, to tell a command written after
// flags from a stray argument.
var commandNames = []string{"list", "backup", "folders", "login", "logout", "accounts", "config", "demo", "version", "help"}

// flagName is a flag as the flag package names it in its errors: -pages.
var flagName = regexp.MustCompile(`(^|[\s:])-([A-Za-z0-9][A-Za-z0-9-]*)`)

// flagError rewords the flag package's errors with the flags as users
// type them: "flag provided but not defined: -bogus" is "unknown flag
// --bogus".
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		msg = "unknown flag " + name
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		msg = name + " needs a value"
	}
	msg = strings.Replace(msg, " for flag ", " for ", 1)
	if strings.HasPrefix(msg, "invalid boolean value") {
		msg = strings.Replace(msg, ": parse error", ": want true or false", 1)
	} else {
		msg = strings.Replace(msg, ": parse error", ": not a number", 1) // the only other kind here: int flags
	}
	return flagName.ReplaceAllString(msg, "$1--$2")
}

// parseFlags parses args and resolves every setting: flag, then
// environment, then default. It returns flag.ErrHelp for -h/--help, after
// printing the help.
func parseFlags(fs *flag.FlagSet, c *config, args []string, getenv func(string) string) error {
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c.resolve(set, getenv)
	if fs.Lookup("config") != nil {
		c.applyFile(getenv)
	}
	c.noColor = getenv("NO_COLOR") != ""
	c.inTmux = getenv("TMUX") != "" || strings.HasPrefix(getenv("TERM"), "tmux") || strings.HasPrefix(getenv("TERM"), "screen")
	if fs.Lookup("images") != nil && !slices.Contains(tui.ImageModes, c.images) {
		src := "IMGFAV_IMAGES: "
		if set["images"] {
			src = "--images: "
		}
		return usageError{msg: src + fmt.Sprintf("unknown mode %q (want auto, kitty, sixel, blocks or off)", c.images)}
	}
	if c.sort != "" && fs.Lookup("sort") != nil {
		if _, err := imgur.ParseSort(c.sort); err != nil {
			return usageError{msg: sortSource(set["sort"]) + err.Error()}
		}
	}
	return envToken(c, getenv)
}

// resolve gives every setting the flags did not set its value from the
// environment or its default, noting where each came from.
func (c *config) resolve(set map[string]bool, getenv func(string) string) {
	for _, s := range settings(c) {
		name := strings.ReplaceAll(s.flag, "-", "_")
		if set[s.flag] {
			c.setSource(name, "flag")
			continue
		}
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.dst = v
			c.setSource(name, "env "+s.env)
		} else {
			*s.dst = s.def()
			c.setSource(name, "default")
		}
	}
	c.downloadDir, c.sources["download_dir"] = defaultDownloadDir(getenv), "default"
	if getenv("IMGFAV_DOWNLOAD_DIR") != "" {
		c.sources["download_dir"] = "env IMGFAV_DOWNLOAD_DIR"
	}
	c.sources["show_nsfw"], c.sources["no_browser"] = "default", "default"
	switch v := getenv("IMGFAV_SHOW_NSFW"); {
	case set["show-nsfw"]:
		c.sources["show_nsfw"] = "flag"
	case v != "":
		c.showNSFW = v != "0"
		c.sources["show_nsfw"] = "env IMGFAV_SHOW_NSFW"
	}
	switch {
	case set["no-browser"]:
		c.sources["no_browser"] = "flag"
	case getenv("IMGFAV_NO_BROWSER") != "":
		c.sources["no_browser"] = "env IMGFAV_NO_BROWSER"
	}
	if !set["no-browser"] {
		c.noBrowser = c.noBrowser || noBrowserEnv(getenv)
	}
}

// sortSource names where a bad sort came from.
func sortSource(flag bool) string {
	if flag {
		return "--sort: "
	}
	return "IMGFAV_SORT: "
}

// noBrowserEnv: IMGFAV_NO_BROWSER=1, an SSH session, or Linux without a
// display.
func noBrowserEnv(getenv func(string) string) bool {
	switch {
	case getenv("IMGFAV_NO_BROWSER") != "" && getenv("IMGFAV_NO_BROWSER") != "0":
		return true
	case getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "":
		return true
	case runtime.GOOS == "linux" && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" && getenv("BROWSER") == "":
		return true
	}
	return false
}

// envToken reads IMGFAV_ACCESS_TOKEN, IMGFAV_REFRESH_TOKEN and
// IMGFAV_USERNAME.
func envToken(c *config, getenv func(string) string) error {
	access := strings.TrimSpace(getenv("IMGFAV_ACCESS_TOKEN"))
	refresh := strings.TrimSpace(getenv("IMGFAV_REFRESH_TOKEN"))
	user := strings.TrimSpace(getenv("IMGFAV_USERNAME"))
	if access == "" {
		if refresh != "" || user != "" {
			return usageError{msg: "IMGFAV_REFRESH_TOKEN and IMGFAV_USERNAME need IMGFAV_ACCESS_TOKEN"}
		}
		return nil
	}
	fields := url.Values{"access_token": {access}}
	if refresh != "" {
		fields.Set("refresh_token", refresh)
	}
	if user != "" {
		fields.Set("account_username", user)
	}
	// The same validation as a pasted redirect.
	tok, err := imgur.ParseRedirect(fields.Encode(), "", time.Now())
	if err != nil {
		return usageError{msg: "IMGFAV_ACCESS_TOKEN/IMGFAV_REFRESH_TOKEN/IMGFAV_USERNAME: " + err.Error()}
	}
	c.envToken = &tok
	return nil
}
