package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var fixedNow = time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "imgfav", "imgfav.db")
	s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	s, path := openTemp(t)
	if !s.Info().Created || s.Info().Tightened || s.Info().MovedAside != "" {
		t.Errorf("info = %+v", s.Info())
	}
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode %o, want %o", p, got, want)
		}
	}
}

func TestOpenTightensLooseFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"existing database", func(t *testing.T, path string) {
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}},
		{"empty file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "imgfav.db")
			tt.setup(t, path)
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			fi, _ := os.Stat(path)
			if fi.Mode().Perm() != 0o600 || !s.Info().Tightened {
				t.Errorf("mode %o tightened=%v; want 600 and told", fi.Mode().Perm(), s.Info().Tightened)
			}
		})
	}
}

func TestTwoStoresShareTheFile(t *testing.T) {
	s1, path := openTemp(t)
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	if err := s1.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := s2.PutCached("bob", "k", "e", []byte("body")); err != nil {
		t.Fatal(err)
	}
	if l, ok, err := s2.CurrentLogin(); err != nil || !ok || l.Username != "bob" {
		t.Errorf("the second store does not see the first's login: %v %v %v", l, ok, err)
	}
	if _, body, ok := s1.GetCached("bob", "k"); !ok || string(body) != "body" {
		t.Errorf("the first store does not see the second's cache entry: %q %v", body, ok)
	}
}

func TestHeldLockTimesOut(t *testing.T) {
	s, path := openTemp(t)
	s.timeout = 200 * time.Millisecond
	held, err := bolt.Open(path, 0o600, nil) // another process in the middle of a write
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	err = s.SetLastSort("oldest")
	elapsed := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) {
		t.Errorf("message %q does not name the path", msg)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v with a 200 ms timeout", elapsed)
	}
}

// damaged returns the bytes of a real database with many pages, damaged in
// the named way.
func damaged(t *testing.T, kind string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "src.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), "W/\"x\"", bytes.Repeat([]byte{byte(i)}, 3000)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	b := bytes.Clone(orig)
	switch kind {
	case "not a database":
		return []byte("SQLite format 3\x00 definitely not bolt " + strings.Repeat("x", 9000))
	case "text file":
		return []byte("hello\n")
	case "truncated to 100 bytes":
		return b[:100]
	case "truncated to two pages":
		return b[:2*pageSize+17]
	case "truncated to half":
		return b[:len(b)/2]
	case "scrambled meta pages":
		for i := 0; i < 2*pageSize; i += 3 {
			b[i] ^= 0xff
		}
	case "scrambled data pages":
		for i := 4 * pageSize; i < len(b); i += 7 {
			b[i] ^= 0x5a
		}
	case "zeroed first meta page":
		clear(b[:pageSize])
	case "zeroed second meta page":
		clear(b[pageSize : 2*pageSize])
	case "zeroed branch pages":
		for i := 2 * pageSize; i < len(b)/3; i++ {
			b[i] = 0
		}
	default:
		t.Fatalf("unknown damage %q", kind)
	}
	return b
}

func TestDamagedFilesAreSalvagedOrMovedAside(t *testing.T) {
	for _, tc := range []struct {
		kind      string
		salvaged  bool // a bbolt file: salvaged rather than only moved aside
		wantLogin bool // the login must read back
	}{
		{kind: "not a database"},
		{kind: "text file"},
		{kind: "truncated to 100 bytes", salvaged: true},
		{kind: "truncated to two pages", salvaged: true},
		{kind: "truncated to half", salvaged: true},
		{kind: "scrambled meta pages"},
		{kind: "scrambled data pages", salvaged: true},
		{kind: "zeroed branch pages", salvaged: true},
		{kind: "zeroed first meta page", salvaged: true, wantLogin: true},
		{kind: "zeroed second meta page", salvaged: true, wantLogin: true},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			bad := damaged(t, tc.kind)
			path := filepath.Join(t.TempDir(), "imgfav.db")
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer s.Close()
			info := s.Info()
			want := path + ".corrupt-20261122T103000Z"
			if info.MovedAside != want || (info.Salvaged != nil) != tc.salvaged {
				t.Fatalf("info = %+v, want moved to %s, salvaged %v", info, want, tc.salvaged)
			}
			kept, err := os.ReadFile(want)
			if err != nil || !bytes.Equal(kept, bad) {
				t.Errorf("the damaged file was not kept intact: %v", err)
			}
			l, ok, err := s.CurrentLogin()
			if err != nil {
				t.Fatalf("CurrentLogin: %v", err)
			}
			if tc.wantLogin && (!ok || l.RefreshToken != "r" || !info.Salvaged.LoginKept) {
				t.Errorf("login lost: %v %v, salvage %+v", l, ok, info.Salvaged)
			}
			if ok && (l.AccessToken != "a" || l.Username != "bob") {
				t.Errorf("salvaged login = %#v", l)
			}
			if err := s.SaveLogin(Login{AccessToken: "a2", Username: "carol"}); err != nil {
				t.Errorf("repaired database is not writable: %v", err)
			}
			if rep, err := checkPath(path); err != nil || !rep.healthy() {
				t.Errorf("the repaired file does not check out: %v %v", rep, err)
			}
		})
	}
}

