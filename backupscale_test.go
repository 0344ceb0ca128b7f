package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"imgfav/backup"
	"imgfav/imgur/imgurtest"
)

// A backup of 500 favorites against a fake that answers in 5 ms: every
// favorite in the manifest, every file there and whole, no temporary file
// left; the next run asks for one page and downloads nothing.
func TestBackup500FavoritesWithLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("500 favorites")
	}
	favs := imgurtest.Generate(500, 8)
	te := newTestEnv(t, imgurtest.Options{Favorites: favs, PageSize: 50, Latency: 5 * time.Millisecond, OriginalSide: 48})
	dir := backupDirs(t, te)
	code, _, serr := te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "500 favorites in") || !strings.Contains(serr, " 0 failed") {
		t.Fatalf("exit %d: %s", code, serr)
	}
	entries := readManifest(t, dir)
	if len(entries) != 500 {
		t.Fatalf("%d manifest entries, want 500", len(entries))
	}
	files := 0
	for _, e := range entries {
		for _, f := range e.Files {
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil || st.Size() == 0 {
				t.Fatalf("%s of %s: %v", f, e.ID, err)
			}
			files++
		}
	}
	if files < 500 {
		t.Errorf("%d files for 500 favorites", files)
	}
	walkNames(t, dir, func(path string) {
		if strings.HasSuffix(path, ".part") {
			t.Errorf("temporary file left: %s", path)
		}
	})
	te.srv.ResetRequests()
	code, _, serr = te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "(0 new since the last run, 500 kept from it): 0 files saved") {
		t.Errorf("second run: exit %d: %s", code, serr)
	}
	if n, media := te.srv.Count("GET", "/3/account/"), len(te.srv.Requests()); n != 1 || media != 1 {
		t.Errorf("second run: %d page requests and %d in all, want 1 and 1", n, media)
	}
}

// backupDirs logs te in and points it at a fresh download directory.
func backupDirs(t *testing.T, te *testEnv) string {
	t.Helper()
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	te.vars["IMGFAV_IMAGE_URL"] = te.srv.URL
	dir := filepath.Join(t.TempDir(), "kept")
	te.vars["IMGFAV_DOWNLOAD_DIR"] = dir
	return dir
}

