//go:build unix

package store

import (
	"os"
	"path/filepath"
)

// syncDir makes a rename in the database's directory durable, so that
// after a power cut the old file (with tokens a logout removed) does not
// come back.
func syncDir(path string) {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
