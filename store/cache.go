package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CacheEntry is one cached response.
type CacheEntry struct {
	Key     string
	ETag    string
	Body    []byte
	Fetched time.Time
}

// GetCached returns the ETag and body stored for key; it satisfies the
// cache interface of the API client. A database error reads as a miss: the
// worst it costs is a full response instead of a 304.
func (s *Store) GetCached(account, key string) (etag string, body []byte, ok bool) {
	e, ok, err := s.CacheEntry(account, key)
	if err != nil || !ok {
		return "", nil, false
	}
	return e.ETag, e.Body, true
}

// PutCached stores etag and body for key, stamped with the current time.
func (s *Store) PutCached(account, key, etag string, body []byte) error {
	if key == "" {
		return errors.New("cache: empty key")
	}
	val := encodeEntry(etag, s.now(), body)
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketCache).CreateBucketIfNotExists([]byte(accountKey(account)))
		if err != nil {
			return err
		}
		return b.Put([]byte(key), val)
	})
	if err != nil {
		return fmt.Errorf("cache %s: %w", key, err)
	}
	return nil
}

// PutCachedMany stores several entries in one transaction (one sync of
// the file), each stamped with its Fetched time, else the current time: a
// command that fetches many pages at once writes them so.
func (s *Store) PutCachedMany(account string, entries []CacheEntry) error {
	if len(entries) == 0 {
		return nil
	}
	now := s.now()
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketCache).CreateBucketIfNotExists([]byte(accountKey(account)))
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.Key == "" {
				continue
			}
			if err := b.Put([]byte(e.Key), encodeEntry(e.ETag, cmp.Or(e.Fetched, now), e.Body)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cache %d entries: %w", len(entries), err)
	}
	return nil
}

// CachedBody returns the body stored for key and when it was fetched; it
// satisfies the cache interface of the API client, which reads its pages
// back with it.
func (s *Store) CachedBody(account, key string) (body []byte, fetched time.Time, ok bool, err error) {
	e, ok, err := s.CacheEntry(account, key)
	return e.Body, e.Fetched, ok, err
}

// CacheEntry returns the whole entry for key, with its fetch time.
func (s *Store) CacheEntry(account, key string) (CacheEntry, bool, error) {
	var e CacheEntry
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCache).Bucket([]byte(accountKey(account)))
		if b == nil {
			return nil
		}
		raw := b.Get([]byte(key))
		if raw == nil {
			return nil
		}
		var err error
		e, err = decodeEntry(key, raw)
		ok = err == nil
		return err
	})
	return e, ok, err
}

// CachedPrefix returns the account's entries whose keys start with prefix,
// in key order: with the prefix of the favorites pages of one sort, every
// cached page of that sort, in page order.
func (s *Store) CachedPrefix(account, prefix string) ([]CacheEntry, error) {
	var out []CacheEntry
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCache).Bucket([]byte(accountKey(account)))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		p := []byte(prefix)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			e, err := decodeEntry(string(k), v)
			if err != nil {
				continue // one unreadable entry must not hide the others
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read cache: %w", err)
	}
	return out, nil
}

// DeleteCached removes the account's entry for key, if any: a cached body
// that no longer reads back is dropped so that the next request is a plain
// one, without If-None-Match.
func (s *Store) DeleteCached(account, key string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCache).Bucket([]byte(accountKey(account)))
		if b == nil {
			return nil
		}
		return b.Delete([]byte(key))
	})
	if err != nil {
		return fmt.Errorf("drop cached %s: %w", key, err)
	}
	return nil
}

// DeleteCachedPrefix removes the account's entries whose keys start with
// prefix (for example the pages of a sort that were found stale).
func (s *Store) DeleteCachedPrefix(account, prefix string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCache).Bucket([]byte(accountKey(account)))
		if b == nil {
			return nil
		}
		return deletePrefix(b, []byte(prefix))
	})
}

