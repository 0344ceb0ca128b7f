package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"imgfav/backup"
)

// sayMissing tells of the favorites kept from earlier runs whose files
// are missing, and what saves them again.
func sayMissing(w io.Writer, bo backupOptions, old []backup.Entry) {
	n := missingFiles(bo.dir, old)
	if n == 0 {
		return
	}
	again := "imgfav backup --full"
	if bo.folder != "" {
		again += " --folder " + strconv.Quote(bo.folder)
	}
	fmt.Fprintf(w, "imgfav: %s kept from earlier runs %s files missing from %s; %s saves them again\n",
		counted(n, "favorite"), map[bool]string{true: "has", false: "have"}[n == 1], bo.dir, again)
}

// missingFiles counts the favorites kept from earlier runs whose files
// are no longer all in dir (deleted by hand since): an incremental run
// does not page back to them.
func missingFiles(dir string, kept []backup.Entry) int {
	n := 0
	for _, ent := range kept {
		if !ent.Gone && len(ent.Files) > 0 && !allThere(dir, ent.Files) {
			n++
		}
	}
	return n
}

// allThere reports whether every one of files (relative, slash-separated,
// as a manifest lists them) is in dir; false for none, or for a name that
// would leave dir (a manifest edited by hand).
func allThere(dir string, files []string) bool {
	for _, f := range files {
		p := filepath.FromSlash(f)
		if !filepath.IsLocal(p) {
			return false
		}
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	return len(files) > 0
}
