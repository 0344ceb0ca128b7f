package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Login is an account's stored OAuth login. String redacts the tokens.
type Login struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry"` // zero when unknown
	Username     string    `json:"username"`
	AccountID    int64     `json:"account_id"`
}

func (l Login) String() string {
	return fmt.Sprintf("store.Login{Username:%q AccountID:%d Expiry:%s tokens:[redacted]}",
		l.Username, l.AccountID, l.Expiry.Format(time.RFC3339))
}

// GoString is String.
func (l Login) GoString() string { return l.String() }

// accountKey is how an account is named in the file: its lower-cased user
// name, or "-" when the name is unknown. It is the one rule for account
// names: callers pass user names as Imgur spells them.
func accountKey(username string) string {
	if username == "" {
		return "-"
	}
	return strings.ToLower(username)
}

// SameAccount reports whether two user names name the same account.
func SameAccount(a, b string) bool { return accountKey(a) == accountKey(b) }

// SaveLogin stores l as its account's login and makes that account current,
// in one transaction: a refreshed (rotated) pair is never half written.
func (s *Store) SaveLogin(l Login) error { return s.saveLogin(l, true) }

// RefreshLogin stores the new tokens of an account whose login is stored,
// in one transaction, without making it current: a run on another
// account than the current one (--account, or after a logout) leaves the
// current one as it was. An account logged out meanwhile (by another
// process) stays logged out: its new tokens are dropped.
func (s *Store) RefreshLogin(l Login) error { return s.saveLogin(l, false) }

func (s *Store) saveLogin(l Login, current bool) error {
	if l.AccessToken == "" || l.Username == "" {
		return errors.New("save login: no access token or user name")
	}
	raw, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("save login: %w", err)
	}
	key := []byte(accountKey(l.Username))
	err = s.update(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		logins := acc.Bucket(bucketLogins)
		if !current {
			if logins.Get(key) == nil {
				return nil
			}
			return logins.Put(key, raw)
		}
		if err := logins.Put(key, raw); err != nil {
			return err
		}
		return acc.Put(keyCurrent, key)
	})
	if err != nil {
		return fmt.Errorf("save login: %w", err)
	}
	return nil
}

// CurrentLogin returns the current account's login, if there is one. A
// login record that does not read back (damaged on disk) counts as none:
// the user logs in again, and the cache stays.
func (s *Store) CurrentLogin() (Login, bool, error) {
	var raw []byte
	err := s.view(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		if acc == nil {
			return nil
		}
		cur := acc.Get(keyCurrent)
		if logins := acc.Bucket(bucketLogins); cur != nil && logins != nil {
			raw = bytes.Clone(logins.Get(cur))
		}
		return nil
	})
	if err != nil {
		return Login{}, false, fmt.Errorf("read login: %w", err)
	}
	l, ok := decodeLogin(raw)
	return l, ok, nil
}

// decodeLogin reads a stored login; false when it is missing or damaged.
func decodeLogin(raw []byte) (Login, bool) {
	var l Login
	if raw == nil || json.Unmarshal(raw, &l) != nil || l.AccessToken == "" || l.Username == "" {
		return Login{}, false
	}
	return l, true
}

// DeleteLogin forgets the account's tokens (logout), leaving no copy of
// them in the file, freed pages included. Its cache stays, and it is
// remembered as logged out (for logout --purge). When it was the current
// account, the first other stored login becomes current.
func (s *Store) DeleteLogin(username string) error {
	key := []byte(accountKey(username))
	err := s.updateAndScrub(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		logins := acc.Bucket(bucketLogins)
		if err := logins.Delete(key); err != nil {
			return err
		}
		if err := acc.Put(keyLast, key); err != nil {
			return err
		}
		if string(acc.Get(keyCurrent)) != string(key) {
			return nil
		}
		if err := acc.Delete(keyCurrent); err != nil {
			return err
		}
		return promoteNext(acc)
	})
	if err != nil {
		return fmt.Errorf("delete login: %w", err)
	}
	return nil
}

// promoteNext makes the first stored login current when none is: the
// current account was logged out or purged, and another takes its place.
func promoteNext(acc *bolt.Bucket) error {
	if acc.Get(keyCurrent) != nil {
		return nil
	}
	if next, _ := acc.Bucket(bucketLogins).Cursor().First(); next != nil {
		return acc.Put(keyCurrent, next)
	}
	return nil
}

// LoggedOut is the account key of the account most recently logged out
// whose data is still here ("" when there is none, or it logged in
// again): what logout --purge acts on after a plain logout, and whose
// cache list --cached reads. A login that no longer reads back counts as
// logged out.
func (s *Store) LoggedOut() (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		logins := acc.Bucket(bucketLogins)
		for _, k := range [][]byte{keyLast, keyCurrent} { // the current one: when its login is damaged
			name := acc.Get(k)
			if name == nil {
				continue
			}
			var raw []byte
			if logins != nil {
				raw = logins.Get(name)
			}
			if _, ok := decodeLogin(bytes.Clone(raw)); !ok {
				v = string(name)
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read last account: %w", err)
	}
	return v, nil
}

// Logins returns every stored login that reads back, by user name.
func (s *Store) Logins() ([]Login, error) {
	var out []Login
	err := s.view(func(tx *bolt.Tx) error {
		logins := tx.Bucket(bucketAccounts).Bucket(bucketLogins)
		if logins == nil {
			return nil
		}
		return logins.ForEach(func(_, v []byte) error {
			if l, ok := decodeLogin(bytes.Clone(v)); ok {
				out = append(out, l)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read logins: %w", err)
	}
	return out, nil
}

// UseLogin makes the stored account username current and returns its
// login; ok is false when no login of that account is stored.
func (s *Store) UseLogin(username string) (Login, bool, error) {
	key := []byte(accountKey(username))
	var l Login
	var ok bool
	err := s.update(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		l, ok = decodeLogin(bytes.Clone(acc.Bucket(bucketLogins).Get(key)))
		if !ok {
			return nil
		}
		return acc.Put(keyCurrent, key)
	})
	if err != nil {
		return Login{}, false, fmt.Errorf("switch account: %w", err)
	}
	return l, ok, nil
}
