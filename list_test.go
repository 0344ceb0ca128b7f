package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

// loggedInEnv is a testEnv with environment tokens.
func loggedInEnv(t *testing.T, n int) *testEnv {
	t.Helper()
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(n, 77), PageSize: 50})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"] = tok.Access
	te.vars["IMGFAV_REFRESH_TOKEN"] = tok.Refresh
	te.vars["IMGFAV_USERNAME"] = "demo"
	return te
}

func TestListFormats(t *testing.T) {
	tests := []struct {
		args      []string
		wantItems int
		wantPages int // favorites requests
	}{
		{[]string{"list"}, 50, 1},
		{[]string{"list", "--pages", "2"}, 100, 2},
		{[]string{"list", "--all", "--jobs", "1"}, 120, 4}, // 50 + 50 + 20, then the empty page
		{[]string{"list", "--all", "--format", "json", "--jobs", "1"}, 120, 4},
		{[]string{"list", "--all", "--format", "urls", "--sort", "oldest", "--jobs", "1"}, 120, 4},
		{[]string{"list", "--pages", "9", "--jobs", "1"}, 120, 4}, // stops at the end too
		{[]string{"list", "--all"}, 120, -7},                      // four at a time: at most 3 past the end
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			te := loggedInEnv(t, 120)
			code, out, serr := te.run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, serr)
			}
			n := te.srv.Count("GET", "/3/account/demo/favorites/")
			if tt.wantPages > 0 && n != tt.wantPages || tt.wantPages < 0 && (n < 4 || n > -tt.wantPages) {
				t.Errorf("%d favorites requests, want %d", n, tt.wantPages)
			}
			pages := map[string]int{}
			for _, r := range te.srv.Requests() {
				pages[r.Path]++
			}
			for p, n := range pages {
				if n > 1 {
					t.Errorf("%s requested %d times", p, n)
				}
			}
			switch {
			case strings.Contains(strings.Join(tt.args, " "), "json"):
				var items []map[string]any
				if err := json.Unmarshal([]byte(out), &items); err != nil {
					t.Fatal(err)
				}
				if len(items) != tt.wantItems {
					t.Errorf("%d items, want %d", len(items), tt.wantItems)
				}
				for _, k := range []string{"id", "title", "description", "datetime", "type", "is_album", "images_count", "width", "height",
					"size", "views", "nsfw", "page_url", "media_url", "thumbnail_url", "account_url"} {
					if _, ok := items[0][k]; !ok {
						t.Errorf("json lacks %q", k)
					}
				}
				if _, err := time.Parse(time.RFC3339, items[0]["datetime"].(string)); err != nil {
					t.Errorf("datetime: %v", err)
				}
			case strings.Contains(strings.Join(tt.args, " "), "urls"):
				lines := strings.Split(strings.TrimSpace(out), "\n")
				if len(lines) != tt.wantItems || !strings.HasPrefix(lines[0], "https://imgur.com/") {
					t.Errorf("%d urls, first %q", len(lines), lines[0])
				}
			default:
				lines := strings.Split(strings.TrimSpace(out), "\n")
				if len(lines) != tt.wantItems+1 || !strings.HasPrefix(lines[0], "DATE") {
					t.Errorf("%d table lines", len(lines))
				}
			}
			if strings.ContainsAny(out, "\x1b\x07") {
				t.Error("output carries control characters")
			}
		})
	}
}

func TestListTableWidth(t *testing.T) {
	te := loggedInEnv(t, 50)
	long := imgurtest.Generate(1, 1)
	long[0].Title = imgurtest.Str(strings.Repeat("a long title ", 30))
	te.srv.SetFavorites(long)
	for _, width := range []int{80, 40, 20} { // narrow ones are cut too, never wrapped
		var out bytes.Buffer
		e := env{args: []string{"list"}, getenv: te.getenv, stdout: &out, stderr: io.Discard,
			isTerminal: func() bool { return true }, width: func() int { return width }}
		if code := run(context.Background(), e); code != 0 {
			t.Fatalf("exit %d: %s", code, out.String())
		}
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if w := len([]rune(l)); w > width {
				t.Errorf("line of %d columns on a %d-column terminal", w, width)
			}
		}
	}
	// Piped: whole titles.
	_, piped, _ := te.run(t, "list")
	if !strings.Contains(piped, strings.TrimSpace(*long[0].Title)) {
		t.Error("piped table cut the title")
	}
}

