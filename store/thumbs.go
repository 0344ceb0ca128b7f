package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Thumbnails are kept per account under a size cap, the least recently
// used evicted first:
//
//	thumbs/
//	    <account>/
//	        size         → uvarint total bytes of the entries below
//	        t/<key>      → uvarint last used (unix seconds) · picture bytes
//
// A read does not write its time at once (every scroll would be a write
// transaction with an fsync): the times of reads are kept in memory and
// written with the next thumbnail stored, which is when eviction needs
// them. The bucket is created on first use; files without it are fine.

var (
	bucketThumbs = []byte("thumbs")
	keyThumbSize = []byte("size")
	thumbPrefix  = []byte("t/")
)

// DefaultThumbCap is the thumbnail cache's size per account.
const DefaultThumbCap = 64 << 20

// touches are the thumbnail reads not yet written, per account.
type touches struct {
	mu   sync.Mutex
	used map[string]map[string]int64 // account → key → unix seconds
}

func (t *touches) note(account, key string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.used == nil {
		t.used = map[string]map[string]int64{}
	}
	if t.used[account] == nil {
		t.used[account] = map[string]int64{}
	}
	t.used[account][key] = at.Unix()
}

// take returns and forgets the account's pending reads.
func (t *touches) take(account string) map[string]int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := t.used[account]
	delete(t.used, account)
	return m
}

// Thumb returns the cached picture stored under key, if any.
func (s *Store) Thumb(account, key string) ([]byte, bool, error) {
	var data []byte
	err := s.view(func(tx *bolt.Tx) error {
		b := thumbBucket(tx, account)
		if b == nil {
			return nil
		}
		raw := b.Get(append(slices.Clip(thumbPrefix), key...))
		if _, w := binary.Uvarint(raw); w > 0 {
			data = bytes.Clone(raw[w:])
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("read thumbnail: %w", err)
	}
	if data == nil {
		return nil, false, nil
	}
	s.touched.note(accountKey(account), key, s.now())
	return data, true, nil
}

// PutThumb stores a picture under key and, when the account's thumbnails
// pass the cap, evicts the least recently used until they are under 90 %
// of it. A picture larger than an eighth of the cap is not kept.
func (s *Store) PutThumb(account, key string, data []byte) error {
	limit := s.thumbCap()
	if key == "" || int64(len(data)) > limit/8 {
		return errors.New("thumbnail: no key, or too large to cache")
	}
	acct := accountKey(account)
	pending := s.touched.take(acct)
	err := s.update(func(tx *bolt.Tx) error {
		b, err := createThumbBucket(tx, acct)
		if err != nil {
			return err
		}
		total := thumbTotal(b)
		applyTouches(b, pending)
		k := append(slices.Clip(thumbPrefix), key...)
		total -= entrySize(b.Get(k))
		val := binary.AppendUvarint(nil, uint64(s.now().Unix()))
		if err := b.Put(k, append(val, data...)); err != nil {
			return err
		}
		total += int64(len(data))
		if total > limit {
			if total, err = evictThumbs(b, total, limit*9/10); err != nil {
				return err
			}
		}
		return b.Put(keyThumbSize, binary.AppendUvarint(nil, uint64(max(total, 0))))
	})
	if err != nil {
		return fmt.Errorf("cache thumbnail: %w", err)
	}
	return nil
}

func (s *Store) thumbCap() int64 {
	if s.thumbLimit > 0 {
		return s.thumbLimit
	}
	return DefaultThumbCap
}

func thumbBucket(tx *bolt.Tx, account string) *bolt.Bucket {
	top := tx.Bucket(bucketThumbs)
	if top == nil {
		return nil
	}
	return top.Bucket([]byte(accountKey(account)))
}

func createThumbBucket(tx *bolt.Tx, acct string) (*bolt.Bucket, error) {
	top, err := tx.CreateBucketIfNotExists(bucketThumbs)
	if err != nil {
		return nil, err
	}
	return top.CreateBucketIfNotExists([]byte(acct))
}

func thumbTotal(b *bolt.Bucket) int64 {
	n, w := binary.Uvarint(b.Get(keyThumbSize))
	if w <= 0 {
		return 0
	}
	return int64(n)
}

// entrySize is the picture bytes of a stored entry (0 when absent).
func entrySize(raw []byte) int64 {
	if _, w := binary.Uvarint(raw); w > 0 {
		return int64(len(raw) - w)
	}
	return 0
}

// applyTouches writes the read times kept in memory.
func applyTouches(b *bolt.Bucket, used map[string]int64) {
	for key, at := range used {
		k := append(slices.Clip(thumbPrefix), key...)
		raw := b.Get(k)
		if old, w := binary.Uvarint(raw); w > 0 && int64(old) < at {
			val := binary.AppendUvarint(nil, uint64(at))
			_ = b.Put(k, append(val, raw[w:]...))
		}
	}
}

// evictThumbs deletes the least recently used entries until total is at
// most target, and returns the new total.
func evictThumbs(b *bolt.Bucket, total, target int64) (int64, error) {
	type entry struct {
		key  []byte
		used uint64
		size int64
	}
	var all []entry
	c := b.Cursor()
	for k, v := c.Seek(thumbPrefix); k != nil && bytes.HasPrefix(k, thumbPrefix); k, v = c.Next() {
		used, w := binary.Uvarint(v)
		if w <= 0 {
			used = 0 // unreadable: evicted first
		}
		all = append(all, entry{key: bytes.Clone(k), used: used, size: entrySize(v)})
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := cmp.Compare(a.used, b.used); c != 0 {
			return c
		}
		return bytes.Compare(a.key, b.key)
	})
	for _, e := range all {
		if total <= target {
			break
		}
		if err := b.Delete(e.key); err != nil {
			return total, err
		}
		total -= e.size
	}
	return total, nil
}
