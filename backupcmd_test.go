package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/backup"
	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// backupEnv is a logged-in environment whose media come from the fake,
// backing up into a temporary directory.
func backupEnv(t *testing.T, favs []imgurtest.Favorite) (*testEnv, string) {
	t.Helper()
	te := newTestEnv(t, imgurtest.Options{Favorites: favs, PageSize: 50})
	return te, backupDirs(t, te)
}

func readManifest(t *testing.T, dir string) []backup.Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []backup.Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e backup.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("manifest line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

func TestBackupKeepsEveryFavorite(t *testing.T) {
	favs := imgurtest.Generate(60, 9)
	favs[0].Title = imgurtest.Str(`../../escape <script>alert(1)</script>`)
	te, dir := backupEnv(t, favs)
	code, _, serr := te.run(t, "backup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	entries := readManifest(t, dir)
	if len(entries) != 60 {
		t.Fatalf("%d manifest entries, want 60", len(entries))
	}
	files := 0
	for _, e := range entries {
		if len(e.Files) == 0 {
			t.Errorf("%s (%s) has no file", e.ID, e.Kind)
		}
		for _, f := range e.Files {
			p := filepath.Join(dir, filepath.FromSlash(f))
			if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
				t.Errorf("%q escapes the directory", f)
			}
			if st, err := os.Stat(p); err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", f, err)
			}
			files++
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || strings.Contains(string(page), "<script>") {
		t.Errorf("index.html: %v, or an unescaped title", err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "*.part"))
	if len(parts) != 0 {
		t.Errorf("partial files left: %v", parts)
	}
	if !strings.Contains(serr, "60 favorites in") || !strings.Contains(serr, "0 failed") {
		t.Errorf("summary %q", serr)
	}

	// Again, after a completed run: one page, nothing downloaded again.
	te.srv.ResetRequests()
	code, _, serr = te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "0 files saved") || !strings.Contains(serr, "(0 new since the last run, ") {
		t.Errorf("second run: exit %d, %q", code, serr)
	}
	if n := te.srv.Count("GET", "/3/account/demo/favorites/"); n != 1 {
		t.Errorf("the second run asked for %d pages, want 1: it stops at a favorite it holds", n)
	}
	for _, r := range te.srv.Requests() {
		if !strings.HasPrefix(r.Path, "/3/") {
			t.Errorf("the second run fetched %s again", r.Path)
		}
	}
	// A new favorite: it alone is saved; the manifest keeps the others.
	fresh := imgurtest.Generate(1, 77)[0]
	fresh.ID, fresh.IsAlbum, fresh.Images = "newFav1", false, nil
	te.srv.AddFavorite(fresh)
	code, _, serr = te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "(1 new since the last run, 60 kept from it): 1 file saved") {
		t.Errorf("third run: exit %d, %q", code, serr)
	}
	if got := readManifest(t, dir); len(got) != 61 || got[0].ID != "newFav1" {
		t.Errorf("manifest of %d entries, first %q", len(got), got[0].ID)
	}
	// --full pages everything again, and downloads nothing it holds.
	te.srv.ResetRequests()
	if code, _, serr := te.run(t, "backup", "--full"); code != 0 || !strings.Contains(serr, "0 files saved") {
		t.Errorf("--full: exit %d, %q", code, serr)
	}
	if n := te.srv.Count("GET", "/3/account/demo/favorites/"); n < 2 {
		t.Errorf("--full asked for %d pages", n)
	}
	_ = files
}

