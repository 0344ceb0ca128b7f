package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// stubClient answers without a network, for benchmarks.
type stubClient struct{}

func (stubClient) AuthorizeURL(string) string { return "" }
func (stubClient) SetToken(imgur.Token)       {}
func (stubClient) Token() imgur.Token         { return imgur.Token{AccessToken: "x", Username: "demo"} }
func (stubClient) Me(context.Context) (imgur.Account, error) {
	return imgur.Account{}, nil
}
func (stubClient) Favorites(context.Context, string, int, imgur.Sort) (imgur.Page, error) {
	return imgur.Page{}, nil
}
func (stubClient) AlbumImages(context.Context, string) ([]imgur.Item, error) { return nil, nil }
func (stubClient) MediaURL(it imgur.Item) string                             { return imgur.PageURL(it) }
func (stubClient) RateLimit() imgur.RateLimit                                { return imgur.RateLimit{} }
func (stubClient) ToggleFavorite(context.Context, imgur.Item) (bool, error) {
	return false, nil
}
func (stubClient) Folders(context.Context, string) ([]imgur.Folder, error) { return nil, nil }
func (stubClient) FolderFavorites(context.Context, string, int64, int, imgur.Sort) (imgur.Page, error) {
	return imgur.Page{}, nil
}
func (stubClient) Comments(context.Context, string, imgur.CommentSort) ([]imgur.Comment, error) {
	return nil, nil
}

// benchModel is a 120x40 list of n favorites with the cursor mid-list.
func benchModel(b *testing.B, n int) Model {
	return benchModelWith(b, n, 120, 40, Options{Client: stubClient{}, Now: func() time.Time { return testNow }})
}

// benchModelWith is a w×h list of n favorites, built with opts, with the
// cursor mid-list.
func benchModelWith(b *testing.B, n, w, h int, opts Options) Model {
	m := New(opts)
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = next.(Model)
	f := m.list.cur()
	f.started = true
	kinds := []string{"image/jpeg", "image/gif", "video/mp4", "image/png"}
	for i := range n {
		it := imgur.Item{ID: fmt.Sprintf("id%07d", i), Title: fmt.Sprintf("Favorite number %d with a title of usual length 東京 🐱", i),
			Datetime: 1700000000 - int64(i)*3600, Type: kinds[i%4], Animated: i%4 == 1, Views: int64(i * 37)}
		if i%10 == 0 {
			it.IsAlbum, it.ImagesCount, it.Type = true, 7, ""
		}
		f.seen[it.ID] = true
		f.items = append(f.items, it)
	}
	f.next = n / 60
	m.list.setCursor(n / 2)
	return m
}

func BenchmarkListView(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

func BenchmarkListUpdateKeyDown(b *testing.B) {
	down, up := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyUp}
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			var tm tea.Model = m
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := down
				if i%2 == 1 {
					msg = up
				}
				tm, _ = tm.Update(msg)
				i++
			}
		})
	}
}

// BenchmarkListAppendPage is what a user feels when a page arrives at the
// end of a long list.
func BenchmarkListAppendPage(b *testing.B) {
	page := make([]imgur.Item, 60)
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				for j := range page {
					page[j] = imgur.Item{ID: fmt.Sprintf("new%d-%d", i, j), Title: "new"}
				}
				f := m.list.cur()
				f.inflight, f.pending = true, f.next
				req := pageRequest{account: m.list.account, sort: m.list.sort, page: f.next, gen: f.gen}
				next, _ := m.Update(favoritesLoadedMsg{req: req, page: imgur.Page{Items: page}})
				m = next.(Model)
				i++
			}
		})
	}
}

// BenchmarkFilterKeystroke is the Update work of one letter typed in /
// (alternately typed and erased): the search it starts runs in the
// command, off the key path. Compare with BenchmarkListUpdateKeyDown.
func BenchmarkFilterKeystroke(b *testing.B) {
	letter, erase := tea.KeyPressMsg{Code: 'a', Text: "a"}, tea.KeyPressMsg{Code: tea.KeyBackspace}
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			var tm tea.Model = m
			tm, _ = tm.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
			for _, r := range "red pand" {
				tm, _ = tm.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := letter
				if i%2 == 1 {
					msg = erase
				}
				tm, _ = tm.Update(msg)
				i++
			}
		})
	}
}

// filledCache is the HTTP cache after a run that loaded all n favorites:
// every page as the fake serves it, fetched through the client.
func filledCache(b *testing.B, n int) *memCache {
	b.Helper()
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: imgurtest.Generate(n, 7)})
	defer srv.Close()
	cache := &memCache{}
	c, err := imgur.New(imgur.Config{APIURL: srv.URL, ClientID: imgurtest.ClientID, ClientSecret: imgurtest.ClientSecret, Cache: cache})
	if err != nil {
		b.Fatal(err)
	}
	tok := srv.Login()
	c.SetToken(imgur.Token{AccessToken: tok.Access, Username: "demo"})
	cache.client = c
	for p := 0; ; p++ {
		page, err := c.Favorites(context.Background(), "demo", p, imgur.SortNewest)
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Items) == 0 {
			return cache
		}
	}
}

// BenchmarkStartFromCache is the wait from start to the first screen of
// rows with a populated cache: a new model, the cache's page 0 read and
// decoded, the view rendered. It must not grow with the cache: the rest
// of it is read afterwards, as later messages.
func BenchmarkStartFromCache(b *testing.B) {
	for _, n := range []int{600, 60000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			cache := filledCache(b, n)
			opts := Options{Client: stubClient{}, Cache: cache, Now: func() time.Time { return testNow }}
			b.ReportAllocs()
			for b.Loop() {
				m := New(opts)
				next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
				next, _ = next.(Model).Update(next.(Model).list.Init()())
				if m := next.(Model); m.View().Content == "" || m.list.visibleLen() == 0 {
					b.Fatal("no rows on the first screen")
				}
			}
		})
	}
}

// BenchmarkListRows is the list's own part of a frame (header, filter line
// and rows), without the status bar and the root's fit.
func BenchmarkListRows(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.list.View()
			}
		})
	}
}
