//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// flockFile takes bbolt's own kind of lock (flock) on f, exclusive or
// shared. Without wait it fails at once with errWouldBlock when another
// holds a conflicting lock; with wait it blocks until it is granted.
func flockFile(f *os.File, exclusive, wait bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errWouldBlock
		}
		return err
	}
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// releaseBoltLock lets go of the lock bbolt took on the database file f,
// for a database abandoned after a fault: closing f is not enough while
// the file is still mapped (the mapping keeps it open).
func releaseBoltLock(f *os.File) { unlockFile(f) }
