//go:build unix

package backup

import (
	"os"
	"syscall"
)

// lockPart marks f as being written: a run that finds it locked leaves it.
func lockPart(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// removeIfUnused removes a temporary file no run is writing: the leftover
// of one that was killed.
func removeIfUnused(path string) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		os.Remove(path)
	}
}
