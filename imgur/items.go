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

	IsAlbum     bool   `json:"is_album"`
	Cover       string `json:"cover"`
	CoverWidth  *int   `json:"cover_width"`
	CoverHeight *int   `json:"cover_height"`
	Privacy     string `json:"privacy"`
	Layout      string `json:"layout"`
	ImagesCount int    `json:"images_count"`
	// Images is nil when the response did not include the album's images
	// (fetch them with AlbumImages) and empty when the album has none.
	Images []Item `json:"images"`
}

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

// decodeItems decodes the "data" array of a favorites or album-images
// response and sanitizes every item. Items without an id are dropped: they
// cannot be opened, de-duplicated or cached.
func decodeItems(data json.RawMessage) ([]Item, error) {
	var items []Item
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	out := items[:0]
	for i := range items {
		items[i].sanitize()
		if items[i].ID != "" {
			out = append(out, items[i])
		}
	}
	return out, nil
}

// DecodeFavorites decodes a whole favorites response body (the envelope
// with its "data" array), sanitized. It is what the client uses and what
// callers use to read cached pages.
func DecodeFavorites(body []byte) ([]Item, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(env.Data)) == 0 {
		return nil, errNoData
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
