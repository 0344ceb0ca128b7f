package imgurtest

import (
	"sort"
	"strings"
	"sync"
)

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

func cacheKey(account, key string) string { return account + "|" + key }

// GetCached returns the ETag and body stored for the account's key.
func (c *Cache) GetCached(account, key string) (string, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[cacheKey(account, key)]
	return e.etag, append([]byte(nil), e.body...), ok
}

// PutCached stores etag and body for the account's key.
func (c *Cache) PutCached(account, key, etag string, body []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
	}
	c.entries[cacheKey(account, key)] = cacheEntry{etag, append([]byte(nil), body...)}
	return nil
}

// DeleteCached removes the account's key, if present.
func (c *Cache) DeleteCached(account, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, cacheKey(account, key))
	return nil
}

// DeleteCachedPrefix removes the account's keys that start with prefix.
func (c *Cache) DeleteCachedPrefix(account, prefix string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if strings.HasPrefix(k, cacheKey(account, prefix)) {
			delete(c.entries, k)
		}
	}
	return nil
}

// Keys returns the account's keys in order, for tests to assert on.
func (c *Cache) Keys(account string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var keys []string
	for k := range c.entries {
		if key, ok := strings.CutPrefix(k, cacheKey(account, "")); ok {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	return keys
}
