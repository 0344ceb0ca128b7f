package imgur_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wrap puts one item into a favorites envelope.
func wrap(item []byte) []byte {
	return []byte(`{"data":[` + string(item) + `],"success":true,"status":200}`)
}

func TestDecodeRealFavoritesPage(t *testing.T) {
	items, err := imgur.DecodeFavorites(readTestdata(t, "favorites-page-2015.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 {
		t.Fatalf("got %d items, want 4", len(items))
	}
	gif, jpeg, album := items[0], items[1], items[2]
	if gif.ID != "LtM3kTM" || !gif.Animated || gif.Kind() != "gif" || gif.Bandwidth != 864023780422 {
		t.Errorf("gif = %+v", gif)
	}
	if gif.Ups == nil || *gif.Ups != 7121 || gif.Score != nil || gif.NSFW != nil || gif.IsNSFW() {
		t.Errorf("gif nullable fields: ups %v score %v nsfw %v", gif.Ups, gif.Score, gif.NSFW)
	}
	if jpeg.AccountURL != "" || jpeg.AccountID != nil || jpeg.Description != "" || jpeg.Kind() != "image" {
		t.Errorf("jpeg nulls: %+v", jpeg)
	}
	if !album.IsAlbum || album.ImagesCount != 9 || album.Images != nil || album.Cover != "JsKDPBN" || album.CoverWidth != nil {
		t.Errorf("album without images: %+v", album)
	}
	if album.Kind() != "album" || album.IsVideo() {
		t.Errorf("album kind = %s", album.Kind())
	}
}

func TestDecodeRealItems(t *testing.T) {
	albumItems, err := imgur.DecodeFavorites(wrap(readTestdata(t, "album-with-images-2020.json")))
	if err != nil {
		t.Fatal(err)
	}
	a := albumItems[0]
	if len(a.Images) != 2 || a.Images[1].ID != "lpZngii" || a.Images[0].Edited != "0" || a.Images[0].Size != 443601 {
		t.Errorf("album images = %+v", a.Images)
	}
	if a.Privacy != "hidden" || a.TopicID == nil || *a.TopicID != 29 || a.CoverWidth == nil || *a.CoverWidth != 1536 {
		t.Errorf("album fields = %+v", a)
	}

	gifItems, err := imgur.DecodeFavorites(wrap(readTestdata(t, "gif-item-2017.json")))
	if err != nil {
		t.Fatal(err)
	}
	g := gifItems[0]
	if len(g.Tags) != 4 || g.Tags[2].Label() != "funny animal" || g.MP4Size != 1953844 || g.Section != "gifs" {
		t.Errorf("gif item = %+v", g)
	}

	videos, err := imgur.DecodeFavorites(readTestdata(t, "video-items-2018.json"))
	if err != nil {
		t.Fatal(err)
	}
	v := videos[0]
	if v.Kind() != "video" || !v.IsVideo() || v.Title != "" || v.Description != "#whirlpool #water" {
		t.Errorf("video = %+v", v)
	}
}

func TestDecodeFavoritesEdgeCases(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		want        int
		wantSkipped int
		wantErr     bool
	}{
		{"empty last page", `{"data":[],"success":true,"status":200}`, 0, 0, false},
		{"edited as number", `{"data":[{"id":"a","edited":1700000000}]}`, 1, 0, false},
		{"unknown fields", `{"data":[{"id":"a","brand_new_field":{"x":[1,2]}}]}`, 1, 0, false},
		{"item without id skipped", `{"data":[{"title":"ghost"},{"id":"b"}]}`, 1, 1, false},
		{"id of control characters skipped", `{"data":[{"id":"\u001b[2J"},{"id":"b"}]}`, 1, 1, false},
		{"all nulls", `{"data":[{"id":"a","title":null,"description":null,"nsfw":null,"ups":null,"tags":null,"images":null,"vote":null,"edited":null}]}`, 1, 0, false},
		{"data is an object", `{"data":{"error":"x"}}`, 0, 0, true},
		{"no data", `{"success":true}`, 0, 0, true},
		{"not JSON", `<html>`, 0, 0, true},
		{"cut off", `{"data":[{"id":"a"},{"id":"b","title":"cut`, 0, 0, true},
		{"number id read as text", `{"data":[{"id":5}]}`, 1, 0, false},
		{"elements that are not objects skipped", `{"data":["x",1,null,true,[],{"id":"a"}]}`, 1, 5, false},
		{"object id skipped", `{"data":[{"id":{"x":1},"title":"t"},{"id":"b"}]}`, 1, 1, false},
		{"one mistyped field keeps the page", `{"data":[{"id":"a","mp4_size":"595876"},{"id":"b"},{"id":"c"}]}`, 3, 0, false},
		{"envelope success as string", `{"data":[{"id":"a"}],"success":"true","status":"200"}`, 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, skipped, err := imgur.DecodeFavoritesPage([]byte(tt.body))
			if (err != nil) != tt.wantErr || len(items) != tt.want || skipped != tt.wantSkipped {
				t.Fatalf("got %d items, %d skipped, err %v; want %d, %d, wantErr %v",
					len(items), skipped, err, tt.want, tt.wantSkipped, tt.wantErr)
			}
		})
	}
}

