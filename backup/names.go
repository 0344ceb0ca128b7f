// Package backup keeps local copies of favorites: safe file names, the
// manifest and an offline index.
package backup

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Meta is a favorite's metadata as `imgfav list --format json` prints it:
// stable snake_case fields, the date in RFC 3339.
type Meta struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	Datetime     string `json:"datetime"`
	Type         string `json:"type"`
	IsAlbum      bool   `json:"is_album"`
	ImagesCount  *int   `json:"images_count"` // null: an album of unknown size
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	Size         int64  `json:"size"`
	Views        int64  `json:"views"`
	NSFW         bool   `json:"nsfw"`
	PageURL      string `json:"page_url"`
	MediaURL     string `json:"media_url"`
	ThumbnailURL string `json:"thumbnail_url"`
	AccountURL   string `json:"account_url"`
	// Tags are the favorite's tags as Imgur shows them; [] when none.
	Tags []string `json:"tags"`
}

// Posted is Datetime as a time; zero when absent or unreadable.
func (m Meta) Posted() time.Time {
	t, err := time.Parse(time.RFC3339, m.Datetime)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Entry is one saved favorite, a line of manifest.jsonl: its metadata as
// in `list --format json`, its kind, and its local files.
type Entry struct {
	Meta
	Kind  string   `json:"kind"`           // image, gif, video, album
	Files []string `json:"files"`          // relative to the backup directory, slash-separated
	Gone  bool     `json:"gone,omitempty"` // Imgur no longer has the media
}

// maxName is the longest name, in bytes: far below every file system's
// limit, with room for ".part".
const maxName = 120

// Name is the base name of a favorite's file (ext like "jpg") or, with
// ext "", of an album's folder: {YYYY-MM-DD}_{id}_{title-slug}.{ext}. It
// is safe on Linux, macOS and Windows: no separator or "..", no reserved
// name or character, at most 120 bytes, and the same for the same input.
func Name(posted time.Time, id, title, ext string) string {
	date := "0000-00-00"
	if !posted.IsZero() {
		date = posted.UTC().Format("2006-01-02")
	}
	if clean(title, maxName) == "" {
		title = "untitled" // as the list says: every name has the three parts
	}
	return compose(date+"_"+clean(id, 40), title, ext)
}

// FolderDirName is the directory of a favorite folder's backup, inside
// the backup directory: folder-{id}_{name-slug}.
func FolderDirName(id int64, name string) string {
	return compose(fmt.Sprintf("folder-%d", id), name, "")
}

// AlbumImageName is the name of an album's image inside its folder:
// {NN}_{id}_{title-slug}.{ext}, numbered from 1.
func AlbumImageName(index int, id, title, ext string) string {
	return compose(fmt.Sprintf("%02d", max(index, 0))+"_"+clean(id, 40), title, ext)
}

// compose joins a stem, the slug of title cut to fit, and the extension.
func compose(stem, title, ext string) string {
	stem = strings.TrimRight(stem, "_")
	e := cleanExt(ext)
	slug := clean(title, maxName)
	if room := maxName - len(stem) - 1 - len(e); len(slug) > room {
		slug = cutBytes(slug, max(room, 0))
		slug = strings.TrimRight(slug, "-.")
	}
	name := stem
	if slug != "" {
		name += "_" + slug
	}
	if e != "" {
		name += e
	}
	return name
}

// clean keeps letters and digits of any script, and turns every run of
// anything else into one '-', trimmed from the ends; cut to limit bytes.
func clean(s string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
		if b.Len() >= limit {
			break
		}
	}
	out := cutBytes(b.String(), limit)
	out = strings.Trim(out, "-.")
	if reserved(out) {
		out = "_" + out
	}
	return out
}

// cleanExt is ".ext" of lower-case letters and digits, at most five, or
// "" for none.
func cleanExt(ext string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(ext) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() == 5 {
			break
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "." + b.String()
}

// cutBytes cuts s to at most n bytes on a rune boundary.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// reserved reports a name Windows refuses whatever its extension.
func reserved(s string) bool {
	stem, _, _ := strings.Cut(strings.ToUpper(s), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) && stem[3] >= '1' && stem[3] <= '9' {
		return true
	}
	return false
}

// IDOfName is the favorite id in a name Name gave ({YYYY-MM-DD}_{id}_…),
// for telling which favorites a directory holds; ok is false for any
// other name, and for a file still being written (NAME.*.part).
func IDOfName(name string) (id string, ok bool) {
	if len(name) < 12 || name[10] != '_' || strings.HasSuffix(name, ".part") {
		return "", false
	}
	if date := name[:10]; date != "0000-00-00" {
		if _, err := time.Parse("2006-01-02", date); err != nil {
			return "", false
		}
	}
	rest := name[11:]
	if i := strings.IndexAny(rest, "_."); i >= 0 {
		rest = rest[:i]
	}
	return rest, rest != ""
}
