package tui

import (
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// The list's fetch chain, asserted on what the fake Imgur was asked: each
// step runs the commands Update returned, so deleting a command from the
// chain (or returning nil in its place) fails here, whatever the model's
// fields say.

// pageRequests is the favorites pages the fake was asked for, in order,
// with whether each carried If-None-Match.
func pageRequests(hs *harness) (paths []string, conditional []bool) {
	for _, r := range hs.srv.Requests() {
		if strings.HasPrefix(r.Path, "/3/account/demo/favorites/") {
			paths = append(paths, r.Path)
			conditional = append(conditional, r.Header.Get("If-None-Match") != "")
		}
	}
	return paths, conditional
}

func wantPaths(t *testing.T, hs *harness, step string, want ...string) {
	t.Helper()
	got, _ := pageRequests(hs)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: asked for %v, want %v", step, got, want)
	}
}

// warmCache loads pages 0 and 1 through the client, then starts a new
// model on that cache with the fake's log emptied.
func warmCache(t *testing.T, n int) *harness {
	t.Helper()
	hs := newHarness(t, favs(n), 120, 40)
	hs.start()
	hs.serve()
	hs.key("G")
	hs.serve()
	hs.restart()
	hs.srv.ResetRequests()
	return hs
}

func TestFetchChainStart(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	wantPaths(t, hs, "start with an empty cache", pagePath(0, imgur.SortNewest))
	if !hs.serve() || len(hs.items()) != 60 {
		t.Fatalf("page 0 not shown: %d items", len(hs.items()))
	}
	wantPaths(t, hs, "page 0 far from the cursor's end", pagePath(0, imgur.SortNewest))
}

func TestFetchChainRevalidate(t *testing.T) {
	hs := warmCache(t, 300)
	hs.start()
	if n := len(hs.items()); n != 120 {
		t.Fatalf("the cache showed %d items, want pages 0 and 1", n)
	}
	paths, cond := pageRequests(hs)
	if len(paths) != 1 || paths[0] != pagePath(0, imgur.SortNewest) || !cond[0] {
		t.Fatalf("start from the cache asked for %v (conditional %v), want page 0 with If-None-Match", paths, cond)
	}
	hs.serve()
	if r := hs.srv.Requests(); r[len(r)-1].Status != 304 || hs.m.list.cur().cached {
		t.Errorf("revalidation: status %d, still cached %v", r[len(r)-1].Status, hs.m.list.cur().cached)
	}
	hs.key("G")
	wantPaths(t, hs, "after the 304 the next page follows the cache", pagePath(0, imgur.SortNewest), pagePath(2, imgur.SortNewest))
}

func TestFetchChainPrefetch(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	for range 60 - 2 - hs.m.list.rows() {
		hs.key("j")
	}
	wantPaths(t, hs, "more than a screen from the end", pagePath(0, imgur.SortNewest))
	hs.key("j")
	wantPaths(t, hs, "a screen from the end", pagePath(0, imgur.SortNewest), pagePath(1, imgur.SortNewest))

	// A page that arrives with the cursor still within a screen of the
	// end asks for the next one at once: on a tall terminal page 0 is not
	// a screen, and page 1 follows it unasked.
	tall := newHarness(t, favs(300), 120, 100)
	tall.start()
	tall.serve()
	wantPaths(t, tall, "page 0 shorter than a screen", pagePath(0, imgur.SortNewest), pagePath(1, imgur.SortNewest))
	tall.serve()
	wantPaths(t, tall, "two pages fill the screen", pagePath(0, imgur.SortNewest), pagePath(1, imgur.SortNewest))
}

func TestFetchChainSortSwitch(t *testing.T) {
	hs := newHarness(t, favs(90), 120, 40)
	hs.start()
	hs.serve()
	hs.key("s")
	wantPaths(t, hs, "s", pagePath(0, imgur.SortNewest), pagePath(0, imgur.SortOldest))
	hs.serve()
	if first := hs.items()[0]; first.Title != "fav 89" {
		t.Errorf("oldest starts with %q", first.Title)
	}
	hs.key("s")
	wantPaths(t, hs, "back to a loaded sort", pagePath(0, imgur.SortNewest), pagePath(0, imgur.SortOldest))
	if hs.settings.sort != imgur.SortNewest {
		t.Errorf("the sort saved is %q", hs.settings.sort)
	}
}

func TestFetchChainReload(t *testing.T) {
	hs := newHarness(t, favs(90), 120, 40)
	hs.start()
	hs.serve()
	hs.key("r")
	paths, cond := pageRequests(hs)
	if len(paths) != 2 || paths[1] != pagePath(0, imgur.SortNewest) || !cond[1] {
		t.Fatalf("r asked for %v (conditional %v), want page 0 again, conditional", paths, cond)
	}
	hs.serve()
	if n := len(hs.items()); n != 60 {
		t.Errorf("after r: %d items", n)
	}
}

