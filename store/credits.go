package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// creditsKey is under the account's cursor prefix, so that a purge of the
// account forgets it with the rest of its settings.
func creditsKey(username string) []byte {
	return []byte(cursorPrefix(accountKey(username)) + "credits")
}

// KeptCredits returns what the last process of username kept of its
// credits run out (the caller's JSON); nil when nothing is kept.
func (s *Store) KeptCredits(username string) ([]byte, error) {
	var v []byte
	err := s.view(func(tx *bolt.Tx) error {
		v = bytes.Clone(tx.Bucket(bucketSettings).Get(creditsKey(username)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read kept credits: %w", err)
	}
	return v, nil
}

// KeepCredits keeps raw for username's next process; nil forgets it.
func (s *Store) KeepCredits(username string, raw []byte) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if raw == nil {
			return b.Delete(creditsKey(username))
		}
		return b.Put(creditsKey(username), raw)
	})
	if err != nil {
		return fmt.Errorf("keep credits: %w", err)
	}
	return nil
}
