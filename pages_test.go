package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// list --all four pages at a time: every page once, in order on output,
// at most three past the end.
func TestListAllConcurrently(t *testing.T) {
	for _, tc := range []struct {
		n, pageSize int
		latency     time.Duration
	}{
		{600, 50, 3 * time.Millisecond},
		{6000, 60, 50 * time.Millisecond}, // the case: 100 pages, one empty after them
	} {
		t.Run(fmt.Sprintf("favorites=%d", tc.n), func(t *testing.T) {
			listAllConcurrently(t, tc.n, tc.pageSize, tc.latency)
		})
	}
}

// listAllConcurrently checks list --all --jobs 4 over n favorites: all of
// them in order, each page requested once, at most 3 past the end.
func listAllConcurrently(t *testing.T, n, pageSize int, latency time.Duration) {
	want := imgurtest.Generate(n, 5)
	te := newTestEnv(t, imgurtest.Options{Favorites: want, PageSize: pageSize, Latency: latency})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	code, out, serr := te.run(t, "list", "--all", "--format", "urls", "--jobs", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	lines := strings.Fields(out)
	if len(lines) != n {
		t.Fatalf("printed %d favorites, want %d", len(lines), n)
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, "/"+want[i].ID) {
			t.Fatalf("favorite %d is %s, want %s: out of order", i, l, want[i].ID)
		}
	}
	seen := map[string]bool{}
	for _, r := range te.srv.Requests() {
		if strings.HasPrefix(r.Path, "/3/account/demo/favorites/") {
			if seen[r.Path] {
				t.Errorf("%s requested twice", r.Path)
			}
			seen[r.Path] = true
		}
	}
	// Pages 0 to full-1 hold favorites, the next is empty: at most 3 more.
	full := (n + pageSize - 1) / pageSize
	if got := len(seen); got < full+1 || got > full+4 {
		t.Errorf("%d pages requested, want %d to %d", got, full+1, full+4)
	}
}

// A 429 in the middle stops the run: no request after it, what came
// before is printed, the exit status is 1.
func TestListAllStopsAtARateLimit(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(600, 5), PageSize: 50})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	te.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Path: "/3/account/demo/favorites/5/", Times: -1})
	code, out, serr := te.run(t, "list", "--all", "--format", "urls", "--jobs", "4")
	if code != 1 || !strings.Contains(serr, "imgfav:") {
		t.Fatalf("exit %d, stderr %q", code, serr)
	}
	if n := len(strings.Fields(out)); n != 250 {
		t.Errorf("printed %d favorites, want the 250 of pages 0-4", n)
	}
	// Pages 0-4, page 5 and its one retry (the client's), and at most
	// pages 6-8, in flight beside it: the window waits for page 5.
	if n := te.srv.Count("GET", "/3/account/demo/favorites/"); n > 10 {
		t.Errorf("%d page requests: the run went on after the 429", n)
	}
}

// The pages' order on output does not depend on the order they arrive.
func TestCollectPagesOutOfOrder(t *testing.T) {
	delays := []time.Duration{5, 1, 3, 0, 2, 4, 0}
	items, last, _, err := collectPages(context.Background(), listOptions{all: true, jobs: 3}, func(_ context.Context, page int) ([]imgur.Item, int, error) {
		if page >= len(delays) {
			return nil, 0, nil
		}
		time.Sleep(delays[page] * time.Millisecond)
		if page == 6 {
			return nil, 0, nil
		}
		return []imgur.Item{{ID: fmt.Sprint("p", page)}}, 0, nil
	}, nil)
	if err != nil || last != 6 {
		t.Fatalf("last %d, err %v", last, err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.ID)
	}
	if strings.Join(got, " ") != "p0 p1 p2 p3 p4 p5" {
		t.Errorf("order %v", got)
	}
}

// BenchmarkListAll is list --all over 6 000 favorites (100 pages) at
// 50 ms a response, one page at a time and four at a time. Run it with
// -benchtime=1x: one run of jobs=1 takes about five seconds.
func BenchmarkListAll(b *testing.B) {
	for _, jobs := range []int{1, 4} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			srv := imgurtest.NewServer(imgurtest.Options{Favorites: imgurtest.Generate(6000, 5), Latency: 50 * time.Millisecond})
			defer srv.Close()
			tok := srv.Login()
			vars := map[string]string{"IMGFAV_API_URL": srv.URL, "IMGFAV_ACCESS_TOKEN": tok.Access, "IMGFAV_USERNAME": "demo",
				"IMGFAV_CLIENT_ID": imgurtest.ClientID}
			dir := b.TempDir()
			listAll := func(db string) {
				vars["IMGFAV_DB"] = filepath.Join(dir, db)
				code := run(context.Background(), env{args: []string{"list", "--all", "--format", "urls", "--jobs", fmt.Sprint(jobs)},
					getenv: func(k string) string { return vars[k] }, stdout: io.Discard, stderr: io.Discard, isTerminal: func() bool { return false }})
				if code != 0 {
					b.Fatal("list failed")
				}
			}
			// Once untimed, so that the fake has rendered its favorites
			// (Imgur's rendering is not this program's time); then each
			// run into a fresh database: every page a 200, decoded and
			// cached, as a first list --all is.
			listAll("warm.db")
			n := 0
			for b.Loop() {
				n++
				listAll(fmt.Sprintf("run%d.db", n))
			}
		})
	}
}
