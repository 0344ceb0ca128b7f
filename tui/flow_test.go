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
	"imgfav/imgur/imgurtest"
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

// The whole program on the fake, with Bubble Tea's own runtime: f removes
// a favorite on Imgur, F picks a folder whose favorites then show, and the
// quit remembers the folder.
func TestFlowUnfavoriteAndFolder(t *testing.T) {
	fs := imagesOnly(200)
	folders := imgurtest.GenerateFolders(fs, 6)
	hs := newHarness(t, fs, 100, 30)
	hs.srv.SetFolders(folders)
	opts := hs.options()
	opts.Now, opts.Tick = nil, nil
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
	waitFor := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !out.contains(s); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("never showed %q", s)
			}
		}
	}
	key := func(r rune) { p.Send(tea.KeyPressMsg{Code: r, Text: string(r)}) }
	waitFor("fav 26")
	key('f')
	waitFor("unfavorited (f undoes)")
	if hs.srv.IsFavorite(fs[0].ID) {
		t.Fatal("f did not unfavorite on Imgur")
	}
	key('F')
	waitFor("Recipes & food")
	key('j')
	p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("showing the folder Cats")
	key('q')
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("q did not quit")
	}
	if got := hs.settings.folders["demo"]; got.ID != folders[0].ID {
		t.Errorf("the folder remembered is %+v, want Cats", got)
	}
}
