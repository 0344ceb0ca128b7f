package main

import (
	"fmt"
	"strconv"

	"imgfav/imgur"
	"imgfav/store"
	"imgfav/tui"
)

// loginStore adapts the store to tui.Logins.
type loginStore struct{ st *store.Store }

func (l loginStore) SaveLogin(t imgur.Token) error { return l.st.SaveLogin(toLogin(t)) }

// pageCache adapts the client to tui.PageCache: the client owns the
// cache's format and reads its pages back.
type pageCache struct{ c *imgur.Client }

func (p pageCache) CachedPage(account string, folder int64, sort imgur.Sort, page int) (tui.CachedPage, bool, error) {
	var cp imgur.CachedPage
	var ok bool
	var err error
	if folder != 0 {
		cp, ok, err = p.c.CachedFolderFavorites(account, folder, sort, page)
	} else {
		cp, ok, err = p.c.CachedFavorites(account, sort, page)
	}
	return tui.CachedPage{Page: cp.Page, Items: cp.Items, Fetched: cp.Fetched}, ok, err
}

// CachedFolders is the account's folders as Imgur last listed them.
func (p pageCache) CachedFolders(account string) ([]imgur.Folder, bool) {
	fs, ok, err := p.c.CachedFolders(account)
	return fs, ok && err == nil
}

// settingsStore adapts the store to tui.Settings.
type settingsStore struct{ st *store.Store }

func (s settingsStore) SetLastSort(account string, sort imgur.Sort) error {
	return s.st.SetAccountSort(account, string(sort))
}

func (s settingsStore) LastSort(account string) (imgur.Sort, bool) {
	v, err := s.st.AccountSort(account)
	sort, perr := imgur.ParseSort(v)
	return sort, err == nil && perr == nil
}

func (s settingsStore) Layout(account string) (preview, grid bool) {
	l, _ := s.st.Layout(account) // unreadable: the default layout
	return !l.NoPreview, l.Grid
}

func (s settingsStore) SetLayout(account string, preview, grid bool) error {
	return s.st.SetLayout(account, store.Layout{NoPreview: !preview, Grid: grid})
}

// cursorList names a list's cursor: its sort, under its folder's name
// for a favorite folder.
func cursorList(folder int64, sort imgur.Sort) string {
	if folder != 0 {
		return "folder-" + strconv.FormatInt(folder, 10) + "/" + string(sort)
	}
	return string(sort)
}

func (s settingsStore) Cursor(account string, folder int64, sort imgur.Sort) (int, string) {
	c, err := s.st.Cursor(account, cursorList(folder, sort))
	if err != nil {
		return 0, ""
	}
	return c.Index, c.ID
}

func (s settingsStore) SetCursor(account string, folder int64, sort imgur.Sort, index int, id string) error {
	return s.st.SetCursor(account, cursorList(folder, sort), store.Cursor{Index: index, ID: id})
}

func (s settingsStore) Folder(account string) imgur.Folder {
	f, _ := s.st.Folder(account) // unreadable: all the favorites
	return imgur.Folder{ID: f.ID, Name: imgur.CleanLine(f.Name)}
}

func (s settingsStore) Seen(account string, sort imgur.Sort) ([]string, bool) {
	ids, ok, err := s.st.Seen(account, string(sort))
	return ids, ok && err == nil
}

func (s settingsStore) SetSeen(account string, sort imgur.Sort, ids []string) error {
	return s.st.SetSeen(account, string(sort), ids)
}

// storedAccounts adapts the store's logins to tui.Accounts: switching
// gives the client the chosen account's login.
type storedAccounts struct {
	st *store.Store
	c  *imgur.Client
}

func (a storedAccounts) Accounts() ([]string, error) {
	ls, err := a.st.Logins()
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Username
	}
	return names, err
}

func (a storedAccounts) Use(account string) (imgur.Token, error) {
	l, ok, err := a.st.UseLogin(account)
	switch {
	case err != nil:
		return imgur.Token{}, err
	case !ok:
		return imgur.Token{}, fmt.Errorf("no stored login of %s", account)
	}
	tok := fromLogin(l)
	a.c.SetToken(tok)
	return tok, nil
}

func (s settingsStore) SetFolder(account string, f imgur.Folder) error {
	return s.st.SetFolder(account, store.FolderChoice{ID: f.ID, Name: f.Name})
}

func toLogin(t imgur.Token) store.Login {
	return store.Login{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry, Username: t.Username, AccountID: t.AccountID}
}

func fromLogin(l store.Login) imgur.Token {
	return imgur.Token{AccessToken: l.AccessToken, RefreshToken: l.RefreshToken, Expiry: l.Expiry, Username: l.Username, AccountID: l.AccountID}
}

// The store is the client's cache.
var _ imgur.Cache = (*store.Store)(nil)
