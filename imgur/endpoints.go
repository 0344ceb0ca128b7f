package imgur

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Sort is the order of the favorites.
type Sort string

// The two orders Imgur offers.
const (
	SortNewest Sort = "newest"
	SortOldest Sort = "oldest"
)

// ParseSort accepts "newest" or "oldest".
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case SortNewest, SortOldest:
		return Sort(s), nil
	}
	return "", fmt.Errorf("unknown sort %q (want newest or oldest)", s)
}

// Other returns the opposite order.
func (s Sort) Other() Sort {
	if s == SortOldest {
		return SortNewest
	}
	return SortOldest
}

// Page is one page of favorites.
type Page struct {
	Number int
	Sort   Sort
	// Items is empty on the page after the last one (see End).
	Items []Item
	// Skipped counts the page's items that could not be read at all (not
	// an object, or without an id) and are not in Items. A page whose
	// items were all skipped is not the end of the list.
	Skipped int
	// NotModified is true when Imgur answered 304 and Items came from the
	// cache.
	NotModified bool
}

// MaxUnreadableRun is how many pages in a row of nothing but unreadable
// items a reader passes over (they are not the end) before it takes the
// list to end there: a server sending such pages forever is not paged
// forever.
const MaxUnreadableRun = 3

// End reports whether p is the empty page after the last one.
func (p Page) End() bool { return len(p.Items) == 0 && p.Skipped == 0 }

// Favorites fetches one page (from 0) of the account's favorites. username
// may be "me". The end of the list is a page with no items.
func (c *Client) Favorites(ctx context.Context, username string, page int, sort Sort) (Page, error) {
	if username == "" {
		username = "me"
	}
	if page < 0 {
		return Page{}, fmt.Errorf("fetch favorites: negative page %d", page)
	}
	if _, err := ParseSort(string(sort)); err != nil {
		return Page{}, fmt.Errorf("fetch favorites: %w", err)
	}
	p := Page{Number: page, Sort: sort}
	cl := call{method: http.MethodGet, cacheKey: favoritesCacheKey(sort, page), account: username,
		path: "/3/account/" + url.PathEscape(username) + "/favorites/" + strconv.Itoa(page) + "/" + string(sort),
		decode: func(data json.RawMessage) (err error) {
			p.Items, p.Skipped, err = decodeItems(data)
			return err
		}}
	if page == 0 {
		cl.stalePrefix = favoritesCachePrefix(sort)
	}
	res, err := c.do(ctx, cl)
	if err != nil {
		return Page{}, fmt.Errorf("fetch favorites page %d: %w", page, err)
	}
	p.NotModified = res.notModified
	return p, nil
}

// AlbumImages fetches the images of an album.
func (c *Client) AlbumImages(ctx context.Context, id string) ([]Item, error) {
	var items []Item
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/3/album/" + url.PathEscape(id) + "/images",
		cacheKey: albumImagesCacheKey(id),
		decode: func(data json.RawMessage) (err error) {
			items, _, err = decodeItems(data)
			return err
		}})
	if err != nil {
		return nil, fmt.Errorf("fetch album %s: %w", CleanLine(id), err)
	}
	return items, nil
}

// Me fetches the logged-in account.
func (c *Client) Me(ctx context.Context) (Account, error) {
	var a Account
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/3/account/me",
		decode: func(data json.RawMessage) error {
			a = Account{}
			if err := decodeLenient(data, &a); err != nil || a.URL == "" || !validUsername(a.URL) {
				return errNoData
			}
			return nil
		}})
	if err != nil {
		return Account{}, fmt.Errorf("fetch account: %w", err)
	}
	a.Bio = CleanText(a.Bio)
	return a, nil
}

// Credits fetches the current credits and records them as the last known
// rate limit.
func (c *Client) Credits(ctx context.Context) (Credits, error) {
	auth := authClient
	if c.Token().AccessToken != "" {
		auth = authBearer
	}
	var cr Credits
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/3/credits", auth: auth,
		decode: func(data json.RawMessage) error { cr = Credits{}; return decodeLenient(data, &cr) }})
	if err != nil {
		return Credits{}, fmt.Errorf("fetch credits: %w", err)
	}
	now := c.cfg.Now()
	c.updateRate(func(r RateLimit) RateLimit { return r.withCredits(cr, now) })
	return cr, nil
}