func TestBackupGoneAndInterrupted(t *testing.T) {
	favs := imgurtest.Generate(5, 3)
	for i := range favs {
		favs[i].IsAlbum, favs[i].Images = false, nil
	}
	te, dir := backupEnv(t, favs)
	te.srv.SetPictureFault(favs[1].ID, imgurtest.PictureNotFound)
	te.srv.SetPictureFault(favs[2].ID, imgurtest.PictureRemoved)
	// A run killed while writing favorite 3 left a partial file.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, serr := te.run(t, "backup", "--jobs", "1")
	if code != 0 || !strings.Contains(serr, "2 gone from Imgur") {
		t.Fatalf("exit %d: %q", code, serr)
	}
	entries := readManifest(t, dir)
	if !entries[1].Gone || !entries[2].Gone || entries[0].Gone {
		t.Errorf("gone marks %v %v %v", entries[0].Gone, entries[1].Gone, entries[2].Gone)
	}
	final := filepath.Join(dir, entries[3].Files[0])
	if err := os.Remove(final); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(final+".part", []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, completeMark)); err != nil { // the run did not finish
		t.Fatal(err)
	}
	if code, _, serr := te.run(t, "backup"); code != 0 || !strings.Contains(serr, "1 file saved") {
		t.Errorf("resumed run: exit %d, %q", code, serr)
	}
	if st, err := os.Stat(final); err != nil || st.Size() <= 4 {
		t.Errorf("the interrupted file was not written again whole: %v", err)
	}
	if _, err := os.Stat(final + ".part"); !os.IsNotExist(err) {
		t.Error("the partial file is still there")
	}
}

func TestBackupDryRun(t *testing.T) {
	te, dir := backupEnv(t, imgurtest.Generate(10, 3))
	code, out, serr := te.run(t, "backup", "--dry-run")
	if code != 0 || !strings.Contains(out, "10 favorites would be kept") {
		t.Fatalf("exit %d: %q %q", code, out, serr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("a dry run created the directory")
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 11 || !strings.Contains(out, "(0 already there)") {
		t.Errorf("a dry run does not name each favorite's file:\n%s", out)
	}
	if code, _, _ := te.run(t, "backup"); code != 0 {
		t.Fatal("the backup failed")
	}
	if _, out, _ := te.run(t, "backup", "--dry-run", "--full"); strings.Count(out, "(already there)") != 10 {
		t.Errorf("after a backup, a dry run does not say what is there:\n%s", out)
	}
}

// BenchmarkBackup is a first backup of 120 favorites (about 200 files)
// from the fake at 20 ms a response, one file at a time and four at a
// time; it reports favorites a second.
func BenchmarkBackup(b *testing.B) {
	for _, jobs := range []int{1, 4} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			srv := imgurtest.NewServer(imgurtest.Options{Favorites: imgurtest.Generate(120, 9), PageSize: 60, Latency: 20 * time.Millisecond})
			defer srv.Close()
			tok := srv.Login()
			backup := func(jobs int) time.Duration {
				root := b.TempDir()
				vars := map[string]string{"IMGFAV_API_URL": srv.URL, "IMGFAV_IMAGE_URL": srv.URL, "IMGFAV_ACCESS_TOKEN": tok.Access,
					"IMGFAV_USERNAME": "demo", "IMGFAV_DB": filepath.Join(root, "b.db"), "IMGFAV_CLIENT_ID": imgurtest.ClientID,
					"IMGFAV_CONFIG": filepath.Join(root, "none.toml")}
				start := time.Now()
				code := run(context.Background(), env{args: []string{"backup", "--dir", filepath.Join(root, "kept"), "--jobs", fmt.Sprint(jobs)},
					getenv: func(k string) string { return vars[k] }, stdout: io.Discard, stderr: io.Discard, isTerminal: func() bool { return false }})
				if code != 0 {
					b.Fatal("backup failed")
				}
				return time.Since(start)
			}
			// The fake draws each picture the first time it is asked for:
			// a first run fills its memory, so that the runs measured cost
			// what a real server's would, the network's latency.
			backup(4)
			var total time.Duration
			for b.Loop() {
				total += backup(jobs)
			}
			b.ReportMetric(float64(120*b.N)/total.Seconds(), "favorites/s")
		})
	}
}

