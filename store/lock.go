package store

import (
	"errors"
	"os"
	"time"
)

// Processes take turns through a lock file beside the database,
// <name>.lock, with a blocking flock: shared for a read, exclusive for a
// write, salvage or compaction. bbolt's own lock on the database polls
// every 50 ms, so a process that works in a tight loop can starve the
// others for seconds; a blocked flock is woken as soon as the lock is free.
// The lock file is never renamed or removed (that would split the lock),
// and holds no data.

var errWouldBlock = errors.New("lock is held")

// lockPath is the lock file of the database at path.
func lockPath(path string) string { return path + ".lock" }

// acquire takes the processes' lock on the database at path, waiting at
// most timeout, and returns its release.
func acquire(path string, exclusive bool, timeout time.Duration) (release func(), err error) {
	f, err := os.OpenFile(lockPath(path), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	release = func() { unlockFile(f); f.Close() }
	switch err := flockFile(f, exclusive, false); {
	case err == nil:
		return release, nil
	case !errors.Is(err, errWouldBlock):
		f.Close()
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- flockFile(f, exclusive, true) }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return nil, err
		}
		return release, nil
	case <-timer.C:
		// The blocked flock cannot be interrupted: let it finish, then
		// let go at once.
		go func() {
			if <-done == nil {
				unlockFile(f)
			}
			f.Close()
		}()
		return nil, ErrLocked
	}
}
