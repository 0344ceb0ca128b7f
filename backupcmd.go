package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"imgfav/backup"
	"imgfav/imgur"
)

// backupOptions are the flags of `imgfav backup`.
type backupOptions struct {
	dir    string
	folder string // --folder: one favorite folder, kept in its own directory
	title  string // the index's title
	jobs   int
	dryRun bool
	full   bool
	// from is the main backup's directory, for a folder's backup: files
	// it holds are linked or copied from it rather than downloaded.
	from string
	// albums are the files of the albums an interrupted run kept, by id:
	// an album whose files are all there needs no look-up of its images
	// (each costs a credit, even answered 304).
	albums map[string][]string
}

// backupCommand is `imgfav backup`: a local copy of every favorite, its
// media and album images, manifest.jsonl and an offline index.html.
func backupCommand(ctx context.Context, e env, args []string) error {
	var c config
	var bo backupOptions
	fs := newFlagSet("backup", "imgfav backup [--dir DIR] [--folder NAME|ID] [--sort newest|oldest] [--jobs N] [--full] [--dry-run]", &c, e.stdout, listSettings, func(fs *flag.FlagSet) {
		folderFlag(fs, &bo.folder)
		fs.StringVar(&bo.dir, "dir", "", "`DIR` to keep the copies in (default <download dir>/imgfav) ($IMGFAV_DOWNLOAD_DIR)")
		fs.IntVar(&bo.jobs, "jobs", 4, "`N`: how many pages and files to fetch at once")
		fs.BoolVar(&bo.dryRun, "dry-run", false, "say what would be saved, and save nothing")
		fs.BoolVar(&bo.full, "full", false, "page through every favorite, even after a completed run")
	})
	scriptSort(fs)
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if bo.jobs < 1 || bo.jobs > maxJobs {
		return usageError{msg: fmt.Sprintf("--jobs must be between 1 and %d", maxJobs)}
	}
	if err := notEmpty(fs, "dir", "folder"); err != nil {
		return err
	}
	bo.dir = cmp.Or(expandHome(bo.dir), c.downloadDir) // --dir=~/x: the shell leaves ~ after =
	c.waitNotes, c.bulk = e.stderr, true
	reportConfig(e, c)
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	a.tell(e.stderr)
	if err := a.learnAccount(ctx); err != nil {
		return err
	}
	if a.client.Token().AccessToken == "" {
		return errors.New("not logged in: run 'imgfav login' (or set IMGFAV_ACCESS_TOKEN)")
	}
	sort := imgur.SortNewest
	if c.sort != "" {
		sort, _ = imgur.ParseSort(c.sort)
	}
	return backupFavorites(ctx, e, a, bo, sort)
}

// backupFavorites pages through the favorites (those of --folder, into
// its own directory), up to the first one the last run kept when it may,
// and saves them.
func backupFavorites(ctx context.Context, e env, a *app, bo backupOptions, sort imgur.Sort) error {
	account := a.client.Token().Username
	lo := listOptions{all: true, jobs: bo.jobs}
	if bo.folder != "" {
		f, err := resolveFolder(ctx, a, account, bo.folder)
		if err != nil {
			return a.refused(err)
		}
		// A folder's backup has its own manifest and index: what is not
		// in the folder is not gone from Imgur.
		lo.folder, bo.from, bo.dir = f.ID, bo.dir, filepath.Join(bo.dir, backup.FolderDirName(f.ID, f.Name))
		bo.title = "imgfav backup · " + f.Name
	}
	if !bo.dryRun {
		if err := backup.CheckDir(bo.dir); err != nil {
			return err
		}
	}
	old := incremental(bo, sort)
	if old == nil && !bo.full {
		bo.albums = keptAlbums(bo.dir)
	}
	if old != nil {
		known := map[string]bool{}
		for _, ent := range old {
			known[ent.ID] = true
		}
		lo.until = func(it imgur.Item) bool { return known[it.ID] }
	}
	items, _, skipped, err := fetchForList(ctx, a.client, account, sort, lo, progressTo(e))
	if err != nil {
		if refused := a.refused(err); refused != err {
			return refused // running it again will not help
		}
		return fmt.Errorf("%w (nothing saved: run it again)", err)
	}
	if skipped > 0 { // as list says: they cannot be saved, and are not counted
		fmt.Fprintf(e.stderr, "imgfav: skipped %d favorite(s) that Imgur sent unreadable\n", skipped)
	}
	if bo.dryRun {
		return dryRun(e.stdout, a.client, bo.dir, items)
	}
	return runBackup(ctx, e, a.client, bo, items, old)
}

// keptAlbums are the albums the manifest in dir lists with their files,
// by id; none when there is no manifest.
func keptAlbums(dir string) map[string][]string {
	entries, err := loadManifest(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		return nil
	}
	albums := map[string][]string{}
	for _, e := range entries {
		if e.IsAlbum && !e.Gone && len(e.Files) > 0 {
			albums[e.ID] = e.Files
		}
	}
	return albums
}

