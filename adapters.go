package main

import (
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

func (p pageCache) CachedPage(account string, sort imgur.Sort, page int) (tui.CachedPage, bool, error) {
	cp, ok, err := p.c.CachedFavorites(account, sort, page)
	return tui.CachedPage{Page: cp.Page, Items: cp.Items, Fetched: cp.Fetched}, ok, err
}

// settingsStore adapts the store to tui.Settings.
type settingsStore struct{ st *store.Store }

func (s settingsStore) SetLastSort(sort imgur.Sort) error { return s.st.SetLastSort(string(sort)) }

func (s settingsStore) Layout() (preview, grid bool) {
	l, _ := s.st.Layout() // unreadable: the default layout
	return !l.NoPreview, l.Grid
}

func (s settingsStore) SetLayout(preview, grid bool) error {
	return s.st.SetLayout(store.Layout{NoPreview: !preview, Grid: grid})
}

func (s settingsStore) Cursor(account string, sort imgur.Sort) (int, string) {
	c, err := s.st.Cursor(account, string(sort))
	if err != nil {
		return 0, ""
	}
	return c.Index, c.ID
}

func (s settingsStore) SetCursor(account string, sort imgur.Sort, index int, id string) error {
	return s.st.SetCursor(account, string(sort), store.Cursor{Index: index, ID: id})
}

func toLogin(t imgur.Token) store.Login {
	return store.Login{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry, Username: t.Username, AccountID: t.AccountID}
}

func fromLogin(l store.Login) imgur.Token {
	return imgur.Token{AccessToken: l.AccessToken, RefreshToken: l.RefreshToken, Expiry: l.Expiry, Username: l.Username, AccountID: l.AccountID}
}

// The store is the client's cache.
var _ imgur.Cache = (*store.Store)(nil)
