package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Files crafted to hit what a random byte flip rarely does: meta pages with
// valid checksums but odd contents, overlapping elements, a freelist that
// lists itself. Found in review; each once crashed, hung or looped.

// putMeta writes a valid meta page n at off.
func putMeta(b []byte, off int, id uint64, ps uint32, root, freelist, hwm, txid uint64) {
	h := b[off:]
	binary.LittleEndian.PutUint64(h, id)
	binary.LittleEndian.PutUint16(h[8:], flagMeta)
	m := h[16:]
	binary.LittleEndian.PutUint32(m, boltMagic)
	binary.LittleEndian.PutUint32(m[4:], boltVersion)
	binary.LittleEndian.PutUint32(m[8:], ps)
	binary.LittleEndian.PutUint64(m[16:], root)
	binary.LittleEndian.PutUint64(m[32:], freelist)
	binary.LittleEndian.PutUint64(m[40:], hwm)
	binary.LittleEndian.PutUint64(m[48:], txid)
	f := fnv.New64a()
	f.Write(m[:56])
	binary.LittleEndian.PutUint64(m[56:], f.Sum64())
}

// rootLeaf is a leaf page holding an inline bucket meta{schema:"1"} and a
// bucket "zzz" whose root is page sub.
func rootLeaf(id, sub uint64) []byte {
	p := make([]byte, 256)
	binary.LittleEndian.PutUint64(p, id)
	binary.LittleEndian.PutUint16(p[8:], flagLeaf)
	binary.LittleEndian.PutUint16(p[10:], 2)
	inl := make([]byte, 16+16+16+7)
	binary.LittleEndian.PutUint16(inl[16+8:], flagLeaf)
	binary.LittleEndian.PutUint16(inl[16+10:], 1)
	e := inl[32:]
	binary.LittleEndian.PutUint32(e[4:], 16)
	binary.LittleEndian.PutUint32(e[8:], 6)
	binary.LittleEndian.PutUint32(e[12:], 1)
	copy(inl[48:], "schema1")
	data := append([]byte("meta"), inl...)
	zz := make([]byte, 16)
	binary.LittleEndian.PutUint64(zz, sub)
	data = append(data, append([]byte("zzz"), zz...)...)
	copy(p[48:], data)
	put := func(at int, pos, k, v uint32) {
		binary.LittleEndian.PutUint32(p[at:], 1)
		binary.LittleEndian.PutUint32(p[at+4:], pos)
		binary.LittleEndian.PutUint32(p[at+8:], k)
		binary.LittleEndian.PutUint32(p[at+12:], v)
	}
	put(16, 32, 4, uint32(len(inl)))
	put(32, uint32(48+4+len(inl)-32), 3, 16)
	return p
}

// pageSizeMismatch: meta 0 says 4096-byte pages, the newer meta 1 says
// 2048; bbolt addresses pages with meta 0's size.
func pageSizeMismatch(freelist uint64) []byte {
	const ps = 2048
	b := make([]byte, 12*ps)
	putMeta(b, 0, 0, 4096, 3, freelist, 12, 1)
	putMeta(b, 4096, 1, ps, 3, freelist, 12, 2)
	copy(b[3*ps:], rootLeaf(3, 9))
	copy(b[3*4096:], rootLeaf(3, 9))
	binary.LittleEndian.PutUint64(b[9*ps:], 9)
	binary.LittleEndian.PutUint16(b[9*ps+8:], flagLeaf)
	if freelist != noFreelist {
		binary.LittleEndian.PutUint64(b[10*ps:], 10)
		binary.LittleEndian.PutUint16(b[10*ps+8:], flagFreelist)
	}
	return b
}

// smallPages is a real bbolt file with 512-byte pages: under the 4096
// bytes bbolt reads before it knows the page size.
func smallPages(t *testing.T) []byte {
	p := filepath.Join(t.TempDir(), "small.db")
	db, err := bolt.Open(p, 0o600, &bolt.Options{PageSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// freelistListsItself is a real database whose freelist names its own page.
func freelistListsItself(t *testing.T) []byte {
	p := filepath.Join(t.TempDir(), "fl.db")
	s, err := Open(p, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		_ = s.PutCached("bob", fmt.Sprintf("k%03d", i), "e", make([]byte, 5000))
	}
	for i := range 20 {
		_ = s.DeleteCached("bob", fmt.Sprintf("k%03d", i))
	}
	raw, _ := os.ReadFile(p)
	pf, err := openPageFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	fl := int64(pf.meta.freelist) * pf.ps
	n := binary.LittleEndian.Uint16(raw[fl+10:])
	binary.LittleEndian.PutUint64(raw[fl+16+8*int64(n):], pf.meta.freelist)
	binary.LittleEndian.PutUint16(raw[fl+10:], n+1)
	return raw
}

// overlappingKeys is a leaf of 65535 elements whose keys are prefixes of
// one region: every bound checks out, but reading them all is quadratic.
func overlappingKeys(keyLen int) []byte {
	const ps = 4096
	const n = 65535
	body := 16 + n*16 + keyLen + n
	pages := (body + ps - 1) / ps
	hwm := 3 + pages
	b := make([]byte, hwm*ps)
	putMeta(b, 0, 0, ps, 3, 2, uint64(hwm), 1)
	putMeta(b, ps, 1, ps, 3, 2, uint64(hwm), 2)
	binary.LittleEndian.PutUint64(b[2*ps:], 2)
	binary.LittleEndian.PutUint16(b[2*ps+8:], flagFreelist)
	p := b[3*ps:]
	binary.LittleEndian.PutUint64(p, 3)
	binary.LittleEndian.PutUint16(p[8:], flagLeaf)
	binary.LittleEndian.PutUint16(p[10:], n)
	binary.LittleEndian.PutUint32(p[12:], uint32(pages-1))
	base := 16 + n*16
	for i := range keyLen + n {
		p[base+i] = byte('a' + i%26)
	}
	for i := range n {
		eo := 16 + i*16
		binary.LittleEndian.PutUint32(p[eo+4:], uint32(base-eo))
		binary.LittleEndian.PutUint32(p[eo+8:], uint32(keyLen+i))
	}
	return b
}

func TestCraftedFilesNeverCrash(t *testing.T) {
	for _, tr := range []trial{
		{name: "512-byte pages, smaller than bbolt's first read", data: smallPages(t)},
		{name: "meta pages disagree on the page size, no freelist", data: pageSizeMismatch(noFreelist)},
		{name: "meta pages disagree on the page size", data: pageSizeMismatch(10)},
		{name: "freelist lists its own page", data: freelistListsItself(t)},
		{name: "65535 overlapping keys", data: overlappingKeys(256 << 10)},
	} {
		t.Run(tr.name, func(t *testing.T) {
			if rep := checkFile(bytes.NewReader(tr.data), int64(len(tr.data))); rep.healthy() {
				t.Errorf("the check calls it healthy")
			}
			start := time.Now()
			if _, err := runChild(t, tr); err != nil {
				t.Error(err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestCheckIsLinear(t *testing.T) {
	b := overlappingKeys(1 << 20)
	start := time.Now()
	checkFile(bytes.NewReader(b), int64(len(b)))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("checking a %d KiB file took %v", len(b)>>10, d)
	}
}

func TestMoveAsideGivesUpOnErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), strings.Repeat("n", 240)+".db")
	if err := os.WriteFile(p, []byte("this is not a database, just some text"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Open(p, Options{}); done <- err }()
	select {
	case err := <-done:
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open = %v, want a one-line error (the copy's name is too long)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open hangs")
	}
}

func TestTokensLeaveWithTheDamagedCopies(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "imgfav.db")
	s, err := Open(p, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	const rt = "REFRESH-TOKEN-SECRET-123456"
	if err := s.SaveLogin(Login{AccessToken: "ACCESS-TOKEN-SECRET", RefreshToken: rt, Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(p)
	clear(raw[:4096]) // salvaged; the damaged original kept aside
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(p, Options{NoSync: true}); err != nil || s.Info().Salvaged == nil {
		t.Fatalf("Open: %v, %+v", err, s.Info())
	}
	if err := s.DeleteLogin("bob"); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if b, _ := os.ReadFile(filepath.Join(dir, e.Name())); bytes.Contains(b, []byte(rt)) {
			t.Errorf("%s still holds the refresh token after logout", e.Name())
		}
	}
}

func TestInterruptedScrubIsFinished(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "imgfav.db")
	s, err := Open(p, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	const rt = "REFRESH-TOKEN-SECRET-123456"
	if err := s.SaveLogin(Login{AccessToken: "ACCESS", RefreshToken: rt, Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(p+".compact", "x") // the rewrite cannot create its file
	if err := os.MkdirAll(blocker, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteLogin("bob"); err == nil {
		t.Fatal("the logout's rewrite did not fail as arranged")
	}
	if _, ok, _ := s.CurrentLogin(); ok {
		t.Error("still logged in after the logout")
	}
	if err := os.RemoveAll(p + ".compact"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(p, Options{NoSync: true}); err != nil { // the next command
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(p); bytes.Contains(raw, []byte(rt)) {
		t.Error("the next imgfav did not finish the logout's clean-up")
	}
}

func TestLockFileTimeoutIsBoundedAndLeaksLittle(t *testing.T) {
	p := filepath.Join(t.TempDir(), "imgfav.db")
	s, err := Open(p, Options{NoSync: true, LockTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.OpenFile(lockPath(p), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := flockFile(other, true, false); err != nil { // another process, stopped mid-operation
		t.Fatal(err)
	}
	g0 := runtime.NumGoroutine()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- s.SetLastSort("oldest") })
	}
	wg.Wait()
	close(errs)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("8 concurrent writes took %v with a 300 ms timeout", d)
	}
	for err := range errs {
		if !errors.Is(err, ErrLocked) {
			t.Errorf("err = %v, want ErrLocked", err)
		}
	}
	// The writers have returned; their goroutines may take a moment to
	// be gone. What must not stay is one waiter per timed-out write.
	g := runtime.NumGoroutine()
	for end := time.Now().Add(2 * time.Second); g > g0+3 && time.Now().Before(end); g = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	if g > g0+3 {
		t.Errorf("goroutines %d → %d while the lock is held", g0, g)
	}
	unlockFile(other)
	deadline := time.Now().Add(2 * time.Second)
	for s.SetLastSort("newest") != nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.SetLastSort("newest"); err != nil {
		t.Errorf("after the other process let go: %v", err)
	}
}

func TestFileEmptiedMidOperationDoesNotDeadlock(t *testing.T) {
	p := filepath.Join(t.TempDir(), "imgfav.db")
	s, err := Open(p, Options{NoSync: true, LockTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetLastSort("oldest"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- s.run(false, func(db *bolt.DB) error {
			if err := os.Truncate(p, 0); err != nil { // a sync tool, a full disk…
				return err
			}
			return db.View(func(*bolt.Tx) error { return nil })
		}, nil)
	}()
	select {
	case err := <-done:
		t.Logf("the operation: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the operation hangs after a fault")
	}
	next := make(chan error, 1)
	go func() { next <- s.SetLastSort("newest") }()
	select {
	case err := <-next:
		if err != nil {
			t.Errorf("the next write: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the next operation hangs")
	}
}