// completeMark is the file a backup run leaves when it saved everything;
// a run removes it when it starts, so an interrupted run leaves none.
const completeMark = ".complete"

// incremental returns the manifest of the last run when it completed and
// the next may stop at the first favorite it holds: newest first (new
// favorites come first), and not --full. Otherwise nil: page everything.
func incremental(bo backupOptions, sort imgur.Sort) []backup.Entry {
	if bo.full || sort != imgur.SortNewest {
		return nil
	}
	if _, err := os.Stat(filepath.Join(bo.dir, completeMark)); err != nil {
		return nil
	}
	entries, err := loadManifest(filepath.Join(bo.dir, "manifest.jsonl"))
	if err != nil || len(entries) == 0 {
		return nil
	}
	return entries
}

// loadManifest reads manifest.jsonl.
func loadManifest(path string) ([]backup.Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []backup.Entry
	for line := range strings.Lines(string(data)) {
		var ent backup.Entry
		if err := json.Unmarshal([]byte(line), &ent); err != nil {
			return nil, fmt.Errorf("manifest: %w", err)
		}
		out = append(out, ent)
	}
	return out, nil
}

// runBackup saves every favorite's files, bo.jobs at a time, then writes
// the manifest and the index.
func runBackup(ctx context.Context, e env, c *imgur.Client, bo backupOptions, items []imgur.Item, old []backup.Entry) error {
	if err := os.MkdirAll(bo.dir, 0o755); err != nil {
		return fmt.Errorf("backup directory: %w", err)
	}
	mark := filepath.Join(bo.dir, completeMark)
	if err := os.Remove(mark); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("backup directory: %w", err)
	}
	var tally backupTally
	entries := saveAll(ctx, c, bo, items, &tally, backupProgress(e, len(items)))
	if e.stderrIsTerminal != nil && e.stderrIsTerminal() {
		fmt.Fprint(e.stderr, "\r\x1b[K")
	}
	if err := writeManifest(bo.dir, bo.title, append(entries, old...)); err != nil {
		return err
	}
	since := ""
	if old != nil {
		since = fmt.Sprintf(" (%d new since the last run, %d kept from it)", len(items), len(old))
	}
	fmt.Fprintf(e.stderr, "imgfav: %s in %s%s: %s saved, %d skipped (already there), %d gone from Imgur, %d failed\n",
		counted(len(items)+len(old), "favorite"), bo.dir, since, counted(tally.saved, "file"), tally.kept, tally.gone, tally.failed)
	sayMissing(e.stderr, bo, old)
	if ctx.Err() != nil {
		return errors.New("interrupted: what was saved is kept; run it again to finish")
	}
	if tally.failed > 0 {
		return tally.failure(e.stderr)
	}
	return backup.WriteFileAtomic(mark, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"))
}

// saveAll saves the favorites' files, bo.jobs at a time, and returns the
// entries of those it got to: all of them, unless interrupted.
func saveAll(ctx context.Context, c *imgur.Client, bo backupOptions, items []imgur.Item, tally *backupTally, progress func()) []backup.Entry {
	entries := make([]backup.Entry, len(items))
	work := make(chan int)
	slots := make(chan struct{}, bo.jobs)
	var wg sync.WaitGroup
	for range bo.jobs {
		wg.Go(func() {
			for i := range work {
				entries[i] = saveFavorite(ctx, c, bo, items[i], bo.albums[items[i].ID], tally, slots)
				progress()
			}
		})
	}
feed:
	for i := range items {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed // interrupted: no more favorites started
		}
	}
	close(work)
	wg.Wait()
	return slices.DeleteFunc(entries, func(e backup.Entry) bool { return e.ID == "" })
}

// backupProgress returns what counts a favorite done: on a terminal, a
// bar on stderr, rewritten in place; elsewhere nothing.
func backupProgress(e env, total int) func() {
	if e.stderrIsTerminal == nil || !e.stderrIsTerminal() || total == 0 {
		return func() {}
	}
	var mu sync.Mutex
	done := 0
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		const width = 30
		filled := width * done / total
		fmt.Fprintf(e.stderr, "\r\x1b[K[%s%s] %d/%d favorites", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
	}
}