func TestCorruptTwiceKeepsBothCopies(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "imgfav.db")
	for range 2 {
		if err := os.WriteFile(path, []byte("garbage garbage garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 2 {
		t.Errorf("corrupt copies = %v, want 2", matches)
	}
}

func TestZeroLengthFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imgfav.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Info().Created || s.Info().MovedAside != "" {
		t.Errorf("info = %+v", s.Info())
	}
}

func TestNotAFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{}); err == nil {
		t.Error("opened a directory")
	}
}

func setSchema(t *testing.T, path string, v string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(v))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	setSchema(t, path, "99")
	before, _ := os.ReadFile(path)
	infoBefore, _ := os.Stat(path)

	_, err := Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not name the file", err)
	}
	after, _ := os.ReadFile(path)
	infoAfter, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !infoAfter.ModTime().Equal(infoBefore.ModTime()) {
		t.Error("the file was modified")
	}
}

func TestMigrateUnversionedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imgfav.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketCache)
		if err != nil {
			return err
		}
		acc, err := b.CreateBucket([]byte("bob"))
		if err != nil {
			return err
		}
		return acc.Put([]byte("k"), encodeEntry("e", fixedNow, []byte("kept")))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := schemaOf(t, s); v != SchemaVersion {
		t.Errorf("schema = %d, want %d", v, SchemaVersion)
	}
	if _, body, ok := s.GetCached("bob", "k"); !ok || string(body) != "kept" {
		t.Error("migration lost data")
	}
}

func schemaOf(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.view(func(tx *bolt.Tx) error { v, _ = readSchema(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = []migration{func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		return errors.New("boom")
	}}
	path := filepath.Join(t.TempDir(), "imgfav.db")
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v, want the migration failure", err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) != nil || tx.Bucket(bucketCache) != nil {
			t.Error("a failed migration left buckets behind")
		}
		return nil
	})
}

func TestMissingBucketsAreRecreated(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketCache) })
	db.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.PutCached("bob", "k", "e", []byte("x")); err != nil {
		t.Errorf("put after a lost bucket: %v", err)
	}
}

func TestLogins(t *testing.T) {
	s, path := openTemp(t)
	if _, ok, err := s.CurrentLogin(); ok || err != nil {
		t.Fatalf("fresh: ok=%v err=%v", ok, err)
	}
	want := Login{AccessToken: "acc", RefreshToken: "ref", Expiry: fixedNow.Add(time.Hour), Username: "Bob", AccountID: 7}
	if err := s.SaveLogin(want); err != nil {
		t.Fatal(err)
	}
	// Survives a restart.
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.CurrentLogin()
	if !ok || err != nil || got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken ||
		!got.Expiry.Equal(want.Expiry) || got.Username != "Bob" || got.AccountID != 7 {
		t.Fatalf("login = %+v, %v, %v", got, ok, err)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", got, got, got), "acc") {
		t.Error("Login prints its tokens")
	}
	if err := s.SaveLogin(Login{Username: "x"}); err == nil {
		t.Error("saved a login without a token")
	}
	if err := s.DeleteLogin("BOB"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.CurrentLogin(); ok {
		t.Error("login still there after DeleteLogin")
	}
}

func TestTokenRotationIsAtomic(t *testing.T) {
	s, _ := openTemp(t)
	save := func(i int) error {
		return s.SaveLogin(Login{AccessToken: fmt.Sprintf("a%d", i), RefreshToken: fmt.Sprintf("r%d", i), Username: "bob"})
	}
	if err := save(0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var mixed []string
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				l, ok, err := s.CurrentLogin()
				if !ok || err != nil || l.AccessToken[1:] != l.RefreshToken[1:] {
					mu.Lock()
					mixed = append(mixed, fmt.Sprintf("%q/%q ok=%v err=%v", l.AccessToken, l.RefreshToken, ok, err))
					mu.Unlock()
				}
			}
		})
	}
	for i := 1; i <= 200; i++ {
		if err := save(i); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if len(mixed) > 0 {
		t.Errorf("readers saw %d inconsistent logins, e.g. %s", len(mixed), mixed[0])
	}
}

