package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// requestTimeout bounds every command's API work within the program's
// context, so that quitting cancels a request at once; the client also has
// its own per-attempt timeout.
const requestTimeout = 3 * time.Minute

// pageRequest identifies one page load. A result is applied only if its
// request still matches what the list shows.
type pageRequest struct {
	account string
	folder  int64 // a favorite folder; 0 for all the favorites
	sort    imgur.Sort
	page    int
	gen     int // the list's generation: bumped on reload and sort change
}

// favoritesLoadedMsg carries a page, or the error that prevented it, and
// the credits the client knew right after the call.
type favoritesLoadedMsg struct {
	req  pageRequest
	page imgur.Page
	err  error
	rate imgur.RateLimit
}

// fetchPageCmd loads one page of favorites.
func fetchPageCmd(ctx context.Context, c Client, req pageRequest) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		var p imgur.Page
		var err error
		if req.folder != 0 {
			p, err = c.FolderFavorites(ctx, req.account, req.folder, req.page, req.sort)
		} else {
			p, err = c.Favorites(ctx, req.account, req.page, req.sort)
		}
		return favoritesLoadedMsg{req: req, page: p, err: err, rate: c.RateLimit()}
	}
}

// loginCompletedMsg ends a login attempt: a stored token, or why not.
type loginCompletedMsg struct {
	token   imgur.Token
	prefs   accountPrefs // of the account logged in to
	err     error        // the login failed
	saveErr error        // the login worked but could not be stored
}

// completeLoginCmd adopts a token: it asks Imgur whose it is (a pasted
// redirect's account_username is only text, and its token may be
// anything), then stores the login. A token Imgur refuses is not adopted.
func completeLoginCmd(ctx context.Context, c Client, logins Logins, settings Settings, tok imgur.Token) tea.Cmd {
	return func() tea.Msg {
		c.SetToken(tok)
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		acct, err := c.Me(ctx)
		if err != nil {
			c.SetToken(imgur.Token{})
			if needsLogin(err) || errors.Is(err, imgur.ErrForbidden) {
				err = errors.New("Imgur did not accept that login (its token is invalid or expired): log in again")
			}
			return loginCompletedMsg{err: fmt.Errorf("the token was not accepted: %w", err)}
		}
		tok.Username, tok.AccountID = acct.URL, acct.ID
		c.SetToken(tok)
		if logins != nil {
			if err := logins.SaveLogin(tok); err != nil {
				// Logged in for this run; the next start will ask again.
				return loginCompletedMsg{token: tok, prefs: readPrefs(settings, tok.Username), saveErr: err}
			}
		}
		return loginCompletedMsg{token: tok, prefs: readPrefs(settings, tok.Username)}
	}
}

// callbackStartedMsg and callbackFailedMsg report the loopback server.
type callbackStartedMsg struct {
	state string
	cb    Callback
}

type callbackFailedMsg struct {
	state string
	err   error
}

// listenCmd starts the loopback server for the attempt with state.
func listenCmd(listen func(string) (Callback, error), state string) tea.Cmd {
	return func() tea.Msg {
		cb, err := listen(state)
		if err != nil {
			return callbackFailedMsg{state: state, err: err}
		}
		return callbackStartedMsg{state: state, cb: cb}
	}
}

// callbackResultMsg is one result from the loopback server.
type callbackResultMsg struct {
	state string
	res   imgur.LoopbackResult
}

// waitCallbackCmd waits for the next loopback result.
func waitCallbackCmd(cb Callback, state string) tea.Cmd {
	return func() tea.Msg {
		res, ok := <-cb.Results()
		if !ok {
			return nil
		}
		return callbackResultMsg{state: state, res: res}
	}
}

// closeCallbackCmd shuts the loopback server down.
func closeCallbackCmd(cb Callback) tea.Cmd {
	if cb == nil {
		return nil
	}
	return func() tea.Msg {
		_ = cb.Close()
		return nil
	}
}

// openedMsg reports an attempt to open a URL.
type openedMsg struct {
	url  string
	via  string // the configured program that opened it; "" for the browser
	file string // the saved copy the program was given, for {file}
	err  error
}

// openCmd opens url in the browser.
func openCmd(o Opener, url string) tea.Cmd {
	return func() tea.Msg {
		return openedMsg{url: url, err: o.Open(url)}
	}
}

// CachedPage is one favorites page read from the cache.
type CachedPage struct {
	Page    int
	Items   []imgur.Item
	Fetched time.Time
}