func TestListPartialFailure(t *testing.T) {
	te := loggedInEnv(t, 120)
	te.srv.Fail(imgurtest.Fault{Kind: imgurtest.ServerError, Path: "/3/account/demo/favorites/1/", Times: -1})
	code, out, serr := te.run(t, "list", "--all", "--format", "urls")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 50 {
		t.Errorf("printed %d urls, want the 50 of page 0", n)
	}
	if !strings.Contains(serr, "fetch favorites page 1") || strings.Count(serr, "\n") != 1 {
		t.Errorf("stderr %q", serr)
	}
}

func TestListProgressOnTerminalStderr(t *testing.T) {
	te := loggedInEnv(t, 120)
	var out, errb bytes.Buffer
	e := env{args: []string{"list", "--all"}, getenv: te.getenv, stdout: &out, stderr: &errb,
		isTerminal: func() bool { return false }, stderrIsTerminal: func() bool { return true }}
	if code := run(context.Background(), e); code != 0 {
		t.Fatal(errb.String())
	}
	if !strings.Contains(errb.String(), "fetched 3 pages, 120 favorites") {
		t.Errorf("progress %q", errb.String())
	}
	if strings.Contains(out.String(), "fetched") {
		t.Error("progress went to stdout")
	}
}

func TestListNeedsLogin(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	code, _, serr := te.run(t, "list")
	if code != 1 || !strings.Contains(serr, "not logged in") {
		t.Errorf("exit %d, %q", code, serr)
	}
}

func TestListUsesETags(t *testing.T) {
	te := loggedInEnv(t, 120)
	te.run(t, "list")
	te.srv.ResetRequests()
	te.run(t, "list")
	reqs := te.srv.Requests()
	if len(reqs) != 1 || reqs[0].Status != 304 {
		t.Errorf("second run: %d requests, status %d; want one 304", len(reqs), reqs[0].Status)
	}
}

// Offline, list prints the cached pages with a one-line note of their
// age on stderr, and succeeds; with nothing cached it fails in one line.
func TestListOfflineShowsTheCache(t *testing.T) {
	te := loggedInEnv(t, 120)
	if code, _, serr := te.run(t, "list", "--all"); code != 0 {
		t.Fatal(serr)
	}
	te.srv.Close() // Imgur is gone
	code, out, serr := te.run(t, "list", "--all", "--format", "urls")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 120 {
		t.Errorf("printed %d favorites from the cache, want 120", n)
	}
	if serr != "imgfav: offline — showing cached favorites from just now\n" {
		t.Errorf("stderr %q", serr)
	}

	empty := loggedInEnv(t, 10)
	empty.srv.Close()
	code, out, serr = empty.run(t, "list")
	if code != 1 || out != "" || !strings.Contains(serr, "cannot reach Imgur") || strings.Count(serr, "\n") != 1 {
		t.Errorf("offline without a cache: exit %d, %q, %q", code, out, serr)
	}
}

