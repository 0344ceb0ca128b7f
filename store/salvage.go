package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Salvage says what was kept of a damaged file.
type Salvage struct {
	Kept      int    // keys copied into the fresh file
	LoginKept bool   // at least one login read back intact
	Problem   string // the first damage found, in a few words
}

// salvageBatch is how many keys go into one transaction of the copy.
const salvageBatch = 512

// salvageInto copies what can still be read of the damaged file pf into a
// fresh database at dst, the accounts bucket (the logins) first so that a
// failure later in the copy cannot cost the login.
func salvageInto(pf *pageFile, dst string) (Salvage, error) {
	_ = os.Remove(dst)
	db, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: DefaultLockTimeout, NoSync: true})
	if err != nil {
		return Salvage{}, fmt.Errorf("create %s: %w", dst, err)
	}
	c := &copier{db: db}
	for _, accounts := range []bool{true, false} {
		w := newWalker(pf)
		w.values = true
		w.enter = func(path [][]byte) bool {
			return len(path) > 1 || bytes.Equal(path[0], bucketAccounts) == accounts
		}
		w.bucket = c.bucket
		w.emit = c.put
		w.walkRoot()
		if err := c.flush(); err != nil {
			db.Close()
			return Salvage{}, err
		}
	}
	if err := db.Sync(); err != nil { // one fsync for the whole copy
		db.Close()
		return Salvage{}, err
	}
	if err := db.Close(); err != nil {
		return Salvage{}, err
	}
	return Salvage{Kept: c.kept, LoginKept: c.logins > 0}, nil
}

// copier writes the salvaged keys into the fresh file in batches.
type copier struct {
	db      *bolt.DB
	pending []pendingPut
	kept    int
	logins  int
}

type pendingPut struct {
	path       [][]byte
	key, value []byte // value nil: create the bucket path+key
}

func clonePath(path [][]byte) [][]byte {
	out := make([][]byte, len(path))
	for i, p := range path {
		out[i] = bytes.Clone(p)
	}
	return out
}

func (c *copier) bucket(path [][]byte) {
	c.add(pendingPut{path: clonePath(path[:len(path)-1]), key: bytes.Clone(path[len(path)-1])})
}

func (c *copier) put(path [][]byte, key, value []byte) {
	if len(path) == 0 {
		return // a plain key at the top level: never written by imgfav
	}
	c.add(pendingPut{path: clonePath(path), key: bytes.Clone(key), value: bytes.Clone(value)})
}

func (c *copier) add(p pendingPut) {
	c.pending = append(c.pending, p)
	if len(c.pending) >= salvageBatch {
		_ = c.flush() // an error here shows again at the final flush
	}
}

// flush writes the pending keys in one transaction. A key that cannot be
// written (a bucket where a value was, or the reverse, in damaged data) is
// dropped; the rest go in.
func (c *copier) flush() error {
	if len(c.pending) == 0 {
		return nil
	}
	err := c.db.Update(func(tx *bolt.Tx) error {
		for _, p := range c.pending {
			b, err := bucketPath(tx, p.path)
			if err != nil {
				continue
			}
			if p.value == nil {
				_, _ = createBucket(tx, b, p.key)
				continue
			}
			if b == nil || b.Put(p.key, p.value) != nil {
				continue
			}
			c.kept++
			if len(p.path) == 2 && bytes.Equal(p.path[0], bucketAccounts) && bytes.Equal(p.path[1], bucketLogins) {
				c.logins++
			}
		}
		return nil
	})
	c.pending = c.pending[:0]
	if err != nil {
		return fmt.Errorf("write the salvaged data: %w", err)
	}
	return nil
}

// bucketPath creates (or finds) the nested buckets of path.
func bucketPath(tx *bolt.Tx, path [][]byte) (*bolt.Bucket, error) {
	var b *bolt.Bucket
	for _, name := range path {
		var err error
		if b, err = createBucket(tx, b, name); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func createBucket(tx *bolt.Tx, parent *bolt.Bucket, name []byte) (*bolt.Bucket, error) {
	if parent == nil {
		return tx.CreateBucketIfNotExists(name)
	}
	return parent.CreateBucketIfNotExists(name)
}

// damagedSchema reads meta/schema from a damaged file; -1 when it cannot be read.
func damagedSchema(pf *pageFile) int {
	version := -1
	w := newWalker(pf)
	w.values = true
	w.enter = func(path [][]byte) bool { return len(path) == 1 && bytes.Equal(path[0], bucketMeta) }
	w.emit = func(path [][]byte, key, value []byte) {
		if len(path) == 1 && bytes.Equal(key, keySchema) {
			if v, err := strconv.Atoi(string(value)); err == nil {
				version = v
			}
		}
	}
	w.walkRoot()
	return version
}

// errRetry means the file changed under us (another imgfav replaced it):
// start again with the new one.
var errRetry = errors.New("the database file was replaced meanwhile")

// repair checks the file at path under an exclusive lock and, when it is
// damaged (or force: bbolt refused it although it checks out), salvages it
// (a bbolt file) or moves it aside (anything else). It returns what it did;
// the zero Info when the file is healthy.
func (s *Store) repair(deadline time.Time, force bool) (info Info, err error) {
	f, err := os.Open(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return Info{}, nil
	}
	if err != nil {
		return Info{}, fmt.Errorf("open %s: %w", s.path, err)
	}
	defer f.Close()
	release, err := s.lockFile(true, deadline)
	if err != nil {
		return Info{}, s.lockError(err)
	}
	defer release()
	fi, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	if cur, err := os.Stat(s.path); err != nil || !os.SameFile(fi, cur) {
		return Info{}, errRetry
	}
	if fi.Size() == 0 {
		return Info{}, nil
	}
	rep := checkFile(f, fi.Size())
	if rep.healthy() && !force {
		return Info{}, nil
	}
	if rep.healthy() {
		rep.problems, rep.damaged = []string{"bbolt could not open it"}, 1
	}
	return s.replaceDamaged(f, fi.Size(), rep)
}

// replaceDamaged salvages or moves aside the damaged file f, which the
// caller holds locked.
func (s *Store) replaceDamaged(f *os.File, size int64, rep report) (Info, error) {
	info, tmp := Info{Created: true}, ""
	if rep.notBolt == nil {
		pf, err := openPageFile(f, size)
		if err != nil {
			return Info{}, err
		}
		if v := damagedSchema(pf); v > SchemaVersion {
			return Info{}, fmt.Errorf("%w: %s has schema %d, this imgfav knows %d; upgrade imgfav or use another --db",
				ErrNewerSchema, s.path, v, SchemaVersion)
		}
		tmp = s.path + ".salvage"
		sv, err := salvageInto(pf, tmp)
		if err != nil {
			_ = os.Remove(tmp)
			return Info{}, fmt.Errorf("%w: %s: %v; salvage failed: %v", ErrCorrupt, s.path, rep, err)
		}
		sv.Problem = rep.String()
		info.Salvaged, info.Created = &sv, false
	}
	moved, err := moveAside(s.path, s.now())
	if err != nil {
		_ = os.Remove(tmp)
		return Info{}, fmt.Errorf("%w: %s (%v), and it could not be moved aside: %v", ErrCorrupt, s.path, rep, err)
	}
	info.MovedAside = moved
	if tmp != "" {
		if err := os.Rename(tmp, s.path); err != nil {
			_ = os.Rename(moved, s.path) // leave things as they were
			return Info{}, fmt.Errorf("put the salvaged database in place: %w", err)
		}
	}
	syncDir(s.path)
	return info, nil
}
