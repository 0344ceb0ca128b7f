package imgur_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

var page0 = imgur.FavoritesCacheKey(imgur.SortNewest, 0)

// TestDamagedCachedBodyRefetchedOnce: when the body cached behind a valid
// ETag no longer decodes, Imgur answers 304 and the client could never read
// the page again. It drops the entry and asks once more, plainly.
func TestDamagedCachedBodyRefetchedOnce(t *testing.T) {
	tests := []struct {
		name       string
		damaged    []byte
		wantFirst  string // If-None-Match of the first request: "etag" or ""
		wantStatus []int
	}{
		{"not JSON", []byte("\x00\x17garbage"), "etag", []int{304, 200}},
		{"cut off", []byte(`{"data":[{"id":"abc1234","title":"cu`), "etag", []int{304, 200}},
		{"data not a list", []byte(`{"data":{"error":"x"},"success":true,"status":200}`), "etag", []int{304, 200}},
		{"an error envelope", []byte(`{"data":{"error":"x"},"success":false,"status":500}`), "etag", []int{304, 200}},
		{"empty body is not used", []byte{}, "", []int{200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := &imgurtest.Cache{}
			f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Cache = cache })
			ctx := context.Background()
			fresh, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
			if err != nil {
				t.Fatal(err)
			}
			etag, good, _ := cache.GetCached("demo", page0)
			_ = cache.PutCached("demo", page0, etag, tt.damaged)
			f.srv.ResetRequests()

			got, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
			if err != nil || got.NotModified || len(got.Items) != len(fresh.Items) || got.Items[0].ID != fresh.Items[0].ID {
				t.Fatalf("err %v, NotModified %v, %d items; want the fresh page", err, got.NotModified, len(got.Items))
			}
			var statuses []int
			for i, r := range f.srv.Requests() {
				statuses = append(statuses, r.Status)
				want := ""
				if i == 0 && tt.wantFirst != "" {
					want = etag
				}
				if inm := r.Header.Get("If-None-Match"); inm != want {
					t.Errorf("request %d: If-None-Match %q, want %q", i, inm, want)
				}
			}
			if !slices.Equal(statuses, tt.wantStatus) {
				t.Errorf("statuses = %v, want %v", statuses, tt.wantStatus)
			}
			if _, body, _ := cache.GetCached("demo", page0); !bytes.Equal(body, good) {
				t.Errorf("cache holds %q, want the fresh body", body)
			}
			// And the page is conditional again.
			if again, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest); err != nil || !again.NotModified {
				t.Errorf("next fetch: err %v, NotModified %v; want a 304 from the repaired cache", err, again.NotModified)
			}
		})
	}
}

// TestDamagedCacheNeverLoops: a server that answers 304 even to the plain
// request gets exactly one extra request, then an error.
func TestDamagedCacheNeverLoops(t *testing.T) {
	cache := &imgurtest.Cache{}
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Cache = cache })
	_ = cache.PutCached("demo", page0, `W/"x"`, []byte("garbage"))
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.Recorded, Status: http.StatusNotModified, Times: -1})
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	if n := len(f.srv.Requests()); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
	if _, _, ok := cache.GetCached("demo", page0); ok {
		t.Error("the damaged entry is still cached")
	}
}

// TestPageZeroChangeDropsLaterPages: when page 0 of a sort comes back
// changed, the cached pages after it have shifted and are dropped; the
// other sort and an unchanged page 0 leave the cache alone.
func TestPageZeroChangeDropsLaterPages(t *testing.T) {
	newest := func(p int) string { return imgur.FavoritesCacheKey(imgur.SortNewest, p) }
	oldest := func(p int) string { return imgur.FavoritesCacheKey(imgur.SortOldest, p) }
	type sortPage struct {
		sort imgur.Sort
		page int
	}
	fetched := []sortPage{{imgur.SortNewest, 0}, {imgur.SortNewest, 1}, {imgur.SortNewest, 2}, {imgur.SortNewest, 3}, {imgur.SortOldest, 0}, {imgur.SortOldest, 1}}
	all := []string{newest(0), newest(1), newest(2), newest(3), oldest(0), oldest(1)}
	tests := []struct {
		name     string
		change   func(*imgurtest.Server, *imgurtest.Cache)
		wantKeys []string
		wantNew  bool
	}{
		{"a new favorite", func(s *imgurtest.Server, _ *imgurtest.Cache) {
			s.AddFavorite(imgurtest.Favorite{ID: "NEWfav1", Type: "image/png"})
		}, []string{newest(0), oldest(0), oldest(1)}, true},
		{"unchanged (304)", func(*imgurtest.Server, *imgurtest.Cache) {}, all, false},
		{"unchanged body under another ETag", func(_ *imgurtest.Server, c *imgurtest.Cache) {
			_, body, _ := c.GetCached("demo", newest(0))
			_ = c.PutCached("demo", newest(0), `W/"other"`, body)
		}, all, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := &imgurtest.Cache{}
			f := newFixture(t, imgurtest.Options{Favorites: imgurtest.Generate(200, 9), PageSize: 60},
				func(c *imgur.Config) { c.Cache = cache })
			ctx := context.Background()
			for _, sp := range fetched {
				if _, err := f.client.Favorites(ctx, "me", sp.page, sp.sort); err != nil {
					t.Fatal(err)
				}
			}
			tt.change(f.srv, cache)
			p, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
			if err != nil {
				t.Fatal(err)
			}
			if got := cache.Keys("demo"); !slices.Equal(got, tt.wantKeys) {
				t.Errorf("cached keys = %v, want %v", got, tt.wantKeys)
			}
			_, body, _ := cache.GetCached("demo", newest(0))
			if cached, _ := imgur.DecodeFavorites(body); (p.Items[0].ID == "NEWfav1") != tt.wantNew || cached[0].ID != p.Items[0].ID {
				t.Errorf("page 0 starts with %s, cached with %s", p.Items[0].ID, cached[0].ID)
			}
		})
	}
}

