package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"imgfav/imgur"
	"imgfav/store"
	"imgfav/tui"
)

// app is everything a command needs: the store, the client and the UI's
// options, wired together.
type app struct {
	cfg    config
	ctx    context.Context // the program's: cancelled on quit or a signal
	store  *store.Store
	client *imgur.Client
	debug  *debugLog
	notice string // something the user must be told (the store was reset…)
	// cacheOf is the account named for --cached whose login is gone but
	// whose cache is kept.
	cacheOf string
	// pending holds the cache writes of a bulk command until Close.
	pending *writeBehind
	// creditsOf is the account whose last process kept its credits run
	// out (see credits.go).
	creditsOf string
}

// storeNotice is what the user must be told about what opening the
// database did to it; "" when nothing happened.
func storeNotice(info store.Info, path string) string {
	var parts []string
	switch sv := info.Salvaged; {
	case sv != nil && sv.LoginKept:
		parts = append(parts, fmt.Sprintf("the database was damaged (%s); salvaged %d entries, the login with them (damaged copy kept as %s)",
			sv.Problem, sv.Kept, info.MovedAside))
	case sv != nil:
		parts = append(parts, fmt.Sprintf("the database was damaged (%s); salvaged %d entries, no login among them (damaged copy kept as %s)",
			sv.Problem, sv.Kept, info.MovedAside))
	case info.MovedAside != "":
		parts = append(parts, "the database was damaged and has been reset (old copy kept as "+info.MovedAside+"); please log in again")
	}
	if info.Tightened {
		parts = append(parts, "tightened the permissions of "+path+" to 0600")
	}
	if info.TightenedDir {
		parts = append(parts, "tightened the permissions of "+filepath.Dir(path)+" to 0700")
	}
	return strings.Join(parts, "; ")
}

// noDatabase reports whether path names no file at all (for a command
// that only looks, or forgets: nothing to create).
func noDatabase(path string) bool {
	_, err := os.Stat(path)
	return path != "" && errors.Is(err, fs.ErrNotExist)
}

// openStore opens the database for a command that needs no client, and
// says on stderr what opening it did (tightened, salvaged, reset).
func openStore(e env, path string) (*store.Store, error) {
	if path == "" {
		return nil, errNoDB
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, err
	}
	if n := storeNotice(st.Info(), path); n != "" {
		fmt.Fprintln(e.stderr, "imgfav: "+imgur.CleanLine(n))
	}
	return st, nil
}

// openApp opens the store and builds the client for cfg. With tokens from
// the environment they are used instead of the stored login, and not
// stored.
func openApp(ctx context.Context, cfg config) (*app, error) {
	if cfg.db == "" {
		return nil, errNoDB
	}
	st, err := store.Open(cfg.db, store.Options{})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, ctx: ctx, store: st, notice: storeNotice(st.Info(), cfg.db)}
	if cfg.envToken != nil { // the environment's tokens still work: no login to redo
		a.notice = strings.Replace(a.notice, "; please log in again", "", 1)
	}
	if cfg.debug != "" {
		if a.debug, err = openDebugLog(cfg.debug); err != nil {
			st.Close()
			return nil, err
		}
	}
	icfg := a.clientConfig()
	if a.client, err = imgur.New(icfg); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.adoptToken(); err != nil {
		a.Close()
		return nil, err
	}
	a.restoreCredits()
	return a, nil
}

// settle writes what the run keeps for later: the cache's pending pages
// and credits run out. Close does it; a command does it earlier where
// what follows may end the process (output into a closed pipe).
func (a *app) settle() {
	if a.pending != nil {
		_ = a.pending.Flush() // a cache's loss at worst
	}
	if a.client != nil {
		a.keepCredits()
	}
}

