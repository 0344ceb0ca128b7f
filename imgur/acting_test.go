package imgur_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func cachedIDs(t *testing.T, c *imgur.Client, read func() (imgur.CachedPage, bool, error)) map[string]bool {
	t.Helper()
	p, ok, err := read()
	if err != nil || !ok {
		t.Fatalf("cached page: %v %v", ok, err)
	}
	ids := map[string]bool{}
	for _, it := range p.Items {
		ids[it.ID] = true
	}
	return ids
}

func TestToggleFavoriteAndTheCache(t *testing.T) {
	favs := imgurtest.Generate(130, 8)
	folders := imgurtest.GenerateFolders(favs, 3)
	cache := &imgurtest.Cache{}
	fx := newFixture(t, imgurtest.Options{Favorites: favs, Folders: folders}, func(c *imgur.Config) { c.Cache = cache })
	ctx := context.Background()
	c := fx.client
	var victim imgur.Item
	page, err := c.Favorites(ctx, "demo", 0, imgur.SortNewest)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.ID == folders[3].Items[0] {
			victim = it
		}
	}
	if victim.ID == "" {
		t.Fatal("the folder's first item is not on page 0")
	}
	if _, err := c.Favorites(ctx, "demo", 2, imgur.SortOldest); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FolderFavorites(ctx, "demo", folders[3].ID, 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	newest := func() (imgur.CachedPage, bool, error) { return c.CachedFavorites("demo", imgur.SortNewest, 0) }
	oldest := func() (imgur.CachedPage, bool, error) { return c.CachedFavorites("demo", imgur.SortOldest, 2) }
	folder := func() (imgur.CachedPage, bool, error) {
		return c.CachedFolderFavorites("demo", folders[3].ID, imgur.SortNewest, 0)
	}
	for _, read := range []func() (imgur.CachedPage, bool, error){newest, oldest, folder} {
		if !cachedIDs(t, c, read)[victim.ID] {
			t.Fatal("the cached pages do not hold the favorite to begin with")
		}
	}

	fav, err := c.ToggleFavorite(ctx, victim)
	if err != nil || fav {
		t.Fatalf("toggle: favorited %v, %v; want unfavorited", fav, err)
	}
	for i, read := range []func() (imgur.CachedPage, bool, error){newest, oldest, folder} {
		if cachedIDs(t, c, read)[victim.ID] {
			t.Errorf("cached page %d still holds the removed favorite", i)
		}
	}
	if r := c.RateLimit(); !r.PostKnown || r.PostLimit != 1250 || r.PostRemaining != 1249 {
		t.Errorf("post allowance %+v", r)
	}
	if req := fx.srv.Requests(); req[len(req)-1].Method != "POST" || !strings.HasSuffix(req[len(req)-1].Path, "/"+victim.ID+"/favorite") {
		t.Errorf("last request %+v", req[len(req)-1])
	}

	fav, err = c.ToggleFavorite(ctx, victim)
	if err != nil || !fav {
		t.Fatalf("toggle again: favorited %v, %v", fav, err)
	}
	for i, read := range []func() (imgur.CachedPage, bool, error){newest, oldest, folder} {
		if !cachedIDs(t, c, read)[victim.ID] {
			t.Errorf("cached page %d was not put back", i)
		}
	}
}

func TestToggleFavoriteRefusals(t *testing.T) {
	favs := imgurtest.Generate(5, 1)
	fx := newFixture(t, imgurtest.Options{Favorites: favs}, nil)
	ctx := context.Background()
	it := imgur.Item{ID: favs[0].ID, IsAlbum: favs[0].IsAlbum}
	fx.srv.SetPostCredits(0, time.Now().Add(time.Hour))
	_, err := fx.client.ToggleFavorite(ctx, it)
	var rle *imgur.RateLimitError
	if !errors.As(err, &rle) || rle.Which != "post" || !rle.Sent {
		t.Fatalf("a 429 for the POST allowance: %v", err)
	}
	n := len(fx.srv.Requests())
	_, err = fx.client.ToggleFavorite(ctx, it) // known to be used up now: nothing sent
	if !errors.As(err, &rle) || rle.Sent || len(fx.srv.Requests()) != n {
		t.Fatalf("sent with no POST allowance left: %v, %d requests", err, len(fx.srv.Requests())-n)
	}
	if !strings.Contains(err.Error(), "allowance of changes") {
		t.Errorf("message %q", err)
	}
	fx.srv.SetPostCredits(10, time.Now().Add(time.Hour))
	fx2 := newFixture(t, imgurtest.Options{Favorites: favs}, nil)
	fx2.srv.Fail(imgurtest.Fault{Kind: imgurtest.ServerError, Path: "/3/"})
	if _, err := fx2.client.ToggleFavorite(ctx, it); !errors.Is(err, imgur.ErrUnavailable) {
		t.Fatalf("a 500: %v", err)
	}
	if got := fx2.srv.Count("POST", "/3/"); got != 1 {
		t.Fatalf("a failed POST was sent %d times, want once (never retried)", got)
	}
	if _, err := fx2.client.ToggleFavorite(ctx, imgur.Item{ID: "nosuch1"}); !errors.Is(err, imgur.ErrNotFound) {
		t.Fatalf("an unknown item: %v", err)
	}
}

