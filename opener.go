package main

import (
	"errors"
	"io"
	"net/url"
	"os/exec"
	"strings"
	"sync"

	"github.com/pkg/browser"
)

// opener opens URLs in the user's browser: the $BROWSER command when set
// (as gh and git honour it), else pkg/browser. Nothing the browser prints
// reaches the terminal, and Open returns once the command has started.
type opener struct {
	browserCmd []string
}

var quietBrowser sync.Once

func newOpener(browserEnv string) opener {
	quietBrowser.Do(func() {
		// pkg/browser writes the command's output to these; the terminal
		// belongs to the UI.
		browser.Stdout, browser.Stderr = io.Discard, io.Discard
	})
	return opener{browserCmd: strings.Fields(browserEnv)}
}

// Open opens an http or https URL.
func (o opener) Open(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("not a web URL")
	}
	if len(o.browserCmd) == 0 {
		return browser.OpenURL(rawURL)
	}
	cmd := exec.Command(o.browserCmd[0], append(o.browserCmd[1:], rawURL)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil // /dev/null
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
