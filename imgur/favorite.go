package imgur

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// ToggleFavorite adds the item to the account's favorites or removes it:
// Imgur has one call for both, and its answer says which it did. favorited
// reports the state after the call; nothing is assumed. A POST is never
// retried, and is not sent when the known POST allowance is used up.
//
// The cached favorites pages follow: an unfavorited item is removed from
// every cached page (all sorts, all folders), so that a restart does not
// show it, and favoriting it again in the same run puts those pages back
// as they were, where Imgur has not changed them since.
func (c *Client) ToggleFavorite(ctx context.Context, it Item) (favorited bool, err error) {
	if it.ID == "" {
		return false, errors.New("toggle favorite: no id")
	}
	kind := "image"
	if it.IsAlbum {
		kind = "album"
	}
	var answer string
	_, err = c.do(ctx, call{method: http.MethodPost, path: "/3/" + kind + "/" + url.PathEscape(it.ID) + "/favorite",
		decode: func(data json.RawMessage) error {
			if json.Unmarshal(data, &answer) != nil || answer != "favorited" && answer != "unfavorited" {
				return errNoData
			}
			return nil
		}})
	if err != nil {
		var rle *RateLimitError
		if errors.As(err, &rle) && rle.Which == "" {
			if _, ok := c.RateLimit().PostExhausted(c.cfg.Now()); ok {
				rle.Which = "post"
			}
		}
		return false, fmt.Errorf("toggle favorite %s: %w", CleanLine(it.ID), err)
	}
	account := c.Token().Username
	if answer == "unfavorited" {
		c.edits.removed(c.cfg.Cache, account, it.ID)
		return false, nil
	}
	c.edits.restored(c.cfg.Cache, account, it.ID)
	return true, nil
}

// cachedListPrefixes are the cache keys of every list of favorites: the
// pages of both sorts and those of the folders.
var cachedListPrefixes = []string{"favorites/", folderCachePrefix}

// cacheEdits remembers the cached pages an unfavorite rewrote, so that
// favoriting the item again in the same run can put them back.
type cacheEdits struct {
	mu   sync.Mutex
	undo map[string][]pageEdit // by account and item id
}

// pageEdit is one cached page before and after an item was removed.
type pageEdit struct {
	key           string
	before, after []byte
}

func editKey(account, id string) string { return strings.ToLower(account) + "\x00" + id }

// removed drops the item from every cached list page that holds it.
func (e *cacheEdits) removed(cache Cache, account, id string) {
	if cache == nil {
		return
	}
	var edits []pageEdit
	marker, _ := json.Marshal(id)
	_ = cache.RewriteCached(account, cachedListPrefixes, marker, func(key string, body []byte) []byte {
		after := withoutItem(body, id)
		if after != nil {
			edits = append(edits, pageEdit{key: key, before: bytes.Clone(body), after: after})
		}
		return after
	})
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.undo == nil {
		e.undo = map[string][]pageEdit{}
	}
	e.undo[editKey(account, id)] = edits
}

// restored puts back the pages an earlier removal of the item rewrote,
// those still as it left them.
func (e *cacheEdits) restored(cache Cache, account, id string) {
	e.mu.Lock()
	edits := e.undo[editKey(account, id)]
	delete(e.undo, editKey(account, id))
	e.mu.Unlock()
	if cache == nil || len(edits) == 0 {
		return
	}
	byKey := map[string]pageEdit{}
	prefixes := make([]string, 0, len(edits))
	for _, ed := range edits {
		byKey[ed.key] = ed
		prefixes = append(prefixes, ed.key)
	}
	_ = cache.RewriteCached(account, prefixes, nil, func(key string, body []byte) []byte {
		if ed, ok := byKey[key]; ok && bytes.Equal(body, ed.after) {
			return ed.before
		}
		return nil
	})
}

// withoutItem returns a cached list body without the item whose id is id,
// or nil when the body does not hold it (or does not read as a list).
// The other items are kept byte for byte.
func withoutItem(body []byte, id string) []byte {
	var env map[string]json.RawMessage
	var items []json.RawMessage
	if json.Unmarshal(body, &env) != nil || json.Unmarshal(env["data"], &items) != nil {
		return nil
	}
	kept := items[:0:0]
	for _, raw := range items {
		var head struct {
			ID json.RawMessage `json:"id"`
		}
		var got string
		if json.Unmarshal(raw, &head) == nil && json.Unmarshal(head.ID, &got) == nil && got == id {
			continue
		}
		kept = append(kept, raw)
	}
	if len(kept) == len(items) {
		return nil
	}
	data, err := json.Marshal(kept)
	if err != nil {
		return nil
	}
	env["data"] = data
	out, err := json.Marshal(env)
	if err != nil {
		return nil
	}
	return out
}
