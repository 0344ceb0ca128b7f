package imgur

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Item is one favorite: an image (IsAlbum false) or an album. Fields that
// Imgur sends as null are pointers when "absent" differs from zero (votes,
// counts, flags); text fields that may be null decode to "".
//
// Items returned by the Client have every text field already sanitized
// (see CleanLine and CleanText).
type Item struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Datetime    int64  `json:"datetime"` // unix seconds
	Type        string `json:"type"`     // MIME type; empty for albums
	Animated    bool   `json:"animated"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Size        int64  `json:"size"`
	Views       int64  `json:"views"`
	Bandwidth   int64  `json:"bandwidth"`
	Link        string `json:"link"`
	Gifv        string `json:"gifv"`
	MP4         string `json:"mp4"`
	MP4Size     int64  `json:"mp4_size"`
	Looping     bool   `json:"looping"`
	HasSound    bool   `json:"has_sound"`

	Vote          *string `json:"vote"` // "up", "down" or null
	Favorite      *bool   `json:"favorite"`
	NSFW          *bool   `json:"nsfw"`
	Section       string  `json:"section"`
	AccountURL    string  `json:"account_url"` // uploader
	AccountID     *int64  `json:"account_id"`
	InGallery     bool    `json:"in_gallery"`
	InMostViral   bool    `json:"in_most_viral"`
	IsAd          bool    `json:"is_ad"`
	Tags          []Tag   `json:"tags"`
	Topic         string  `json:"topic"`
	TopicID       *int64  `json:"topic_id"`
	Ups           *int64  `json:"ups"`
	Downs         *int64  `json:"downs"`
	Points        *int64  `json:"points"`
	Score         *int64  `json:"score"`
	CommentCount  *int64  `json:"comment_count"`
	FavoriteCount *int64  `json:"favorite_count"`
	Edited        Edited  `json:"edited"`

	// IsAlbum is Imgur's is_album or, for the plain album objects that lack
	// it, whether the object has images_count, images, cover or layout.
	IsAlbum     bool   `json:"is_album"`
	Cover       string `json:"cover"`
	CoverWidth  *int   `json:"cover_width"`
	CoverHeight *int   `json:"cover_height"`
	Privacy     string `json:"privacy"`
	Layout      string `json:"layout"`
	// ImagesCount is the album's images_count; 0 also when Imgur did not
	// say. Use AlbumSize to tell an empty album from one of unknown size.
	ImagesCount int `json:"images_count"`
	// Images is nil when the response did not include the album's images
	// (fetch them with AlbumImages) and empty when the album has none.
	Images []Item `json:"images"`

	// countSent records that the response carried images_count.
	countSent bool
}

// AlbumSize is the number of images in an album and whether it is known.
// Old albums come with neither images_count nor images: their size is
// unknown until AlbumImages is fetched. For an image it is 0, false.
func (it Item) AlbumSize() (n int, known bool) {
	if !it.IsAlbum {
		return 0, false
	}
	n = max(it.ImagesCount, len(it.Images))
	return n, it.countSent || it.Images != nil || n > 0
}

// Untitled is what a favorite without a title is called on screen.
const Untitled = "untitled"

// Tag is one of an item's gallery tags.
type Tag struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Followers   int64  `json:"followers"`
	TotalItems  int64  `json:"total_items"`
}

// Label is the tag's display name, or its name.
func (t Tag) Label() string {
	if t.DisplayName != "" {
		return t.DisplayName
	}
	return t.Name
}

// Edited is Imgur's "edited" field: documented as a string ("0"), seen as a
// number too. It decodes either.
type Edited string

// UnmarshalJSON accepts a string, a number, a bool or null.
func (e *Edited) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var s string
	if json.Unmarshal(b, &s) == nil {
		*e = Edited(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*e = ""
		return nil
	}
	*e = Edited(b) // a number or a bool: keep its text
	return nil
}

// Posted is the upload time.
func (it Item) Posted() time.Time { return time.Unix(it.Datetime, 0) }

// IsNSFW reports whether Imgur flagged the item as not safe for work.
func (it Item) IsNSFW() bool { return it.NSFW != nil && *it.NSFW }

// IsVideo reports whether the item plays as a video (animated GIF or MP4).
func (it Item) IsVideo() bool {
	return !it.IsAlbum && (it.Animated || strings.HasPrefix(it.Type, "video/"))
}

// Kind names what the item is: "album", "video", "gif" or "image".
func (it Item) Kind() string {
	switch {
	case it.IsAlbum:
		return "album"
	case strings.HasPrefix(it.Type, "video/"):
		return "video"
	case it.Animated || it.Type == "image/gif":
		return "gif"
	}
	return "image"
}

// Account is the logged-in account (GET /3/account/me).
type Account struct {
	ID         int64   `json:"id"`
	URL        string  `json:"url"` // the username
	Bio        string  `json:"bio"`
	Reputation float64 `json:"reputation"`
	Created    int64   `json:"created"`
}

// sanitize cleans every text field in place, recursively for album images.
func (it *Item) sanitize() {
	it.ID = CleanLine(it.ID)
	it.Title = CleanLine(it.Title)
	it.Description = CleanText(it.Description)
	it.Type = CleanLine(it.Type)
	it.Section = CleanLine(it.Section)
	it.AccountURL = CleanLine(it.AccountURL)
	it.Topic = CleanLine(it.Topic)
	it.Cover = CleanLine(it.Cover)
	it.Privacy = CleanLine(it.Privacy)
	it.Layout = CleanLine(it.Layout)
	it.Link = CleanLine(it.Link)
	it.Gifv = CleanLine(it.Gifv)
	it.MP4 = CleanLine(it.MP4)
	it.Edited = Edited(CleanLine(string(it.Edited)))
	if it.Vote != nil {
		v := CleanLine(*it.Vote)
		it.Vote = &v
	}
	for i := range it.Tags {
		it.Tags[i].Name = CleanLine(it.Tags[i].Name)
		it.Tags[i].DisplayName = CleanLine(it.Tags[i].DisplayName)
	}
	for i := range it.Images {
		it.Images[i].sanitize()
	}
}

// wireItem is an item as sent: it also records whether is_album and
// images_count were present, which Item cannot tell from false and 0.
type wireItem struct {
	Item
	IsAlbum     *bool   `json:"is_album"`
	ImagesCount *int    `json:"images_count"`
	Cover       *string `json:"cover"`
	Layout      *string `json:"layout"`
}

// item completes the decoded item: album detection for objects without
// is_album, the presence of images_count, and sanitized text.
func (w *wireItem) item() Item {
	it := w.Item
	it.Cover, it.Layout = deref(w.Cover), deref(w.Layout)
	if w.ImagesCount != nil {
		it.ImagesCount, it.countSent = *w.ImagesCount, true
	}
	if w.IsAlbum != nil {
		it.IsAlbum = *w.IsAlbum
	} else {
		it.IsAlbum = w.ImagesCount != nil || it.Images != nil || w.Cover != nil || w.Layout != nil
	}
	it.sanitize()
	return it
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// decodeItems decodes the "data" array of a favorites or album-images
// response, sanitized. An element that cannot be read at all (not an
// object, or without an id: it could not be opened, de-duplicated or
// cached) is skipped and counted; a mistyped field only loses that field.
// It fails only when data is not a JSON array.
func decodeItems(data json.RawMessage) (items []Item, skipped int, err error) {
	var wires []wireItem
	if json.Unmarshal(data, &wires) != nil {
		return decodeItemsLeniently(data)
	}
	items = make([]Item, 0, len(wires))
	for i := range wires {
		if it := wires[i].item(); it.ID != "" {
			items = append(items, it)
		} else {
			skipped++
		}
	}
	return items, skipped, nil
}

// decodeItemsLeniently is decodeItems one element at a time, for arrays
// that did not decode strictly.
func decodeItemsLeniently(data json.RawMessage) (items []Item, skipped int, err error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, 0, err
	}
	items = make([]Item, 0, len(raws))
	for _, raw := range raws {
		var w wireItem
		if decodeLenient(raw, &w) != nil {
			skipped++
			continue
		}
		if it := w.item(); it.ID != "" {
			items = append(items, it)
		} else {
			skipped++
		}
	}
	return items, skipped, nil
}

// DecodeFavorites decodes a whole favorites response body (the envelope
// with its "data" array), sanitized, leaving out unreadable items. It is
// what callers use to read cached pages; DecodeFavoritesPage also counts
// the items left out.
func DecodeFavorites(body []byte) ([]Item, error) {
	items, _, err := DecodeFavoritesPage(body)
	return items, err
}

// DecodeFavoritesPage is DecodeFavorites that also returns how many items
// were skipped because they could not be read at all.
func DecodeFavoritesPage(body []byte) (items []Item, skipped int, err error) {
	var env envelope
	if err := decodeLenient(body, &env); err != nil {
		return nil, 0, err
	}
	if len(bytes.TrimSpace(env.Data)) == 0 {
		return nil, 0, errNoData
	}
	return decodeItems(env.Data)
}

var errNoData = jsonError("response has no data")

type jsonError string

func (e jsonError) Error() string { return string(e) }

// formatPage is the cache key fragment for a page number: zero-padded so that
// keys sort in page order.
func formatPage(page int) string {
	s := strconv.Itoa(page)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return s
}
