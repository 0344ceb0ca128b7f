package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imgfav/imgur/imgurtest"
)

// TestBackupChildProcess is the backup a test kills: it runs only in the
// child that TestBackupResumesAfterAKill starts.
func TestBackupChildProcess(t *testing.T) {
	if os.Getenv("IMGFAV_TEST_BACKUP_CHILD") != "1" {
		t.Skip("runs in a child process")
	}
	e := env{args: []string{"backup", "--jobs", "1"}, getenv: os.Getenv, stdout: io.Discard, stderr: io.Discard,
		isTerminal: func() bool { return false }}
	os.Exit(run(context.Background(), e))
}

// A backup killed in the middle leaves no partial file under a final
// name; the next run saves what is missing, and nothing twice.
func TestBackupResumesAfterAKill(t *testing.T) {
	favs := imgurtest.Generate(30, 4)
	for i := range favs {
		favs[i].IsAlbum, favs[i].Images = false, nil
	}
	te, dir := backupEnv(t, favs)
	te.srv.SetLatency(40 * time.Millisecond)
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupChildProcess$")
	cmd.Env = append(os.Environ(), "IMGFAV_TEST_BACKUP_CHILD=1", "GORACE=atexit_sleep_ms=0")
	for k, v := range te.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a few files are saved.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if names, _ := filepath.Glob(filepath.Join(dir, "*.*")); len(names) >= 4 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	saved := map[string]int64{}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		st, err := os.Stat(n)
		if err != nil || strings.HasSuffix(n, ".part") || st.IsDir() {
			continue
		}
		saved[filepath.Base(n)] = st.Size()
	}
	if len(saved) == 0 || len(saved) >= 30 {
		t.Fatalf("%d files before the kill: the test did not kill it in the middle", len(saved))
	}
	if _, err := os.Stat(filepath.Join(dir, completeMark)); !os.IsNotExist(err) {
		t.Error("a killed run left the mark of a complete one")
	}
	te.srv.SetLatency(0)
	te.srv.ResetRequests()
	code, _, serr := te.run(t, "backup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	entries := readManifest(t, dir)
	if len(entries) != 30 {
		t.Fatalf("%d entries after the resumed run", len(entries))
	}
	for _, ent := range entries {
		for _, f := range ent.Files {
			st, err := os.Stat(filepath.Join(dir, f))
			if err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", f, err)
			}
			if size, ok := saved[f]; ok && size != st.Size() {
				t.Errorf("%s was %d bytes before the kill, %d after: a partial file had a final name", f, size, st.Size())
			}
		}
	}
	for name := range saved {
		id := strings.Split(name, "_")[1]
		id = strings.TrimSuffix(id, filepath.Ext(id))
		if n := te.srv.Count("GET", "/"+id); n != 0 {
			t.Errorf("%s was downloaded again", name)
		}
	}
	if parts, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(parts) != 0 {
		t.Errorf("partial files left: %v", parts)
	}
}
