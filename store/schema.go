package store

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
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
// An unreadable version (a damaged value) reads as the current one, with
// ok false so that it is written again.
func readSchema(tx *bolt.Tx) (v int, ok bool) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, true
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, true
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return SchemaVersion, false
	}
	return v, true
}

// prepareSchema refuses a newer file without writing to it, and migrates an
// older one in a single transaction. It runs inside ensureHealthy, so it
// uses exec, not view and update.
func (s *Store) prepareSchema(deadline time.Time) error {
	var version int
	complete := true
	if err := s.exec(false, deadline, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			var ok bool
			version, ok = readSchema(tx)
			complete = ok && hasBuckets(tx)
			return nil
		})
	}, nil); err != nil {
		return err
	}
	switch {
	case version > SchemaVersion:
		return fmt.Errorf("%w: %s has schema %d, this imgfav knows %d; upgrade imgfav or use another --db",
			ErrNewerSchema, s.path, version, SchemaVersion)
	case version == SchemaVersion && complete:
		return nil
	}
	err := s.exec(true, deadline, func(db *bolt.DB) error { return db.Update(migrate(version)) }, nil)
	if errors.Is(err, berrors.ErrIncompatibleValue) {
		// A value where a bucket belongs: damage the check cannot see.
		// Rebuilding the file keeps only what is in its place.
		return fmt.Errorf("%w: %v", errRefused, err)
	}
	return err
}

// migrate upgrades the tree from version to the current one (recreating
// what is missing when it is already current) and records the version.
func migrate(version int) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		if version == SchemaVersion {
			if err := createBuckets(tx); err != nil {
				return err
			}
		}
		for v := version; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate from schema %d: %w", v, err)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	}
}
