package imgur_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// realCase is one body Imgur really sent (testdata/realdata, see its
// SOURCES.md), how it is served and read, and what it must read as.
type realCase struct {
	file   string
	call   string // favorites, item, albumimages, account, credits, token, refresh
	status int    // 0: 200
	header http.Header

	count int    // items read
	items string // descriptions of the first items: id:kind, albums with their size or ?

	wantErr  error
	wantMsg  string // in the error's message
	requests int    // requests to the served path, when it matters (retries)
	refresh  int    // token requests made along the way
	check    func(realGot) error
}

// realGot is what the public call returned.
type realGot struct {
	items   []imgur.Item
	skipped int
	account imgur.Account
	credits imgur.Credits
	token   imgur.Token
	rate    imgur.RateLimit
}

const favPath = "/3/account/me/favorites/0/newest"

func realCases() []realCase {
	cdn := http.Header{"Cdn-Error": {"yes"}, "Retry-After": {"0"}, "Content-Type": {"application/json"}}
	rust := http.Header{"X-Ratelimit-Clientremaining": {"0"}, "X-Ratelimit-Userremaining": {"499"}, "X-Ratelimit-Userlimit": {"500"}}
	return []realCase{
		{file: "accountalbums-dtp-1.json", call: "favorites", count: 2, items: "albumId1:album0 albumId2:album0"},
		{file: "accountimages-imgurs-1.json", call: "favorites", count: 1, items: "vnKe11t:image"},
		{file: "accountimages-spew-1.json", call: "favorites", count: 3, items: "nFp4FhQ:image tKppqPo:image WtFB7Is:image"},
		{file: "album-goimgur-1.json", call: "item", count: 1, items: "VZQXk:album1"},
		{file: "album-imgurapi-1.json", call: "item", count: 1, items: "5F5Cy:album3"},
		{file: "album-imgursession-1.json", call: "item", count: 1, items: "HtAOg:album42"},
		{file: "albumimages-dtp-1.json", call: "albumimages", count: 2, items: "album1Photo1:image album1Photo2:image"},
		{file: "albumimages-imgurapi-1.json", call: "albumimages", count: 3, items: "79MH23L:image CqEsRhO:image zYOxPum:image"},
		{file: "albumimages-imgurs-1.json", call: "albumimages", count: 11, items: "Ziz25:image 42ib8:image 24nLu:image"},
		{file: "favorites-imgurapi-1.json", call: "favorites", count: 2, items: "LqLmI:album9 l35eOVB:image"},
		{file: "favorites-imgursession-1.json", call: "favorites", count: 2, items: "ptgMh:album? OLvRkCm:image"},
		{file: "gallery-imgurapi-1.json", call: "favorites", count: 60, items: "tmg2y:album6 0oiM1:album178 GK8NXFa:image"},
		{file: "gallery-imgurapi-2.json", call: "favorites", count: 60, items: "OwYxe:album8 AbWJ1mc:image j4CsO7A:image sAS4WAB:image cvptghQ:gif"},
		{file: "gallery-imgursession-1.json", call: "favorites", count: 185, items: "UcyJgro:gif njTUt:album? OLvRkCm:image woHNc:album?"},
		{file: "galleryalbum-goimgur-1.json", call: "item", count: 1, items: "VZQXk:album1"},
		{file: "galleryalbum-imgurapi-1.json", call: "item", count: 1, items: "dO484:album25"},
		{file: "galleryalbum-imgurs-1.json", call: "item", count: 1, items: "HvCcoNA:album50"},
		{file: "galleryalbum-imgursession-1.json", call: "item", count: 1, items: "HtAOg:album42"},
		{file: "galleryalbum-topcat-1.json", call: "item", count: 1, items: "Bu6wWPJ:album1"},
		{file: "galleryimage-goimgur-1.json", call: "item", count: 1, items: "Hf6cs:image"},
		{file: "galleryimage-imgursession-1.json", call: "item", count: 1, items: "mOqejNf:gif"},
		{file: "image-gifrecipes-1.json", call: "item", count: 1, items: "MIix6CP:gif"},
		{file: "image-goimgur-1.json", call: "item", count: 1, items: "ClF8rLe:image"},
		{file: "image-imgurapi-1.json", call: "item", count: 1, items: "zVpyzhW:gif", check: func(g realGot) error {
			return expect(g.items[0].MP4Size == 595876 && g.items[0].Vote != nil && *g.items[0].Vote == "up", "mp4_size %d", g.items[0].MP4Size)
		}},
		{file: "image-mapcomplete-1.json", call: "item", count: 1, items: "I9t6B7B:image"},
		{file: "../favorites-page-2015.json", call: "favorites", count: 4, items: "LtM3kTM:gif"},
		{file: "../video-items-2018.json", call: "favorites", count: 1, items: "gg4XqKv:video"},

		{file: "account-imgurs-1.json", call: "account", check: func(g realGot) error {
			return expect(g.account.URL == "bertof" && g.account.ID == 57420253, "account %+v", g.account)
		}},
		{file: "account-imgursession-1.json", call: "account", check: func(g realGot) error {
			return expect(g.account.URL == "jobsjobs" && g.account.ID == 10677334, "account %+v", g.account)
		}},
		{file: "credits-imgurapi-1.json", call: "credits", check: func(g realGot) error {
			c := g.credits
			return expect(c.UserLimit == 412 && c.UserRemaining == 382 && c.ClientLimit == 10500 && c.ClientRemaining == 9500, "credits %+v", c)
		}},
		{file: "token-imgurs-1.json", call: "token", check: func(g realGot) error {
			tok := g.token
			return expect(tok.AccessToken == strings.Repeat("1", 40) && tok.Username == "bertof" && tok.AccountID == 57420253 &&
				time.Until(tok.Expiry) > 9*365*24*time.Hour, "token %v", tok)
		}},
		{file: "token-imgursession-1.json", call: "token", check: func(g realGot) error {
			tok := g.token
			return expect(tok.Username == "arcadefire89" && tok.AccountID == 0 && time.Until(tok.Expiry) < time.Hour+time.Minute &&
				tok.RefreshToken == "37a1e20c76b0ca7e3b3cb25785fb82838a6a02a4", "token %v", tok)
		}},

		{file: "error-goproxy-1.json", call: "favorites", status: 500, wantErr: imgur.ErrUnavailable, wantMsg: "Imgur is temporarily over capacity", requests: 1},
		{file: "error-imgurapi-1.json", call: "favorites", wantErr: imgur.ErrUnavailable, wantMsg: "Imgur is over capacity. Please try again.", requests: 1},
		{file: "error-imgurapi-2.json", call: "favorites", status: 500, wantErr: imgur.ErrUnavailable, wantMsg: "Could not complete request"},
		{file: "error-imgurapi-3.json", call: "refresh", status: 400, wantErr: imgur.ErrInvalidRefreshToken, wantMsg: "please log in again: Refresh token doesn't exist or is invalid for the client", refresh: 1, requests: 1},
		{file: "error-imgurapi-4.json", call: "favorites", status: 401, wantErr: imgur.ErrForbidden, wantMsg: "Missing Mashape application key.Go to http://docs.mashape.com/api-keys", requests: 1},
		{file: "error-imgurapi-5.txt", call: "favorites", wantErr: imgur.ErrUnavailable, wantMsg: "unavailable", requests: 1},
		{file: "error-imgurs-1.json", call: "favorites", status: 429, wantErr: imgur.ErrRateLimited, wantMsg: "credits exhausted", requests: 2},
		{file: "error-imgursession-1.json", call: "account", status: 403, wantErr: imgur.ErrUnauthorized, wantMsg: "The access token provided is invalid.", refresh: 1, requests: 2},
		{file: "error-imgursession-2.json", call: "refresh", status: 400, wantErr: imgur.ErrInvalidRefreshToken, wantMsg: "please log in again: Invalid refresh token", refresh: 1, requests: 1},
		{file: "error-imgursession-3.json", call: "albumimages", status: 404, wantErr: imgur.ErrNotFound, wantMsg: "Unable to find an image with the id, fdsfdsfdsa"},
		{file: "error-imgursession-4.json", call: "favorites", status: 403, wantErr: imgur.ErrForbidden, wantMsg: "Invalid client_id"},
		{file: "error-rustimgurupload-1.json", call: "favorites", status: 429, header: rust, wantErr: imgur.ErrRateLimited, wantMsg: "credits exhausted; resets at", requests: 1,
			check: func(g realGot) error {
				return expect(g.rate.ClientKnown && g.rate.ClientRemaining == 0 && g.rate.UserLimit == 500, "rate %+v", g.rate)
			}},
		{file: "error-sharex-1.json", call: "favorites", status: 429, wantErr: imgur.ErrRateLimited, requests: 2},
		{file: "error-sharex-2.json", call: "favorites", status: 400, header: cdn, wantErr: imgur.ErrBlocked, wantMsg: "Imgur refused the request: These actions are forbidden.", requests: 1},
		{file: "error-sharex-3.html", call: "favorites", status: 405, wantErr: imgur.ErrUnavailable, wantMsg: "an HTML page: 405 Not Allowed", requests: 1},
	}
}