// TestDecodeLenientFields: a field in an unexpected type is read when it
// can be and zero when it cannot; it never costs the item or the page.
func TestDecodeLenientFields(t *testing.T) {
	tests := []struct {
		name  string
		item  string
		check func(imgur.Item) bool
	}{
		{"views with thousands separators", `"views":"1,234"`, func(it imgur.Item) bool { return it.Views == 1234 }},
		{"views as float", `"views":1234.0`, func(it imgur.Item) bool { return it.Views == 1234 }},
		{"views in exponent form", `"views":1.5e3`, func(it imgur.Item) bool { return it.Views == 1500 }},
		{"datetime as float", `"datetime":1.5`, func(it imgur.Item) bool { return it.Datetime == 1 }},
		{"mp4_size as string", `"mp4_size":"595876","webm_size":"543019"`, func(it imgur.Item) bool { return it.MP4Size == 595876 }},
		{"bandwidth past 2^53 as string", `"bandwidth":"83694357669608123"`, func(it imgur.Item) bool { return it.Bandwidth == 83694357669608123 }},
		{"width as string float", `"width":" 640.0 "`, func(it imgur.Item) bool { return it.Width == 640 }},
		{"nsfw as string true", `"nsfw":"true"`, func(it imgur.Item) bool { return it.IsNSFW() }},
		{"nsfw as string 0", `"nsfw":"0"`, func(it imgur.Item) bool { return it.NSFW != nil && !*it.NSFW }},
		{"animated as number 1", `"animated":1`, func(it imgur.Item) bool { return it.Animated }},
		{"in_gallery as FALSE", `"in_gallery":"FALSE","animated":"1"`, func(it imgur.Item) bool { return !it.InGallery && it.Animated }},
		{"ups as string", `"ups":"12"`, func(it imgur.Item) bool { return it.Ups != nil && *it.Ups == 12 }},
		{"nulls", `"views":null,"ups":null,"nsfw":"true"`, func(it imgur.Item) bool { return it.Views == 0 && it.Ups == nil && it.IsNSFW() }},
		{"unreadable number is zero", `"views":"lots","width":640,"nsfw":"true"`, func(it imgur.Item) bool { return it.Views == 0 && it.Width == 640 && it.IsNSFW() }},
		{"number out of range is zero", `"views":1e300,"height":480,"nsfw":"true"`, func(it imgur.Item) bool { return it.Views == 0 && it.Height == 480 }},
		{"unreadable bool is nil", `"nsfw":"maybe","views":"7"`, func(it imgur.Item) bool { return it.NSFW == nil && it.Views == 7 }},
		{"object where a number goes", `"views":{"n":1},"title":"kept"`, func(it imgur.Item) bool { return it.Views == 0 && it.Title == "kept" }},
		{"title as number", `"title":2024,"views":"3"`, func(it imgur.Item) bool { return it.Title == "2024" }},
		{"tags with mistyped counts", `"tags":[{"name":"cats","followers":"1,000"},"junk"],"views":"1"`, func(it imgur.Item) bool {
			return len(it.Tags) == 1 && it.Tags[0].Followers == 1000
		}},
		{"tags not a list", `"tags":"cats","views":"1"`, func(it imgur.Item) bool { return it.Tags == nil && it.Views == 1 }},
		{"album image with mistyped field", `"is_album":true,"images":[{"id":"i1","size":"10"},{"id":"i2"},7],"images_count":"2"`, func(it imgur.Item) bool {
			n, known := it.AlbumSize()
			return len(it.Images) == 2 && it.Images[0].Size == 10 && n == 2 && known
		}},
		{"edited as object", `"edited":{},"views":"1"`, func(it imgur.Item) bool { return it.Views == 1 }},
		{"field names in other case", `"Views":"5"`, func(it imgur.Item) bool { return it.Views == 5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"data":[{"id":"first"},{"id":"abc1234",` + tt.item + `},{"id":"last"}],"success":true,"status":200}`
			items, skipped, err := imgur.DecodeFavoritesPage([]byte(body))
			if err != nil || skipped != 0 || len(items) != 3 {
				t.Fatalf("got %d items, %d skipped, err %v; want 3 items", len(items), skipped, err)
			}
			if it := items[1]; it.ID != "abc1234" || !tt.check(it) {
				t.Errorf("item = %+v", it)
			}
		})
	}
}

// TestAlbumDetectionAndSize: plain album objects have no is_album; old
// albums say nothing about their size, which is then unknown, not 0.
func TestAlbumDetectionAndSize(t *testing.T) {
	tests := []struct {
		name      string
		item      string
		wantAlbum bool
		wantN     int
		wantKnown bool
	}{
		{"image", `"type":"image/png"`, false, 0, false},
		{"is_album false wins", `"is_album":false,"cover":"x"`, false, 0, false},
		{"is_album without size", `"is_album":true`, true, 0, false},
		{"is_album with count", `"is_album":true,"images_count":9`, true, 9, true},
		{"empty album", `"is_album":true,"images_count":0`, true, 0, true},
		{"plain album by images_count", `"images_count":3`, true, 3, true},
		{"plain album by images", `"images":[{"id":"a"},{"id":"b"}]`, true, 2, true},
		{"plain album by cover", `"cover":"JsKDPBN"`, true, 0, false},
		{"plain album by layout", `"layout":"blog","cover":null`, true, 0, false},
		{"null cover and layout", `"cover":null,"layout":null`, false, 0, false},
		{"is_album as string", `"is_album":"1","images_count":"4"`, true, 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := imgur.DecodeFavorites([]byte(`{"data":[{"id":"abc12",` + tt.item + `}]}`))
			if err != nil || len(items) != 1 {
				t.Fatalf("got %d items, err %v", len(items), err)
			}
			it := items[0]
			n, known := it.AlbumSize()
			if it.IsAlbum != tt.wantAlbum || n != tt.wantN || known != tt.wantKnown {
				t.Errorf("album %v size %d known %v; want %v %d %v", it.IsAlbum, n, known, tt.wantAlbum, tt.wantN, tt.wantKnown)
			}
		})
	}
}

func TestDecodeSanitizes(t *testing.T) {
	body := `{"data":[{"id":"a","title":"\u001b]0;pwned\u0007hi\u001b[31m","description":"x\u001b[2J\ny","account_url":"ev\u202eil",
		"tags":[{"name":"t\u0007","display_name":"\u001b[1mT"}],"is_album":true,"images":[{"id":"b","title":"\u009b31mred"}]}]}`
	items, err := imgur.DecodeFavorites([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	it := items[0]
	if it.Title != "hi" || it.Description != "x\ny" || it.AccountURL != "evil" || it.Tags[0].Label() != "T" || it.Tags[0].Name != "t" || it.Images[0].Title != "red" {
		t.Errorf("not sanitized: %+v", it)
	}
}

func FuzzDecodeFavorites(f *testing.F) {
	for _, name := range []string{"favorites-page-2015.json", "video-items-2018.json",
		"realdata/favorites-imgursession-1.json", "realdata/accountalbums-dtp-1.json"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(wrap(readTestdata(f, "album-with-images-2020.json")))
	f.Add(wrap(readTestdata(f, "realdata/galleryalbum-topcat-1.json")))
	f.Add([]byte(`{"data":[],"success":true,"status":200}`))
	f.Add([]byte(`{"data":[{"id":"a","edited":1,"images":[]}]}`))
	f.Add([]byte(`{"data":[{"id":"a","views":"1,234","nsfw":"true","datetime":1.5,"mp4_size":"595876"},7,null,{"title":"x"}]}`))
	f.Add([]byte(`{"data":[{"id":"a","images":[{"id":"b","images":[{"id":"c","tags":[{"name":1}]}]}],"tags":[{"followers":"2"}]}],"success":"1"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		items, skipped, err := imgur.DecodeFavoritesPage(body)
		if err != nil {
			return
		}
		var env struct{ Data []json.RawMessage }
		if json.Unmarshal(body, &env) == nil && len(items)+skipped != len(env.Data) {
			t.Fatalf("%d items + %d skipped, but data has %d elements", len(items), skipped, len(env.Data))
		}
		for _, it := range items {
			if it.ID == "" {
				t.Fatal("item without id")
			}
			for _, s := range []string{it.ID, it.Title, it.AccountURL, it.Type, it.Link, string(it.Edited)} {
				if imgur.CleanLine(s) != s {
					t.Fatalf("unsanitized field %q", s)
				}
			}
			if n, known := it.AlbumSize(); n < 0 || (n > 0 && !known) || (!it.IsAlbum && known) {
				t.Fatalf("AlbumSize = %d, %v for album %v", n, known, it.IsAlbum)
			}
		}
	})
}

// page60 is a realistic 60-item favorites page from the generator.
func page60(b *testing.B) []byte {
	favs := imgurtest.Generate(60, 11)
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: favs})
	defer srv.Close()
	tok := srv.Login()
	cache := &imgurtest.Cache{}
	c, err := imgur.New(imgur.Config{APIURL: srv.URL, ClientID: imgurtest.ClientID, Cache: cache})
	if err != nil {
		b.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: tok.Access, Username: "demo"})
	if _, err := c.Favorites(b.Context(), "me", 0, imgur.SortNewest); err != nil {
		b.Fatal(err)
	}
	_, body, _ := cache.GetCached("demo", imgur.FavoritesCacheKey(imgur.SortNewest, 0))
	return body
}

