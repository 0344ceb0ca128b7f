package imgur_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// sleeps records the waits the client asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

type fixture struct {
	srv    *imgurtest.Server
	client *imgur.Client
	sleeps *sleeps
	tok    imgurtest.Tokens
}

// newFixture starts a fake and a client logged in to it.
func newFixture(t *testing.T, opts imgurtest.Options, edit func(*imgur.Config)) *fixture {
	t.Helper()
	srv := imgurtest.NewServer(opts)
	t.Cleanup(srv.Close)
	sl := &sleeps{}
	cfg := imgur.Config{
		APIURL: srv.URL, ImageURL: srv.URL,
		ClientID: imgurtest.ClientID, ClientSecret: imgurtest.ClientSecret,
		Version: "test", Timeout: 5 * time.Second,
		Sleep:  sl.sleep,
		Hold:   sl.sleep,
		Jitter: func(time.Duration) time.Duration { return 0 },
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := imgur.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok := srv.Login()
	c.SetToken(imgur.Token{AccessToken: tok.Access, RefreshToken: tok.Refresh,
		Expiry: time.Now().Add(time.Hour), Username: srv.Username(), AccountID: srv.AccountID()})
	return &fixture{srv: srv, client: c, sleeps: sl, tok: tok}
}

func TestFavoritesPagingBothSorts(t *testing.T) {
	favs := imgurtest.Generate(130, 7)
	f := newFixture(t, imgurtest.Options{Favorites: favs, PageSize: 60}, nil)
	ctx := context.Background()
	for _, sort := range []imgur.Sort{imgur.SortNewest, imgur.SortOldest} {
		var ids []string
		for page := 0; ; page++ {
			p, err := f.client.Favorites(ctx, "me", page, sort)
			if err != nil {
				t.Fatalf("%s page %d: %v", sort, page, err)
			}
			if len(p.Items) == 0 {
				if page != 3 {
					t.Errorf("%s: empty page at %d, want 3", sort, page)
				}
				break
			}
			for _, it := range p.Items {
				ids = append(ids, it.ID)
			}
		}
		if len(ids) != len(favs) {
			t.Fatalf("%s: got %d items, want %d", sort, len(ids), len(favs))
		}
		first := favs[0].ID
		if sort == imgur.SortOldest {
			first = favs[len(favs)-1].ID
		}
		if ids[0] != first {
			t.Errorf("%s: first id %s, want %s", sort, ids[0], first)
		}
	}
	if n := f.srv.Count("GET", "/3/account/me/favorites/"); n != 8 {
		t.Errorf("favorites requests = %d, want 8", n)
	}
}

func TestRequestHeaders(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.MashapeKey = "mk" })
	if _, err := f.client.Favorites(context.Background(), "", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	r := f.srv.Requests()[0]
	for h, want := range map[string]string{
		"User-Agent":    "imgfav/test",
		"Authorization": "Bearer " + f.tok.Access,
		"X-Mashape-Key": "mk",
		"Accept":        "application/json",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if r.Path != "/3/account/me/favorites/0/newest" {
		t.Errorf("path = %s", r.Path)
	}
}

func TestConditionalRequests(t *testing.T) {
	cache := &imgurtest.Cache{}
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Cache = cache })
	ctx := context.Background()
	first, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	if err != nil || first.NotModified {
		t.Fatalf("first fetch: %v, notModified=%v", err, first.NotModified)
	}
	etag, _, ok := cache.GetCached("demo", imgur.FavoritesCacheKey(imgur.SortNewest, 0))
	if !ok || !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("cached etag = %q, %v; want a weak etag", etag, ok)
	}
	before := f.client.RateLimit().UserRemaining
	second, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified {
		t.Error("second fetch: NotModified = false, want true")
	}
	if len(second.Items) != len(first.Items) || second.Items[0].ID != first.Items[0].ID {
		t.Error("second fetch did not serve the cached items")
	}
	reqs := f.srv.Requests()
	last := reqs[len(reqs)-1]
	if last.Header.Get("If-None-Match") != etag || last.Status != http.StatusNotModified {
		t.Errorf("second request: If-None-Match %q status %d; want %q and 304", last.Header.Get("If-None-Match"), last.Status, etag)
	}
	if got := f.client.RateLimit().UserRemaining; got != before-1 {
		t.Errorf("a 304 must still cost a credit: remaining %d, want %d", got, before-1)
	}

	// A changed page 0 answers 200 with the new data.
	f.srv.AddFavorite(imgurtest.Favorite{ID: "NEWfav1", Title: imgurtest.Str("new"), Type: "image/png"})
	third, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	if err != nil || third.NotModified || third.Items[0].ID != "NEWfav1" {
		t.Fatalf("after a change: err=%v notModified=%v first=%v", err, third.NotModified, third.Items[0].ID)
	}
}

func TestCacheIsPerAccount(t *testing.T) {
	cache := &imgurtest.Cache{}
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Cache = cache })
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := cache.GetCached("someoneelse", imgur.FavoritesCacheKey(imgur.SortNewest, 0)); ok {
		t.Error("another account sees the cached page")
	}
}

