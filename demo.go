package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/store"
	"imgfav/tui"
)

// demoFavorites is how many sample favorites the demo serves.
const demoFavorites = 1000

// demoCommand is `imgfav demo`: the full browser against the fake Imgur
// running in-process, logged in, on a temporary database removed on exit.
// Nothing leaves the machine.
func demoCommand(ctx context.Context, e env, args []string) error {
	var c config
	var count int
	bo := backupOptions{jobs: 4}
	fs := newFlagSet("demo", "imgfav demo [--favorites N] [--backup DIR [--jobs N] [--full] [--dry-run]]", &c, e.stdout, demoSettings, func(fs *flag.FlagSet) {
		fs.IntVar(&count, "favorites", demoFavorites, "`N`: how many sample favorites")
		fs.StringVar(&bo.dir, "backup", "", "run imgfav backup of the sample favorites into `DIR` instead of the browser")
		fs.IntVar(&bo.jobs, "jobs", 4, "with --backup: `N` pages and files at once")
		fs.BoolVar(&bo.full, "full", false, "with --backup: page through every favorite, even after a completed run")
		fs.BoolVar(&bo.dryRun, "dry-run", false, "with --backup: say what would be saved, and save nothing")
		noBrowserFlag(fs, &c)
		picturesFlags(fs, &c)
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if err := checkDemoFlags(fs, count, bo); err != nil {
		return err
	}
	bo.dir = expandHome(bo.dir) // --backup=~/x: the shell leaves ~ after =
	backupDir := bo.dir
	if !e.isTerminal() && backupDir == "" {
		return usageError{msg: "the demo needs a terminal (imgfav demo --backup DIR does not)"}
	}
	reportConfig(e, c) // also in the status bar; this stays readable after the demo ends
	if backupDir != "" {
		c.waitNotes, c.bulk = e.stderr, true // as imgfav backup
	}
	d, err := startDemo(ctx, c, count)
	if err != nil {
		return err
	}
	defer d.Close()
	if backupDir != "" {
		// What imgfav backup does, against the demo's fake Imgur.
		return backupFavorites(ctx, e, d.app, bo, imgur.SortNewest)
	}
	_, err = runUI(ctx, e, tui.New(d.options()))
	return err
}

// checkDemoFlags checks the demo's flags together: backup's go with
// --backup.
func checkDemoFlags(fs *flag.FlagSet, count int, bo backupOptions) error {
	if count < 0 || count > 200_000 {
		return usageError{msg: "--favorites must be between 0 and 200000"}
	}
	if err := notEmpty(fs, "backup"); err != nil {
		return err
	}
	if bo.jobs < 1 || bo.jobs > maxJobs {
		return usageError{msg: fmt.Sprintf("--jobs must be between 1 and %d", maxJobs)}
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "jobs" || f.Name == "full" || f.Name == "dry-run" })
	if bo.dir == "" && set {
		return usageError{msg: "--jobs, --full and --dry-run go with --backup DIR"}
	}
	return nil
}

// demo is a running demo: the fake Imgur, a temporary database and the
// app wired to both.
type demo struct {
	srv *imgurtest.Server
	app *app
	dir string
}

// startDemo starts the fake with count generated favorites and opens the
// app on a fresh temporary database, logged in.
func startDemo(ctx context.Context, c config, count int) (*demo, error) {
	dir, err := os.MkdirTemp("", "imgfav-demo-")
	if err != nil {
		return nil, err
	}
	// Some latency, as the real Imgur has, so lazy loading can be seen.
	favs := imgurtest.Generate(count, 1)
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: favs, Folders: imgurtest.GenerateFolders(favs, 1),
		Latency: 150 * time.Millisecond})
	srv.AddAccount(demoFriend, 4343, imgurtest.Generate(min(count, 80), 2))

	c.apiURL, c.imageURL = srv.URL, srv.URL
	c.clientID, c.clientSecret = imgurtest.ClientID, imgurtest.ClientSecret
	c.db = filepath.Join(dir, "imgfav.db")
	c.redirectURL = "https://example.invalid/" // no loopback server
	c.envToken, c.account = nil, ""

	a, err := openApp(ctx, c)
	if err == nil {
		err = demoLogins(a, srv)
	}
	if err == nil {
		err = demoLastSession(a, favs)
	}
	if err != nil {
		if a != nil {
			a.Close()
		}
		srv.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	return &demo{srv: srv, app: a, dir: dir}, nil
}

// demoNew is how many of the demo's favorites are new since its "last
// session", so that the ● marks, the count and n can be seen.
const demoNew = 3

// demoLastSession stores the edge of an earlier session of the demo's
// list, newest first, as a session that ended would have left it: the
// newest demoNew favorites came after it.
func demoLastSession(a *app, favs []imgurtest.Favorite) error {
	if len(favs) <= demoNew {
		return nil
	}
	var edge []string
	for _, f := range favs[demoNew:min(len(favs), demoNew+60)] {
		edge = append(edge, f.ID)
	}
	return settingsStore{a.store}.SetSeen("demo", imgur.SortNewest, edge)
}

// demoFriend is the demo's second account, for A.
const demoFriend = "demo-friend"

// demoLogins stores a login of each of the fake's two accounts, the main
// one current, as two imgfav login runs would.
func demoLogins(a *app, srv *imgurtest.Server) error {
	friend, _ := srv.LoginAs(demoFriend)
	main := srv.Login()
	for _, l := range []store.Login{
		{AccessToken: friend.Access, RefreshToken: friend.Refresh, Username: demoFriend, AccountID: 4343},
		{AccessToken: main.Access, RefreshToken: main.Refresh, Username: srv.Username(), AccountID: srv.AccountID()},
	} {
		if err := a.store.SaveLogin(l); err != nil {
			return err
		}
	}
	return a.adoptToken()
}

func (d *demo) options() tui.Options {
	opts := d.app.uiOptions()
	opts.Demo = true
	// d saves into the demo's temporary directory, removed on exit.
	opts.Downloads = demoDownloads{downloader{c: d.app.client, dir: filepath.Join(d.dir, "downloads")}}
	// opts.Problem, the configuration file's, shows first, as an error.
	opts.Notice = joinNotices(opts.Notice, "demo: sample favorites from a fake Imgur on this machine; nothing is sent anywhere")
	return opts
}

// demoDownloads is d in the demo: saved as anywhere, and said to be in
// the demo's folder, which goes when the demo ends.
type demoDownloads struct{ downloader }

func (d demoDownloads) Download(ctx context.Context, it imgur.Item) (tui.DownloadResult, error) {
	res, err := d.downloader.Download(ctx, it)
	res.Dir = "the demo's folder (removed when the demo ends)"
	return res, err
}

// Close stops the fake and removes the temporary database.
func (d *demo) Close() {
	d.app.Close()
	d.srv.Close()
	os.RemoveAll(d.dir)
}
