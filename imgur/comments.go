package imgur

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// CommentSort is the order of a post's comments.
type CommentSort string

// The orders Imgur offers for comments.
const (
	CommentsBest CommentSort = "best"
	CommentsTop  CommentSort = "top"
	CommentsNew  CommentSort = "new"
)

// Next is the order after s, for a key that cycles through them.
func (s CommentSort) Next() CommentSort {
	switch s {
	case CommentsBest:
		return CommentsTop
	case CommentsTop:
		return CommentsNew
	}
	return CommentsBest
}

// Comment is one comment on a gallery post, with its replies. Text and
// Author are sanitized; a deleted comment has Deleted set and neither.
type Comment struct {
	ID       int64
	ImageID  string
	Text     string
	Author   string
	AuthorID int64
	OnAlbum  bool
	Ups      int64
	Downs    int64
	Points   int64
	Datetime int64 // unix seconds
	ParentID int64
	Deleted  bool
	Children []Comment
}

// wireComment is a comment as Imgur sends it: comment and author are null
// once deleted.
type wireComment struct {
	ID       int64           `json:"id"`
	ImageID  string          `json:"image_id"`
	Comment  *string         `json:"comment"`
	Author   *string         `json:"author"`
	AuthorID int64           `json:"author_id"`
	OnAlbum  bool            `json:"on_album"`
	Ups      int64           `json:"ups"`
	Downs    int64           `json:"downs"`
	Points   int64           `json:"points"`
	Datetime int64           `json:"datetime"`
	ParentID int64           `json:"parent_id"`
	Deleted  bool            `json:"deleted"`
	Children json.RawMessage `json:"children"`
}

// maxCommentDepth bounds how deep replies are read: a hostile body nested
// thousands deep must not cost a deep recursion. Deeper replies are left
// out.
const maxCommentDepth = 32

// Comments fetches a gallery post's comments in the given order. An item
// that is not in the gallery has none: Imgur answers 404 (ErrNotFound).
func (c *Client) Comments(ctx context.Context, id string, sort CommentSort) ([]Comment, error) {
	switch sort {
	case CommentsBest, CommentsTop, CommentsNew:
	default:
		return nil, fmt.Errorf("fetch comments: unknown order %q", sort)
	}
	var out []Comment
	_, err := c.do(ctx, call{method: http.MethodGet,
		path:     "/3/gallery/" + url.PathEscape(id) + "/comments/" + string(sort),
		cacheKey: "comments/" + id + "/" + string(sort),
		decode: func(data json.RawMessage) (err error) {
			out, err = decodeComments(data, 0)
			return err
		}})
	if err != nil {
		return nil, fmt.Errorf("fetch comments of %s: %w", CleanLine(id), err)
	}
	return out, nil
}

// decodeComments reads a list of comments leniently: one that cannot be
// read at all is left out with its replies.
func decodeComments(data json.RawMessage, depth int) ([]Comment, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, errNoData
	}
	out := make([]Comment, 0, len(raws))
	for _, raw := range raws {
		var w wireComment
		if decodeLenient(raw, &w) != nil {
			continue
		}
		cm := w.comment()
		if depth < maxCommentDepth && len(w.Children) > 0 {
			cm.Children, _ = decodeComments(w.Children, depth+1)
		}
		out = append(out, cm)
	}
	return out, nil
}

// comment is the sanitized Comment of w, without its replies.
func (w wireComment) comment() Comment {
	cm := Comment{ID: w.ID, ImageID: CleanLine(w.ImageID), AuthorID: w.AuthorID, OnAlbum: w.OnAlbum,
		Ups: w.Ups, Downs: w.Downs, Points: w.Points, Datetime: w.Datetime, ParentID: w.ParentID, Deleted: w.Deleted}
	if w.Comment == nil || *w.Comment == "[deleted]" {
		cm.Deleted = true
	}
	if !cm.Deleted {
		cm.Text = CleanText(*w.Comment)
		cm.Author = CleanLine(deref(w.Author))
	}
	return cm
}
