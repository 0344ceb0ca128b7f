//go:build !unix

package store

import "os"

// flockFile is a no-op where flock does not exist (Windows): there bbolt's
// own lock (LockFileEx, polled) is what keeps processes apart, and a file
// open in another process cannot be renamed over, so salvage and
// compaction fail safely instead of racing.
func flockFile(*os.File, bool, bool) error { return nil }

func unlockFile(*os.File) {}
