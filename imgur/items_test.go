package imgur_test

import (
	"encoding/json"
	"os"
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
		name    string
		body    string
		want    int
		wantErr bool
	}{
		{"empty last page", `{"data":[],"success":true,"status":200}`, 0, false},
		{"edited as number", `{"data":[{"id":"a","edited":1700000000}]}`, 1, false},
		{"unknown fields", `{"data":[{"id":"a","brand_new_field":{"x":[1,2]}}]}`, 1, false},
		{"item without id dropped", `{"data":[{"title":"ghost"},{"id":"b"}]}`, 1, false},
		{"all nulls", `{"data":[{"id":"a","title":null,"description":null,"nsfw":null,"ups":null,"tags":null,"images":null,"vote":null,"edited":null}]}`, 1, false},
		{"data is an object", `{"data":{"error":"x"}}`, 0, true},
		{"no data", `{"success":true}`, 0, true},
		{"not JSON", `<html>`, 0, true},
		{"wrong type", `{"data":[{"id":5}]}`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := imgur.DecodeFavorites([]byte(tt.body))
			if (err != nil) != tt.wantErr || len(items) != tt.want {
				t.Fatalf("got %d items, err %v; want %d, wantErr %v", len(items), err, tt.want, tt.wantErr)
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
	for _, name := range []string{"favorites-page-2015.json", "video-items-2018.json"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(wrap(readTestdata(f, "album-with-images-2020.json")))
	f.Add([]byte(`{"data":[],"success":true,"status":200}`))
	f.Add([]byte(`{"data":[{"id":"a","edited":1,"images":[]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := imgur.DecodeFavorites(body)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.ID == "" {
				t.Fatal("item without id")
			}
			for _, s := range []string{it.ID, it.Title, it.AccountURL, it.Type, it.Link} {
				if imgur.CleanLine(s) != s {
					t.Fatalf("unsanitized field %q", s)
				}
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
