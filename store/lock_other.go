//go:build !unix && !windows

package store

import "os"

// flockFile is a no-op where neither flock nor LockFileEx exists: there
// bbolt's own lock is what keeps processes apart.
func flockFile(*os.File, bool, bool) error { return nil }

func unlockFile(*os.File) {}

func releaseBoltLock(*os.File) {}
