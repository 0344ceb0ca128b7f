package imgur

import (
	"net/url"
	"strings"
)

// webBase is where Imgur's pages live. Unlike the API and image hosts it is
// not configurable: page URLs are for the user's browser.
const webBase = "https://imgur.com"

// PageURL is the favorite's web page: an album at /a/{id}, a gallery post at
// /gallery/{id}, a plain image at /{id}.
func PageURL(it Item) string {
	id := url.PathEscape(it.ID)
	switch {
	case it.IsAlbum:
		return webBase + "/a/" + id
	case it.InGallery:
		return webBase + "/gallery/" + id
	}
	return webBase + "/" + id
}

// MediaURL is the favorite's media on the configured image host: the MP4 for
// animated items and videos, the file in its own format for still images,
// and for albums their page (an album has no single media file).
func (c *Client) MediaURL(it Item) string {
	if it.IsAlbum {
		return PageURL(it)
	}
	if it.IsVideo() {
		return c.imageURL(it.ID, ".mp4")
	}
	if ext := extension(it.Type); ext != "" {
		return c.imageURL(it.ID, ext)
	}
	if it.Link != "" {
		return it.Link
	}
	return PageURL(it)
}

// The thumbnail sizes imgfav uses keep the aspect ratio with a longest
// side of 160, 320 and 640 pixels. (Imgur also has s and b, square crops
// of 90 and 160, and h, 1024: imgfav has no use for them.)
const (
	ThumbSmall  = 't'
	ThumbMedium = 'm'
	ThumbLarge  = 'l'
)

// ThumbnailURL is a JPEG thumbnail of the favorite (of its cover for an
// album) at the given size, on the configured image host. It returns "" for
// an album without a cover.
func (c *Client) ThumbnailURL(it Item, size byte) string {
	id := it.ID
	if it.IsAlbum {
		id = it.Cover
	}
	if id == "" {
		return ""
	}
	return c.imageURL(id+string(size), ".jpg")
}

func (c *Client) imageURL(name, ext string) string {
	return strings.TrimRight(c.cfg.ImageURL, "/") + "/" + url.PathEscape(name) + ext
}

func extension(mime string) string {
	switch strings.ToLower(mime) {
	case "image/jpeg", "image/jpg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/avif":
		return ".avif"
	case "video/mp4":
		return ".mp4"
	}
	return ""
}