// TestCachedFavorites: the client reads back the pages it cached, with
// the time they were fetched, without a request; a page that no longer
// decodes is a miss and is dropped.
func TestCachedFavorites(t *testing.T) {
	fetchedAt := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	cache := &imgurtest.Cache{Now: func() time.Time { return fetchedAt }}
	f := newFixture(t, imgurtest.Options{Favorites: imgurtest.Generate(90, 3), PageSize: 60},
		func(c *imgur.Config) { c.Cache = cache })
	ctx := context.Background()
	fresh, err := f.client.Favorites(ctx, "me", 1, imgur.SortOldest)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.ResetRequests()

	got, ok, err := f.client.CachedFavorites("demo", imgur.SortOldest, 1)
	if err != nil || !ok {
		t.Fatalf("CachedFavorites = ok %v, err %v; want the cached page", ok, err)
	}
	if got.Page != 1 || !got.Fetched.Equal(fetchedAt) || len(got.Items) != len(fresh.Items) || got.Items[0].ID != fresh.Items[0].ID {
		t.Errorf("got page %d fetched %s with %d items, want page 1 fetched %s with %d", got.Page, got.Fetched, len(got.Items), fetchedAt, len(fresh.Items))
	}
	for _, miss := range []struct {
		sort imgur.Sort
		page int
	}{{imgur.SortNewest, 1}, {imgur.SortOldest, 0}, {imgur.SortOldest, 2}} {
		if _, ok, err := f.client.CachedFavorites("demo", miss.sort, miss.page); ok || err != nil {
			t.Errorf("CachedFavorites(%s, %d) = ok %v, err %v; want a miss", miss.sort, miss.page, ok, err)
		}
	}
	if n := len(f.srv.Requests()); n != 0 {
		t.Errorf("reading the cache sent %d requests", n)
	}

	key := imgur.FavoritesCacheKey(imgur.SortOldest, 1)
	_ = cache.PutCached("demo", key, `W/"x"`, []byte(`{"data":[{"id":"abc1234","title":"cu`))
	if _, ok, err := f.client.CachedFavorites("demo", imgur.SortOldest, 1); ok || err != nil {
		t.Errorf("damaged page: ok %v, err %v; want a miss", ok, err)
	}
	if _, _, ok := cache.GetCached("demo", key); ok {
		t.Error("the damaged page is still cached")
	}
}

// TestCachedFavoritesWithoutCache: no cache, no pages, no error.
func TestCachedFavoritesWithoutCache(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, nil)
	if _, ok, err := f.client.CachedFavorites("demo", imgur.SortNewest, 0); ok || err != nil {
		t.Errorf("ok %v, err %v; want a miss", ok, err)
	}
}

// TestCacheAccountAsGiven: the client hands the cache the user name as
// Imgur spells it; naming accounts is the cache's business.
func TestCacheAccountAsGiven(t *testing.T) {
	cache := &imgurtest.Cache{}
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Cache = cache })
	tok := f.client.Token()
	tok.Username = "DeMo"
	f.client.SetToken(tok)
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if got := cache.Keys("DeMo"); len(got) != 1 {
		t.Errorf("keys of DeMo = %v, want page 0", got)
	}
	if got := cache.Keys("demo"); len(got) != 0 {
		t.Errorf("keys of demo = %v, want none (the client does not fold case)", got)
	}
}
