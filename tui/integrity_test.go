package tui

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// proxyFake stands between the client and the fake. Every request reaches
// the fake, and so its request log; rewrite may change the path first
// (a server that misbehaves on some pages), and for the paths reset
// matches the client's connection is reset instead of answered.
func proxyFake(t *testing.T, fake string, rewrite func(string) string, reset func(string) bool) string {
	t.Helper()
	u, err := url.Parse(fake)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rewrite != nil {
			r.URL.Path = rewrite(r.URL.Path)
		}
		if reset == nil || !reset(r.URL.Path) {
			rp.ServeHTTP(w, r)
			return
		}
		rp.ServeHTTP(httptest.NewRecorder(), r) // the fake logs it
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // RST, not FIN
		}
		conn.Close()
	}))
	// One request a connection: Go's transport would otherwise retry a
	// reset on a reused connection by itself, and blur the counts.
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// pagePath is the path of a favorites page of the fake's account.
func pagePath(page int, sort imgur.Sort) string {
	return "/3/account/demo/favorites/" + strconv.Itoa(page) + "/" + string(sort)
}

// pester does what would normally make the list want a page, again and
// again: keys that move to the end, resizes, spinner ticks, the detail
// view and back, a sort switch and back. Every command is run and page
// results are delivered at once.
func pester(hs *harness) {
	hs.t.Helper()
	for range 20 {
		hs.key("G", "j", "k", "end", "pgdown")
		hs.run(hs.send(tea.WindowSizeMsg{Width: hs.m.width, Height: hs.m.height}))
		hs.run(hs.send(spinner.TickMsg{}))
		hs.key("enter", "esc", "s", "s")
	}
}

func TestFailedPageIsNotRequestedAgainUntilR(t *testing.T) {
	page1 := pagePath(1, imgur.SortNewest)
	tests := []struct {
		name       string
		fault      imgurtest.FaultKind // 0: none, the connection is reset
		perAttempt int                 // requests for one attempt: 2 when the client retries
	}{
		{"truncated JSON", imgurtest.Malformed, 1},
		{"bad gateway", imgurtest.BadGateway, 2},
		{"connection reset", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarnessWith(t, favs(300), 120, 40, func(cfg *imgur.Config) {
				if tt.fault == 0 {
					cfg.APIURL = proxyFake(t, cfg.APIURL, nil, func(p string) bool { return p == page1 })
				}
			})
			if tt.fault != 0 {
				hs.srv.Fail(imgurtest.Fault{Kind: tt.fault, Path: page1, Times: -1})
			}
			hs.hold = false
			hs.start()
			if n := len(hs.items()); n != 60 {
				t.Fatalf("page 0: %d items", n)
			}
			pester(hs)
			if n := hs.srv.Count("GET", page1); n < 1 || n > tt.perAttempt {
				t.Fatalf("page 1 requested %d times, want at most %d (the client's one retry)", n, tt.perAttempt)
			}
			hs.key("G")
			if v := hs.view(); !strings.Contains(v, "fetch favorites page 1") || !strings.Contains(v, "(r retries)") {
				t.Errorf("the list does not say why it stopped:\n%s", v)
			}
			hs.srv.ResetRequests()
			hs.key("r")
			pester(hs)
			if n := hs.srv.Count("GET", page1); n != tt.perAttempt {
				t.Errorf("r: page 1 requested %d times, want %d", n, tt.perAttempt)
			}
			if n := hs.srv.Count("GET", pagePath(0, imgur.SortNewest)); n != 0 {
				t.Errorf("r after a failed page 1 asked for page 0 %d times", n)
			}
		})
	}
}

// countingDialer counts connection attempts.
type countingDialer struct{ n atomic.Int64 }

