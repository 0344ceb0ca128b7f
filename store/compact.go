package store

import (
	"fmt"
	"os"
	"runtime"

	bolt "go.etcd.io/bbolt"
)

// compact rewrites the database into a fresh file holding only live data,
// and renames it over the old one. bbolt leaves deleted values in freed
// pages until they are reused; after a logout the tokens must not survive
// there. Other processes notice the new file (openDB compares the file it
// locked with the one at the path) and never write to the old one.
func (s *Store) compact() error {
	tmp := s.path + ".compact"
	renamed := false
	err := s.run(true, func(src *bolt.DB) error {
		_ = os.Remove(tmp)
		// One fsync at the end instead of one per internal commit.
		dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.timeout, NoSync: true})
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
		if err := dst.Close(); err != nil {
			return err
		}
		// Renaming while the old file is locked keeps every other writer
		// out until the new file is in place. Windows refuses to rename
		// over an open file; there it happens just after the close.
		renamed = os.Rename(tmp, s.path) == nil
		return nil
	})
	if err == nil && !renamed && runtime.GOOS == "windows" {
		if rerr := os.Rename(tmp, s.path); rerr == nil {
			renamed = true
		}
	}
	if err == nil && !renamed {
		err = fmt.Errorf("could not replace %s", s.path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("compact %s: %w", s.path, err)
	}
	return nil
}