func TestCacheRoundTripIsByteExact(t *testing.T) {
	s, _ := openTemp(t)
	r := rand.New(rand.NewPCG(1, 2))
	bodies := [][]byte{nil, {}, {0}, []byte(`{"data":[]}`), bytes.Repeat([]byte{0xff, 0, '\n'}, 1000)}
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	bodies = append(bodies, random)
	for i, body := range bodies {
		key := fmt.Sprintf("k%d", i)
		etag := fmt.Sprintf(`W/"%d\"quoted"`, i)
		if err := s.PutCached("Bob", key, etag, body); err != nil {
			t.Fatal(err)
		}
		e, ok, err := s.CacheEntry("bob", key)
		if !ok || err != nil || e.ETag != etag || !bytes.Equal(e.Body, body) || !e.Fetched.Equal(fixedNow) || e.Key != key {
			t.Errorf("entry %d: ok=%v err=%v etag=%q len=%d fetched=%v", i, ok, err, e.ETag, len(e.Body), e.Fetched)
		}
		gotTag, gotBody, ok := s.GetCached("BOB", key)
		if !ok || gotTag != etag || !bytes.Equal(gotBody, body) {
			t.Errorf("GetCached %d differs", i)
		}
		if len(gotBody) > 0 {
			gotBody[0] ^= 1 // a copy: changing it changes nothing stored
			if _, again, _ := s.GetCached("bob", key); !bytes.Equal(again, body) {
				t.Errorf("entry %d: returned body aliases the database", i)
			}
		}
	}
	if _, _, ok := s.GetCached("bob", "missing"); ok {
		t.Error("missing key found")
	}
	if _, _, ok := s.GetCached("nobody", "k1"); ok {
		t.Error("another account's key found")
	}
	if err := s.PutCached("bob", "", "e", nil); err == nil {
		t.Error("empty key accepted")
	}
}

