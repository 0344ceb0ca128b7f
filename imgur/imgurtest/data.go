package imgurtest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Favorite is one item the fake server holds: an image or an album. Nil
// pointers are sent as JSON null, as Imgur does.
type Favorite struct {
	ID          string
	Title       *string
	Description *string
	Datetime    int64
	Type        string // MIME type of an image
	Animated    bool
	Width       int
	Height      int
	Size        int64
	Views       int64
	NSFW        *bool
	AccountURL  *string
	AccountID   *int64
	Section     *string
	Topic       *string
	InGallery   bool
	Tags        []string
	Ups         *int64
	Downs       *int64
	Points      *int64

	IsAlbum bool
	Cover   string
	Images  []Favorite
	// EmbedImages makes the favorites list include the album's "images";
	// otherwise a client must fetch /3/album/{id}/images.
	EmbedImages bool

	// Extra sets or replaces fields as sent, for Imgur's mistyped values
	// (Mistyped fills it as real responses have been seen).
	Extra map[string]any
	// Raw, when set, is sent instead of the item, byte for byte: an
	// element a client cannot read, or a recorded object.
	Raw json.RawMessage
}

// Mistyped returns f with values in the types real responses have been
// seen to use instead of the documented ones: the views as a string with
// thousands separators, the flags as strings, the upload time as a float,
// and for animated items mp4_size and webm_size as strings.
func Mistyped(f Favorite) Favorite {
	f.Extra = map[string]any{
		"views":      groupThousands(f.Views),
		"nsfw":       strconv.FormatBool(f.NSFW != nil && *f.NSFW),
		"in_gallery": strconv.FormatBool(f.InGallery),
		"datetime":   float64(f.Datetime) + 0.5,
	}
	if f.Animated {
		f.Extra["mp4_size"] = strconv.FormatInt(f.Size/3, 10)
		f.Extra["webm_size"] = strconv.FormatInt(f.Size/4, 10)
	}
	return f
}

// groupThousands writes n as 1,234,567.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && c != '-' && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Str returns a pointer to s, for building favorites.
func Str(s string) *string { return &s }

// json renders the item as Imgur does, with its nulls.
func (f Favorite) json(base string, embedImages bool) map[string]any {
	m := map[string]any{
		"id":             f.ID,
		"title":          nullable(f.Title),
		"description":    nullable(f.Description),
		"datetime":       f.Datetime,
		"views":          f.Views,
		"vote":           nil,
		"favorite":       true,
		"nsfw":           nullable(f.NSFW),
		"section":        nullable(f.Section),
		"account_url":    nullable(f.AccountURL),
		"account_id":     nullable(f.AccountID),
		"is_ad":          false,
		"in_most_viral":  false,
		"in_gallery":     f.InGallery,
		"topic":          nullable(f.Topic),
		"topic_id":       nil,
		"ups":            nullable(f.Ups),
		"downs":          nullable(f.Downs),
		"points":         nullable(f.Points),
		"score":          nullable(f.Points),
		"comment_count":  nil,
		"favorite_count": nil,
		"tags":           tags(f.Tags),
		"ad_type":        0,
		"ad_url":         "",
		"is_album":       f.IsAlbum,
	}
	if f.InGallery {
		m["comment_count"] = countComments(GenerateComments(f.ID, f.Datetime))
		m["favorite_count"] = f.Views / 41
	}
	if f.IsAlbum {
		f.albumJSON(m, base, embedImages)
	} else {
		f.mediaJSON(m, base)
	}
	return m
}

// albumJSON adds the fields of an album.
func (f Favorite) albumJSON(m map[string]any, base string, embedImages bool) {
	m["cover"] = f.Cover
	m["cover_width"] = nil
	m["cover_height"] = nil
	if len(f.Images) > 0 {
		m["cover_width"], m["cover_height"] = f.Images[0].Width, f.Images[0].Height
	}
	m["privacy"] = "hidden"
	m["layout"] = "blog"
	m["link"] = "https://imgur.com/a/" + f.ID
	m["images_count"] = len(f.Images)
	if embedImages {
		imgs := make([]map[string]any, len(f.Images))
		for i, img := range f.Images {
			imgs[i] = img.json(base, false)
		}
		m["images"] = imgs
	}
}

// mediaJSON adds the fields of an image, GIF or video.
func (f Favorite) mediaJSON(m map[string]any, base string) {
	ext := extFor(f.Type)
	m["type"] = f.Type
	m["animated"] = f.Animated
	m["width"], m["height"] = f.Width, f.Height
	m["size"] = f.Size
	m["bandwidth"] = f.Size * f.Views
	m["has_sound"] = strings.HasPrefix(f.Type, "video/")
	m["edited"] = "0"
	m["link"] = base + "/" + f.ID + ext
	if f.Animated {
		m["gifv"] = base + "/" + f.ID + ".gifv"
		m["mp4"] = base + "/" + f.ID + ".mp4"
		m["mp4_size"] = f.Size / 3
		m["looping"] = true
		if f.Type == "image/gif" && f.Size > 20<<20 {
			m["link"] = base + "/" + f.ID + "h.gif" // Imgur's downsized GIF
		}
	}
	if strings.HasPrefix(f.Type, "video/") {
		m["processing"] = map[string]any{"status": "completed"}
	}
}

// render is what the server sends for f.
func (f Favorite) render(base string) any {
	if f.Raw != nil {
		return f.Raw
	}
	m := f.json(base, f.EmbedImages)
	for k, v := range f.Extra {
		m[k] = v
	}
	return m
}

func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func tags(names []string) []map[string]any {
	out := make([]map[string]any, len(names))
	for i, n := range names {
		out[i] = map[string]any{
			"name":         strings.ReplaceAll(strings.ToLower(n), " ", "_"),
			"display_name": n,
			"followers":    len(n) * 131,
			"total_items":  len(n) * 7919,
		}
	}
	return out
}

func extFor(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "video/mp4":
		return ".mp4"
	}
	return ".jpg"
}