// --cached never contacts Imgur, even logged out.
func TestListCachedMakesNoRequest(t *testing.T) {
	te := loggedInEnv(t, 120)
	te.run(t, "list", "--all")
	te.srv.ResetRequests()
	code, out, serr := te.run(t, "list", "--cached", "--pages", "2", "--format", "urls")
	if code != 0 || serr != "" {
		t.Fatalf("exit %d: %s", code, serr)
	}
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 100 {
		t.Errorf("printed %d favorites, want the 100 of two pages", n)
	}
	// The stored login's account, after a plain logout too.
	delete(te.vars, "IMGFAV_ACCESS_TOKEN")
	delete(te.vars, "IMGFAV_REFRESH_TOKEN")
	delete(te.vars, "IMGFAV_USERNAME")
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.SaveLogin(store.Login{AccessToken: "a", Username: "demo"})
	st.Close()
	te.run(t, "logout")
	if code, out, serr := te.run(t, "list", "--cached", "--all"); code != 0 || strings.Count(out, "\n") != 121 {
		t.Errorf("after logout: exit %d, %d lines, %q", code, strings.Count(out, "\n"), serr)
	}
	if n := len(te.srv.Requests()); n != 0 {
		t.Errorf("--cached sent %d requests", n)
	}

	none := loggedInEnv(t, 10)
	code, out, serr = none.run(t, "list", "--cached")
	if code != 1 || out != "" || !strings.Contains(serr, "the cache holds no newest favorites of demo") || strings.Count(serr, "\n") != 1 {
		t.Errorf("empty cache: exit %d, %q, %q", code, out, serr)
	}
	if n := len(none.srv.Requests()); n != 0 {
		t.Errorf("--cached sent %d requests", n)
	}
	if code, out, _ := none.run(t, "list", "--help"); code != 0 || !strings.Contains(out, "--cached") {
		t.Errorf("list --help lacks --cached:\n%s", out)
	}
}

// The browser's last sort does not leak into scripts.
func TestListSortsNewestUnlessTold(t *testing.T) {
	te := loggedInEnv(t, 20)
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.SetLastSort("oldest")
	st.Close()
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"list"}, "", "/newest"},
		{[]string{"list", "--sort", "oldest"}, "", "/oldest"},
		{[]string{"list"}, "oldest", "/oldest"},
	} {
		te.vars["IMGFAV_SORT"] = tt.env
		te.srv.ResetRequests()
		if code, _, serr := te.run(t, tt.args...); code != 0 {
			t.Fatal(serr)
		}
		if reqs := te.srv.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].Path, tt.want) {
			t.Errorf("%v with IMGFAV_SORT=%q: requests %v, want one for %s", tt.args, tt.env, reqs, tt.want)
		}
	}
}

// A server that never sends the empty page: list --all stops at the first
// page that adds nothing new.
func TestListAllStopsWhenAPageAddsNothing(t *testing.T) {
	te := loggedInEnv(t, 130) // pages of 50: 0, 1, 2 (30 items)
	target, err := url.Parse(te.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every page past 2 is answered with page 2.
		if rest, ok := strings.CutPrefix(r.URL.Path, "/3/account/demo/favorites/"); ok {
			if n, sort, _ := strings.Cut(rest, "/"); n > "2" || len(n) > 1 {
				r.URL.Path = "/3/account/demo/favorites/2/" + sort
			}
		}
		rp.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	te.vars["IMGFAV_API_URL"] = proxy.URL

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, env{args: []string{"list", "--all", "--format", "urls", "--jobs", "1"}, getenv: te.getenv, stdout: &out, stderr: &errb, isTerminal: func() bool { return false }})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 130 {
		t.Errorf("printed %d favorites, want 130", n)
	}
	if n := te.srv.Count("GET", "/3/account/demo/favorites/"); n != 4 {
		t.Errorf("%d pages requested, want 4 (the fourth repeats the third)", n)
	}
}

