package main

import (
	"encoding/json"
	"strings"
	"testing"

	"imgfav/imgur/imgurtest"
)

// TestListAlbumOfUnknownSize: `imgfav list` shows an old album that does
// not say its size as "alb ?" and emits images_count null, not 0.
func TestListAlbumOfUnknownSize(t *testing.T) {
	te := loggedInEnv(t, 1)
	old := imgurtest.Favorite{ID: "oldAb12", Raw: []byte(`{"id":"oldAb12","title":"old album","is_album":true,"cover":"Cov1234","datetime":1395656483}`)}
	empty := imgurtest.Favorite{ID: "emptyAb", Raw: []byte(`{"id":"emptyAb","title":"empty","is_album":true,"images_count":0,"datetime":1395656483}`)}
	te.srv.SetFavorites([]imgurtest.Favorite{old, empty, imgurtest.Generate(1, 5)[0]})
	tests := []struct {
		format string
		check  func(out string) bool
	}{
		{"table", func(out string) bool {
			return strings.Contains(out, " alb ? ") && strings.Contains(out, " alb 0 ")
		}},
		{"json", func(out string) bool {
			var items []struct {
				ID          string `json:"id"`
				ImagesCount *int   `json:"images_count"`
			}
			if json.Unmarshal([]byte(out), &items) != nil || len(items) != 3 {
				return false
			}
			return items[0].ImagesCount == nil && items[1].ImagesCount != nil && *items[1].ImagesCount == 0 &&
				items[2].ImagesCount != nil && strings.Contains(out, `"images_count": null`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, out, serr := te.run(t, "list", "--format", tt.format)
			if code != 0 || !tt.check(out) {
				t.Errorf("exit %d, stderr %q, output:\n%s", code, serr, out)
			}
		})
	}
}