// On a terminal, backup shows its progress on stderr, then the summary.
func TestBackupProgress(t *testing.T) {
	te, _ := backupEnv(t, imgurtest.Generate(12, 3))
	var out, errb bytes.Buffer
	e := env{args: []string{"backup"}, getenv: te.getenv, stdout: &out, stderr: &errb,
		isTerminal: func() bool { return false }, stderrIsTerminal: func() bool { return true }}
	if code := run(context.Background(), e); code != 0 {
		t.Fatal(errb.String())
	}
	if s := errb.String(); !strings.Contains(s, "] 12/12 favorites") || !strings.Contains(s, "[##############################]") ||
		!strings.Contains(s, "12 favorites in") {
		t.Errorf("stderr %q", s)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q", out.String())
	}
}

// A 429 while paging stops the run at once, saying so; the next run
// starts again.
func TestBackupStopsAtARateLimit(t *testing.T) {
	te, dir := backupEnv(t, imgurtest.Generate(120, 3))
	te.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, Path: "/3/account/demo/favorites/1/", Times: 2})
	code, _, serr := te.run(t, "backup", "--jobs", "2")
	if code != 1 || !strings.Contains(serr, "run it again") || strings.Count(serr, "\n") != 1 {
		t.Fatalf("exit %d, %q", code, serr)
	}
	if _, err := os.Stat(filepath.Join(dir, completeMark)); !os.IsNotExist(err) {
		t.Error("a stopped run is marked complete")
	}
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Errorf("the next run: exit %d, %q", code, serr)
	}
}

func TestSavedCopyFindsWhatBackupSaved(t *testing.T) {
	favs := imgurtest.Generate(12, 5)
	te, dir := backupEnv(t, favs)
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	c, err := imgur.New(imgur.Config{APIURL: te.srv.URL, ImageURL: te.srv.URL, ClientID: imgurtest.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	tok := te.srv.Login()
	c.SetToken(imgur.Token{AccessToken: tok.Access, Username: "demo"})
	page, err := c.Favorites(context.Background(), "demo", 0, imgur.SortNewest)
	if err != nil {
		t.Fatal(err)
	}
	d := downloader{c: c, dir: dir}
	albums := 0
	for _, it := range page.Items {
		p, ok := d.SavedCopy(it)
		if !ok || !filepath.IsAbs(p) {
			t.Fatalf("%s: no saved copy found (%q)", it.ID, p)
		}
		st, err := os.Stat(p)
		if err != nil || st.IsDir() != it.IsAlbum {
			t.Fatalf("%s: %q is not the saved %s: %v", it.ID, p, it.Kind(), err)
		}
		if it.IsAlbum {
			albums++
		}
	}
	if albums == 0 {
		t.Fatal("no album among the favorites: the test covers less than it says")
	}
	if _, ok := (downloader{c: c, dir: t.TempDir()}).SavedCopy(page.Items[0]); ok {
		t.Error("a copy found in an empty directory")
	}
	// The list's marks: every favorite backup saved, and nothing else.
	ids, err := d.SavedIDs()
	if err != nil || len(ids) != len(favs) {
		t.Fatalf("SavedIDs found %d favorites (%v), want %d", len(ids), err, len(favs))
	}
	for _, f := range favs {
		if !ids[f.ID] {
			t.Errorf("%s saved but not found", f.ID)
		}
	}
	if ids, err := (downloader{c: c, dir: filepath.Join(dir, "missing")}).SavedIDs(); err != nil || len(ids) != 0 {
		t.Errorf("a directory not made yet: %v, %v; want none and no error", ids, err)
	}
}

func TestBackupFolder(t *testing.T) {
	favs := imgurtest.Generate(80, 6)
	folders := imgurtest.GenerateFolders(favs, 2)
	te, dir := backupEnv(t, favs)
	te.srv.SetFolders(folders)
	code, _, serr := te.run(t, "backup", "--folder", "wall")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	sub := filepath.Join(dir, backup.FolderDirName(folders[1].ID, folders[1].Name))
	entries := readManifest(t, sub)
	if len(entries) != len(folders[1].Items) {
		t.Fatalf("%d entries, the folder holds %d", len(entries), len(folders[1].Items))
	}
	for i, e := range entries {
		if e.ID != folders[1].Items[i] || e.Gone {
			t.Fatalf("entry %d = %+v, want %s", i, e, folders[1].Items[i])
		}
	}
	page, err := os.ReadFile(filepath.Join(sub, "index.html"))
	if err != nil || !strings.Contains(string(page), "imgfav backup · Wallpapers") {
		t.Errorf("index: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.jsonl")); !os.IsNotExist(err) {
		t.Error("a folder's backup wrote the whole backup's manifest")
	}
	if ids, err := (downloader{dir: dir}).SavedIDs(); err != nil || len(ids) != len(folders[1].Items) || !ids[folders[1].Items[0]] {
		t.Errorf("the list would mark %d favorites (%v), want the folder's %d", len(ids), err, len(folders[1].Items))
	}
	if code, _, serr := te.run(t, "backup", "--folder", "nope"); code != 1 || !strings.Contains(serr, `no folder "nope"`) {
		t.Errorf("an unknown folder: exit %d, %q", code, serr)
	}
}

// Each manifest line is the favorite's metadata as list --format json
// prints it, plus its kind and local files.
func TestManifestLineIsListJSONPlusFiles(t *testing.T) {
	te, dir := backupEnv(t, imgurtest.Generate(8, 4))
	if code, _, serr := te.run(t, "backup"); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, serr)
	}
	code, out, serr := te.run(t, "list", "--format", "json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, serr)
	}
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for line := range strings.Lines(string(data)) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		byID[m["id"].(string)] = m
	}
	for _, l := range listed {
		m, ok := byID[l["id"].(string)]
		if !ok {
			t.Fatalf("%v is not in the manifest", l["id"])
		}
		for k, v := range l {
			if k == "description" || k == "title" {
				continue // sanitized in the manifest
			}
			if fmt.Sprint(m[k]) != fmt.Sprint(v) {
				t.Errorf("%v: manifest %s = %v, list says %v", l["id"], k, m[k], v)
			}
		}
		if _, ok := m["files"].([]any); !ok || m["kind"] == "" {
			t.Errorf("%v: no files or kind in %v", l["id"], m)
		}
	}
}