func TestCollectPagesPassesOverUnreadablePages(t *testing.T) {
	pages := map[int]struct {
		items   []imgur.Item
		skipped int
	}{
		0: {items: []imgur.Item{{ID: "a"}}},
		1: {skipped: 60},
		2: {items: []imgur.Item{{ID: "b"}}, skipped: 2},
	}
	asked := 0
	items, _, skipped, err := collectPages(context.Background(), listOptions{all: true}, func(_ context.Context, page int) ([]imgur.Item, int, error) {
		asked++
		if asked > 20 {
			t.Fatal("paged forever")
		}
		if p, ok := pages[page]; ok {
			return p.items, p.skipped, nil
		}
		if page < 10 {
			return nil, 60, nil // unreadable forever from page 3 on
		}
		return nil, 0, nil
	}, nil)
	if err != nil || len(items) != 2 || skipped != 62+60*imgur.MaxUnreadableRun+60 {
		t.Errorf("items %d, skipped %d, err %v; want 2 items, %d skipped", len(items), skipped, err, 62+60*imgur.MaxUnreadableRun+60)
	}
	if asked != 3+imgur.MaxUnreadableRun+1 {
		t.Errorf("asked %d pages, want %d", asked, 3+imgur.MaxUnreadableRun+1)
	}
}

func TestOpenerReportsAFailingBrowser(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs /bin/sh")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nexit 3\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := newOpener(script).Open("https://imgur.com/abc"); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("Open with a $BROWSER that exits 3 = %v, want its exit status", err)
	}
	ok := filepath.Join(dir, "ok")
	if err := os.WriteFile(ok, []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := newOpener(ok).Open("https://imgur.com/abc"); err != nil {
		t.Errorf("Open with a $BROWSER that works = %v", err)
	}
}

func TestListFilter(t *testing.T) {
	favs := imgurtest.Generate(120, 77)
	favs[3].Title = imgurtest.Str("Ñandú corriendo")
	favs[80].Title = imgurtest.Str("Un ñandu en la pampa")
	favs[81].Title = imgurtest.Str("Nandu? No: a red panda")
	te := newTestEnv(t, imgurtest.Options{Favorites: favs, PageSize: 60})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	ids := func(out string) []string { return strings.Fields(out) }
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--filter", "nandu"}, []string{favs[3].ID}}, // the first page only
		{[]string{"--filter", "nandu", "--all"}, []string{favs[3].ID, favs[80].ID, favs[81].ID}},
		{[]string{"--filter", "nandu -panda", "--all"}, []string{favs[3].ID, favs[80].ID}},
		{[]string{"--filter", `"no: a red"`, "--all", "--cached"}, []string{favs[81].ID}},
	}
	for _, tt := range tests {
		args := append([]string{"list", "--format", "urls"}, tt.args...)
		code, out, serr := te.run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, serr)
		}
		var got []string
		for _, u := range ids(out) {
			got = append(got, u[strings.LastIndex(u, "/")+1:])
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%v printed %v, want %v", tt.args, got, tt.want)
		}
	}
	if _, _, serr := te.run(t, "list", "--filter", "nandu"); !strings.Contains(serr, "searched the first 60 favorites (--pages 1); --all searches every one") {
		t.Errorf("a filter over the first page does not say so: %q", serr)
	}
	if _, _, serr := te.run(t, "list", "--filter", "nandu", "--all"); strings.Contains(serr, "searched the first") {
		t.Errorf("a filter over every favorite says it searched the first: %q", serr)
	}
	if _, _, serr := te.run(t, "list", "--filter", "nandu", "--pages", "3"); strings.Contains(serr, "searched the first") {
		t.Errorf("a filter over pages that ended the list says it searched the first: %q", serr)
	}
	code, out, serr := te.run(t, "list", "--filter", "type:jpeg")
	if code != 2 || out != "" || !strings.Contains(serr, "--filter: type: is one of") {
		t.Errorf("a bad query: exit %d, %q, %q", code, out, serr)
	}
}

// A script waiting on a 429's Retry-After is told so on stderr, rather than
// left with seconds of silence.
func TestListSaysWhenItWaits(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(10, 1)})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	te.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Path: "/3/account/", RetryAfter: 3})
	code, out, serr := te.run(t, "list", "--format", "urls")
	if code != 0 || strings.Count(out, "\n") != 10 {
		t.Fatalf("exit %d, %d lines: %s", code, strings.Count(out, "\n"), serr)
	}
	if !strings.Contains(serr, "imgfav: Imgur asked to wait; trying once more in ") {
		t.Errorf("stderr %q", serr)
	}
}
