//go:build windows

package backup

import "os"

// lockPart does nothing: Windows refuses to remove a file that is open.
func lockPart(*os.File) {}

// removeIfUnused removes a temporary file no run is writing (one being
// written cannot be removed).
func removeIfUnused(path string) { os.Remove(path) }
