package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/store"
	"imgfav/tui"
)

// app is everything a command needs: the store, the client and the UI's
// options, wired together.
type app struct {
	cfg    config
	store  *store.Store
	client *imgur.Client
	debug  *debugLog
	notice string // something the user must be told (the store was reset…)
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
		parts = append(parts, fmt.Sprintf("the database was damaged (%s); salvaged %d entries but not the login: please log in again (damaged copy kept as %s)",
			sv.Problem, sv.Kept, info.MovedAside))
	case info.MovedAside != "":
		parts = append(parts, "the database was damaged and has been reset (old copy kept as "+info.MovedAside+"); please log in again")
	}
	if info.Tightened {
		parts = append(parts, "tightened the permissions of "+path+" to 0600")
	}
	return strings.Join(parts, "; ")
}

// openApp opens the store and builds the client for cfg. With tokens from
// the environment they are used instead of the stored login, and not
// stored.
func openApp(ctx context.Context, cfg config) (*app, error) {
	st, err := store.Open(cfg.db, store.Options{})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, store: st, notice: storeNotice(st.Info(), cfg.db)}
	if cfg.debug != "" {
		if a.debug, err = openDebugLog(cfg.debug); err != nil {
			st.Close()
			return nil, err
		}
	}
	icfg := imgur.Config{
		APIURL: cfg.apiURL, ImageURL: cfg.imageURL,
		ClientID: cfg.clientID, ClientSecret: cfg.clientSecret, MashapeKey: cfg.mashapeKey,
		Version: version, Cache: st,
	}
	if cfg.envToken == nil {
		icfg.OnRefresh = func(t imgur.Token) error { return st.SaveLogin(toLogin(t)) }
	}
	if a.debug != nil {
		icfg.Trace = a.debug.trace
	}
	if a.client, err = imgur.New(icfg); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.adoptToken(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// envTokenRefused is the one sentence for an environment token that Imgur
// refuses.
const envTokenRefused = "IMGFAV_ACCESS_TOKEN was refused by Imgur; set a fresh token or unset it to use the stored login"

// adoptToken gives the client the environment's tokens or the stored
// login, without a request. An environment token without IMGFAV_USERNAME
// gets the account remembered for it (by a hash of the token), if any;
// otherwise its account stays unknown until learnAccount, or the browser,
// asks Imgur.
func (a *app) adoptToken() error {
	if t := a.cfg.envToken; t != nil {
		tok := *t
		if tok.Username == "" {
			// An unreadable memory only costs one request.
			tok.Username, _ = a.store.TokenAccount(tokenHash(tok.AccessToken))
		}
		a.client.SetToken(tok)
		return nil
	}
	login, ok, err := a.store.CurrentLogin()
	if err != nil {
		return err
	}
	if ok {
		a.client.SetToken(fromLogin(login))
	}
	return nil
}

// tokenHash names an access token in the store without storing it: the
// hex SHA-256 of the token.
func tokenHash(access string) string {
	sum := sha256.Sum256([]byte(access))
	return hex.EncodeToString(sum[:])
}

// rememberAccount keeps the account of the environment's access token for
// the next start.
func (a *app) rememberAccount(username string) error {
	return a.store.SetTokenAccount(tokenHash(a.cfg.envToken.AccessToken), username)
}

// learnAccount asks Imgur whose the environment's token is when that is
// not known yet, and remembers the answer: for the commands that cannot
// start without the account (the browser asks in the background).
func (a *app) learnAccount(ctx context.Context) error {
	tok := a.client.Token()
	if tok.AccessToken == "" || tok.Username != "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	acct, err := a.client.Me(ctx)
	if err != nil {
		return accountError(err)
	}
	tok = a.client.Token()
	tok.Username, tok.AccountID = acct.URL, acct.ID
	a.client.SetToken(tok)
	_ = a.rememberAccount(acct.URL) // forgetting only costs a request next time
	return nil
}

// accountError says in one sentence why the environment token's account
// could not be learned.
func accountError(err error) error {
	switch {
	case errors.Is(err, imgur.ErrUnauthorized), errors.Is(err, imgur.ErrForbidden),
		errors.Is(err, imgur.ErrInvalidRefreshToken), errors.Is(err, imgur.ErrNoRefreshToken):
		return errors.New(envTokenRefused)
	case errors.Is(err, imgur.ErrUnreachable):
		return errors.New("cannot reach Imgur to learn the account of IMGFAV_ACCESS_TOKEN (IMGFAV_USERNAME skips this)")
	}
	return fmt.Errorf("could not learn the account of IMGFAV_ACCESS_TOKEN (IMGFAV_USERNAME skips this): %w", err)
}

func (a *app) Close() {
	if a.debug != nil {
		a.debug.Close()
	}
	a.store.Close()
}

// startSort is --sort, else the last sort used, else newest.
func (a *app) startSort() imgur.Sort {
	s := a.cfg.sort
	if s == "" {
		s, _ = a.store.LastSort()
	}
	if sort, err := imgur.ParseSort(s); err == nil {
		return sort
	}
	return imgur.SortNewest
}

// uiOptions are the TUI's dependencies.
func (a *app) uiOptions() tui.Options {
	opts := tui.Options{
		Client:   a.client,
		Cache:    pageCache{a.client},
		Settings: settingsStore{a.store},
		Sort:     a.startSort(),
		Notice:   a.notice,
	}
	if a.cfg.envToken == nil {
		opts.Logins = loginStore{a.store}
	} else {
		opts.RememberAccount = a.rememberAccount
		opts.TokenRefused = envTokenRefused
	}
	if a.debug != nil {
		opts.Debug = a.debug.event
	}
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

// loginStore adapts the store to tui.Logins.
type loginStore struct{ st *store.Store }

func (l loginStore) SaveLogin(t imgur.Token) error { return l.st.SaveLogin(toLogin(t)) }

// pageCache adapts the client to tui.PageCache: the client owns the
// cache's format and reads its pages back.
type pageCache struct{ c *imgur.Client }

func (p pageCache) CachedPage(account string, sort imgur.Sort, page int) (tui.CachedPage, bool, error) {
	cp, ok, err := p.c.CachedFavorites(account, sort, page)
	return tui.CachedPage{Page: cp.Page, Items: cp.Items, Fetched: cp.Fetched}, ok, err
}

// settingsStore adapts the store to tui.Settings.
type settingsStore struct{ st *store.Store }

func (s settingsStore) SetLastSort(sort imgur.Sort) error { return s.st.SetLastSort(string(sort)) }

func (s settingsStore) Cursor(account string, sort imgur.Sort) (int, string) {
	c, err := s.st.Cursor(account, string(sort))
	if err != nil {
		return 0, ""
	}
	return c.Index, c.ID
}

func (s settingsStore) SetCursor(account string, sort imgur.Sort, index int, id string) error {
	return s.st.SetCursor(account, string(sort), store.Cursor{Index: index, ID: id})
}

func toLogin(t imgur.Token) store.Login {
	return store.Login{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry, Username: t.Username, AccountID: t.AccountID}
}

func fromLogin(l store.Login) imgur.Token {
	return imgur.Token{AccessToken: l.AccessToken, RefreshToken: l.RefreshToken, Expiry: l.Expiry, Username: l.Username, AccountID: l.AccountID}
}

// browseFlags are the flags of `imgfav`.
func browseFlags(c *config, stdout io.Writer) *flag.FlagSet {
	return newFlagSet("imgfav", "imgfav [flags]", c, stdout, browseSettings, func(fs *flag.FlagSet) {
		noBrowserFlag(fs, c)
	})
}

// browseCommand is `imgfav`: the interactive browser.
func browseCommand(ctx context.Context, e env, args []string) error {
	var c config
	fs := browseFlags(&c, e.stdout)
	fs.Usage = func() { printUsage(e.stdout) }
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if !e.isTerminal() {
		return usageError{msg: "the browser needs a terminal; for scripts use 'imgfav list'"}
	}
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	_, err = runUI(ctx, e, tui.New(a.uiOptions()))
	return err
}

// loginCommand is `imgfav login`: the login screen, then exit.
func loginCommand(ctx context.Context, e env, args []string) error {
	var c config
	fs := newFlagSet("login", "imgfav login [--no-browser] [flags]", &c, e.stdout, loginSettings, func(fs *flag.FlagSet) {
		noBrowserFlag(fs, &c)
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	c.envToken = nil // login is about the stored login
	if !e.isTerminal() {
		return usageError{msg: "login needs a terminal (or set IMGFAV_ACCESS_TOKEN and IMGFAV_REFRESH_TOKEN)"}
	}
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	a.client.SetToken(imgur.Token{}) // always ask: the user may switch accounts
	opts := a.uiOptions()
	opts.LoginOnly = true
	final, err := runUI(ctx, e, tui.New(opts))
	if err != nil {
		return err
	}
	if !final.LoggedIn() {
		return errors.New("login cancelled")
	}
	fmt.Fprintf(e.stdout, "logged in as %s\n", a.client.Token().Username)
	return nil
}

// runUI runs the program until it quits or ctx is cancelled.
func runUI(ctx context.Context, e env, m tui.Model) (tui.Model, error) {
	opts := append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(e.stdin), tea.WithOutput(e.stdout)}, e.programOptions...)
	final, err := tea.NewProgram(m, opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		err = nil // a signal: a normal way to leave
	}
	if err != nil {
		return m, fmt.Errorf("terminal: %w", err)
	}
	fm, _ := final.(tui.Model)
	return fm, nil
}

// oneLine keeps an error to its first line.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return imgur.CleanLine(s)
}

// debugLog writes one line per request to the --debug file. Paths and
// statuses only: tokens, secrets and state never appear in a request's
// path, and headers are not logged.
type debugLog struct {
	mu sync.Mutex
	w  io.WriteCloser
}

func openDebugLog(path string) (*debugLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("debug log: %w", err)
	}
	return &debugLog{w: f}, nil
}

func (d *debugLog) trace(t imgur.Trace) {
	d.mu.Lock()
	defer d.mu.Unlock()
	errText := ""
	if t.Err != nil {
		errText = " err=" + fmt.Sprintf("%q", oneLine(t.Err))
	}
	r := t.RateLimit
	fmt.Fprintf(d.w, "%s %s %s status=%d dur=%s attempt=%d cache_hit=%v user=%d/%d client=%d/%d%s\n",
		time.Now().Format(time.RFC3339Nano), t.Method, t.Path, t.Status, t.Duration.Round(time.Millisecond), t.Attempt,
		t.CacheHit, r.UserRemaining, r.UserLimit, r.ClientRemaining, r.ClientLimit, errText)
}

// event logs a screen change.
func (d *debugLog) event(what string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "%s %s\n", time.Now().Format(time.RFC3339Nano), imgur.CleanLine(what))
}

func (d *debugLog) Close() { _ = d.w.Close() }

// The store is the client's cache.
var _ imgur.Cache = (*store.Store)(nil)
