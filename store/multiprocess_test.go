package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

const writerEnv = "IMGFAV_STORE_WRITER"

// writerMain is another imgfav process: it writes to the shared file for
// the given time, and reports how many writes it made and which failed.
func writerMain(path string) int {
	var r struct {
		Writes int      `json:"writes"`
		Errors []string `json:"errors"`
	}
	defer func() { _ = json.NewEncoder(os.Stdout).Encode(r) }()
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		r.Errors = append(r.Errors, err.Error())
		return 0
	}
	d, _ := time.ParseDuration(os.Getenv(writerEnv + "_FOR"))
	for end := time.Now().Add(d); time.Now().Before(end); r.Writes++ {
		key := fmt.Sprintf("child/%06d", r.Writes)
		if err := s.PutCached("bob", key, "e", []byte(strconv.Itoa(r.Writes))); err != nil {
			r.Errors = append(r.Errors, err.Error())
		}
		if _, err := s.Cursor("bob", "newest"); err != nil {
			r.Errors = append(r.Errors, err.Error())
		}
	}
	return 0
}

// TestTwoProcessesShareTheFile runs a writer in another process while this
// one reads, writes and compacts (a logout): nobody is locked out, and no
// write of either is lost, not even across the compaction's new file.
func TestTwoProcessesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imgfav.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), writerEnv+"="+path, writerEnv+"_FOR=1500ms", "GORACE=atexit_sleep_ms=0")
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var slowest time.Duration
	mine := 0
	for end := time.Now().Add(1500 * time.Millisecond); time.Now().Before(end); mine++ {
		start := time.Now()
		if err := s.SaveLogin(Login{AccessToken: "a" + strconv.Itoa(mine), RefreshToken: "r", Username: "bob"}); err != nil {
			t.Fatalf("save login beside another process: %v", err)
		}
		if _, _, err := s.CurrentLogin(); err != nil {
			t.Fatalf("read login beside another process: %v", err)
		}
		if mine%40 == 20 {
			if err := s.DeleteLogin("bob"); err != nil { // compacts into a new file
				t.Fatalf("logout beside another process: %v", err)
			}
		}
		slowest = max(slowest, time.Since(start))
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("writer process: %v", err)
	}
	var r struct {
		Writes int      `json:"writes"`
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("writer output %q: %v", out.String(), err)
	}
	if len(r.Errors) > 0 {
		t.Errorf("the other process failed %d times, e.g. %s", len(r.Errors), r.Errors[0])
	}
	lost := 0
	for i := range r.Writes {
		if _, _, ok := s.GetCached("bob", fmt.Sprintf("child/%06d", i)); !ok {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of the other process's %d writes were lost", lost, r.Writes)
	}
	t.Logf("this process: %d rounds, slowest %v; the other: %d writes", mine, slowest, r.Writes)
	if r.Writes == 0 || mine == 0 {
		t.Error("one of the processes never got a turn")
	}
}
