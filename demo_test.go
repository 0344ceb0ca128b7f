package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/tui"
)

// TestDemo starts the demo's app and browser: sample favorites, DEMO in
// the status bar, and nothing but the in-process fake contacted.
func TestDemo(t *testing.T) {
	var c config
	fs := newFlagSet("demo", "", &c, nil, demoSettings, nil)
	if err := parseFlags(fs, &c, nil, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	d, err := startDemo(context.Background(), c, 200)
	if err != nil {
		t.Fatal(err)
	}
	dir := d.dir
	if !strings.HasPrefix(d.app.cfg.apiURL, "http://127.0.0.1:") || !strings.HasPrefix(d.app.cfg.imageURL, "http://127.0.0.1:") {
		t.Fatalf("demo talks to %s", d.app.cfg.apiURL)
	}
	tm := teatest.NewTestModel(t, tui.New(d.options()), teatest.WithInitialTermSize(120, 30))
	first := imgur.CleanLine(*imgurtest.Generate(1, 1)[0].Title)
	waitScreen(t, tm, "demo list", func(s string) bool {
		return strings.Contains(s, "DEMO") && strings.Contains(s, first)
	})
	tm.Send(tea.KeyPressMsg{Code: 'd', Text: "d"}) // d says where the copy went, and that it goes
	waitScreen(t, tm, "saved in the demo's folder", func(s string) bool {
		return strings.Contains(s, "the demo's folder (removed when the demo ends)")
	})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	d.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("the demo's temporary database was not removed")
	}
}

// The demo says what is wrong with the configuration file, as the browser
// does, before its own notice.
func TestDemoReportsConfigProblems(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	writeConfigFile(t, te, "sort = 3\n")
	var c config
	fs := newFlagSet("demo", "", &c, nil, demoSettings, nil)
	if err := parseFlags(fs, &c, nil, te.getenv); err != nil {
		t.Fatal(err)
	}
	d, err := startDemo(context.Background(), c, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	opts := d.options()
	if !strings.Contains(opts.Problem, "config.toml:1: error") || !strings.Contains(opts.Notice, "demo: sample favorites") {
		t.Errorf("the demo's problem %q and notice %q", opts.Problem, opts.Notice)
	}
}
