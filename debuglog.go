package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"imgfav/imgur"
)

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
	known := func(ok bool, remaining, limit int) string {
		if !ok {
			return "?" // no answer has said yet
		}
		return fmt.Sprintf("%d/%d", remaining, limit)
	}
	credits := "user=" + known(r.UserKnown, r.UserRemaining, r.UserLimit) + " client=" + known(r.ClientKnown, r.ClientRemaining, r.ClientLimit)
	if t.ImageHost {
		credits = "image_host" // pictures and media cost no credits
	}
	fmt.Fprintf(d.w, "%s %s %s status=%d dur=%s attempt=%d cache_hit=%v %s%s\n",
		time.Now().Format(time.RFC3339Nano), t.Method, t.Path, t.Status, t.Duration.Round(time.Millisecond), t.Attempt,
		t.CacheHit, credits, errText)
}

// event logs a screen change.
func (d *debugLog) event(what string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "%s %s\n", time.Now().Format(time.RFC3339Nano), imgur.CleanLine(what))
}

func (d *debugLog) Close() { _ = d.w.Close() }
