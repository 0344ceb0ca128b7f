package imgur

import "strings"

// Cache stores the ETag and body of GET responses, per account. The store
// package implements it; a nil Cache disables conditional requests.
//
// Keys are chosen by the client (see FavoritesCacheKey) and sort in a
// useful order: favorites pages sort by page number.
type Cache interface {
	// GetCached returns the stored ETag and body for key, if any.
	GetCached(account, key string) (etag string, body []byte, ok bool)
	// PutCached stores etag and body for key.
	PutCached(account, key, etag string, body []byte) error
}

// FavoritesCacheKey is the cache key of one favorites page.
func FavoritesCacheKey(sort Sort, page int) string {
	return FavoritesCachePrefix(sort) + formatPage(page)
}

// FavoritesCachePrefix is the common prefix of the cache keys of every page
// of one sort order; listing it in key order yields the pages in order.
func FavoritesCachePrefix(sort Sort) string { return "favorites/" + string(sort) + "/" }

// ParseFavoritesCacheKey returns the sort and page of a favorites cache key.
func ParseFavoritesCacheKey(key string) (Sort, int, bool) {
	rest, ok := strings.CutPrefix(key, "favorites/")
	if !ok {
		return "", 0, false
	}
	s, p, ok := strings.Cut(rest, "/")
	sort, err := ParseSort(s)
	if !ok || err != nil || p == "" {
		return "", 0, false
	}
	page := 0
	for _, c := range p {
		if c < '0' || c > '9' || page > 1e6 {
			return "", 0, false
		}
		page = page*10 + int(c-'0')
	}
	return sort, page, true
}

func albumImagesCacheKey(id string) string { return "album/" + id + "/images" }

// accountKey names the cache partition of a token's account.
func accountKey(t Token) string {
	if t.Username != "" {
		return strings.ToLower(t.Username)
	}
	return "-"
}
