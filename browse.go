package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/tui"
)

// browseFlags are the flags of `imgfav`.
func browseFlags(c *config, stdout io.Writer) *flag.FlagSet {
	return newFlagSet("imgfav", "imgfav [flags]", c, stdout, browseSettings, func(fs *flag.FlagSet) {
		noBrowserFlag(fs, c)
		picturesFlags(fs, c)
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
	reportConfig(e, c) // also in the status bar; this stays readable after the browser ends
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	a.adoptStoredLogin()
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
