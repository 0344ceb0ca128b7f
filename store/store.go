// Package store keeps imgfav's state in one bbolt file: the login of each
// account, the HTTP cache (ETag and body of each response) and the small
// settings the UI remembers.
//
// The bucket tree:
//
//	meta/
//	    schema            → "1" (decimal schema version)
//	accounts/
//	    current           → account key of the logged-in account
//	    last              → account key of the account last logged out
//	    logins/
//	        <account>     → JSON login (tokens, expiry, username, id)
//	cache/
//	    <account>/        (one bucket per account)
//	        <key>         → uvarint len(etag) · etag · varint fetched (unix ns) · body
//	settings/
//	    sort              → "newest" | "oldest"
//	    cursor/<account>/<sort> → JSON cursor
//	    token-account/<sha256 of an access token> → its account's user name
//
// Account keys are lower-cased user names. Values are JSON except cached
// bodies, which are stored byte for byte. Every byte slice returned is a
// copy: bbolt's memory is only valid inside its transaction.
//
// Open never hangs (a second imgfav gets ErrLocked within two seconds) and
// never lets a bbolt panic escape: a file that is not a database, or that
// bbolt chokes on, is moved aside and replaced by a fresh one, and the caller
// is told so through Info.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this program writes.
const SchemaVersion = 1

// Errors that callers branch on.
var (
	// ErrLocked: another process holds the database.
	ErrLocked = errors.New("database is locked")
	// ErrCorrupt: the database is damaged and could not be replaced.
	ErrCorrupt = errors.New("database is corrupt")
	// ErrNewerSchema: the file was written by a newer imgfav.
	ErrNewerSchema = errors.New("database was written by a newer imgfav")
)

// Bucket and key names, declared once.
var (
	bucketMeta     = []byte("meta")
	bucketAccounts = []byte("accounts")
	bucketLogins   = []byte("logins")
	bucketCache    = []byte("cache")
	bucketSettings = []byte("settings")

	keySchema  = []byte("schema")
	keyCurrent = []byte("current")
	keyLast    = []byte("last")
	keySort    = []byte("sort")
)

// DefaultLockTimeout is how long Open waits for another process to let go.
const DefaultLockTimeout = 2 * time.Second

// Options tune Open. The zero value is the normal configuration.
type Options struct {
	LockTimeout time.Duration    // default DefaultLockTimeout; at most 2 s is what users expect
	Now         func() time.Time // clock for fetch times and corrupt-file names
}

// Info says what Open had to do to the file.
type Info struct {
	// Created is true when the file did not exist or was empty.
	Created bool
	// Tightened is true when the file's permissions were looser than 0600
	// and were tightened.
	Tightened bool
	// MovedAside is where a corrupt file was moved before a fresh database
	// was created; "" when nothing was wrong. Logins were lost with it.
	MovedAside string
}

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	now  func() time.Time
	info Info
}

// Open opens or creates the database at path.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{path: path, now: opts.Now}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the directory of %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		s.info.Created = true
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("open %s: not a regular file", path)
	default:
		s.info.Created = fi.Size() == 0
		if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				return nil, fmt.Errorf("tighten the permissions of %s: %w", path, err)
			}
			s.info.Tightened = true
		}
	}

	db, err := openChecked(path, opts.LockTimeout)
	if errors.Is(err, errDamaged) {
		moved, merr := moveAside(path, opts.Now())
		if merr != nil {
			return nil, fmt.Errorf("%w: %s (%v), and it could not be moved aside: %v", ErrCorrupt, path, err, merr)
		}
		s.info.MovedAside = moved
		s.info.Created = true
		db, err = openChecked(path, opts.LockTimeout)
	}
	if err != nil {
		return nil, err
	}
	s.db = db
	if err := s.prepareSchema(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// errDamaged marks a file that bbolt cannot use.
var errDamaged = errors.New("damaged database")

// openChecked opens the file and reads all of it once, turning any bbolt
// panic or consistency error into errDamaged.
func openChecked(path string, timeout time.Duration) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				closeQuietly(db)
			}
			db, err = nil, fmt.Errorf("%w: bbolt panicked: %v", errDamaged, r)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%w: another imgfav is using %s", ErrLocked, path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return nil, fmt.Errorf("%w: %v", errDamaged, err)
	case err != nil:
		if isDamage(err) {
			return nil, fmt.Errorf("%w: %v", errDamaged, err)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if cerr := checkAll(db); cerr != nil {
		closeQuietly(db)
		return nil, fmt.Errorf("%w: %v", errDamaged, cerr)
	}
	return db, nil
}

// isDamage recognises bbolt's open errors that mean a bad file rather than
// a bad environment (permissions, missing directory).
func isDamage(err error) bool {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return false
	}
	return true
}

// checkAll reads every page: bbolt's consistency check, then a walk of every
// key, so that a scrambled page surfaces now rather than mid-session.
func checkAll(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = err
			}
		}
		if first != nil {
			return first
		}
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
	})
}

func walk(b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if nb := b.Bucket(k); nb != nil {
				return walk(nb)
			}
		}
		return nil
	})
}

func closeQuietly(db *bolt.DB) {
	defer func() { _ = recover() }()
	_ = db.Close()
}

// moveAside renames a damaged file to <name>.corrupt-<UTC time>.
func moveAside(path string, now time.Time) (string, error) {
	target := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	for i := 1; ; i++ {
		if _, err := os.Lstat(target); errors.Is(err, os.ErrNotExist) {
			break
		}
		target = path + ".corrupt-" + now.UTC().Format("20060102T150405Z") + "-" + strconv.Itoa(i)
	}
	return target, os.Rename(path, target)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Info says what Open had to do.
func (s *Store) Info() Info { return s.info }

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }
