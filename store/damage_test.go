package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The damage sweep: a real database, damaged in hundreds of ways, each
// opened and used in a child process, because a SIGBUS from bbolt's mmap
// kills the whole process and no recover can catch it.

const childEnv = "IMGFAV_STORE_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(childMain(path))
	}
	if path := os.Getenv(writerEnv); path != "" {
		os.Exit(writerMain(path))
	}
	os.Exit(m.Run())
}

// childResult is what a child reports of its use of a damaged file.
type childResult struct {
	OpenError string   `json:"open_error,omitempty"`
	Login     bool     `json:"login"`   // the original login read back
	Healthy   bool     `json:"healthy"` // the file checks out after use
	Errors    []string `json:"errors,omitempty"`
}

// childMain opens the file and does what the commands do: read the login
// and the cache, write to both, open it a second time.
func childMain(path string) int {
	var r childResult
	defer func() { _ = json.NewEncoder(os.Stdout).Encode(r) }()
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		r.OpenError = err.Error()
		return 0
	}
	fail := func(what string, err error) {
		if err != nil {
			r.Errors = append(r.Errors, what+": "+err.Error())
		}
	}
	l, ok, err := s.CurrentLogin()
	fail("login", err)
	r.Login = ok && l.RefreshToken == sweepRefresh && l.AccessToken == sweepAccess
	_, err = s.CachedPrefix("bob", "favorites/newest/")
	fail("cached prefix", err)
	s.GetCached("bob", "favorites/newest/000003")
	_, err = s.Cursor("bob", "newest")
	fail("cursor", err)
	fail("put", s.PutCached("bob", "favorites/newest/000999", `W/"new"`, []byte(`{"data":[]}`)))
	fail("set sort", s.SetLastSort("oldest"))
	fail("save login", s.SaveLogin(Login{AccessToken: "x", RefreshToken: "y", Username: "carol"}))
	s2, err := Open(path, Options{NoSync: true})
	fail("reopen", err)
	if err == nil {
		_, _, err = s2.CurrentLogin()
		fail("login after reopen", err)
	}
	rep, err := checkPath(path)
	fail("check", err)
	r.Healthy = err == nil && rep.healthy()
	return 0
}

const (
	sweepAccess  = "sweep-access-token-0123456789"
	sweepRefresh = "sweep-refresh-token-9876543210"
)

// sweepBase builds a database of about 1 MiB: a login, 30 cached pages,
// settings. It returns the file and the pages the login depends on.
func sweepBase(t *testing.T) (raw []byte, loginPages []uint64, ps int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "base.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLogin(Login{AccessToken: sweepAccess, RefreshToken: sweepRefresh, Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 30 {
		body := make([]byte, 30000+rng.IntN(8000))
		for j := range body {
			body[j] = "abcdefghij{}\":,0123456789"[rng.IntN(25)]
		}
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), fmt.Sprintf(`W/"%d"`, i), body); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCursor("bob", "newest", Cursor{Index: i, ID: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if raw, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	pf, err := openPageFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	w := newWalker(pf)
	w.emit = func(path [][]byte, key, _ []byte) {
		if len(path) == 2 && string(path[1]) == "logins" && string(key) == "bob" {
			loginPages = append([]uint64(nil), w.stack...)
		}
	}
	w.walkRoot()
	if loginPages == nil {
		t.Fatal("the login was not found in the base file")
	}
	newest := uint64(0)
	if m1, err := pf.readMeta(pf.ps, 1); err == nil && m1.txid == pf.meta.txid {
		newest = 1
	}
	return raw, append(loginPages, newest), pf.ps
}

// trial is one damaged copy of the base file.
type trial struct {
	name       string
	data       []byte
	loginSound bool // every page the login depends on is intact
}

func sweepTrials(base []byte, loginPages []uint64, ps int64, short bool) []trial {
	intact := func(n int64, hit func(from, to int64) bool) bool {
		for _, id := range loginPages {
			if hit(int64(id)*ps, int64(id+1)*ps) {
				return false
			}
		}
		return true
	}
	var trials []trial
	step := int64(4096)
	if short {
		step *= 8
	}
	rng := rand.New(rand.NewPCG(7, 11))
	cut := func(n int64) trial {
		return trial{name: fmt.Sprintf("truncated to %d", n), data: base[:n],
			loginSound: intact(n, func(_, to int64) bool { return to > n })}
	}
	for n := int64(0); n < int64(len(base)); n += step {
		trials = append(trials, cut(n))
	}
	for range 40 {
		trials = append(trials, cut(rng.Int64N(int64(len(base)))))
	}
	flips := 150
	if short {
		flips = 30
	}
	for range flips {
		at := rng.Int64N(int64(len(base)))
		b := bytes.Clone(base)
		b[at] ^= byte(1 + rng.IntN(255))
		trials = append(trials, trial{name: fmt.Sprintf("byte %d flipped", at), data: b,
			loginSound: intact(at, func(from, to int64) bool { return at >= from && at < to })})
	}
	for id := int64(0); id*ps < int64(len(base)); id += 1 + int64(rng.IntN(6)) {
		b := bytes.Clone(base)
		clear(b[id*ps : min((id+1)*ps, int64(len(b)))])
		trials = append(trials, trial{name: fmt.Sprintf("page %d zeroed", id), data: b,
			loginSound: intact(id, func(from, _ int64) bool { return from == id*ps })})
	}
	return trials
}

func TestDamageSweepNeverCrashes(t *testing.T) {
	base, loginPages, ps := sweepBase(t)
	trials := sweepTrials(base, loginPages, ps, testing.Short())
	t.Logf("%d trials on a %d-byte database; the login lives on pages %v", len(trials), len(base), loginPages)
	var mu sync.Mutex
	var failures []string
	loginsKept, loginsSound := 0, 0
	work := make(chan trial)
	var wg sync.WaitGroup
	for range max(2, runtime.NumCPU()) {
		wg.Go(func() {
			for tr := range work {
				res, err := runChild(t, tr)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, tr.name+": "+err.Error())
				case tr.loginSound && !res.Login:
					failures = append(failures, tr.name+": the login was lost although its pages are intact")
				}
				if tr.loginSound {
					loginsSound++
				}
				if err == nil && res.Login {
					loginsKept++
				}
				mu.Unlock()
			}
		})
	}
	for _, tr := range trials {
		work <- tr
	}
	close(work)
	wg.Wait()
	t.Logf("login kept in %d trials (its pages intact in %d)", loginsKept, loginsSound)
	for i, f := range failures {
		if i == 20 {
			t.Errorf("… and %d more", len(failures)-20)
			break
		}
		t.Error(f)
	}
}

// runChild writes the trial's file and opens it in a child process.
func runChild(t *testing.T, tr trial) (childResult, error) {
	dir, err := os.MkdirTemp(t.TempDir(), "trial")
	if err != nil {
		return childResult{}, err
	}
	path := filepath.Join(dir, "imgfav.db")
	if err := os.WriteFile(path, tr.data, 0o600); err != nil {
		return childResult{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	// GORACE: a race-enabled child would otherwise sleep a second at exit.
	cmd.Env = append(os.Environ(), childEnv+"="+path, "GORACE=atexit_sleep_ms=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return childResult{}, errors.New("hung (killed after 60 s)")
	}
	if err != nil || stderr.Len() > 0 {
		first, _, _ := strings.Cut(stderr.String(), "\n")
		return childResult{}, fmt.Errorf("child failed: %v: %s", err, first)
	}
	var res childResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return childResult{}, fmt.Errorf("child output %q: %v", stdout.String(), err)
	}
	if res.OpenError != "" && !errors.Is(errors.New(res.OpenError), ErrNewerSchema) && !strings.Contains(res.OpenError, ErrNewerSchema.Error()) {
		return res, fmt.Errorf("Open failed: %s", res.OpenError)
	}
	if len(res.Errors) > 0 {
		return res, fmt.Errorf("after Open: %s", strings.Join(res.Errors, "; "))
	}
	if res.OpenError == "" && !res.Healthy {
		return res, errors.New("the file does not check out after use")
	}
	return res, nil
}
