package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

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

// A logout remembers the account that went, for logout --purge, until it
// logs in again or is purged; logging out of the current account makes
// the next stored one current.
func TestLogoutRemembersTheAccountAndSwitches(t *testing.T) {
	s, _ := openTemp(t)
	if got, _ := s.LoggedOut(); got != "" {
		t.Fatalf("LoggedOut of a new file = %q, want empty", got)
	}
	for _, name := range []string{"Bob", "Alice"} {
		if err := s.SaveLogin(Login{AccessToken: "t-" + name, RefreshToken: "r", Username: name}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.LoggedOut(); got != "" {
		t.Fatalf("LoggedOut while both are logged in = %q", got)
	}
	if err := s.DeleteLogin("Alice"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LoggedOut(); got != "alice" {
		t.Fatalf("LoggedOut after logout = %q, want alice", got)
	}
	if cur, ok, _ := s.CurrentLogin(); !ok || cur.Username != "Bob" {
		t.Fatalf("after alice's logout the current account is %q, want Bob", cur.Username)
	}
	if err := s.PurgeAccount("alice"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LoggedOut(); got != "" {
		t.Fatalf("LoggedOut after purge = %q, want empty", got)
	}
	if err := s.PurgeAccount("bob"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.CurrentLogin(); ok {
		t.Error("a current account after every one was purged")
	}
}

// HasAccountData tells a stored account, or its cache, from a name never
// seen.
func TestHasAccountData(t *testing.T) {
	s, _ := openTemp(t)
	if s.HasAccountData("ghost") {
		t.Error("a name never seen has data")
	}
	if err := s.PutCached("carol", "favorites/newest/000000", "e", []byte("page")); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLogin(Login{AccessToken: "a", Username: "dave"}); err != nil {
		t.Fatal(err)
	}
	if !s.HasAccountData("Carol") || !s.HasAccountData("dave") {
		t.Error("cached pages or a login are not data")
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
		// As logged out: list --cached reads its cache, logout --purge
		// deletes it.
		if last, err := s.LoggedOut(); last != "bob" || err != nil {
			t.Errorf("damaged login %q: LoggedOut = %q, %v; want bob", raw, last, err)
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
