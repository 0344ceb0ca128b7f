//go:build !unix && !windows

package backup

import (
	"os"
	"time"
)

// lockPart does nothing where files cannot be locked.
func lockPart(*os.File) {}

// removeIfUnused removes a temporary file unwritten for a while: where
// files cannot be locked, that is the sign of a run that was killed.
func removeIfUnused(path string) {
	if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
		os.Remove(path)
	}
}
