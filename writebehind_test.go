package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"testing"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

// Pending pages read back before they are written; a full batch, a
// delete or Flush writes them, in order; concurrent use is safe.
func TestWriteBehind(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "imgfav.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := newWriteBehind(st)
	for i := range 3 {
		if err := w.PutCached("demo", fmt.Sprintf("favorites/newest/%06d", i), "e", []byte("page")); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok := st.GetCached("demo", "favorites/newest/000001"); ok {
		t.Error("written before a batch was full")
	}
	if etag, body, ok := w.GetCached("demo", "favorites/newest/000001"); !ok || etag != "e" || string(body) != "page" {
		t.Errorf("a pending page does not read back: %q %q %v", etag, body, ok)
	}
	if err := w.DeleteCachedPrefix("demo", "favorites/newest/"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := w.GetCached("demo", "favorites/newest/000001"); ok {
		t.Error("a page stored before the delete came back after it")
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				key := fmt.Sprintf("favorites/oldest/%06d", g*10+i)
				_ = w.PutCached("demo", key, "e", []byte(key))
				if _, body, ok := w.GetCached("demo", key); !ok || string(body) != key {
					t.Errorf("%s: %q %v", key, body, ok)
				}
			}
		})
	}
	wg.Wait()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	entries, err := st.CachedPrefix("demo", "favorites/oldest/")
	if err != nil || len(entries) != 40 {
		t.Errorf("after Flush the store has %d of 40 pages (%v)", len(entries), err)
	}
}

// list --all has written every page to the cache, and kept its credits,
// before it prints: output into a closed pipe (| head) ends the process
// before Close.
func TestListSettlesBeforeItPrints(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(200, 3)})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	cachedAtWrite := -1
	out := writerFunc(func(p []byte) (int, error) {
		if cachedAtWrite < 0 {
			st, err := store.Open(te.db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			entries, _ := st.CachedPrefix("demo", "")
			cachedAtWrite = len(entries)
		}
		return len(p), nil
	})
	code := run(context.Background(), env{args: []string{"list", "--all", "--format", "urls"}, getenv: te.getenv,
		stdout: out, stderr: io.Discard, isTerminal: func() bool { return false }})
	if code != 0 || cachedAtWrite < 4 { // pages 0-3 (60 a page), the empty page after them too
		t.Errorf("exit %d; %d cache entries written when the output began, want every page", code, cachedAtWrite)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
