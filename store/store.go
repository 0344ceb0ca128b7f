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
//	thumbs/
//	    <account>/        thumbnails under a size cap (see thumbs.go)
//	settings/
//	    sort              → "newest" | "oldest"
//	    cursor/<account>/<sort> → JSON cursor (all favorites)
//	    cursor/<account>/folder-<id>/<sort> → JSON cursor (one favorite folder)
//	    cursor/<account>/seen/<sort> → JSON ids at the list's edge when the last session ended
//	    cursor/<account>/last-sort → the account's last sort
//	    cursor/<account>/credits → JSON of credits run out, for the next process
//	    cursor/<account>/layout → JSON layout of the account's list (grid, preview)
//	    folder/<account>  → JSON folder shown ({id, name}); absent for all
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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
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
	keyLayout  = []byte("layout")
)

// DefaultLockTimeout is how long Open waits for another process to let go.
const DefaultLockTimeout = 2 * time.Second

// Options tune Open. The zero value is the normal configuration.
type Options struct {
	LockTimeout time.Duration    // default DefaultLockTimeout; at most 2 s is what users expect
	Now         func() time.Time // clock for fetch times and corrupt-file names
	// ThumbCap is the thumbnail cache's size per account (default
	// DefaultThumbCap).
	ThumbCap int64
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
	// TightenedDir is true when the directory, one of imgfav's own, was
	// open to others and was tightened to 0700.
	TightenedDir bool
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

	// gate orders this process's own operations, first come first served
	// with a deadline: a reader takes one unit, a writer all of them, so
	// neither starves the other.
	gate *semaphore.Weighted
	// waiting is set while a blocked flock on the lock file is pending:
	// at most one per Store, whatever the timeouts.
	waiting atomic.Bool

	repairMu    sync.Mutex  // one whole-file check or repair at a time
	checked     atomic.Bool // the whole file passed a check since the last fault
	forceRepair atomic.Bool // bbolt refused a file the check passed: rebuild it

	infoMu sync.Mutex
	info   Info

	thumbLimit int64
	touched    touches // thumbnail reads not yet written
}

// gateUnits is the gate's size: a writer takes all of it.
const gateUnits = 1 << 30

// Open opens or creates the database at path, checking (and if need be
// repairing) the whole file once.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{path: path, now: opts.Now, timeout: opts.LockTimeout, noSync: opts.NoSync,
		gate: semaphore.NewWeighted(gateUnits), thumbLimit: opts.ThumbCap}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the directory of %s: %w", path, err)
	}
	s.info.TightenedDir = tightenDir(path)
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
	}
	if err := s.ensureHealthy(time.Now().Add(s.timeout)); err != nil {
		return nil, err // a newer schema among them: the file is left as it was
	}
	if err := s.tighten(); err != nil {
		return nil, err
	}
	return s, nil
}

// tighten makes the file 0600 when it is open to others; it runs once
// the file is known to be one this program may change.
func (s *Store) tighten() error {
	fi, err := os.Stat(s.path)
	if runtime.GOOS == "windows" || err != nil || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(s.path, 0o600); err != nil {
		return fmt.Errorf("tighten the permissions of %s: %w", s.path, err)
	}
	s.info.Tightened = true
	return nil
}

// moveAside renames a damaged file to <name>.corrupt-<UTC time>, 0600.
func moveAside(path string, now time.Time) (string, error) {
	stamp := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	for i := range 100 {
		target := stamp
		if i > 0 {
			target += "-" + strconv.Itoa(i)
		}
		_, err := os.Lstat(target)
		switch {
		case errors.Is(err, os.ErrNotExist):
			if err := os.Rename(path, target); err != nil {
				return "", err
			}
			// The copy may hold logins: readable by the user alone, as
			// the database is, whatever its mode was (a link's own file
			// is not imgfav's to change).
			if fi, err := os.Lstat(target); err == nil && fi.Mode().IsRegular() {
				_ = os.Chmod(target, 0o600)
			}
			return target, nil
		case err != nil:
			return "", err
		}
	}
	return "", fmt.Errorf("too many damaged copies of %s", path)
}

// Info says what Open had to do.
func (s *Store) Info() Info {
	s.infoMu.Lock()
	defer s.infoMu.Unlock()
	return s.info
}

// Close releases the store. The file is only open during operations, so
// there is nothing to release; Close exists for symmetry and future use.
func (s *Store) Close() error { return nil }

// tightenDir makes the database's directory 0700 when it is open to
// others and is imgfav's own: the user's, not sticky (as /tmp is), and
// holding the database and nothing else but the files named after it
// (its lock, damaged copies) and config.toml. A directory shared with
// other things (a home, /tmp) is left alone, and one that cannot be
// changed is not an error.
func tightenDir(path string) bool {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if runtime.GOOS == "windows" || err != nil || fi.Mode().Perm()&0o077 == 0 ||
		fi.Mode()&os.ModeSticky != 0 || !ownedByMe(fi) {
		return false
	}
	if _, err := os.Stat(path); err != nil {
		return false // no database yet: not known to be imgfav's
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	base := filepath.Base(path)
	for _, e := range entries {
		if n := e.Name(); !strings.HasPrefix(n, base) && n != "config.toml" {
			return false
		}
	}
	return os.Chmod(dir, 0o700) == nil
}
