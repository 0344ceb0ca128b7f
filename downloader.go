package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"imgfav/backup"
	"imgfav/imgur"
	"imgfav/tui"
)

// downloadSlots bounds the files of one favorite (an album's images)
// that d downloads at once.
const downloadSlots = 4

// downloader is d in the browser: one favorite saved as backup saves it.
type downloader struct {
	c   *imgur.Client
	dir string
}

func (d downloader) Download(ctx context.Context, it imgur.Item) (tui.DownloadResult, error) {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return tui.DownloadResult{}, fmt.Errorf("download directory: %w", err)
	}
	var tally backupTally
	ent := saveFavorite(ctx, d.c, backupOptions{dir: d.dir}, it, nil, &tally, make(chan struct{}, downloadSlots))
	res := tui.DownloadResult{Dir: d.dir, Saved: tally.saved, Kept: tally.kept, Gone: ent.Gone}
	if len(tally.errs) > 0 {
		return res, tally.errs[0]
	}
	return res, nil
}

// SavedIDs are the favorites saved in the download directory, by d or
// imgfav backup (a favorite folder's backup in its own directory too),
// told by their names.
func (d downloader) SavedIDs() (map[string]bool, error) {
	ids := map[string]bool{}
	entries, err := os.ReadDir(d.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return ids, nil // nothing saved yet
	}
	if err != nil {
		return nil, err
	}
	addSavedIDs(ids, entries)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "folder-") {
			inner, _ := os.ReadDir(filepath.Join(d.dir, e.Name())) // one that cannot be read marks nothing
			addSavedIDs(ids, inner)
		}
	}
	return ids, nil
}

// addSavedIDs adds the favorites whose files (or album folders) are among
// entries.
func addSavedIDs(ids map[string]bool, entries []os.DirEntry) {
	for _, e := range entries {
		if id, ok := backup.IDOfName(e.Name()); ok {
			ids[id] = true
		}
	}
}

// SavedCopy is where d or imgfav backup saved it: its file, or an
// album's folder, under the names saveFavorite gives them.
func (d downloader) SavedCopy(it imgur.Item) (string, bool) {
	p := filepath.Join(d.dir, filepath.FromSlash(savedName(d.c, it)))
	if _, err := os.Stat(p); err != nil {
		return "", false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p, true
	}
	return abs, true
}
