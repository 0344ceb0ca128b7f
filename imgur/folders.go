package imgur

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Folder is one of an account's favorite folders. Imgur does not document
// the folder endpoints; the shape is the one public clients read.
type Folder struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	CoverHash   string `json:"cover_hash"` // the cover image's id; "" when none
	CoverWidth  int    `json:"cover_width"`
	CoverHeight int    `json:"cover_height"`
	Link        string `json:"link"`
	CreatedAt   int64  `json:"created_at"`
	UpdatedAt   int64  `json:"updated_at"`
}

// Cover is the folder's cover as an image item, for its thumbnail; ok is
// false when the folder has none.
func (f Folder) Cover() (Item, bool) {
	if f.CoverHash == "" {
		return Item{}, false
	}
	return Item{ID: f.CoverHash, Type: "image/jpeg", Width: f.CoverWidth, Height: f.CoverHeight}, true
}

// folderOrigin is sent with the folder calls, as the public clients that
// use them do: Imgur's web app is the endpoints' own client.
const folderOrigin = "https://imgur.com"

// Folders fetches the account's favorite folders. username may be "me".
// Imgur may refuse these calls (they are not in its docs): the error says
// why, and everything else keeps working.
func (c *Client) Folders(ctx context.Context, username string) ([]Folder, error) {
	if username == "" {
		username = "me"
	}
	var folders []Folder
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/3/account/" + url.PathEscape(username) + "/folders",
		cacheKey: foldersCacheKey, origin: folderOrigin, account: username,
		decode: func(data json.RawMessage) (err error) {
			folders, err = decodeFolders(data)
			return err
		}})
	if err != nil {
		return nil, fmt.Errorf("fetch folders: %w", err)
	}
	return folders, nil
}

// CachedFolders reads the account's folders back from the cache, without
// a request; ok is false when the cache does not hold them.
func (c *Client) CachedFolders(account string) ([]Folder, bool, error) {
	if c.cfg.Cache == nil {
		return nil, false, nil
	}
	body, _, ok, err := c.cfg.Cache.CachedBody(account, foldersCacheKey)
	if err != nil || !ok {
		return nil, false, err
	}
	var env envelope
	if decodeLenient(body, &env) != nil {
		c.dropCached(account, foldersCacheKey)
		return nil, false, nil
	}
	folders, err := decodeFolders(env.Data)
	if err != nil {
		c.dropCached(account, foldersCacheKey)
		return nil, false, nil
	}
	return folders, true, nil
}

// decodeFolders reads a folders list leniently: a folder without an id
// or a name is skipped; names are sanitized.
func decodeFolders(data json.RawMessage) ([]Folder, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, errNoData
	}
	folders := make([]Folder, 0, len(raws))
	for _, raw := range raws {
		var f Folder
		if decodeLenient(raw, &f) != nil || f.ID == 0 {
			continue
		}
		f.Name = CleanLine(f.Name)
		if f.Name == "" {
			f.Name = "folder " + strconv.FormatInt(f.ID, 10)
		}
		if !validUsername(f.CoverHash) {
			f.CoverHash = "" // an id goes into a URL: letters and digits only
		}
		f.Link = CleanLine(f.Link)
		folders = append(folders, f)
	}
	return folders, nil
}

// FolderFavorites fetches one page (from 0) of a favorite folder's items,
// with the same paging, end and cache as Favorites.
func (c *Client) FolderFavorites(ctx context.Context, username string, folder int64, page int, sort Sort) (Page, error) {
	if username == "" {
		username = "me"
	}
	if page < 0 || folder <= 0 {
		return Page{}, fmt.Errorf("fetch folder %d page %d: invalid", folder, page)
	}
	if _, err := ParseSort(string(sort)); err != nil {
		return Page{}, fmt.Errorf("fetch folder: %w", err)
	}
	p := Page{Number: page, Sort: sort}
	q := url.Values{"page": {strconv.Itoa(page)}, "sort": {string(sort)}}
	cl := call{method: http.MethodGet, cacheKey: folderCacheKey(folder, sort, page), origin: folderOrigin, account: username,
		path: "/3/account/" + url.PathEscape(username) + "/folders/" + strconv.FormatInt(folder, 10) + "/favorites?" + q.Encode(),
		decode: func(data json.RawMessage) (err error) {
			p.Items, p.Skipped, err = decodeItems(data)
			return err
		}}
	if page == 0 {
		cl.stalePrefix = folderPagesPrefix(folder, sort)
	}
	res, err := c.do(ctx, cl)
	if err != nil {
		return Page{}, fmt.Errorf("fetch folder %d page %d: %w", folder, page, err)
	}
	p.NotModified = res.notModified
	return p, nil
}

// CachedFolderFavorites reads one page of a folder back from the cache,
// as CachedFavorites does for the whole list.
func (c *Client) CachedFolderFavorites(account string, folder int64, sort Sort, page int) (CachedPage, bool, error) {
	return c.cachedPage(account, folderCacheKey(folder, sort, page), page)
}

const (
	foldersCacheKey   = "folders"
	folderCachePrefix = "folder/"
)

// folderCacheKey is the cache key of one page of a folder: folders are
// cached apart from the whole list and from each other.
func folderCacheKey(folder int64, sort Sort, page int) string {
	return folderPagesPrefix(folder, sort) + formatPage(page)
}

func folderPagesPrefix(folder int64, sort Sort) string {
	return folderCachePrefix + strconv.FormatInt(folder, 10) + "/" + string(sort) + "/"
}
