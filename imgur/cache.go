package imgur

import (
	"bytes"
	"time"
)

// Cache stores the ETag and body of GET responses, per account. The store
// package implements it; a nil Cache disables conditional requests.
//
// Accounts are user names as the client knows them; the cache decides how
// it names them (the store folds case). Keys are chosen by the client, and
// only the client reads them back (see CachedFavorites); they sort in a
// useful order: favorites pages sort by page number.
type Cache interface {
	// GetCached returns the stored ETag and body for key, if any.
	GetCached(account, key string) (etag string, body []byte, ok bool)
	// CachedBody returns the stored body for key and when it was fetched.
	// Unlike GetCached it reports a failed read as an error.
	CachedBody(account, key string) (body []byte, fetched time.Time, ok bool, err error)
	// PutCached stores etag and body for key.
	PutCached(account, key, etag string, body []byte) error
	// DeleteCached removes key, if present: a cached body that no longer
	// decodes is dropped, so the next request is a plain one.
	DeleteCached(account, key string) error
	// DeleteCachedPrefix removes every key that starts with prefix (the
	// pages of a sort that went stale).
	DeleteCachedPrefix(account, prefix string) error
	// RewriteCached replaces, in one step, the body of each entry whose
	// key starts with one of prefixes and whose body contains marker, by
	// what rewrite returns for it; the ETag and the fetch time stay. A nil
	// return leaves the entry as it was. rewrite must not keep body.
	RewriteCached(account string, prefixes []string, marker []byte, rewrite func(key string, body []byte) []byte) error
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

// favoritesCacheKey is the cache key of one favorites page. Only the
// client writes and reads these keys (CachedFavorites is the read side).
func favoritesCacheKey(sort Sort, page int) string {
	return favoritesCachePrefix(sort) + formatPage(page)
}

// favoritesCachePrefix is the common prefix of the cache keys of every page
// of one sort order; listing it in key order yields the pages in order.
func favoritesCachePrefix(sort Sort) string { return "favorites/" + string(sort) + "/" }

// CachedPage is one favorites page read back from the cache.
type CachedPage struct {
	Page    int
	Items   []Item
	Fetched time.Time // when Imgur sent it
}

// CachedFavorites reads one favorites page of the account back from the
// cache, without a request: what the list shows before, or instead of,
// asking Imgur. ok is false when the cache does not hold the page. A page
// that no longer decodes is dropped, so that the next request for it is a
// plain one rather than a 304 to a body that cannot be read.
func (c *Client) CachedFavorites(account string, sort Sort, page int) (CachedPage, bool, error) {
	return c.cachedPage(account, favoritesCacheKey(sort, page), page)
}

// cachedPage reads the cached list page under key.
func (c *Client) cachedPage(account, key string, page int) (CachedPage, bool, error) {
	if c.cfg.Cache == nil {
		return CachedPage{}, false, nil
	}
	body, fetched, ok, err := c.cfg.Cache.CachedBody(account, key)
	if err != nil || !ok {
		return CachedPage{}, false, err
	}
	items, err := DecodeFavorites(body)
	if err != nil {
		c.dropCached(account, key)
		return CachedPage{}, false, nil
	}
	return CachedPage{Page: page, Items: items, Fetched: fetched}, true, nil
}

func albumImagesCacheKey(id string) string { return "album/" + id + "/images" }