func (d *countingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.n.Add(1)
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

func TestUnreachableWithoutCacheIsNotRetriedUntilR(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there: connection refused
	dials := &countingDialer{}
	hs := newHarnessWith(t, favs(100), 120, 40, func(cfg *imgur.Config) {
		cfg.APIURL = closed
		cfg.Transport = &http.Transport{DialContext: dials.DialContext}
	})
	hs.hold = false
	hs.start()
	pester(hs)
	// pester shows both sorts: page 0 of each, once.
	if n := dials.n.Load(); n < 1 || n > 2 {
		t.Fatalf("%d connection attempts for page 0 of two sorts, want at most 2", n)
	}
	if v := hs.view(); !contains(v, "cannot reach Imgur", "(r retries)") {
		t.Errorf("the list does not say why it is empty:\n%s", v)
	}
	before := dials.n.Load()
	hs.key("r")
	pester(hs)
	if n := dials.n.Load() - before; n != 1 {
		t.Errorf("r made %d connection attempts, want 1", n)
	}
}

// repeatLastPage makes the fake answer every page past last with page
// last, as a server that never sends the empty page would.
func repeatLastPage(last int) func(string) string {
	return func(p string) string {
		rest, ok := strings.CutPrefix(p, "/3/account/demo/favorites/")
		if !ok {
			return p
		}
		n, sort, _ := strings.Cut(rest, "/")
		if page, err := strconv.Atoi(n); err == nil && page > last {
			return "/3/account/demo/favorites/" + strconv.Itoa(last) + "/" + sort
		}
		return p
	}
}

func TestPageWithNothingNewEndsTheList(t *testing.T) {
	hs := newHarnessWith(t, favs(130), 120, 40, func(cfg *imgur.Config) {
		cfg.APIURL = proxyFake(t, cfg.APIURL, repeatLastPage(2), nil)
	})
	hs.hold = false
	hs.start()
	pester(hs)
	if n, f := len(hs.items()), hs.m.list.cur(); n != 130 || !f.complete {
		t.Fatalf("%d items, complete %v", n, f.complete)
	}
	// Pages 0, 1, 2 and page 3, which the fake answers with page 2: four
	// requests, and none after.
	served := map[string]int{}
	for _, r := range hs.srv.Requests() {
		if strings.HasSuffix(r.Path, "/newest") {
			served[r.Path]++
		}
	}
	want := map[string]int{pagePath(0, imgur.SortNewest): 1, pagePath(1, imgur.SortNewest): 1, pagePath(2, imgur.SortNewest): 2}
	if len(served) != len(want) {
		t.Errorf("served %v, want %v", served, want)
	}
	for p, n := range want {
		if served[p] != n {
			t.Errorf("served %v, want %v", served, want)
			break
		}
	}
	if v := hs.view(); !contains(v, "all 130 favorites", "all 130") {
		t.Errorf("end not shown:\n%s", v)
	}
}

// loadAll scrolls to the end until the list is complete.
func loadAll(hs *harness) {
	hs.t.Helper()
	for range 20 {
		hs.key("G")
		hs.serveAll()
	}
	if !hs.m.list.cur().complete {
		hs.t.Fatalf("never complete: %d items", len(hs.items()))
	}
}

// In the oldest-first list a new favorite lands at the end, behind pages
// whose first page does not change: the end read from the cache is stale.
func TestStaleCachedEndNeverEndsTheList(t *testing.T) {
	hs := newHarness(t, favs(130), 120, 40)
	hs.sort = imgur.SortOldest
	hs.restart()
	hs.start()
	hs.serve()
	loadAll(hs) // pages 0-2 and the empty page 3 are cached
	hs.srv.AddFavorite(imgurtest.Favorite{ID: "late001", Title: imgurtest.Str("late"), Type: "image/png"})

	hs.restart()
	hs.start()
	if n := len(hs.items()); n != 130 {
		t.Fatalf("cache showed %d items", n)
	}
	for _, when := range []string{"from the cache", "after page 0's 304"} {
		if v := hs.view(); strings.Contains(v, "all 130") || hs.m.list.cur().complete {
			t.Errorf("%s: the end is claimed from stale pages:\n%s", when, v)
		}
		hs.serve()
	}
	loadAll(hs)
	if n := len(hs.items()); n != 131 || hs.items()[130].ID != "late001" {
		t.Fatalf("%d items; the new favorite was not loaded", n)
	}
	if v := hs.view(); !strings.Contains(v, "all 131") {
		t.Errorf("end:\n%s", v)
	}

	// r on a complete list finds what was added at its end since.
	hs.srv.AddFavorite(imgurtest.Favorite{ID: "later02", Title: imgurtest.Str("later"), Type: "image/png"})
	hs.key("r")
	hs.serve()
	loadAll(hs)
	if n := len(hs.items()); n != 132 || hs.items()[131].ID != "later02" {
		t.Errorf("%d items after r; the new favorite was not loaded", n)
	}
}

// A changed page 0 makes every cached page after it stale: those the
// cache reader delivers afterwards are dropped.
func TestCachedPagesAfterAChangedPage0AreDropped(t *testing.T) {
	hs := newHarness(t, favs(300), 120, 40)
	hs.start()
	hs.serve()
	loadAll(hs)
	hs.srv.AddFavorite(imgurtest.Favorite{ID: "fresh01", Title: imgurtest.Str("fresh"), Type: "image/jpeg"})
	hs.restart()
	hs.holdCache = true

	// Page 0 of the cache, then page 0 from Imgur before the rest of the
	// cache arrives.
	hs.start()
	if len(hs.held) != 1 || len(hs.heldCache) != 1 {
		t.Fatalf("after page 0 of the cache: %d pages and %d cache reads held, want the revalidation and the rest of the cache",
			len(hs.held), len(hs.heldCache))
	}
	hs.serve()
	if first := hs.items()[0]; first.ID != "fresh01" {
		t.Fatalf("page 0 not rebuilt: first %s", first.ID)
	}
	hs.holdCache = false
	hs.serveCache()
	if n := len(hs.items()); n > 120 {
		t.Errorf("%d items: stale cached pages were added after the rebuild", n)
	}
	if v := hs.view(); strings.Contains(v, "all ") {
		t.Errorf("end claimed:\n%s", v)
	}
	loadAll(hs)
	if n := len(hs.items()); n != 301 {
		t.Errorf("%d items, want 301", n)
	}
}

// The first screen needs page 0 of the cache only; the rest arrives as
// later messages, keys work meanwhile, and the remembered cursor is
// found when its page arrives.
func TestStartShowsPage0ThenReadsTheRest(t *testing.T) {
	hs := newHarness(t, favs(1200), 120, 40)
	hs.start()
	hs.serve()
	loadAll(hs)
	want := hs.items()[700]
	hs.settings.SetCursor("demo", 0, imgur.SortNewest, 700, want.ID)
	hs.restart()

	hs.holdCache = true
	hs.start()
	if n := len(hs.items()); n != 60 {
		t.Fatalf("first screen from %d items, want page 0's 60", n)
	}
	if v := hs.view(); !contains(v, "fav 0", "fav 36", "60 loaded") {
		t.Errorf("first screen:\n%s", v)
	}
	hs.holdCache = false
	hs.serveCache()
	if n := len(hs.items()); n != 1200 {
		t.Fatalf("after the rest of the cache: %d items", n)
	}
	if it, _ := hs.m.list.Selected(); it.ID != want.ID {
		t.Errorf("cursor on %s, want the remembered %s", it.ID, want.ID)
	}

	// A key pressed before the rest arrives wins over the remembered
	// cursor.
	hs.restart()
	hs.holdCache = true
	hs.start()
	hs.key("j", "j")
	hs.holdCache = false
	hs.serveCache()
	if c := hs.m.list.cur().cursor; c != 2 || len(hs.items()) != 1200 {
		t.Errorf("cursor %d with %d items, want 2 of 1200", c, len(hs.items()))
	}
}