func TestCachedPrefixInPageOrder(t *testing.T) {
	s, _ := openTemp(t)
	key := func(sort string, samplePage int) string { return fmt.Sprintf("favorites/%s/%06d", sort, samplePage) }
	for _, samplePage := range []int{10, 2, 0, 1, 11} {
		for _, sort := range []string{"newest", "oldest"} {
			if err := s.PutCached("bob", key(sort, samplePage), "e", []byte(fmt.Sprint(sort, samplePage))); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = s.PutCached("alice", key("newest", 3), "e", []byte("alice"))
	_ = s.PutCached("bob", "album/x/images", "e", []byte("album"))
	entries, err := s.CachedPrefix("bob", "favorites/newest/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, string(e.Body))
	}
	if want := "newest0 newest1 newest2 newest10 newest11"; strings.Join(got, " ") != want {
		t.Errorf("pages = %v, want %s", got, want)
	}
	if err := s.DeleteCachedPrefix("bob", "favorites/newest/"); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.CachedPrefix("bob", "favorites/newest/"); len(e) != 0 {
		t.Errorf("%d entries left after delete", len(e))
	}
	if e, _ := s.CachedPrefix("bob", "favorites/oldest/"); len(e) != 5 {
		t.Errorf("delete removed another sort: %d left", len(e))
	}
	if e, _ := s.CachedPrefix("nobody", ""); e != nil {
		t.Error("unknown account has entries")
	}
}

func TestPurgeRemovesOnlyThatAccount(t *testing.T) {
	s, _ := openTemp(t)
	for _, u := range []string{"bob", "alice"} {
		if err := s.SaveLogin(Login{AccessToken: "a-" + u, Username: u}); err != nil {
			t.Fatal(err)
		}
		_ = s.PutCached(u, "favorites/newest/000000", "e", []byte(u))
		_ = s.SetCursor(u, "newest", Cursor{Index: 5, ID: u})
	}
	// alice is current (saved last); purge bob.
	if err := s.PurgeAccount("Bob"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.GetCached("bob", "favorites/newest/000000"); ok {
		t.Error("bob's cache survived")
	}
	if c, _ := s.Cursor("bob", "newest"); c != (Cursor{}) {
		t.Error("bob's cursor survived")
	}
	if _, body, ok := s.GetCached("alice", "favorites/newest/000000"); !ok || string(body) != "alice" {
		t.Error("alice's cache was purged")
	}
	if c, _ := s.Cursor("alice", "newest"); c.ID != "alice" {
		t.Error("alice's cursor was purged")
	}
	if l, ok, _ := s.CurrentLogin(); !ok || l.Username != "alice" {
		t.Error("alice's login was purged")
	}
	if err := s.PurgeAccount("alice"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.CurrentLogin(); ok {
		t.Error("purging the current account left it current")
	}
	if err := s.PurgeAccount("never-seen"); err != nil {
		t.Errorf("purging an unknown account: %v", err)
	}
}

func TestLogoutKeepsCache(t *testing.T) {
	s, _ := openTemp(t)
	_ = s.SaveLogin(Login{AccessToken: "a", Username: "bob"})
	_ = s.PutCached("bob", "k", "e", []byte("x"))
	if err := s.DeleteLogin("bob"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.GetCached("bob", "k"); !ok {
		t.Error("logout without --purge removed the cache")
	}
}

func TestSettings(t *testing.T) {
	s, path := openTemp(t)
	if v, err := s.LastSort(); v != "" || err != nil {
		t.Errorf("fresh sort = %q, %v", v, err)
	}
	if err := s.SetLastSort("oldest"); err != nil {
		t.Fatal(err)
	}
	_ = s.SetCursor("bob", "newest", Cursor{Index: 42, ID: "abc"})
	_ = s.SetCursor("bob", "oldest", Cursor{Index: 7, ID: "def"})
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.LastSort(); v != "oldest" {
		t.Errorf("sort = %q", v)
	}
	if c, _ := s.Cursor("BOB", "newest"); c != (Cursor{Index: 42, ID: "abc"}) {
		t.Errorf("newest cursor = %+v", c)
	}
	if c, _ := s.Cursor("bob", "oldest"); c != (Cursor{Index: 7, ID: "def"}) {
		t.Errorf("oldest cursor = %+v", c)
	}
}

func TestDecodeEntryRejectsGarbage(t *testing.T) {
	for _, raw := range [][]byte{nil, {0xff}, {5, 'a'}, {1, 'a'}, {0x80, 0x80, 0x80}} {
		if _, err := decodeEntry("k", raw); err == nil {
			t.Errorf("decodeEntry(%v) accepted", raw)
		}
	}
}

// samplePage is a favorites samplePage of typical size (about 60 items).
var samplePage = bytes.Repeat([]byte(`{"id":"abcdefg","title":"A title of usual length","views":12345},`), 900)

func BenchmarkCacheGet(b *testing.B) {
	s, _ := openTemp(b)
	for i := range 50 {
		_ = s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), `W/"etag"`, samplePage)
	}
	b.SetBytes(int64(len(samplePage)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := s.GetCached("bob", "favorites/newest/000025"); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkCachePut(b *testing.B) {
	s, _ := openTemp(b)
	b.SetBytes(int64(len(samplePage)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i%50), `W/"etag"`, samplePage); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func TestLastAccountSurvivesLogout(t *testing.T) {
	s, _ := openTemp(t)
	if got, _ := s.LastAccount(); got != "" {
		t.Fatalf("LastAccount of a new file = %q, want empty", got)
	}
	if err := s.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "Alice"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LastAccount(); got != "alice" {
		t.Fatalf("LastAccount while logged in = %q, want alice", got)
	}
	if err := s.DeleteLogin("Alice"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LastAccount(); got != "alice" {
		t.Fatalf("LastAccount after logout = %q, want alice", got)
	}
	if err := s.PurgeAccount("alice"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LastAccount(); got != "" {
		t.Fatalf("LastAccount after purge = %q, want empty", got)
	}
}

func TestTokenAccount(t *testing.T) {
	s, _ := openTemp(t)
	if got, err := s.TokenAccount("h1"); err != nil || got != "" {
		t.Fatalf("TokenAccount unknown = %q, %v", got, err)
	}
	if err := s.SetTokenAccount("h1", "Bob"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTokenAccount("h2", "carol"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TokenAccount("h1"); got != "Bob" {
		t.Fatalf("TokenAccount(h1) = %q, want Bob", got)
	}
	if err := s.PurgeAccount("bob"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TokenAccount("h1"); got != "" {
		t.Fatalf("TokenAccount(h1) after purge = %q, want empty", got)
	}
	if got, _ := s.TokenAccount("h2"); got != "carol" {
		t.Fatalf("TokenAccount(h2) after purging bob = %q, want carol", got)
	}
}

func TestDeleteCached(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.PutCached("a", "k1", "e", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCached("a", "k1"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.GetCached("a", "k1"); ok {
		t.Fatal("entry still cached after DeleteCached")
	}
	if err := s.DeleteCached("nobody", "k1"); err != nil {
		t.Fatalf("DeleteCached for an account without a cache: %v", err)
	}
}

func TestLogoutLeavesNoCopyOfTokens(t *testing.T) {
	for _, how := range []string{"logout", "purge"} {
		t.Run(how, func(t *testing.T) {
			s, path := openTemp(t)
			var secrets []string
			for i := range 5 { // rotations leave older pairs in freed pages
				l := Login{AccessToken: fmt.Sprintf("ACCESS-%d-secret", i), RefreshToken: fmt.Sprintf("REFRESH-%d-secret", i), Username: "bob"}
				secrets = append(secrets, l.AccessToken, l.RefreshToken)
				if err := s.SaveLogin(l); err != nil {
					t.Fatal(err)
				}
				if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), "e", bytes.Repeat([]byte("x"), 5000)); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.SaveLogin(Login{AccessToken: "OTHER-access", RefreshToken: "OTHER-refresh", Username: "carol"}); err != nil {
				t.Fatal(err)
			}
			var err error
			if how == "logout" {
				err = s.DeleteLogin("bob")
			} else {
				err = s.PurgeAccount("bob")
			}
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range secrets {
				if bytes.Contains(raw, []byte(secret)) {
					t.Errorf("%s is still in the file after %s", secret, how)
				}
			}
			if !bytes.Contains(raw, []byte("OTHER-refresh")) {
				t.Error("the other account's login was lost")
			}
			_, _, cached := s.GetCached("bob", "favorites/newest/000001")
			if cached != (how == "logout") {
				t.Errorf("cache kept = %v after %s", cached, how)
			}
		})
	}
}

func TestDamagedLoginRecordIsNoLogin(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.SaveLogin(Login{AccessToken: "a", RefreshToken: "r", Username: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCached("bob", "k", "e", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{`{"access_token":"a","refresh_tok`, `{"access_token":"a","username":""}`, "\x00\x01garbage", `[]`} {
		if err := s.update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketAccounts).Bucket(bucketLogins).Put([]byte("bob"), []byte(raw))
		}); err != nil {
			t.Fatal(err)
		}
		l, ok, err := s.CurrentLogin()
		if err != nil || ok {
			t.Errorf("damaged login %q: got %v, %v, %v; want no login and no error", raw, l, ok, err)
		}
	}
	if _, body, ok := s.GetCached("bob", "k"); !ok || string(body) != "kept" {
		t.Error("the cache was lost with the login")
	}
	if err := s.SaveLogin(Login{AccessToken: "a2", Username: "bob"}); err != nil {
		t.Errorf("logging in again over a damaged record: %v", err)
	}
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(cursorKey("bob", "newest"), []byte("{broken"))
	}); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Cursor("bob", "newest"); err != nil || c != (Cursor{}) {
		t.Errorf("damaged cursor: %v, %v; want the zero cursor", c, err)
	}
}

// BenchmarkStoreOp is the cost of one operation now that each opens and
// closes the file (so that several imgfav processes can share it): the
// price of a cursor read, a setting write, and a cached page read.
func BenchmarkStoreOp(b *testing.B) {
	s, _ := openTemp(b)
	s.noSync = true // measure the open/close, not the disk's fsync
	for i := range 50 {
		_ = s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), `W/"etag"`, samplePage)
	}
	_ = s.SetCursor("bob", "newest", Cursor{Index: 3, ID: "abc"})
	b.Run("read-cursor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Cursor("bob", "newest"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write-cursor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.SetCursor("bob", "newest", Cursor{Index: 4, ID: "abd"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read-page", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(samplePage)))
		for b.Loop() {
			if _, _, ok := s.GetCached("bob", "favorites/newest/000025"); !ok {
				b.Fatal("miss")
			}
		}
	})
}
