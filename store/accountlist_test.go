package store

import (
	"reflect"
	"testing"
)

func TestLoginsAndUseLogin(t *testing.T) {
	s, _ := openTemp(t)
	for _, name := range []string{"Bob", "ann"} {
		if err := s.SaveLogin(Login{AccessToken: "tok-" + name, Username: name}); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := s.Logins()
	if err != nil || len(ls) != 2 || ls[0].Username != "ann" || ls[1].Username != "Bob" {
		t.Fatalf("logins %v, %v", ls, err)
	}
	if cur, _, _ := s.CurrentLogin(); cur.Username != "ann" {
		t.Fatalf("current %q, want the last saved", cur.Username)
	}
	l, ok, err := s.UseLogin("BOB")
	if err != nil || !ok || l.AccessToken != "tok-Bob" {
		t.Fatalf("UseLogin: %v %v %v", l, ok, err)
	}
	if cur, _, _ := s.CurrentLogin(); cur.Username != "Bob" {
		t.Fatalf("current %q after the switch", cur.Username)
	}
	if _, ok, _ := s.UseLogin("carol"); ok {
		t.Fatal("switched to an account without a login")
	}
	if cur, _, _ := s.CurrentLogin(); cur.Username != "Bob" {
		t.Fatal("a failed switch changed the current account")
	}
}

func TestSeen(t *testing.T) {
	s, _ := openTemp(t)
	if _, ok, err := s.Seen("bob", "newest"); ok || err != nil {
		t.Fatalf("first session: ok %v err %v", ok, err)
	}
	if err := s.SetSeen("Bob", "newest", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	ids, ok, err := s.Seen("bob", "newest")
	if !ok || err != nil || !reflect.DeepEqual(ids, []string{"a", "b"}) {
		t.Fatalf("seen %v %v %v", ids, ok, err)
	}
	if _, ok, _ := s.Seen("bob", "oldest"); ok {
		t.Fatal("one sort's edge read for the other")
	}
	if err := s.PurgeAccount("bob"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Seen("bob", "newest"); ok {
		t.Fatal("purge left the seen marks")
	}
}

func TestAccountSort(t *testing.T) {
	s, _ := openTemp(t)
	if v, err := s.AccountSort("bob"); v != "" || err != nil {
		t.Fatalf("none: %q %v", v, err)
	}
	if err := s.SetAccountSort("Bob", "oldest"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.AccountSort("bob"); v != "oldest" {
		t.Fatalf("bob: %q", v)
	}
	if v, _ := s.AccountSort("ann"); v != "oldest" {
		t.Fatalf("an account without its own: %q, want the last sort of any", v)
	}
	if err := s.SetAccountSort("ann", "newest"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.AccountSort("bob"); v != "oldest" {
		t.Fatalf("bob after ann chose: %q", v)
	}
}
