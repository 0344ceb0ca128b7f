package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// How an operation runs: the whole-file check once (ensureHealthy), then
// for each operation the process's gate, the lock file, a quick check of
// the meta pages and length, bbolt.Open, one transaction, close. Memory
// faults on the mapped file become errors throughout.

var (
	// errSuspect: the quick check before an operation found something
	// wrong; the whole file is checked before trying again.
	errSuspect = errors.New("the database needs a check")
	// errRefused: bbolt would not open (or panicked opening) a file that
	// the whole-file check passed; the file is rebuilt.
	errRefused = errors.New("bbolt refused the database")
)

// ensureHealthy runs the whole-file check (and repair) when none has passed
// since Open or the last fault, makes sure the bucket tree is whole, and
// finishes a logout whose scrub was interrupted. It never calls run, so it
// cannot recurse.
func (s *Store) ensureHealthy(deadline time.Time) error {
	if s.checked.Load() {
		return nil
	}
	s.repairMu.Lock()
	defer s.repairMu.Unlock()
	var err error
	for range 3 {
		if s.checked.Load() {
			return nil
		}
		var info Info
		info, err = s.repair(deadline, s.forceRepair.Swap(false))
		if errors.Is(err, errRetry) {
			continue
		}
		if err != nil {
			return err
		}
		s.noteRepair(info)
		err = s.prepareSchema(deadline)
		if errors.Is(err, errRefused) || errors.Is(err, errSuspect) {
			continue // repair again, rebuilding the file this time
		}
		if err != nil {
			return err
		}
		if err := s.finishScrub(deadline); err != nil {
			return err
		}
		s.checked.Store(true)
		return nil
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, err)
}

// noteRepair records what a repair did, for Info.
func (s *Store) noteRepair(info Info) {
	if info.MovedAside == "" {
		return
	}
	s.infoMu.Lock()
	defer s.infoMu.Unlock()
	s.info.MovedAside, s.info.Salvaged = info.MovedAside, info.Salvaged
	s.info.Created = s.info.Created || info.Created
}

// suspect makes the next operation check the whole file again.
func (s *Store) suspect() { s.checked.Store(false) }

// view runs fn in a read transaction.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return s.run(false, func(db *bolt.DB) error { return db.View(fn) }, nil)
}

// update runs fn in a write transaction.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	return s.run(true, func(db *bolt.DB) error { return db.Update(fn) }, nil)
}

// run is one operation: fn with the file open, then after (if any) with
// the file closed but still locked against other processes.
func (s *Store) run(write bool, fn func(*bolt.DB) error, after func() error) error {
	deadline := time.Now().Add(s.timeout)
	for attempt := 0; ; attempt++ {
		if err := s.ensureHealthy(deadline); err != nil {
			return err
		}
		err := s.exec(write, deadline, fn, after)
		switch {
		case attempt < 2 && errors.Is(err, errRefused):
			s.forceRepair.Store(true)
			s.suspect()
		case attempt < 2 && errors.Is(err, errSuspect):
			s.suspect()
		case attempt < 2 && errors.Is(err, errRetry):
		default:
			return err
		}
	}
}

// exec is one operation without the health check: ensureHealthy uses it.
func (s *Store) exec(write bool, deadline time.Time, fn func(*bolt.DB) error, after func() error) error {
	unlock, err := s.lockOps(write, deadline)
	if err != nil {
		return err
	}
	defer unlock()
	db, f, err := s.openDB(write, deadline)
	if err != nil {
		return err
	}
	if err := s.guarded(db, f, fn); err != nil || after == nil {
		return err
	}
	return after()
}

// lockOps takes this process's gate, then the processes' lock file, before
// deadline.
func (s *Store) lockOps(write bool, deadline time.Time) (unlock func(), err error) {
	units := int64(1)
	if write {
		units = gateUnits
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if err := s.gate.Acquire(ctx, units); err != nil {
		return nil, s.lockError(ErrLocked)
	}
	release, err := s.lockFile(write, deadline)
	if err != nil {
		s.gate.Release(units)
		return nil, s.lockError(err)
	}
	return func() { release(); s.gate.Release(units) }, nil
}

// guarded runs fn with memory faults turned into panics, and recovers.
// After a panic the database is not closed (bbolt may hold its own locks
// mid-transaction, and Close would wait on them forever): bbolt's lock on
// the file is released and the file closed; the mapping is left behind.
func (s *Store) guarded(db *bolt.DB, f *os.File, fn func(*bolt.DB) error) (err error) {
	prev := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(prev)
		if r := recover(); r != nil {
			s.suspect()
			releaseBoltLock(f)
			_ = f.Close()
			err = fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, r)
			return
		}
		_ = db.Close()
	}()
	return fn(db)
}

// openDB opens the file with bbolt after a quick check that bbolt can map
// it safely, and makes sure that the file it opened is still the one at the
// path (salvage and compaction replace it by renaming). It returns the
// database and its file.
func (s *Store) openDB(write bool, deadline time.Time) (*bolt.DB, *os.File, error) {
	before, err := os.Stat(s.path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && before.Size() == 0) {
		write = true // only a writer can create the file (reads then see it empty)
		before, err = nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", s.path, err)
	}
	if before != nil {
		if err := quickCheck(s.path); err != nil {
			return nil, nil, err
		}
	}
	db, f, err := boltOpen(s.path, time.Until(deadline), write)
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, nil, s.lockError(ErrLocked)
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, nil, fmt.Errorf("open %s: %w", s.path, err)
		}
		return nil, nil, fmt.Errorf("%w: %v", errRefused, err)
	}
	db.NoSync = s.noSync
	after, err := os.Stat(s.path)
	if err != nil || (before != nil && !os.SameFile(before, after)) {
		_ = db.Close()
		return nil, nil, errRetry
	}
	return db, f, nil
}

// boltOpen is bolt.Open with memory faults and bbolt's own panics turned
// into errors. It keeps the file bbolt opened, so that after a panic the
// file (and bbolt's lock on it) is released rather than leaked.
func boltOpen(path string, timeout time.Duration, write bool) (db *bolt.DB, f *os.File, err error) {
	prev := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(prev)
		if r := recover(); r != nil {
			if f != nil {
				releaseBoltLock(f)
				_ = f.Close()
			}
			db, f, err = nil, nil, fmt.Errorf("%w: bbolt: %v", errRefused, r)
		}
	}()
	opts := &bolt.Options{
		Timeout: max(timeout, time.Millisecond), ReadOnly: !write,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			var err error
			f, err = os.OpenFile(name, flag, perm)
			return f, err
		},
	}
	db, err = bolt.Open(path, 0o600, opts)
	return db, f, err
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
	if err := pf.sound(); err != nil {
		return fmt.Errorf("%w: %v", errSuspect, err)
	}
	return nil
}

func (s *Store) lockError(err error) error {
	if errors.Is(err, ErrLocked) {
		return fmt.Errorf("%w: another imgfav kept %s busy for over %s", ErrLocked, s.path, s.timeout)
	}
	return err
}
