package imgur

import (
	"bytes"
	"strings"
)

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
	// DeleteCached removes key, if present: a cached body that no longer
	// decodes is dropped, so the next request is a plain one.
	DeleteCached(account, key string) error
	// DeleteCachedPrefix removes every key that starts with prefix (the
	// pages of a sort that went stale).
	DeleteCachedPrefix(account, prefix string) error
}

// cacheEntry is what the cache held for a call before it was sent.
type cacheEntry struct {
	etag  string
	body  []byte
	found bool
}

// usable reports whether the entry can answer a 304: an entry without
// ETag or body would turn every 304 into an error.
func (e cacheEntry) usable() bool { return e.etag != "" && len(e.body) > 0 }

// lookup returns the cached entry for cl, if the call is cached.
func (c *Client) lookup(account string, cl call) cacheEntry {
	if cl.cacheKey == "" || c.cfg.Cache == nil {
		return cacheEntry{}
	}
	etag, body, ok := c.cfg.Cache.GetCached(account, cl.cacheKey)
	return cacheEntry{etag: etag, body: body, found: ok}
}

// store caches a fresh response of cl. When the body differs from the one
// cached before and cl names a stale prefix, the entries under it are
// dropped first (page 0 of a sort changed: the later pages have shifted).
// Cache errors are ignored: they only cost a future 200 instead of a 304.
func (c *Client) store(account string, cl call, old cacheEntry, etag string, body []byte) {
	if cl.cacheKey == "" || c.cfg.Cache == nil {
		return
	}
	if cl.stalePrefix != "" && !bytes.Equal(old.body, body) {
		_ = c.cfg.Cache.DeleteCachedPrefix(account, cl.stalePrefix)
	}
	if etag != "" {
		_ = c.cfg.Cache.PutCached(account, cl.cacheKey, etag, body)
	}
}

// dropCached forgets a cached response that no longer reads.
func (c *Client) dropCached(account, key string) {
	if key != "" && c.cfg.Cache != nil {
		_ = c.cfg.Cache.DeleteCached(account, key)
	}
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
