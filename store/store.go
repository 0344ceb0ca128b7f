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
// Several processes share the file (the browser, imgfav list, a second
// browser). A Store therefore holds the file open only for the length of
// each operation: readers share bbolt's lock, a writer has it alone for one
// short transaction, and nobody waits more than the lock timeout (two
// seconds) before ErrLocked.
//
// Damage never crashes the program. Before bbolt maps the file for the
// first time in a process, the whole page tree is checked with ordinary
// reads (check.go); a damaged bbolt file is salvaged into a fresh one (the
// logins first), anything else is moved aside. Each operation checks the
// meta pages and the file's length again before mapping it, and runs with
// faults turned into panics that it recovers from.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
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
	// NoSync skips fsync on commit: for throwaway databases (the demo's,
	// tests'), where speed matters more than surviving a power cut.
	NoSync bool
}

// Info says what Open had to do to the file.
type Info struct {
	// Created is true when the file did not exist or was empty.
	Created bool
	// Tightened is true when the file's permissions were looser than 0600
	// and were tightened.
	Tightened bool
	// MovedAside is where a damaged file was moved before a fresh or
	// salvaged database took its place; "" when nothing was wrong.
	MovedAside string
	// Salvaged is set when the damaged file was a bbolt database and what
	// could be read of it was copied into the new one.
	Salvaged *Salvage
}

// Store is the database at one path. It is safe for concurrent use, by
// goroutines and by processes.
type Store struct {
	path    string
	now     func() time.Time
	timeout time.Duration
	noSync  bool

	// ops orders this process's own operations: a waiting writer holds
	// back new readers, which flock alone (polled by bbolt) would not,
	// so a busy reader cannot starve a token save.
	ops sync.RWMutex

	mu      sync.Mutex
	info    Info
	checked bool // the whole file passed a check since the last fault
}

// Open opens or creates the database at path, checking (and if need be
// repairing) the whole file once.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{path: path, now: opts.Now, timeout: opts.LockTimeout, noSync: opts.NoSync}
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
	if err := s.ensureHealthy(); err != nil {
		return nil, err
	}
	return s, nil
}

// ensureHealthy runs the whole-file check (and repair) when none has passed
// since Open or the last fault, then makes sure the bucket tree is whole.
func (s *Store) ensureHealthy() error {
	s.mu.Lock()
	if s.checked {
		s.mu.Unlock()
		return nil
	}
	var err error
	for range 3 {
		var info Info
		if info, err = s.repair(); errors.Is(err, errRetry) {
			continue
		}
		if err == nil {
			s.noteRepair(info)
			s.checked = true
		}
		break
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := s.prepareSchema(); err != nil {
		s.suspect()
		return err
	}
	return nil
}

// noteRepair records what a repair did, for Info.
func (s *Store) noteRepair(info Info) {
	if info.MovedAside == "" {
		return
	}
	s.info.MovedAside, s.info.Salvaged = info.MovedAside, info.Salvaged
	s.info.Created = s.info.Created || info.Created
}

// suspect makes the next operation check the whole file again.
func (s *Store) suspect() {
	s.mu.Lock()
	s.checked = false
	s.mu.Unlock()
}

// errSuspect: the quick check before an operation found something wrong;
// the whole file is checked before trying again.
var errSuspect = errors.New("the database needs a check")

// view runs fn in a read transaction.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.run(false, func(db *bolt.DB) error { return db.View(fn) })
}

// update runs fn in a write transaction.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	return s.run(true, func(db *bolt.DB) error { return db.Update(fn) })
}

// run opens the file for one operation, runs fn and closes it. A fault on
// the mapped file (the file shrank under us, say) becomes ErrCorrupt for
// this operation and a full check before the next.
func (s *Store) run(write bool, fn func(*bolt.DB) error) (err error) {
	for attempt := 0; ; attempt++ {
		if err := s.ensureHealthy(); err != nil {
			return err
		}
		unlock, err := s.lockOps(write)
		if err != nil {
			return err
		}
		db, err := s.openDB(write)
		if err != nil {
			unlock()
			if (errors.Is(err, errSuspect) || errors.Is(err, errRetry)) && attempt < 2 {
				if errors.Is(err, errSuspect) {
					s.suspect()
				}
				continue
			}
			return err
		}
		defer unlock()
		return s.guarded(db, fn)
	}
}

// lockOps takes this process's lock, then the processes' lock file, for
// one operation.
func (s *Store) lockOps(write bool) (unlock func(), err error) {
	mine := s.ops.RUnlock
	if write {
		s.ops.Lock()
		mine = s.ops.Unlock
	} else {
		s.ops.RLock()
	}
	release, err := acquire(s.path, write, s.timeout)
	if err != nil {
		mine()
		return nil, s.lockError(err)
	}
	return func() { release(); mine() }, nil
}

// guarded runs fn with memory faults turned into panics, and recovers.
func (s *Store) guarded(db *bolt.DB, fn func(*bolt.DB) error) (err error) {
	prev := debug.SetPanicOnFault(true)
	defer func() {
		if r := recover(); r != nil {
			s.suspect()
			err = fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, r)
		}
		closeQuietly(db)
		debug.SetPanicOnFault(prev)
	}()
	return fn(db)
}

// openDB opens the file with bbolt after a quick check that bbolt can map
// it safely, and makes sure that the file it locked is still the one at the
// path (salvage and compaction replace it by renaming).
func (s *Store) openDB(write bool) (*bolt.DB, error) {
	before, err := os.Stat(s.path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && before.Size() == 0) {
		write = true // only a writer can create the file (reads then see it empty)
		before, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", s.path, err)
	}
	if before != nil {
		if err := quickCheck(s.path); err != nil {
			return nil, err
		}
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout, ReadOnly: !write})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, s.lockError(ErrLocked)
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("open %s: %w", s.path, err)
		}
		return nil, fmt.Errorf("%w: %v", errSuspect, err)
	}
	db.NoSync = s.noSync
	after, err := os.Stat(s.path)
	if err != nil || (before != nil && !os.SameFile(before, after)) {
		closeQuietly(db)
		return nil, errRetry
	}
	return db, nil
}

// quickCheck reads the meta pages and the file's length: what bbolt maps
// and reads first. The whole tree was checked before.
func quickCheck(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := openPageFile(f, fi.Size())
	if err != nil {
		return fmt.Errorf("%w: %v", errSuspect, err)
	}
	if pf.metas[0] != nil || pf.metas[1] != nil || !pf.complete() {
		return errSuspect
	}
	return nil
}

func (s *Store) lockError(err error) error {
	if errors.Is(err, ErrLocked) {
		return fmt.Errorf("%w: another imgfav kept %s busy for over %s", ErrLocked, s.path, s.timeout)
	}
	return err
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

// Info says what Open had to do.
func (s *Store) Info() Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// Close releases the store. The file is only open during operations, so
// there is nothing to release; Close exists for symmetry and future use.
func (s *Store) Close() error { return nil }