// cacheLoadedMsg carries page 0 of the cache of one account and sort (nil
// when the cache does not hold it), and the cursor remembered for it.
type cacheLoadedMsg struct {
	account     string
	folder      int64
	sort        imgur.Sort
	page        *CachedPage
	cursorIndex int
	cursorID    string
	// seen is the edge the last session left, for the new marks;
	// seenKnown is false before the account's first session ended.
	seen      []string
	seenKnown bool
}

// loadCacheCmd reads page 0 of the cache and the remembered cursor: all
// the first screen needs, whatever the size of the cache.
func loadCacheCmd(cache PageCache, settings Settings, account string, folder int64, sort imgur.Sort) tea.Cmd {
	return func() tea.Msg {
		msg := cacheLoadedMsg{account: account, folder: folder, sort: sort}
		if cache != nil {
			// An unreadable cache only costs the instant start.
			if p, ok, err := cache.CachedPage(account, folder, sort, 0); err == nil && ok {
				msg.page = &p
			}
		}
		if settings != nil {
			msg.cursorIndex, msg.cursorID = settings.Cursor(account, folder, sort)
			if folder == 0 {
				msg.seen, msg.seenKnown = settings.Seen(account, sort)
			}
		}
		return msg
	}
}

// cachedPagesChunk is how many cached pages one cachedPagesMsg carries:
// enough to read a large cache quickly, few enough that keys are handled
// between two chunks.
const cachedPagesChunk = 16

// cachedPagesMsg carries cached pages after page 0, in order. next is the
// page to read on from, or -1 when the cache holds no more; end says the
// cache holds the empty page that ended the list when it was fetched.
type cachedPagesMsg struct {
	account  string
	folder   int64
	sort     imgur.Sort
	cacheGen int
	pages    []CachedPage
	next     int
	end      bool
}

// loadCachedPagesCmd reads up to cachedPagesChunk cached pages from page
// from on, stopping at the first page the cache does not hold or that is
// empty. Each page is decoded on its own: the raw bodies are not kept.
func loadCachedPagesCmd(cache PageCache, account string, folder int64, sort imgur.Sort, from, cacheGen int) tea.Cmd {
	return func() tea.Msg {
		msg := cachedPagesMsg{account: account, folder: folder, sort: sort, cacheGen: cacheGen, next: -1}
		for p := from; p < from+cachedPagesChunk; p++ {
			page, ok, err := cache.CachedPage(account, folder, sort, p)
			if err != nil || !ok || len(page.Items) == 0 {
				msg.end = ok && err == nil
				return msg
			}
			msg.pages = append(msg.pages, page)
		}
		msg.next = from + cachedPagesChunk
		return msg
	}
}

// albumLoadedMsg carries an album's images and the credits the client
// knew right after the call.
type albumLoadedMsg struct {
	id     string
	images []imgur.Item
	err    error
	rate   imgur.RateLimit
}

// fetchAlbumCmd loads an album's images.
func fetchAlbumCmd(ctx context.Context, c Client, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		images, err := c.AlbumImages(ctx, id)
		return albumLoadedMsg{id: id, images: images, err: err, rate: c.RateLimit()}
	}
}

// saveCursorCmd remembers where the cursor of an account's sort was.
// Nothing is shown when it fails: it runs on the way out.
func saveCursorCmd(s Settings, account string, folder int64, sort imgur.Sort, index int, id string) tea.Cmd {
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		_ = s.SetCursor(account, folder, sort, index, id)
		return nil
	}
}

// saveSortCmd remembers the sort for the next start.
func saveSortCmd(s Settings, account string, sort imgur.Sort) tea.Cmd {
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		if err := s.SetLastSort(account, sort); err != nil {
			return statusNotedMsg{text: "could not remember the sort: " + oneLine(err), isErr: true}
		}
		return nil
	}
}

// saveLayoutCmd remembers the account's layout for the next start.
func saveLayoutCmd(s Settings, account string, preview, grid bool) tea.Cmd {
	if s == nil || account == "" {
		return nil
	}
	return func() tea.Msg {
		if err := s.SetLayout(account, preview, grid); err != nil {
			return statusNotedMsg{text: "could not remember the layout: " + oneLine(err), isErr: true}
		}
		return nil
	}
}

// clearTokenCmd stops the client using a login that is over.
func clearTokenCmd(c Client) tea.Cmd {
	return func() tea.Msg {
		c.SetToken(imgur.Token{})
		return nil
	}
}

// cancelCmd cancels the requests still running, on the way out.
func cancelCmd(cancel context.CancelFunc) tea.Cmd {
	return func() tea.Msg {
		cancel()
		return nil
	}
}

// debugCmd writes one line to the --debug log.
func debugCmd(debug func(string), event string) tea.Cmd {
	if debug == nil {
		return nil
	}
	return func() tea.Msg {
		debug(event)
		return nil
	}
}
