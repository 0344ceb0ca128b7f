package imgur_test

import (
	"testing"

	"imgfav/imgur"
)

func TestURLs(t *testing.T) {
	c, err := imgur.New(imgur.Config{ClientID: "x", ImageURL: "http://127.0.0.1:9/img/"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		item              imgur.Item
		page, media, thmb string
	}{
		{"plain image", imgur.Item{ID: "xOqyqEb", Type: "image/jpeg", Link: "http://i.imgur.com/xOqyqEb.jpg"},
			"https://imgur.com/xOqyqEb", "http://127.0.0.1:9/img/xOqyqEb.jpg", "http://127.0.0.1:9/img/xOqyqEbm.jpg"},
		{"gallery png", imgur.Item{ID: "abc", Type: "image/png", InGallery: true},
			"https://imgur.com/gallery/abc", "http://127.0.0.1:9/img/abc.png", "http://127.0.0.1:9/img/abcm.jpg"},
		{"big gif uses mp4 not the downsized link", imgur.Item{ID: "PyumGeD", Type: "image/gif", Animated: true, Link: "http://i.imgur.com/PyumGeDh.gif"},
			"https://imgur.com/PyumGeD", "http://127.0.0.1:9/img/PyumGeD.mp4", "http://127.0.0.1:9/img/PyumGeDm.jpg"},
		{"video", imgur.Item{ID: "gg4XqKv", Type: "video/mp4", Animated: true},
			"https://imgur.com/gg4XqKv", "http://127.0.0.1:9/img/gg4XqKv.mp4", "http://127.0.0.1:9/img/gg4XqKvm.jpg"},
		{"album uses its cover", imgur.Item{ID: "LqLmI", IsAlbum: true, Cover: "JsKDPBN", InGallery: true},
			"https://imgur.com/a/LqLmI", "https://imgur.com/a/LqLmI", "http://127.0.0.1:9/img/JsKDPBNm.jpg"},
		{"album without cover", imgur.Item{ID: "LqLmI", IsAlbum: true},
			"https://imgur.com/a/LqLmI", "https://imgur.com/a/LqLmI", ""},
		{"unknown type falls back to link", imgur.Item{ID: "q", Type: "image/x-new", Link: "https://i.imgur.com/q.new"},
			"https://imgur.com/q", "https://i.imgur.com/q.new", "http://127.0.0.1:9/img/qm.jpg"},
		{"hostile id is escaped", imgur.Item{ID: "a/../b?c", Type: "image/jpeg"},
			"https://imgur.com/a%2F..%2Fb%3Fc", "http://127.0.0.1:9/img/a%2F..%2Fb%3Fc.jpg", "http://127.0.0.1:9/img/a%2F..%2Fb%3Fcm.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := imgur.PageURL(tt.item); got != tt.page {
				t.Errorf("PageURL = %s, want %s", got, tt.page)
			}
			if got := c.MediaURL(tt.item); got != tt.media {
				t.Errorf("MediaURL = %s, want %s", got, tt.media)
			}
			if got := c.ThumbnailURL(tt.item, imgur.ThumbMedium); got != tt.thmb {
				t.Errorf("ThumbnailURL = %s, want %s", got, tt.thmb)
			}
		})
	}
}

func TestFavoritesCacheKeys(t *testing.T) {
	k2, k10 := imgur.FavoritesCacheKey(imgur.SortNewest, 2), imgur.FavoritesCacheKey(imgur.SortNewest, 10)
	if !(k2 < k10) {
		t.Errorf("keys %q and %q do not sort in page order", k2, k10)
	}
}

func TestParseSort(t *testing.T) {
	for in, want := range map[string]imgur.Sort{"newest": imgur.SortNewest, "oldest": imgur.SortOldest} {
		if got, err := imgur.ParseSort(in); err != nil || got != want {
			t.Errorf("ParseSort(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := imgur.ParseSort("best"); err == nil {
		t.Error("ParseSort accepted best")
	}
	if imgur.SortNewest.Other() != imgur.SortOldest || imgur.SortOldest.Other() != imgur.SortNewest {
		t.Error("Other is wrong")
	}
}