// One favorite alone: its file, a manifest of one line, an index.
func TestBackupOneFavorite(t *testing.T) {
	favs := imgurtest.Generate(1, 2)
	favs[0].IsAlbum, favs[0].Images = false, nil
	te, dir := backupEnv(t, favs)
	code, _, serr := te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "1 favorite in") {
		t.Fatalf("exit %d: %s", code, serr)
	}
	entries := readManifest(t, dir)
	if len(entries) != 1 || entries[0].ID != favs[0].ID || len(entries[0].Files) != 1 {
		t.Fatalf("manifest %+v", entries)
	}
	for _, name := range []string{entries[0].Files[0], "index.html", "manifest.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

// Hostile ids and titles, as a hostile server would send them, cannot
// make a name that leaves the directory, is reserved on Windows, holds a
// control character or is longer than 120 bytes.
func TestBackupHostileNamesStayInside(t *testing.T) {
	favs := imgurtest.Generate(8, 4)
	hostile := []struct{ id, title string }{
		{"../x", "../../../etc/passwd"},
		{"CON", "NUL"},
		{"a/b", `a\b/c:d*e?f"g<h>i|j`},
		{"..", strings.Repeat("é", 150)},
		{"nul", "\x1b[31mred\x07\x00 and \u202eevil"},
		{"x\x00y", strings.Repeat("long title ", 30)},
		{"AUX.txt", " . "},
		{"ok1", "\r\n"},
	}
	for i, h := range hostile {
		favs[i].ID, favs[i].Title = h.id, imgurtest.Str(h.title)
	}
	te, dir := backupEnv(t, favs)
	code, _, serr := te.run(t, "backup")
	if code > 1 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	parent := filepath.Dir(dir)
	if got, _ := os.ReadDir(parent); len(got) != 1 {
		t.Errorf("the backup wrote beside its directory: %v", got)
	}
	walkNames(t, dir, func(path string) {
		rel, err := filepath.Rel(dir, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("%s is outside the backup", path)
		}
		name := filepath.Base(path)
		if len(name) > 120 || !utf8.ValidString(name) || strings.ContainsAny(name, `\:*?"<>|`) {
			t.Errorf("unsafe name %q", name)
		}
		for _, r := range name {
			if r < 0x20 || r == 0x7f || r == '\u202e' {
				t.Errorf("name %q has a control character", name)
			}
		}
		stem := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
		switch stem {
		case "CON", "NUL", "AUX", "PRN", "COM1", "LPT1":
			t.Errorf("reserved name %q", name)
		}
	})
}

// walkNames calls visit with every path under dir (dir excluded).
func walkNames(t *testing.T, dir string, visit func(path string)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir {
			visit(path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every failure is named with its reason, one a line, and the run exits 1.
func TestBackupNamesEachFailure(t *testing.T) {
	favs := imgurtest.Generate(6, 3)
	for i := range favs {
		favs[i].IsAlbum, favs[i].Images = false, nil
	}
	te, _ := backupEnv(t, favs)
	te.srv.SetPictureFault(favs[0].ID, imgurtest.PictureTruncated)
	te.srv.SetPictureFault(favs[3].ID, imgurtest.PictureHTML)
	code, _, serr := te.run(t, "backup")
	lines := strings.Split(strings.TrimSpace(serr), "\n")
	var reasons []string
	for _, l := range lines {
		if strings.HasPrefix(l, "imgfav: not saved: ") {
			reasons = append(reasons, l)
		}
	}
	if code != 1 || len(reasons) != 2 || !strings.Contains(serr, "2 failed") ||
		!strings.HasSuffix(lines[len(lines)-1], "2 files could not be saved, for the reasons above (run it again to retry)") {
		t.Fatalf("exit %d:\n%s", code, serr)
	}
	for _, id := range []string{favs[0].ID, favs[3].ID} {
		if !strings.Contains(strings.Join(reasons, "\n"), id) {
			t.Errorf("the failure of %s is not named:\n%s", id, serr)
		}
	}
	// One failure: its reason is the error itself.
	te.srv.SetPictureFault(favs[0].ID, imgurtest.PictureOK)
	code, _, serr = te.run(t, "backup")
	if code != 1 || strings.Contains(serr, "not saved:") || !strings.Contains(serr, "1 file could not be saved (run it again to retry): ") ||
		!strings.Contains(serr, favs[3].ID) {
		t.Errorf("one failure: exit %d:\n%s", code, serr)
	}
}

// imgfav demo --backup DIR is imgfav backup against the demo's fake: no
// terminal, no login, nothing sent anywhere; a second run is incremental.
func TestDemoBackup(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	dir := filepath.Join(t.TempDir(), "demo-backup")
	code, _, serr := te.run(t, "demo", "--favorites", "12", "--backup", dir)
	if code != 0 || !strings.Contains(serr, "12 favorites in "+dir) || !strings.Contains(serr, "0 failed") {
		t.Fatalf("exit %d: %s", code, serr)
	}
	if entries := readManifest(t, dir); len(entries) != 12 {
		t.Errorf("%d manifest entries, want 12", len(entries))
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Error(err)
	}
	if te.srv.Count("GET", "/") != 0 {
		t.Error("the demo's backup reached the test's server: it must use its own fake")
	}
	code, _, serr = te.run(t, "demo", "--favorites", "12", "--backup", dir)
	if code != 0 || !strings.Contains(serr, "(0 new since the last run, 12 kept from it): 0 files saved") {
		t.Errorf("second run: exit %d: %s", code, serr)
	}
	if code, _, serr := te.run(t, "demo"); code != 2 || !strings.Contains(serr, "--backup DIR does not") {
		t.Errorf("the demo without a terminal: exit %d: %s", code, serr)
	}
	// backup's own flags, as imgfav backup takes them.
	code, out, serr := te.run(t, "demo", "--favorites", "12", "--backup", dir, "--full", "--dry-run", "--jobs", "2")
	if code != 0 || !strings.Contains(out, "12 favorites would be kept in "+dir+" (12 already there)") {
		t.Errorf("--full --dry-run: exit %d: %q %s", code, out, serr)
	}
	for _, flags := range [][]string{{"--full"}, {"--jobs", "4"}} { // the default's value too
		if code, _, serr := te.run(t, append([]string{"demo"}, flags...)...); code != 2 || !strings.Contains(serr, "go with --backup DIR") {
			t.Errorf("%v without --backup: exit %d: %s", flags, code, serr)
		}
	}
}

// The run after an interrupted one does not ask Imgur again for the images
// of the albums it kept whole (each look-up costs a credit, even a 304);
// an album missing a file is asked about, and the file saved again.
func TestResumedBackupSkipsKeptAlbums(t *testing.T) {
	favs := imgurtest.Generate(40, 6)
	albums := 0
	for i := range favs {
		if favs[i].IsAlbum {
			favs[i].EmbedImages = false // the list does not carry them: a look-up each
			albums++
		}
	}
	if albums < 2 {
		t.Fatalf("%d albums in the sample", albums)
	}
	te, dir := backupEnv(t, favs)
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	if err := os.Remove(filepath.Join(dir, completeMark)); err != nil { // as if interrupted
		t.Fatal(err)
	}
	var lost backup.Entry
	for _, e := range readManifest(t, dir) {
		if e.IsAlbum {
			lost = e
			break
		}
	}
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(lost.Files[0]))); err != nil {
		t.Fatal(err)
	}
	te.srv.ResetRequests()
	if code, _, serr := te.run(t, "backup"); code != 0 || !strings.Contains(serr, "1 file saved") {
		t.Fatalf("the resumed run: exit %d: %s", code, serr)
	}
	var asked []string
	for _, r := range te.srv.Requests() {
		if strings.HasPrefix(r.Path, "/3/album/") {
			asked = append(asked, r.Path)
		}
	}
	if len(asked) != 1 || !strings.Contains(asked[0], lost.ID) {
		t.Errorf("album look-ups %v, want only %s's", asked, lost.ID)
	}
	if n := len(readManifest(t, dir)); n != 40 {
		t.Errorf("%d manifest entries, want 40", n)
	}
}

// A directory the backup cannot write stops it before any page or file
// is fetched, in one line; a read-only one is refused the same way
// (unless the tests run as root, whom nothing refuses).
func TestBackupIntoAnUnwritableDirectory(t *testing.T) {
	te, _ := backupEnv(t, imgurtest.Generate(5, 2))
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join(file, "sub")}
	if ro := filepath.Join(t.TempDir(), "ro"); os.Geteuid() != 0 && runtime.GOOS != "windows" {
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, ro)
	}
	for _, d := range dirs {
		te.srv.ResetRequests()
		code, _, serr := te.run(t, "backup", "--dir", d)
		if code != 1 || !strings.Contains(serr, "backup directory") || strings.Count(strings.TrimSpace(serr), "\n") > 0 {
			t.Errorf("--dir %s: exit %d, %q", d, code, serr)
		}
		for _, r := range te.srv.Requests() {
			if strings.Contains(r.Path, "/favorites") || !strings.HasPrefix(r.Path, "/3/") {
				t.Errorf("--dir %s: %s was fetched before the directory was checked", d, r.Path)
			}
		}
	}
}