func TestFoldersClient(t *testing.T) {
	favs := imgurtest.Generate(300, 2)
	folders := imgurtest.GenerateFolders(favs, 5)
	cache := &imgurtest.Cache{}
	fx := newFixture(t, imgurtest.Options{Favorites: favs, Folders: folders}, func(c *imgur.Config) { c.Cache = cache })
	ctx := context.Background()
	got, err := fx.client.Folders(ctx, "demo")
	if err != nil || len(got) != 4 || got[0].ID != folders[0].ID || got[0].Name != "Cats" || got[0].CoverHash == "" {
		t.Fatalf("folders %+v, %v", got, err)
	}
	if req := fx.srv.Requests(); req[len(req)-1].Header.Get("Origin") != "https://imgur.com" {
		t.Error("no Origin header on the folder call")
	}
	if cached, ok, err := fx.client.CachedFolders("demo"); !ok || err != nil || len(cached) != 4 {
		t.Fatalf("cached folders %v %v %v", cached, ok, err)
	}
	var all []string
	for page := 0; ; page++ {
		p, err := fx.client.FolderFavorites(ctx, "demo", folders[3].ID, page, imgur.SortNewest)
		if err != nil {
			t.Fatal(err)
		}
		if p.End() {
			break
		}
		for _, it := range p.Items {
			all = append(all, it.ID)
		}
	}
	if strings.Join(all, ",") != strings.Join(folders[3].Items, ",") {
		t.Fatalf("paged %d items, the folder has %d", len(all), len(folders[3].Items))
	}
	p, err := fx.client.FolderFavorites(ctx, "demo", folders[3].ID, 0, imgur.SortNewest)
	if err != nil || !p.NotModified {
		t.Fatalf("revalidated page 0: %v %v", p.NotModified, err)
	}
	for _, k := range cache.Keys("demo") {
		if strings.HasPrefix(k, "favorites/") {
			t.Errorf("a folder page cached under the favorites' keys: %s", k)
		}
	}
	fx.srv.RefuseFolders(403)
	_, err = fx.client.Folders(ctx, "demo")
	if !errors.Is(err, imgur.ErrForbidden) {
		t.Fatalf("refused: %v", err)
	}
}

func TestCommentsClient(t *testing.T) {
	favs := imgurtest.Generate(3, 2)
	favs[0].InGallery, favs[1].InGallery = true, false
	cache := &imgurtest.Cache{}
	fx := newFixture(t, imgurtest.Options{Favorites: favs}, func(c *imgur.Config) { c.Cache = cache })
	fx.srv.SetComments(favs[0].ID, []imgurtest.Comment{
		{ID: 1, Author: imgurtest.Str("ann\x1b[2J"), Text: imgurtest.Str("hi \x1b]52;c;aGk=\x07there"), Ups: 5, Children: []imgurtest.Comment{
			{ID: 2, Deleted: true},
		}},
	})
	ctx := context.Background()
	cs, err := fx.client.Comments(ctx, favs[0].ID, imgur.CommentsBest)
	if err != nil || len(cs) != 1 || len(cs[0].Children) != 1 {
		t.Fatalf("comments %+v, %v", cs, err)
	}
	if cs[0].Author != "ann" || cs[0].Text != "hi there" || cs[0].Points != 5 || cs[0].ImageID != favs[0].ID {
		t.Errorf("first = %+v", cs[0])
	}
	if d := cs[0].Children[0]; !d.Deleted || d.ParentID != 1 || d.Author != "" {
		t.Errorf("deleted reply = %+v", d)
	}
	n := len(fx.srv.Requests())
	if _, err := fx.client.Comments(ctx, favs[0].ID, imgur.CommentsBest); err != nil {
		t.Fatal(err)
	}
	if last := fx.srv.Requests()[n]; last.Status != 304 {
		t.Errorf("the second look was not revalidated: %d", last.Status)
	}
	if _, err := fx.client.Comments(ctx, favs[1].ID, imgur.CommentsNew); !errors.Is(err, imgur.ErrNotFound) {
		t.Fatalf("not in the gallery: %v", err)
	}
	if _, err := fx.client.Comments(ctx, favs[0].ID, "worst"); err == nil {
		t.Fatal("an unknown order was sent")
	}
}