// saveFavorite saves one favorite: its media, or an album's images into
// a folder. Media Imgur no longer has is noted as gone, not failed. An
// album whose files an earlier run kept (kept) are all there is not asked
// about again.
func saveFavorite(ctx context.Context, c *imgur.Client, bo backupOptions, it imgur.Item, kept []string, tally *backupTally, slots chan struct{}) backup.Entry {
	dir := bo.dir
	ent := backup.Entry{Meta: favoriteMeta(c, it), Kind: it.Kind()}
	ent.Title, ent.Description = imgur.CleanLine(it.Title), imgur.CleanText(it.Description)
	if it.IsAlbum && it.Images == nil && allThere(dir, kept) {
		ent.Files = kept
		tally.add(0, len(kept), 0, nil)
		return ent
	}
	var files []mediaFile
	if it.IsAlbum {
		images := it.Images
		if images == nil {
			var err error
			if images, err = c.AlbumImages(ctx, it.ID); err != nil {
				tally.add(0, 0, 0, err)
				return ent
			}
		}
		folder := savedName(c, it)
		for i, img := range images {
			u := c.MediaURL(img)
			files = append(files, mediaFile{path.Join(folder, backup.AlbumImageName(i+1, img.ID, img.Title, extOf(u))), img.ID, u})
		}
	} else if ent.MediaURL != "" {
		files = append(files, mediaFile{savedName(c, it), it.ID, ent.MediaURL})
	}
	ent.Files, ent.Gone = saveFiles(ctx, c, bo, files, tally, slots)
	return ent
}

// mediaFile is one file of a favorite: where it goes, and its media.
type mediaFile struct{ rel, id, url string }

// saveFiles saves files at once, each taking one of slots while it
// downloads (the run's bound on downloads in flight, shared by every
// favorite: an album's images do not wait for each other). It returns the
// files saved or already there, in order, and whether some are gone.
func saveFiles(ctx context.Context, c *imgur.Client, bo backupOptions, files []mediaFile, tally *backupTally, slots chan struct{}) (kept []string, gone bool) {
	ok := make([]bool, len(files))
	var gones atomic.Bool
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if bo.from != "" {
				if copied, err := backup.CopyFrom(bo.from, bo.dir, f.rel); copied && err == nil {
					tally.add(0, 1, 0, nil) // already there, in the main backup
					ok[i] = true
					return
				}
			}
			wrote, err := backup.SaveFile(ctx, c, bo.dir, f.rel, f.id, f.url)
			switch {
			case errors.Is(err, imgur.ErrGone):
				gones.Store(true)
				tally.add(0, 0, 1, nil)
			case err != nil:
				tally.add(0, 0, 0, err)
			case wrote:
				tally.add(1, 0, 0, nil)
				ok[i] = true
			default:
				tally.add(0, 1, 0, nil)
				ok[i] = true
			}
		})
	}
	wg.Wait()
	for i, f := range files {
		if ok[i] {
			kept = append(kept, f.rel)
		}
	}
	return kept, gones.Load()
}

// savedName is the name a favorite is saved under: its file, or an
// album's folder.
func savedName(c *imgur.Client, it imgur.Item) string {
	if it.IsAlbum {
		return backup.Name(it.Posted(), it.ID, it.Title, "")
	}
	return backup.Name(it.Posted(), it.ID, it.Title, extOf(c.MediaURL(it)))
}

// dryRun says what a backup would save: each favorite's file (an album's
// folder), whether it is there already, and how many.
func dryRun(w io.Writer, c *imgur.Client, dir string, items []imgur.Item) error {
	var b strings.Builder
	there := 0
	for _, it := range items {
		name := savedName(c, it)
		note := ""
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			note, there = "  (already there)", there+1
		}
		if it.IsAlbum {
			name += "/"
		}
		b.WriteString(name + note + "\n")
	}
	fmt.Fprintf(&b, "%d favorites would be kept in %s (%d already there); nothing was saved\n", len(items), dir, there)
	_, err := io.WriteString(w, b.String())
	return err
}

// extOf is the extension of a media URL, without the dot.
func extOf(u string) string {
	u, _, _ = strings.Cut(u, "?")
	ext := strings.TrimPrefix(path.Ext(u), ".")
	if ext == "" || len(ext) > 5 {
		return "bin"
	}
	return strings.ToLower(ext)
}

// writeManifest writes manifest.jsonl and index.html, each whole or not
// at all.
func writeManifest(dir, title string, entries []backup.Entry) error {
	if title == "" {
		title = "imgfav backup"
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "&" as itself, as list --format json writes it
	for _, ent := range entries {
		if ent.Files == nil {
			ent.Files = []string{} // "files": [] , never null
		}
		if err := enc.Encode(ent); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
	}
	if err := backup.WriteFileAtomic(filepath.Join(dir, "manifest.jsonl"), []byte(b.String())); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	var page strings.Builder
	if err := backup.WriteIndex(&page, title, entries, time.Now()); err != nil {
		return fmt.Errorf("index.html: %w", err)
	}
	if err := backup.WriteFileAtomic(filepath.Join(dir, "index.html"), []byte(page.String())); err != nil {
		return fmt.Errorf("index.html: %w", err)
	}
	return nil
}