func BenchmarkDecodeFavoritesPage(b *testing.B) {
	body := page60(b)
	var check []imgur.Item
	if err := json.Unmarshal(body, &struct{ Data *[]imgur.Item }{&check}); err != nil || len(check) != 60 {
		b.Fatalf("page has %d items: %v", len(check), err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := imgur.DecodeFavorites(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFavoritesPageMistyped is the worst case: every item of a
// 60-item page has a number sent as a string, so every item takes the
// lenient path.
func BenchmarkDecodeFavoritesPageMistyped(b *testing.B) {
	body := regexp.MustCompile(`"views":(\d+)`).ReplaceAll(page60(b), []byte(`"views":"$1"`))
	items, skipped, err := imgur.DecodeFavoritesPage(body)
	if err != nil || len(items) != 60 || skipped != 0 || items[0].Views == 0 {
		b.Fatalf("page has %d items, %d skipped: %v", len(items), skipped, err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := imgur.DecodeFavoritesPage(body); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFavoritesSkipUnreadableItems: through the client, mistyped fields are
// read and items that cannot be read at all are counted, not fatal.
func TestFavoritesSkipUnreadableItems(t *testing.T) {
	gen := imgurtest.Generate(58, 3)
	mistyped := make([]imgurtest.Favorite, len(gen))
	for i, f := range gen {
		mistyped[i] = imgurtest.Mistyped(f)
	}
	unreadable := []imgurtest.Favorite{{Raw: []byte(`"garbage"`)}, {Raw: []byte(`{"title":"no id","views":"9"}`)}}
	tests := []struct {
		name        string
		favs        []imgurtest.Favorite
		wantItems   int
		wantSkipped int
		wantEnd     bool
	}{
		{"every field mistyped", mistyped, 58, 0, false},
		{"two unreadable among them", append(append([]imgurtest.Favorite{}, unreadable...), mistyped...), 58, 2, false},
		{"only unreadable items is not the end", unreadable, 0, 2, false},
		{"empty page is the end", []imgurtest.Favorite{}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, imgurtest.Options{Favorites: tt.favs, PageSize: 60}, nil)
			p, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
			if err != nil || len(p.Items) != tt.wantItems || p.Skipped != tt.wantSkipped || p.End() != tt.wantEnd {
				t.Fatalf("err %v, %d items, %d skipped, end %v; want %d, %d, %v",
					err, len(p.Items), p.Skipped, p.End(), tt.wantItems, tt.wantSkipped, tt.wantEnd)
			}
			for i, it := range p.Items {
				want := gen[i]
				if it.ID != want.ID || it.Views != want.Views || it.Datetime != want.Datetime || it.IsNSFW() != (want.NSFW != nil && *want.NSFW) {
					t.Fatalf("item %d = %s views %d time %d; want %s views %d time %d",
						i, it.ID, it.Views, it.Datetime, want.ID, want.Views, want.Datetime)
				}
			}
		})
	}
}
