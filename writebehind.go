package main

import (
	"cmp"
	"sync"
	"time"

	"imgfav/store"
)

// writeBehind is the store as the API client's cache for a command that
// fetches many pages at once (list --all, backup): the pages it stores
// are written a batch at a time, one transaction and one sync of the file
// for several pages instead of one each, which would otherwise stand in
// the way of every request. Reads see what is pending; anything else
// (deleting, rewriting) writes the pending entries first, so the order of
// changes is kept. Flush writes the rest; entries not flushed when the
// process dies are only a cache's loss.
type writeBehind struct {
	*store.Store
	flushMu sync.Mutex // one flush at a time
	mu      sync.Mutex
	pending map[string][]store.CacheEntry // by account, in the order stored
	// flushing is what a flush is writing: still read from here until
	// the store has it.
	flushing map[string][]store.CacheEntry
}

// writeBatch is how many pages wait before they are written together.
const writeBatch = 8

func newWriteBehind(st *store.Store) *writeBehind {
	return &writeBehind{Store: st, pending: map[string][]store.CacheEntry{}}
}

// find is the pending entry for key, the newest if stored twice.
func (w *writeBehind) find(account, key string) (store.CacheEntry, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range [][]store.CacheEntry{w.pending[account], w.flushing[account]} {
		for i := len(p) - 1; i >= 0; i-- {
			if p[i].Key == key {
				return p[i], true
			}
		}
	}
	return store.CacheEntry{}, false
}

func (w *writeBehind) GetCached(account, key string) (string, []byte, bool) {
	if e, ok := w.find(account, key); ok {
		return e.ETag, e.Body, true
	}
	return w.Store.GetCached(account, key)
}

func (w *writeBehind) CachedBody(account, key string) ([]byte, time.Time, bool, error) {
	if e, ok := w.find(account, key); ok {
		return e.Body, e.Fetched, true, nil
	}
	return w.Store.CachedBody(account, key)
}

// PutCached keeps the entry; the put that fills a batch writes it.
func (w *writeBehind) PutCached(account, key, etag string, body []byte) error {
	w.mu.Lock()
	w.pending[account] = append(w.pending[account], store.CacheEntry{Key: key, ETag: etag, Body: body, Fetched: time.Now()})
	full := len(w.pending[account]) >= writeBatch
	w.mu.Unlock()
	if full {
		return w.Flush()
	}
	return nil
}

// The changes below write the pending entries first, and go ahead even
// when that failed: the pending entries are gone then, and a stale page
// left behind would be worse.

func (w *writeBehind) DeleteCached(account, key string) error {
	ferr := w.Flush()
	return cmp.Or(w.Store.DeleteCached(account, key), ferr)
}

func (w *writeBehind) DeleteCachedPrefix(account, prefix string) error {
	ferr := w.Flush()
	return cmp.Or(w.Store.DeleteCachedPrefix(account, prefix), ferr)
}

func (w *writeBehind) RewriteCached(account string, prefixes []string, marker []byte, rewrite func(key string, body []byte) []byte) error {
	ferr := w.Flush()
	return cmp.Or(w.Store.RewriteCached(account, prefixes, marker, rewrite), ferr)
}

// Flush writes every pending entry, an account at a time. Entries whose
// write failed are dropped with the error: a cache may lose them.
func (w *writeBehind) Flush() error {
	w.flushMu.Lock()
	defer w.flushMu.Unlock()
	w.mu.Lock()
	pending := w.pending
	w.pending, w.flushing = map[string][]store.CacheEntry{}, pending
	w.mu.Unlock()
	var first error
	for account, entries := range pending {
		if err := w.Store.PutCachedMany(account, entries); err != nil && first == nil {
			first = err
		}
	}
	w.mu.Lock()
	w.flushing = nil
	w.mu.Unlock()
	return first
}