// clientConfig is the API client's configuration for a's settings: the
// store as its cache (written in batches for a bulk command), the login
// refreshed in the store (not for the environment's tokens), waits told
// to a script, requests traced to the debug log.
func (a *app) clientConfig() imgur.Config {
	cfg, st := a.cfg, a.store
	icfg := imgur.Config{
		APIURL: cfg.apiURL, ImageURL: cfg.imageURL,
		ClientID: cfg.clientID, ClientSecret: cfg.clientSecret, MashapeKey: cfg.mashapeKey,
		Version: version, Cache: st,
	}
	if cfg.bulk {
		a.pending = newWriteBehind(st)
		icfg.Cache = a.pending
	}
	if cfg.envToken == nil {
		icfg.OnRefresh = func(t imgur.Token) error { return st.RefreshLogin(toLogin(t)) }
	}
	if w := cfg.waitNotes; w != nil {
		icfg.Sleep = func(ctx context.Context, d time.Duration) error {
			if d >= noteWaitsFrom {
				fmt.Fprintf(w, "imgfav: Imgur asked to wait; trying once more in %s\n", d.Round(time.Second))
			}
			return sleepCtx(ctx, d)
		}
	}
	if a.debug != nil {
		icfg.Trace = a.debug.trace
	}
	return icfg
}

func (a *app) Close() {
	a.settle()
	if a.debug != nil {
		a.debug.Close()
	}
	a.store.Close()
}

// startSort is --sort, else the last sort the account used, else newest.
func (a *app) startSort() imgur.Sort {
	s := a.cfg.sort
	if s == "" {
		s, _ = a.store.AccountSort(a.client.Token().Username)
	}
	if sort, err := imgur.ParseSort(s); err == nil {
		return sort
	}
	return imgur.SortNewest
}

// uiOptions are the TUI's dependencies.
func (a *app) uiOptions() tui.Options {
	opts := tui.Options{
		Context:  a.ctx, // quitting or a signal cancels the requests in flight
		Client:   a.client,
		Cache:    pageCache{a.client},
		Settings: settingsStore{a.store},
		Sort:     a.startSort(),
		Notice:   a.notice,
		Problem:  a.cfg.configNotice(),
		Keys:     a.cfg.keys,
		Theme:    a.cfg.theme,
	}
	if len(a.cfg.viewers) > 0 {
		opts.Viewers = configViewers(a.cfg.viewers)
	}
	if a.cfg.envToken == nil {
		opts.Logins = loginStore{a.store}
		opts.Accounts = storedAccounts{st: a.store, c: a.client}
	} else {
		opts.RememberAccount = a.rememberAccount
		opts.TokenRefused = envTokenRefused
	}
	if a.debug != nil {
		opts.Debug = a.debug.event
	}
	if a.cfg.picturesOn() {
		opts.Pictures, opts.Thumbs = a.client, a.store
	}
	opts.Images, opts.InTmux, opts.CellSize = a.cfg.images, a.cfg.inTmux, ttyCellSize()
	opts.ShowNSFW = a.cfg.showNSFW
	opts.Downloads = downloader{c: a.client, dir: a.cfg.downloadDir}
	if !a.cfg.noBrowser {
		opts.Opener = newOpener(os.Getenv("BROWSER"))
	}
	if imgur.IsLoopbackRedirect(a.cfg.redirectURL) {
		redirect := a.cfg.redirectURL
		opts.Listen = func(state string) (tui.Callback, error) {
			return imgur.ListenLoopback(redirect, state, imgur.LoopbackOptions{})
		}
		if u, err := url.Parse(redirect); err == nil {
			opts.RedirectAddr = u.Host
		}
	}
	return opts
}

// tell writes the notice, if any, to a command's stderr.
func (a *app) tell(w io.Writer) {
	if a.notice != "" {
		fmt.Fprintln(w, "imgfav: "+imgur.CleanLine(a.notice))
	}
}

// joinNotices puts the notices there are in one line.
func joinNotices(notices ...string) string {
	var out []string
	for _, n := range notices {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// reportConfig prints the configuration file's problems on stderr, one
// line each: the commands other than the browser, which shows them in
// its status bar.
func reportConfig(e env, c config) {
	for _, n := range c.configNotes() {
		fmt.Fprintln(e.stderr, "imgfav: "+n)
	}
}

// noteWaitsFrom is the shortest wait before a retry that a script is told
// of: a minute of silence looks like a hang.
const noteWaitsFrom = 3 * time.Second

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
