package imgurtest

import (
	"bytes"
	"strings"
)

// RewriteCached replaces the body of each of the account's entries whose
// key starts with one of prefixes and whose body contains marker by what
// rewrite returns (nil: unchanged), keeping the ETag and stamp.
func (c *Cache) RewriteCached(account string, prefixes []string, marker []byte, rewrite func(key string, body []byte) []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		key, ok := strings.CutPrefix(k, cacheKey(account, ""))
		if !ok || !hasAnyPrefix(key, prefixes) || !bytes.Contains(e.body, marker) {
			continue
		}
		if body := rewrite(key, bytes.Clone(e.body)); body != nil {
			e.body = bytes.Clone(body)
			c.entries[k] = e
		}
	}
	return nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