// A file deleted by hand since the last run is not fetched again by an
// incremental run, which does not page back to it: the run says so, and
// what brings it back.
func TestIncrementalBackupSaysWhatIsMissing(t *testing.T) {
	te, dir := backupEnv(t, imgurtest.Generate(12, 6))
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Fatalf("backup: %d %s", code, serr)
	}
	entries := readManifest(t, dir)
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(entries[len(entries)-1].Files[0]))); err != nil {
		t.Fatal(err)
	}
	code, _, serr := te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "1 favorite kept from earlier runs has files missing from "+dir+"; imgfav backup --full saves them again") {
		t.Errorf("incremental run after a deletion: %d %q", code, serr)
	}
	if code, _, serr := te.run(t, "backup", "--full"); code != 0 || !strings.Contains(serr, "1 file saved") {
		t.Errorf("--full: %d %q", code, serr)
	}
	if _, _, serr := te.run(t, "backup"); strings.Contains(serr, "missing") {
		t.Errorf("still missing after --full: %q", serr)
	}
}

// A folder's backup takes the files the main backup already holds from
// it (linked or copied), and downloads only the others.
func TestFolderBackupReusesTheMainBackup(t *testing.T) {
	favs := imgurtest.Generate(40, 6)
	folders := imgurtest.GenerateFolders(favs, 2)
	te, dir := backupEnv(t, favs)
	te.srv.SetFolders(folders)
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Fatalf("backup: %d %s", code, serr)
	}
	te.srv.ResetRequests()
	code, _, serr := te.run(t, "backup", "--folder", "wall")
	if code != 0 || !strings.Contains(serr, "0 files saved") {
		t.Fatalf("--folder after the whole backup: %d %q", code, serr)
	}
	for _, r := range te.srv.Requests() {
		if !strings.HasPrefix(r.Path, "/3/") {
			t.Errorf("%s was downloaded again", r.Path)
		}
	}
	sub := filepath.Join(dir, backup.FolderDirName(folders[1].ID, folders[1].Name))
	for _, e := range readManifest(t, sub) {
		for _, f := range e.Files {
			if fi, err := os.Stat(filepath.Join(sub, filepath.FromSlash(f))); err != nil || fi.Size() == 0 {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}
