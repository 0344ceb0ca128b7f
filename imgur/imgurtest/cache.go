package imgurtest

import "sync"

// Cache is an in-memory cache of responses with the methods of imgur.Cache,
// for tests that need conditional requests without a database.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	etag string
	body []byte
}

// GetCached returns the ETag and body stored for the account's key.
func (c *Cache) GetCached(account, key string) (string, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[account+"|"+key]
	return e.etag, append([]byte(nil), e.body...), ok
}

// PutCached stores etag and body for the account's key.
func (c *Cache) PutCached(account, key, etag string, body []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
	}
	c.entries[account+"|"+key] = cacheEntry{etag, append([]byte(nil), body...)}
	return nil
}
