package imgurtest

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// Cache is an in-memory cache of responses with the methods of imgur.Cache,
// for tests that need conditional requests without a database. Accounts
// are taken as given.
type Cache struct {
	// Now stamps the entries stored; nil is time.Now.
	Now func() time.Time

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	etag    string
	body    []byte
	fetched time.Time
}

func cacheKey(account, key string) string { return account + "|" + key }

// GetCached returns the ETag and body stored for the account's key.
func (c *Cache) GetCached(account, key string) (string, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[cacheKey(account, key)]
	return e.etag, append([]byte(nil), e.body...), ok
}

// CachedBody returns the body stored for the account's key and when it was
// stored.
func (c *Cache) CachedBody(account, key string) ([]byte, time.Time, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[cacheKey(account, key)]
	return append([]byte(nil), e.body...), e.fetched, ok, nil
}

// PutCached stores etag and body for the account's key.
func (c *Cache) PutCached(account, key, etag string, body []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	c.entries[cacheKey(account, key)] = cacheEntry{etag, append([]byte(nil), body...), now()}
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
