package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/pkg/browser"
)

// opener opens URLs in the user's browser: the $BROWSER command when set
// (as gh and git honour it), else pkg/browser. Nothing the browser prints
// reaches the terminal. Open runs inside a command, never in Update: it
// may wait a few seconds for $BROWSER's exit status.
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
	// A launcher (xdg-open, a script) answers at once, and its exit status
	// says whether it worked; a browser itself may run until it is closed.
	// Wait a little for the first kind, then let the second run on.
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w", o.browserCmd[0], err)
		}
		return nil
	case <-time.After(openerPatience):
		return nil
	}
}

// openerPatience is how long Open waits for $BROWSER to say it failed.
const openerPatience = 3 * time.Second
