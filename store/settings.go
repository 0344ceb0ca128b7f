package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Cursor is where the list was left for one account and sort: the selected
// favorite's id (to find it again after pages shift) and its index.
type Cursor struct {
	Index int    `json:"index"`
	ID    string `json:"id"`
}

func cursorPrefix(account string) string { return "cursor/" + account + "/" }

func cursorKey(username, sort string) []byte {
	return []byte(cursorPrefix(accountKey(username)) + sort)
}

// LastSort is the sort the user last chose, or "" when never set.
func (s *Store) LastSort() (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketSettings).Get(keySort))
		return nil
	})
	return v, err
}

// SetLastSort remembers the sort.
func (s *Store) SetLastSort(sort string) error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(keySort, []byte(sort))
	})
}

// Layout is how the browser last showed the list.
type Layout struct {
	// NoPreview hides the preview pane (shown by default).
	NoPreview bool `json:"no_preview,omitempty"`
	// Grid shows thumbnails instead of rows.
	Grid bool `json:"grid,omitempty"`
}

func layoutKey(username string) []byte { return []byte(cursorPrefix(accountKey(username)) + "layout") }

// Layout returns the layout the account's list was last shown in; before
// the account chose one, the one remembered for every account by earlier
// versions; the zero Layout when none is stored or it no longer reads
// back.
func (s *Store) Layout(username string) (Layout, error) {
	var l Layout
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		raw := b.Get(layoutKey(username))
		if raw == nil {
			raw = b.Get(keyLayout)
		}
		if raw != nil && json.Unmarshal(raw, &l) != nil {
			l = Layout{}
		}
		return nil
	})
	return l, err
}

// SetLayout remembers the account's layout.
func (s *Store) SetLayout(username string, l Layout) error {
	raw, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("encode layout: %w", err)
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(layoutKey(username), raw)
	})
}

// Cursor returns the remembered cursor of the account and sort; the zero
// Cursor when none is stored.
func (s *Store) Cursor(username, sort string) (Cursor, error) {
	var c Cursor
	err := s.view(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketSettings).Get(cursorKey(username, sort))
		if raw == nil {
			return nil
		}
		if json.Unmarshal(raw, &c) != nil {
			c = Cursor{} // damaged: start at the top rather than fail
		}
		return nil
	})
	if err != nil {
		return Cursor{}, fmt.Errorf("read cursor: %w", err)
	}
	return c, nil
}

// SetCursor remembers the cursor of the account and sort.
func (s *Store) SetCursor(username, sort string, c Cursor) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(cursorKey(username, sort), raw)
	})
}

func tokenAccountKey(hash string) []byte { return []byte("token-account/" + hash) }

// TokenAccount returns the account remembered for an access token, named by
// a hash of the token (never the token itself); "" when none is.
func (s *Store) TokenAccount(hash string) (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketSettings).Get(tokenAccountKey(hash)))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read token account: %w", err)
	}
	return v, nil
}

// SetTokenAccount remembers the account an access token belongs to, by a
// hash of the token, so that the next start with the same environment token
// needs no request to learn it.
func (s *Store) SetTokenAccount(hash, username string) error {
	err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(tokenAccountKey(hash), []byte(username))
	})
	if err != nil {
		return fmt.Errorf("remember token account: %w", err)
	}
	return nil
}

// FolderChoice is the favorite folder an account's list last showed.
type FolderChoice struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func folderKey(username string) []byte { return []byte("folder/" + accountKey(username)) }

// Folder returns the folder the account's list last showed; the zero
// FolderChoice (all the favorites) when none is stored or it no longer
// reads back.
func (s *Store) Folder(username string) (FolderChoice, error) {
	var f FolderChoice
	err := s.view(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketSettings).Get(folderKey(username)); raw != nil {
			if json.Unmarshal(raw, &f) != nil {
				f = FolderChoice{}
			}
		}
		return nil
	})
	if err != nil {
		return FolderChoice{}, fmt.Errorf("read folder: %w", err)
	}
	return f, nil
}

// SetFolder remembers the folder the account's list shows; the zero
// FolderChoice forgets it.
func (s *Store) SetFolder(username string, f FolderChoice) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if f.ID == 0 {
			return b.Delete(folderKey(username))
		}
		return b.Put(folderKey(username), raw)
	})
}

func seenKey(username, sort string) []byte {
	return []byte(cursorPrefix(accountKey(username)) + "seen/" + sort)
}

// Seen returns the favorites an account's list of one sort ended its last
// session with at the edge where new ones arrive (the first of newest,
// the last of oldest); ok is false before its first session ended.
func (s *Store) Seen(username, sort string) (ids []string, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketSettings).Get(seenKey(username, sort))
		if raw != nil && json.Unmarshal(raw, &ids) == nil {
			ok = true
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("read seen: %w", err)
	}
	return ids, ok, nil
}

// SetSeen remembers the favorites at the edge of an account's list of one
// sort, for the next session's "new" marks.
func (s *Store) SetSeen(username, sort string, ids []string) error {
	raw, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(seenKey(username, sort), raw)
	})
}

func accountSortKey(username string) []byte {
	return []byte(cursorPrefix(accountKey(username)) + "last-sort")
}

// AccountSort is the sort the account's list last showed, else the last
// sort of any account ("" when never set): each account keeps its own.
func (s *Store) AccountSort(username string) (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if raw := b.Get(accountSortKey(username)); raw != nil {
			v = string(raw)
		} else {
			v = string(b.Get(keySort))
		}
		return nil
	})
	return v, err
}

// SetAccountSort remembers the sort the account's list shows.
func (s *Store) SetAccountSort(username, sort string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if err := b.Put(accountSortKey(username), []byte(sort)); err != nil {
			return err
		}
		return b.Put(keySort, []byte(sort))
	})
}