func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

// TestRealResponses reads every recorded Imgur body through the client's
// public calls, served by the fake exactly as SOURCES.md says.
func TestRealResponses(t *testing.T) {
	for _, rc := range realCases() {
		t.Run(rc.file, func(t *testing.T) {
			f := newFixture(t, imgurtest.Options{}, nil)
			got, err, path := serveReal(t, f, rc)
			if !errors.Is(err, rc.wantErr) || (err != nil) != (rc.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, rc.wantErr)
			}
			if err != nil {
				msg := err.Error()
				if !strings.Contains(msg, rc.wantMsg) || strings.ContainsAny(msg, "<>\n\x1b") || len(msg) > 300 {
					t.Errorf("message %q: want one short clean line containing %q", msg, rc.wantMsg)
				}
			}
			if rc.wantErr == nil && rc.items != "" {
				if d := describe(got.items); len(got.items) != rc.count || got.skipped != 0 || !strings.HasPrefix(d, rc.items) {
					t.Errorf("read %d items (%d skipped): %.200s; want %d: %s", len(got.items), got.skipped, d, rc.count, rc.items)
				}
			}
			if n := f.srv.Count("", path); rc.requests != 0 && n != rc.requests {
				t.Errorf("requests to %s = %d, want %d", path, n, rc.requests)
			}
			if n := f.srv.Count(http.MethodPost, "/oauth2/token"); rc.call != "token" && n != rc.refresh {
				t.Errorf("token refreshes = %d, want %d", n, rc.refresh)
			}
			if rc.check != nil {
				if err := rc.check(got); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// serveReal queues the body on the fake and makes the public call that
// reads it. It returns what was read and the path served.
func serveReal(t *testing.T, f *fixture, rc realCase) (realGot, error, string) {
	body := readTestdata(t, "realdata/"+rc.file)
	path := map[string]string{"favorites": favPath, "item": favPath, "albumimages": "/3/album/Real1/images",
		"account": "/3/account/me", "credits": "/3/credits", "token": "/oauth2/token", "refresh": "/oauth2/token"}[rc.call]
	if rc.call == "item" {
		var err error
		if body, err = imgurtest.OneItemPage(body); err != nil {
			t.Fatal(err)
		}
	}
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.Recorded, Path: path, Status: rc.status, Header: rc.header, Body: body, Times: -1})
	ctx := context.Background()
	var got realGot
	var err error
	switch rc.call {
	case "favorites", "item":
		var p imgur.Page
		p, err = f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
		got.items, got.skipped = p.Items, p.Skipped
	case "albumimages":
		got.items, err = f.client.AlbumImages(ctx, "Real1")
	case "account":
		got.account, err = f.client.Me(ctx)
	case "credits":
		got.credits, err = f.client.Credits(ctx)
	case "token":
		got.token, err = f.client.Refresh(ctx, f.tok.Refresh)
	case "refresh": // the login expires: the client refreshes before the call
		tok := f.client.Token()
		tok.Expiry = time.Now()
		f.client.SetToken(tok)
		_, err = f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	}
	got.rate = f.client.RateLimit()
	return got, err, path
}

// describe lists items as id:kind, albums with their size or "?".
func describe(items []imgur.Item) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(it.ID + ":" + it.Kind())
		if n, known := it.AlbumSize(); it.IsAlbum && known {
			fmt.Fprint(&b, n)
		} else if it.IsAlbum {
			b.WriteByte('?')
		}
	}
	return b.String()
}
