package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/picture"
)

// Client is what the UI needs from the Imgur API client.
type Client interface {
	AuthorizeURL(state string) string
	SetToken(imgur.Token)
	Token() imgur.Token
	Me(ctx context.Context) (imgur.Account, error)
	Favorites(ctx context.Context, username string, page int, sort imgur.Sort) (imgur.Page, error)
	AlbumImages(ctx context.Context, id string) ([]imgur.Item, error)
	MediaURL(imgur.Item) string
	RateLimit() imgur.RateLimit

	// ToggleFavorite adds or removes a favorite; favorited is what Imgur
	// says the item is now.
	ToggleFavorite(ctx context.Context, it imgur.Item) (favorited bool, err error)
	Folders(ctx context.Context, username string) ([]imgur.Folder, error)
	FolderFavorites(ctx context.Context, username string, folder int64, page int, sort imgur.Sort) (imgur.Page, error)
	Comments(ctx context.Context, id string, sort imgur.CommentSort) ([]imgur.Comment, error)
}

// Logins stores a completed login so the next start skips the login screen.
type Logins interface {
	SaveLogin(imgur.Token) error
}

// PageCache reads the cached favorites pages of an account and sort
// without a request: what the list shows at once on start. The list reads
// page 0 first, for the first screen, then the others one by one.
type PageCache interface {
	// CachedPage returns one cached page; ok is false when the cache does
	// not hold it or it no longer reads back.
	// folder is a favorite folder's id, 0 for all the favorites.
	CachedPage(account string, folder int64, sort imgur.Sort, page int) (p CachedPage, ok bool, err error)
}

// Settings remembers the sort, the list's layout, the folder shown and
// each list's cursor between runs.
type Settings interface {
	// LastSort is the sort the account's list last showed; ok is false
	// when none is remembered.
	LastSort(account string) (sort imgur.Sort, ok bool)
	SetLastSort(account string, sort imgur.Sort) error
	// Layout is how the list was last shown: with the preview pane, as
	// a grid.
	// Per account, as every setting is.
	Layout(account string) (preview, grid bool)
	SetLayout(account string, preview, grid bool) error
	// Cursors are per account, folder (0: all favorites) and sort.
	Cursor(account string, folder int64, sort imgur.Sort) (index int, id string)
	SetCursor(account string, folder int64, sort imgur.Sort, index int, id string) error
	// Folder is the favorite folder the account's list last showed;
	// the zero Folder for all the favorites.
	Folder(account string) imgur.Folder
	SetFolder(account string, f imgur.Folder) error
	// Seen is the edge of the account's list of a sort when its last
	// session ended (see fresh.go); ok is false before the first ended.
	Seen(account string, sort imgur.Sort) (ids []string, ok bool)
	SetSeen(account string, sort imgur.Sort, ids []string) error
}

// Opener opens a URL in the user's browser without blocking for long and
// without writing to the terminal.
type Opener interface {
	Open(url string) error
}

// DownloadResult is what saving a favorite did.
type DownloadResult struct {
	Dir   string // where the files are
	Saved int    // files written
	Kept  int    // files already there
	Gone  bool   // Imgur no longer has (some of) its media
}

// Downloader saves a favorite's media (an album's images) to disk, as
// imgfav backup does; it runs in a command.
type Downloader interface {
	Download(ctx context.Context, it imgur.Item) (DownloadResult, error)
	// SavedCopy is where a saved copy of it is (a file, or an album's
	// folder), if there is one: what O opens once Imgur has lost it.
	SavedCopy(it imgur.Item) (path string, ok bool)
	// SavedIDs are the favorites the download directory holds (saved by
	// d or imgfav backup), read from its names: the list marks them.
	SavedIDs() (map[string]bool, error)
}

// Callback is a running loopback login server.
type Callback interface {
	Results() <-chan imgur.LoopbackResult
	Close() error
}

// Options are the root model's dependencies and starting state.
type Options struct {
	Client Client
	// Logins stores logins; nil when the login must not be stored
	// (tokens from the environment).
	Logins Logins
	// Cache and Settings may be nil: no instant start, nothing remembered.
	Cache    PageCache
	Settings Settings
	// Opener opens URLs; nil when no browser is available (SSH, no
	// display, --no-browser): URLs are then shown instead.
	Opener Opener
	// Listen starts the loopback server for a login attempt; nil when the
	// redirect URL is not a loopback URL.
	Listen func(state string) (Callback, error)
	// RedirectAddr is the host:port the loopback server listens on, for
	// the login screen's explanation.
	RedirectAddr string

	// Pictures fetches thumbnails for the detail view; nil shows none
	// (NO_COLOR, or pictures turned off). Thumbs caches them; may be nil.
	Pictures Pictures
	Thumbs   ThumbCache
	// Downloads saves favorites for d; nil when saving is not possible.
	Downloads Downloader
	// Viewers open favorites with the configured programs; nil: the
	// Opener for everything.
	Viewers Viewers
	// Accounts are the stored logins, for A; nil with tokens from the
	// environment (there is only the one).
	Accounts Accounts

	// ShowNSFW shows NSFW pictures as they are; otherwise blurred.
	ShowNSFW bool
	// Images is --images: ImagesAuto (or "") asks the terminal what it
	// can draw; ImagesKitty, ImagesSixel or ImagesBlocks force a mode.
	// InTmux keeps auto to half blocks (tmux passes neither kitty
	// graphics nor sixel through by default).
	Images string
	InTmux bool
	// CellSize is the terminal's cell in pixels when known at start
	// (TIOCGWINSZ); the terminal's answer to CSI 16 t may change it.
	CellSize picture.CellSize

	// Keys are the user's key bindings (config.toml); nil: the defaults.
	Keys Bindings
	// Theme are the user's colours (config.toml); nil: the defaults.
	Theme Theme

	Sort imgur.Sort
	// Notice is shown once in the status bar (for example "the cache was
	// reset"); LoginReason on the login screen if the app starts there.
	Notice      string
	LoginReason string
	// Problem is what is wrong with the configuration file: shown before
	// the notice, as an error, until the user's first action.
	Problem string
	// LoginOnly quits as soon as a login completes (imgfav login).
	LoginOnly bool
	// Demo labels the UI as a demo.
	Demo bool
	// RememberAccount, when set, keeps the account learned for a token
	// that came without its account's name (IMGFAV_ACCESS_TOKEN without
	// IMGFAV_USERNAME), so that the next start needs no request. It runs
	// in a command.
	RememberAccount func(username string) error
	// TokenRefused is the sentence shown when Imgur refuses such a token.
	TokenRefused string
	// Debug, when set, receives one line per screen change (for --debug);
	// it is called from a command.
	Debug func(event string)

	// Context is the program's (the one given to tea.WithContext):
	// every request derives from it, and quitting cancels them.
	// Default context.Background().
	Context context.Context

	Now func() time.Time
	// Tick starts a timer (message fades, the end of a pause for
	// credits); default tea.Tick. Tests give a fake clock's.
	Tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// NewState makes each login attempt's state; default imgur.NewState.
	NewState func() (string, error)
}
