package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A logout must leave no copy of the tokens in the file. bbolt leaves
// deleted values in freed pages until they are reused, so a logout also
// rewrites the file into a fresh one holding only live data (compaction)
// and renames it over the old one, all under the exclusive lock. Should the
// rewrite fail, a marker stays in the file and the next imgfav to open it
// finishes the job. Other processes wait on the lock file, and check that
// the file they opened is still the one at the path.

// keyScrub (in accounts/) is set while a logout's compaction is pending.
var keyScrub = []byte("scrub-pending")

// updateAndScrub runs fn (a logout) and compacts the file in the same hold
// of the lock; then it removes the damaged copies kept beside the file,
// which may hold the tokens too.
func (s *Store) updateAndScrub(fn func(*bolt.Tx) error) error {
	tmp := s.path + ".compact"
	err := s.run(true, func(db *bolt.DB) error {
		if err := db.Update(func(tx *bolt.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			return tx.Bucket(bucketAccounts).Put(keyScrub, []byte("1"))
		}); err != nil {
			return err
		}
		return compactInto(db, tmp)
	}, func() error { return replaceAndClean(tmp, s.path) })
	if err != nil {
		return err
	}
	return s.update(clearScrub)
}

// replaceAndClean puts the compacted file in place and removes the copies
// that may hold the tokens, still under the lock: another process may be
// writing its own .compact or .salvage beside the file once the lock is
// released, and must not lose it.
func replaceAndClean(tmp, path string) error {
	if err := replaceFile(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	removeCopies(path)
	return nil
}

// finishScrub completes a compaction that an earlier logout could not.
func (s *Store) finishScrub(deadline time.Time) error {
	pending := false
	if err := s.exec(false, deadline, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			pending = tx.Bucket(bucketAccounts).Get(keyScrub) != nil
			return nil
		})
	}, nil); err != nil || !pending {
		return err
	}
	tmp := s.path + ".compact"
	err := s.exec(true, deadline, func(db *bolt.DB) error { return compactInto(db, tmp) },
		func() error { return replaceAndClean(tmp, s.path) })
	if err != nil {
		return fmt.Errorf("finish the logout's clean-up of %s: %w", s.path, err)
	}
	return s.exec(true, deadline, func(db *bolt.DB) error { return db.Update(clearScrub) }, nil)
}

func clearScrub(tx *bolt.Tx) error { return tx.Bucket(bucketAccounts).Delete(keyScrub) }

// compactInto copies the live data of src into a fresh file at tmp, with
// one fsync at the end instead of one per internal commit. It runs under
// the exclusive lock, so tmp is its own; a failed copy is removed (it may
// hold the tokens), never one another process is writing.
func compactInto(src *bolt.DB, tmp string) (err error) {
	_ = os.Remove(tmp)
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, src, 4<<20); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// replaceFile renames tmp over path durably. It runs with the database
// closed (Windows refuses to rename over an open file) but still locked.
func replaceFile(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	syncDir(path)
	return nil
}

// removeCopies deletes what earlier repairs and rewrites left beside the
// database: damaged copies (<name>.corrupt-…) and unfinished rewrites.
func removeCopies(path string) {
	leftovers, _ := filepath.Glob(path + ".corrupt-*")
	for _, p := range append(leftovers, path+".salvage", path+".compact") {
		_ = os.Remove(p)
	}
}
