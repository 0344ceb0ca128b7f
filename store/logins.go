package store

import (
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

// AccountKey is how an account is named in the file: its lower-cased user
// name, or "-" when the name is unknown.
func AccountKey(username string) string {
	if username == "" {
		return "-"
	}
	return strings.ToLower(username)
}

// SaveLogin stores l as its account's login and makes that account current,
// in one transaction: a refreshed (rotated) pair is never half written.
func (s *Store) SaveLogin(l Login) error {
	if l.AccessToken == "" || l.Username == "" {
		return errors.New("save login: no access token or user name")
	}
	raw, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("save login: %w", err)
	}
	key := []byte(AccountKey(l.Username))
	err = s.update(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		if err := acc.Bucket(bucketLogins).Put(key, raw); err != nil {
			return err
		}
		return acc.Put(keyCurrent, key)
	})
	if err != nil {
		return fmt.Errorf("save login: %w", err)
	}
	return nil
}

// CurrentLogin returns the current account's login, if there is one.
func (s *Store) CurrentLogin() (Login, bool, error) {
	var l Login
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		cur := acc.Get(keyCurrent)
		if cur == nil {
			return nil
		}
		raw := acc.Bucket(bucketLogins).Get(cur)
		if raw == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(raw, &l)
	})
	if err != nil {
		return Login{}, false, fmt.Errorf("read login: %w", err)
	}
	return l, ok, nil
}

// DeleteLogin forgets the account's tokens (logout). Its cache stays.
func (s *Store) DeleteLogin(username string) error {
	key := []byte(AccountKey(username))
	err := s.update(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		if err := acc.Bucket(bucketLogins).Delete(key); err != nil {
			return err
		}
		if string(acc.Get(keyCurrent)) == string(key) {
			if err := acc.Put(keyLast, key); err != nil {
				return err
			}
			return acc.Delete(keyCurrent)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete login: %w", err)
	}
	return nil
}

// LastAccount is the account key of the current account, else of the one
// most recently logged out ("" when there is neither): what logout --purge
// acts on after a plain logout.
func (s *Store) LastAccount() (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		acc := tx.Bucket(bucketAccounts)
		if cur := acc.Get(keyCurrent); cur != nil {
			v = string(cur)
			return nil
		}
		v = string(acc.Get(keyLast))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read last account: %w", err)
	}
	return v, nil
}
