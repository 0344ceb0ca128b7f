package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// migration upgrades the tree from one version to the next, inside the one
// transaction that also records the new version.
type migration func(tx *bolt.Tx) error

// migrations[v] upgrades version v to v+1. Version 0 is a file without a
// meta bucket: empty, or written before the schema was versioned.
var migrations = []migration{
	0: createBuckets,
}

// createBuckets makes the version-1 tree, keeping whatever exists.
func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketCache, bucketSettings} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	acc, err := tx.CreateBucketIfNotExists(bucketAccounts)
	if err != nil {
		return err
	}
	_, err = acc.CreateBucketIfNotExists(bucketLogins)
	return err
}

// hasBuckets reports whether every bucket of the current tree exists.
func hasBuckets(tx *bolt.Tx) bool {
	for _, name := range [][]byte{bucketMeta, bucketCache, bucketSettings} {
		if tx.Bucket(name) == nil {
			return false
		}
	}
	acc := tx.Bucket(bucketAccounts)
	return acc != nil && acc.Bucket(bucketLogins) != nil
}

// readSchema returns the file's schema version; 0 without a meta bucket.
func readSchema(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%w: unreadable schema version %q", ErrCorrupt, raw)
	}
	return v, nil
}

// prepareSchema refuses a newer file without writing to it, and migrates an
// older one in a single transaction.
func (s *Store) prepareSchema() error {
	var version int
	complete := true
	if err := s.view(func(tx *bolt.Tx) (err error) {
		version, err = readSchema(tx)
		complete = hasBuckets(tx)
		return err
	}); err != nil {
		return err
	}
	switch {
	case version > SchemaVersion:
		return fmt.Errorf("%w: %s has schema %d, this imgfav knows %d; upgrade imgfav or use another --db",
			ErrNewerSchema, s.path, version, SchemaVersion)
	case version == SchemaVersion && complete:
		return nil
	case version == SchemaVersion:
		// Damaged by hand or by a crash of a pre-release build: recreate
		// what is missing rather than fail on a nil bucket later.
		return s.update(createBuckets)
	}
	return s.update(func(tx *bolt.Tx) error {
		for v := version; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate %s from schema %d: %w", s.path, v, err)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}
