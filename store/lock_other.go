//go:build !unix

package store

import (
	"os"
	"time"
)

// lockFile is a no-op where flock does not exist (Windows): there bbolt
// locks a byte range of its own, and a file open in another process cannot
// be renamed over, so salvage fails safely instead of racing.
func lockFile(*os.File, bool, time.Duration) error { return nil }

func unlockFile(*os.File) {}