// Out of credits, nothing is sent; the list resumes by itself when they
// return (a timer on the fake clock), and says when beforehand.
func TestFetchChainRateLimitPause(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.srv.SetCredits(1, 12000, testNow.Add(time.Hour))
	hs.start()
	hs.serve() // spends the last credit
	hs.key("G")
	wantPaths(t, hs, "no credits left", pagePath(0, imgur.SortNewest))
	if v := hs.view(); !contains(v, "paused", "credits return at 10:00") || strings.Contains(v, "offline") {
		t.Errorf("the pause is not explained:\n%s", v)
	}
	hs.srv.SetCredits(2000, 12000, testNow.Add(2*time.Hour))
	hs.advance(59 * time.Minute)
	wantPaths(t, hs, "a minute before the reset", pagePath(0, imgur.SortNewest))
	hs.advance(time.Minute)
	wantPaths(t, hs, "at the reset", pagePath(0, imgur.SortNewest), pagePath(1, imgur.SortNewest))
}

// A 429 pauses until the time Imgur gave, and is not "offline".
func TestFetchChainTooManyRequests(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Times: 2, RetryAfter: 60})
	hs.key("G")
	hs.serve()
	v := hs.view()
	if strings.Contains(v, "offline") || !contains(v, "paused", "credits return at") || !strings.Contains(lastLine(v), "too many requests; loading resumes at") {
		t.Errorf("after a 429:\n%s", v)
	}
	hs.srv.ResetRequests()
	hs.key("j", "G")
	wantPaths(t, hs, "paused")
	hs.advance(48 * time.Hour) // past the reset
	wantPaths(t, hs, "after the reset", pagePath(1, imgur.SortNewest))

	// r after a 429 asks for the refused page, once.
	hs.serve()
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Times: 2, RetryAfter: 60})
	hs.key("G")
	hs.serve()
	hs.srv.ResetRequests()
	if !strings.Contains(lastLine(hs.view()), "(r retries)") {
		t.Errorf("r is not offered after a 429 with credits left: %q", lastLine(hs.view()))
	}
	hs.key("r")
	wantPaths(t, hs, "r after a 429", pagePath(2, imgur.SortNewest))
}

// A list shown from the cache while Imgur is unreachable is offline; a
// rate limit afterwards is not.
func TestRateLimitIsNotOffline(t *testing.T) {
	hs := warmCache(t, 300)
	hs.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Times: 2, RetryAfter: 60})
	hs.start()
	hs.serve()
	if v := hs.view(); strings.Contains(v, "offline") || strings.Contains(v, "data from just now") || !strings.Contains(v, "credits return at") {
		t.Errorf("a 429 on revalidation:\n%s", v)
	}
	if f := hs.m.list.Facts(); f.offline {
		t.Error("the status bar is told offline")
	}
}

// At 0 credits r sends nothing, so nothing promises that it retries; r
// says so instead of sending nothing silently.
func TestNoCreditsPromisesNoRetry(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.srv.SetCredits(1, 12000, testNow.Add(time.Hour))
	hs.start()
	hs.serve()
	hs.key("G")
	if v := hs.view(); strings.Contains(v, "r retries") {
		t.Errorf("r is promised with no credits:\n%s", v)
	}
	hs.srv.ResetRequests()
	hs.key("r")
	if len(hs.srv.Requests()) != 0 {
		t.Errorf("r sent %d requests with no credits", len(hs.srv.Requests()))
	}
	if v := lastLine(hs.view()); !strings.Contains(v, "no API credits left: nothing sent; loading resumes at 10:00") {
		t.Errorf("r with no credits: %q", v)
	}
}

// The cache read to its end after page 0's 304 hands over to Imgur: the
// next page is asked for at once when the cursor is within a screen of
// the end.
func TestFetchChainCacheReadAfterRevalidation(t *testing.T) {
	hs := warmCache(t, 300)
	hs = &harness{t: t, srv: hs.srv, client: hs.client, cache: hs.cache, settings: hs.settings, opener: hs.opener,
		clock: hs.clock, hold: true, holdCache: true, m: sized(t, New(hs.options()), 120, 150)}
	hs.start()
	hs.serve() // the 304, before the rest of the cache
	wantPaths(t, hs, "the cache still being read", pagePath(0, imgur.SortNewest))
	hs.holdCache = false
	hs.serveCache()
	if n := len(hs.items()); n != 120 {
		t.Fatalf("%d items after the cache", n)
	}
	wantPaths(t, hs, "the cache read", pagePath(0, imgur.SortNewest), pagePath(2, imgur.SortNewest))
}

// Back on a sort whose page was dropped while the other was shown, the
// list asks for it again.
func TestFetchChainSortSwitchBackResumes(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	hs.key("G") // page 1 of newest, held
	dropped := hs.held[0]
	hs.held = nil
	hs.key("s")
	hs.send(dropped) // arrives while oldest is shown: dropped
	hs.serveAll()
	hs.srv.ResetRequests()
	hs.key("s")
	wantPaths(t, hs, "back on newest at its end", pagePath(1, imgur.SortNewest))
}