// The manifest writes "files": [] for a favorite with none (gone), and
// text as it is, not HTML-escaped.
func TestManifestFilesNeverNull(t *testing.T) {
	dir := t.TempDir()
	ent := backup.Entry{Meta: backup.Meta{ID: "x", Title: "Cats & dogs <3"}, Kind: "image", Gone: true}
	if err := writeManifest(dir, "", []backup.Entry{ent}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"files":[]`) || !strings.Contains(s, `"Cats & dogs <3"`) {
		t.Errorf("manifest line: %s", s)
	}
}

// An interrupted backup keeps what it saved, counts nothing as failed,
// and says it was interrupted.
func TestBackupInterrupted(t *testing.T) {
	te, dir := backupEnv(t, imgurtest.Generate(40, 8))
	c, err := imgur.New(imgur.Config{APIURL: te.srv.URL, ImageURL: te.srv.URL, ClientID: imgurtest.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: te.vars["IMGFAV_ACCESS_TOKEN"], Username: "demo"})
	page, err := c.Favorites(context.Background(), "demo", 0, imgur.SortNewest)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errb bytes.Buffer
	err = runBackup(ctx, env{stderr: &errb}, c, backupOptions{dir: dir, jobs: 4}, page.Items, nil)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v, want interrupted", err)
	}
	if s := errb.String(); !strings.Contains(s, " 0 failed") {
		t.Errorf("summary %q counts the interrupted as failed", s)
	}
	for _, e := range readManifest(t, dir) {
		if e.ID == "" {
			t.Error("a favorite never started has a manifest line")
		}
	}
}

// Favorites Imgur sent unreadable are said on stderr, as list says them.
func TestBackupSaysWhatItSkipped(t *testing.T) {
	favs := append(imgurtest.Generate(5, 2), imgurtest.Favorite{Raw: []byte(`"garbage"`)})
	te, _ := backupEnv(t, favs)
	code, _, serr := te.run(t, "backup")
	if code != 0 || !strings.Contains(serr, "skipped 1 favorite(s) that Imgur sent unreadable") {
		t.Errorf("exit %d, stderr %q", code, serr)
	}
}
