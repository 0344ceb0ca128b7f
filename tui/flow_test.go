package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"imgfav/imgur"
)

// syncBuffer is a terminal's output, read while the program writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Contains(b.buf.Bytes(), []byte(s))
}

// The whole program on the fake, with Bubble Tea's own runtime: the list
// loads, keys move, and q quits through the commands Update returned (the
// cursor saved, the requests' context cancelled) within the program's
// context.
func TestFlowBrowseAndQuit(t *testing.T) {
	hs := newHarness(t, favs(300), 100, 30)
	opts := hs.options()
	opts.Now, opts.Tick = nil, nil // real time: Bubble Tea runs the timers
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts.Context = ctx
	in, inW := io.Pipe()
	defer inW.Close()
	out := &syncBuffer{}
	p := tea.NewProgram(New(opts), tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out),
		tea.WithWindowSize(100, 30), tea.WithColorProfile(colorprofile.Ascii))
	done := make(chan tea.Model, 1)
	go func() {
		m, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		done <- m
	}()
	for deadline := time.Now().Add(5 * time.Second); !out.contains("fav 26"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			out.mu.Lock()
			t.Fatalf("the list never showed: %q", out.buf.String())
		}
	}
	p.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})
	p.Send(tea.KeyPressMsg{Code: 'j', Text: "j"})
	p.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	var final Model
	select {
	case m := <-done:
		final = m.(Model)
	case <-time.After(5 * time.Second):
		t.Fatal("q did not quit")
	}
	if i, id := hs.settings.Cursor("demo", 0, imgur.SortNewest); i != 2 || id != final.list.cur().items[2].ID {
		t.Errorf("cursor saved as %d %q, want 2", i, id)
	}
	if !errors.Is(final.ctx.Err(), context.Canceled) {
		t.Error("quitting left the requests' context running")
	}
}