func TestErrorShapesFromServer(t *testing.T) {
	tests := []struct {
		fault    imgurtest.FaultKind
		want     error
		wantText string
	}{
		{imgurtest.HTMLOutage, imgur.ErrUnavailable, "over capacity"},
		{imgurtest.OverCapacity, imgur.ErrUnavailable, "temporarily over capacity"},
		{imgurtest.Malformed, imgur.ErrUnavailable, "Imgur is unavailable: unreadable response (HTTP 200)"}, // not "500"
		{imgurtest.ServerError, imgur.ErrUnavailable, "Internal error"},
		{imgurtest.BadGateway, imgur.ErrUnavailable, "empty response"},
		{imgurtest.BareData, imgur.ErrBadRequest, "Bad request"},
		{imgurtest.RateLimited, imgur.ErrRateLimited, "credits exhausted"},
	}
	for _, tt := range tests {
		t.Run(tt.want.Error()+tt.wantText, func(t *testing.T) {
			f := newFixture(t, imgurtest.Options{}, nil)
			f.srv.Fail(imgurtest.Fault{Kind: tt.fault, Times: 2})
			_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantText) || strings.ContainsAny(msg, "<>\n\x1b") || len(msg) > 300 {
				t.Errorf("message %q: want one short clean line containing %q", msg, tt.wantText)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := imgur.New(imgur.Config{APIURL: url, ClientID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: "abc"})
	_, err = c.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if strings.Contains(err.Error(), url) {
		t.Errorf("message repeats the URL: %v", err)
	}
}

func TestBodySizeLimit(t *testing.T) {
	f := newFixture(t, imgurtest.Options{Favorites: imgurtest.Generate(60, 3)}, func(c *imgur.Config) {
		c.MaxBodyBytes = 4096
	})
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrMalformed) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a size-limit error", err)
	}
}

func TestAlbumImagesMeAndCredits(t *testing.T) {
	favs := imgurtest.Generate(40, 5)
	var album imgurtest.Favorite
	for _, fv := range favs {
		if fv.IsAlbum && !fv.EmbedImages {
			album = fv
			break
		}
	}
	if album.ID == "" {
		t.Fatal("generator made no album without embedded images")
	}
	f := newFixture(t, imgurtest.Options{Favorites: favs}, nil)
	ctx := context.Background()

	page, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.ID == album.ID && (it.Images != nil || it.ImagesCount != len(album.Images)) {
			t.Errorf("album without embedded images: Images=%v count=%d", it.Images, it.ImagesCount)
		}
		if it.IsAlbum && it.Images != nil && len(it.Images) != it.ImagesCount {
			t.Errorf("embedded album %s has %d images, count %d", it.ID, len(it.Images), it.ImagesCount)
		}
	}

	imgs, err := f.client.AlbumImages(ctx, album.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != len(album.Images) || imgs[0].ID != album.Images[0].ID {
		t.Errorf("album images: got %d, want %d", len(imgs), len(album.Images))
	}
	if _, err := f.client.AlbumImages(ctx, "nope"); !errors.Is(err, imgur.ErrNotFound) {
		t.Errorf("missing album: err = %v, want ErrNotFound", err)
	}

	me, err := f.client.Me(ctx)
	if err != nil || me.URL != "demo" || me.ID != 4242 {
		t.Errorf("Me = %+v, %v", me, err)
	}

	f.srv.SetCredits(77, 8888, time.Unix(2000000000, 0))
	cr, err := f.client.Credits(ctx)
	if err != nil || cr.UserRemaining != 77 || cr.ClientRemaining != 8888 || cr.UserReset != 2000000000 {
		t.Fatalf("Credits = %+v, %v", cr, err)
	}
	if rl := f.client.RateLimit(); rl.UserRemaining != 77 || rl.ClientRemaining != 8888 {
		t.Errorf("credits not recorded as the rate limit: %+v", rl)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []imgur.Config{
		{ClientID: ""},
		{ClientID: "x", APIURL: "ftp://example.com"},
		{ClientID: "x", APIURL: "not a url"},
		{ClientID: "x", ImageURL: "https://"},
		{ClientID: "x", APIURL: "https://api.imgur.com/?x=1"},
	} {
		if _, err := imgur.New(cfg); err == nil {
			t.Errorf("New(%v) accepted a bad config", cfg)
		}
	}
}

func TestConfigAndTokenNeverPrintSecrets(t *testing.T) {
	cfg := imgur.Config{ClientID: "id", ClientSecret: "topsecret", MashapeKey: "mashsecret"}
	tok := imgur.Token{AccessToken: "accesssecret", RefreshToken: "refreshsecret", Username: "bob"}
	for _, s := range []string{
		fmtAll(cfg), fmtAll(tok), fmtAll(&tok),
	} {
		for _, secret := range []string{"topsecret", "mashsecret", "accesssecret", "refreshsecret"} {
			if strings.Contains(s, secret) {
				t.Errorf("printed %q contains a secret", s)
			}
		}
	}
}
