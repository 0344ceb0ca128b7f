package imgur

import (
	"context"
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
	path := "/3/account/" + url.PathEscape(username) + "/favorites/" + strconv.Itoa(page) + "/" + string(sort)
	res, err := c.do(ctx, call{method: http.MethodGet, path: path, cacheKey: FavoritesCacheKey(sort, page)})
	if err != nil {
		return Page{}, fmt.Errorf("fetch favorites page %d: %w", page, err)
	}
	items, skipped, err := decodeItems(res.data)
	if err != nil {
		return Page{}, fmt.Errorf("fetch favorites page %d: %w", page, malformed(path))
	}
	return Page{Number: page, Sort: sort, Items: items, Skipped: skipped, NotModified: res.notModified}, nil
}

// AlbumImages fetches the images of an album.
func (c *Client) AlbumImages(ctx context.Context, id string) ([]Item, error) {
	path := "/3/album/" + url.PathEscape(id) + "/images"
	res, err := c.do(ctx, call{method: http.MethodGet, path: path, cacheKey: albumImagesCacheKey(id)})
	if err != nil {
		return nil, fmt.Errorf("fetch album %s: %w", CleanLine(id), err)
	}
	items, _, err := decodeItems(res.data)
	if err != nil {
		return nil, fmt.Errorf("fetch album %s: %w", CleanLine(id), malformed(path))
	}
	return items, nil
}

// Me fetches the logged-in account.
func (c *Client) Me(ctx context.Context) (Account, error) {
	const path = "/3/account/me"
	res, err := c.do(ctx, call{method: http.MethodGet, path: path})
	if err != nil {
		return Account{}, fmt.Errorf("fetch account: %w", err)
	}
	var a Account
	if err := decodeLenient(res.data, &a); err != nil || a.URL == "" {
		return Account{}, fmt.Errorf("fetch account: %w", malformed(path))
	}
	if !validUsername(a.URL) {
		return Account{}, fmt.Errorf("fetch account: %w", malformed(path))
	}
	a.Bio = CleanText(a.Bio)
	return a, nil
}

// Credits fetches the current credits and records them as the last known
// rate limit.
func (c *Client) Credits(ctx context.Context) (Credits, error) {
	const path = "/3/credits"
	auth := authClient
	if c.Token().AccessToken != "" {
		auth = authBearer
	}
	res, err := c.do(ctx, call{method: http.MethodGet, path: path, auth: auth})
	if err != nil {
		return Credits{}, fmt.Errorf("fetch credits: %w", err)
	}
	var cr Credits
	if err := decodeLenient(res.data, &cr); err != nil {
		return Credits{}, fmt.Errorf("fetch credits: %w", malformed(path))
	}
	now := c.cfg.Now()
	c.updateRate(func(r RateLimit) RateLimit { return r.withCredits(cr, now) })
	return cr, nil
}

func malformed(path string) error {
	return &APIError{Method: http.MethodGet, Path: path, StatusCode: http.StatusOK, Kind: ErrMalformed}
}