// deletePrefix deletes the keys of b that start with prefix.
func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// PurgeAccount deletes the account's cache, thumbnails, login and remembered
// cursors (logout --purge), leaving no copy of them in the file. Other
// accounts are untouched.
func (s *Store) PurgeAccount(username string) error {
	account := accountKey(username)
	err := s.updateAndScrub(func(tx *bolt.Tx) error {
		cache := tx.Bucket(bucketCache)
		if cache.Bucket([]byte(account)) != nil {
			if err := cache.DeleteBucket([]byte(account)); err != nil {
				return err
			}
		}
		if thumbs := tx.Bucket(bucketThumbs); thumbs != nil && thumbs.Bucket([]byte(account)) != nil {
			if err := thumbs.DeleteBucket([]byte(account)); err != nil {
				return err
			}
		}
		acc := tx.Bucket(bucketAccounts)
		if err := acc.Bucket(bucketLogins).Delete([]byte(account)); err != nil {
			return err
		}
		for _, k := range [][]byte{keyCurrent, keyLast} {
			if string(acc.Get(k)) == account {
				if err := acc.Delete(k); err != nil {
					return err
				}
			}
		}
		if err := promoteNext(acc); err != nil {
			return err
		}
		settings := tx.Bucket(bucketSettings)
		if err := deleteTokenAccounts(settings, account); err != nil {
			return err
		}
		if err := settings.Delete(folderKey(account)); err != nil {
			return err
		}
		return deletePrefix(settings, []byte(cursorPrefix(account)))
	})
	if err != nil {
		return fmt.Errorf("purge %s: %w", account, err)
	}
	return nil
}

// deleteTokenAccounts forgets every token hash remembered for account.
func deleteTokenAccounts(settings *bolt.Bucket, account string) error {
	prefix := tokenAccountKey("")
	var doomed [][]byte
	c := settings.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if accountKey(string(v)) == account {
			doomed = append(doomed, bytes.Clone(k))
		}
	}
	for _, k := range doomed {
		if err := settings.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// encodeEntry lays out uvarint len(etag) · etag · varint fetched · body.
func encodeEntry(etag string, fetched time.Time, body []byte) []byte {
	buf := make([]byte, 0, 2*binary.MaxVarintLen64+len(etag)+len(body))
	buf = binary.AppendUvarint(buf, uint64(len(etag)))
	buf = append(buf, etag...)
	buf = binary.AppendVarint(buf, fetched.UnixNano())
	return append(buf, body...)
}

var errBadEntry = errors.New("unreadable cache entry")

// decodeEntry copies an entry out of bbolt's memory.
func decodeEntry(key string, raw []byte) (CacheEntry, error) {
	n, w := binary.Uvarint(raw)
	if w <= 0 || n > uint64(len(raw)-w) {
		return CacheEntry{}, errBadEntry
	}
	raw = raw[w:]
	etag := string(raw[:n])
	raw = raw[n:]
	ns, w := binary.Varint(raw)
	if w <= 0 {
		return CacheEntry{}, errBadEntry
	}
	return CacheEntry{Key: key, ETag: etag, Fetched: time.Unix(0, ns), Body: bytes.Clone(raw[w:])}, nil
}

// RewriteCached replaces the body of each of the account's entries whose
// key starts with one of prefixes and whose body contains marker by what
// rewrite returns, keeping its ETag and fetch time, in one transaction; it
// satisfies the cache interface of the API client, which removes an
// unfavorited item from its cached pages with it. Bodies without marker
// are skipped without being copied, so a large cache costs one scan.
func (s *Store) RewriteCached(account string, prefixes []string, marker []byte, rewrite func(key string, body []byte) []byte) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCache).Bucket([]byte(accountKey(account)))
		if b == nil {
			return nil
		}
		changed := map[string][]byte{}
		for _, prefix := range prefixes {
			c := b.Cursor()
			p := []byte(prefix)
			for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
				if !bytes.Contains(v, marker) {
					continue
				}
				e, err := decodeEntry(string(k), v)
				if err != nil {
					continue
				}
				if body := rewrite(e.Key, e.Body); body != nil {
					changed[e.Key] = encodeEntry(e.ETag, e.Fetched, body)
				}
			}
		}
		for k, v := range changed {
			if err := b.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rewrite cache: %w", err)
	}
	return nil
}

// HasAccountData reports whether anything of username's is stored: a
// login, cached pages or pictures.
func (s *Store) HasAccountData(username string) bool {
	account := []byte(accountKey(username))
	found := false
	_ = s.view(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketAccounts).Bucket(bucketLogins).Get(account) != nil ||
			tx.Bucket(bucketCache).Bucket(account) != nil
		if thumbs := tx.Bucket(bucketThumbs); thumbs != nil && thumbs.Bucket(account) != nil {
			found = true
		}
		return nil
	})
	return found
}
