package store

import (
	"errors"
	"os"
	"time"
)

// Processes take turns through a lock file beside the database,
// <name>.lock: shared for a read, exclusive for a write, a salvage or a
// compaction. bbolt's own lock on the database polls every 50 ms, so a
// process working in a tight loop could starve the others for seconds; a
// blocked lock is granted as soon as the file is free. The lock file is
// never renamed or removed (that would split the lock) and holds no data.

var errWouldBlock = errors.New("lock is held")

// lockPath is the lock file of the database at path.
func lockPath(path string) string { return path + ".lock" }

// openLockFile opens (or creates) the lock file; read-only where the
// directory is, which locks just as well.
func openLockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(lockPath(path), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		if ro, rerr := os.Open(lockPath(path)); rerr == nil {
			return ro, nil
		}
	}
	return f, err
}

// lockFile takes the processes' lock before deadline and returns its
// release. One caller at a time per Store waits in a blocking lock; the
// others poll, so that however many operations time out while another
// process holds the lock (a backup stopped with ctrl-Z), at most one
// goroutine and one file are left waiting.
func (s *Store) lockFile(exclusive bool, deadline time.Time) (release func(), err error) {
	f, err := openLockFile(s.path)
	if err != nil {
		return nil, err
	}
	release = func() { unlockFile(f); _ = f.Close() }
	err = flockFile(f, exclusive, false)
	if errors.Is(err, errWouldBlock) && s.waiting.CompareAndSwap(false, true) {
		err = s.waitLock(f, exclusive, deadline)
	} else if errors.Is(err, errWouldBlock) {
		err = pollLock(f, exclusive, deadline)
	}
	if err != nil {
		if !errors.Is(err, errAbandoned) {
			_ = f.Close()
		}
		if errors.Is(err, errAbandoned) || errors.Is(err, errWouldBlock) {
			err = ErrLocked
		}
		return nil, err
	}
	return release, nil
}

var errAbandoned = errors.New("gave up waiting")

// waitLock blocks on the lock in a goroutine until deadline. When the
// deadline comes first, the goroutine is left to finish: it lets go of the
// lock as soon as it gets it, closes the file, and only then lets another
// caller wait in the same way.
func (s *Store) waitLock(f *os.File, exclusive bool, deadline time.Time) error {
	done := make(chan error, 1)
	go func() { done <- flockFile(f, exclusive, true) }()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case err := <-done:
		s.waiting.Store(false)
		return err
	case <-timer.C:
		go func() {
			if <-done == nil {
				unlockFile(f)
			}
			_ = f.Close()
			s.waiting.Store(false)
		}()
		return errAbandoned
	}
}

// pollLock tries the lock until deadline, a little less often each time.
func pollLock(f *os.File, exclusive bool, deadline time.Time) error {
	wait := time.Millisecond
	for {
		err := flockFile(f, exclusive, false)
		if !errors.Is(err, errWouldBlock) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(min(wait, time.Until(deadline)+time.Millisecond))
		wait = min(2*wait, 20*time.Millisecond)
	}
}
