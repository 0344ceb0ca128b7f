// Package tui is imgfav's terminal interface: one root Model that owns the
// screens (login, list, detail), the status bar and the help, and routes
// messages between them. It depends only on the small interfaces declared
// here, which main satisfies with the real client, store and browser, and
// tests with fakes.
package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
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
	CachedPage(account string, sort imgur.Sort, page int) (p CachedPage, ok bool, err error)
}

// Settings remembers the sort and each sort's cursor between runs.
type Settings interface {
	SetLastSort(imgur.Sort) error
	Cursor(account string, sort imgur.Sort) (index int, id string)
	SetCursor(account string, sort imgur.Sort, index int, id string) error
}

// Opener opens a URL in the user's browser without blocking for long and
// without writing to the terminal.
type Opener interface {
	Open(url string) error
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

	Sort imgur.Sort
	// Notice is shown once in the status bar (for example "the cache was
	// reset"); LoginReason on the login screen if the app starts there.
	Notice      string
	LoginReason string
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
	// Debug, when set, receives one line per screen change (for --debug).
	Debug func(event string)

	Now func() time.Time
	// NewState makes each login attempt's state; default imgur.NewState.
	NewState func() (string, error)
}

type screenID int

const (
	screenLogin screenID = iota
	screenList
	screenDetail
)

// Model is the root model.
type Model struct {
	opts   Options
	styles *Styles
	keys   globalKeys

	width, height int
	screen        screenID
	login         loginModel
	list          listModel
	detail        detailModel
	status        statusBar
	showHelp      bool
	help          helpModel
	albums        map[string][]imgur.Item // fetched album images, by album id

	loggedIn bool // a login completed during this run
}

// New returns the root model. It starts on the list when the client has a
// token, else on the login screen.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sort == "" {
		opts.Sort = imgur.SortNewest
	}
	if opts.NewState == nil {
		opts.NewState = imgur.NewState
	}
	st := NewStyles(true)
	m := Model{opts: opts, styles: st, keys: newGlobalKeys(), albums: map[string][]imgur.Item{}, help: newHelpModel(st)}
	m.status = newStatusBar(st, opts.Demo, opts.Now)
	if tok := opts.Client.Token(); tok.AccessToken != "" {
		// Without the account's name the list starts empty, at once,
		// and Init asks Imgur.
		m.screen = screenList
		m.list = newListModel(st, tok.Username, opts.Sort, opts.Now)
		if tok.Username == "" {
			m.list.note = learningAccount
			m.status.working++ // Init starts the request
		}
		m.status.message(opts.Notice)
	} else {
		// The login screen shows the notice whole, wrapped.
		m.screen = screenLogin
		m.login = newLoginModel(st, opts, opts.LoginReason, opts.Notice)
	}
	return m
}

// LoggedIn reports whether a login completed during the run.
func (m Model) LoggedIn() bool { return m.loggedIn }

func (m Model) debug(event string) {
	if m.opts.Debug != nil {
		m.opts.Debug(event)
	}
}

// Init starts the first screen's work.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch m.screen {
	case screenLogin:
		m.debug("screen login")
		cmds = append(cmds, m.login.Init())
	case screenList:
		m.debug("screen list: " + m.list.account)
		if m.list.account == "" {
			cmds = append(cmds, learnAccountCmd(m.opts.Client, m.opts.RememberAccount), m.status.spinner.Tick)
		} else {
			cmds = append(cmds, m.startList())
		}
	}
	return tea.Batch(cmds...)
}

// startList reads the cache of the shown sort; page 0 follows.
func (m Model) startList() tea.Cmd {
	return loadCacheCmd(m.opts.Cache, m.opts.Settings, m.list.account, m.list.sort)
}

// Update routes: global keys first, the window size to every screen,
// asynchronous results to the screen that asked, the rest to the active
// screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height), nil
	case tea.BackgroundColorMsg:
		return m.restyle(msg.IsDark(), m.styles.width), nil
	case tea.ModeReportMsg:
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			return m.restyle(m.styles.isDark, ansi.GraphemeWidth), nil
		}
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Quit) {
			return m, m.quit()
		}
		if m.showHelp {
			if s := msg.String(); s == "?" || s == "esc" || s == "q" {
				m.showHelp = false
				return m, nil
			}
			m.help, cmd = m.help.Update(msg)
			return m, cmd
		}
	case loginCompletedMsg:
		return m.loginCompleted(msg)
	case accountLearnedMsg:
		return m.accountLearned(msg)
	case cacheLoadedMsg:
		return m.cacheLoaded(msg)
	case cachedPagesMsg:
		return m.cachedPagesLoaded(msg)
	case favoritesLoadedMsg:
		return m.favoritesLoaded(msg)
	case albumLoadedMsg:
		return m.albumLoaded(msg)
	case openedMsg:
		if m.screen != screenLogin {
			return m.opened(msg), nil
		}
	}
	m.status, cmd = m.status.Update(msg)
	cmds := []tea.Cmd{cmd}
	switch m.screen {
	case screenLogin:
		m.login, cmd = m.login.Update(msg)
	case screenList:
		m, cmd = m.updateList(msg)
	case screenDetail:
		m, cmd = m.updateDetail(msg)
	}
	return m, tea.Batch(append(cmds, cmd)...)
}

func (m Model) resize(w, h int) Model {
	m.width, m.height = w, h
	bodyH := max(h-1, 0) // the status bar takes one line
	m.login.SetSize(w, bodyH)
	m.list.SetSize(w, bodyH)
	m.detail.SetSize(w, bodyH)
	m.help.SetSize(w, bodyH)
	m.status.SetWidth(w)
	return m
}

func (m Model) restyle(isDark bool, width ansi.Method) Model {
	if isDark == m.styles.isDark && width == m.styles.width {
		return m
	}
	st := NewStyles(isDark)
	st.width = width
	m.styles = st
	m.login.SetStyles(m.styles)
	m.list.SetStyles(m.styles)
	m.detail.SetStyles(m.styles)
	m.help.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	return m
}

// quit remembers where the user was, closes the login server and quits.
func (m Model) quit() tea.Cmd {
	m.saveCursor()
	return tea.Sequence(m.login.Close(), tea.Quit)
}

func (m Model) saveCursor() {
	if m.opts.Settings == nil || m.screen == screenLogin || m.list.account == "" {
		return
	}
	f := m.list.feeds[sortIndex(m.list.sort)]
	if f.cursor < len(f.items) && !m.list.filter.applied() {
		_ = m.opts.Settings.SetCursor(m.list.account, m.list.sort, f.cursor, f.items[f.cursor].ID)
	}
}

// loginCompleted switches to the list, or quits for `imgfav login`.
func (m Model) loginCompleted(msg loginCompletedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.login = m.login.Failed(msg.err)
		return m, nil
	}
	m.loggedIn = true
	closeLogin := m.login.Close()
	if m.opts.LoginOnly {
		return m, tea.Sequence(closeLogin, tea.Quit)
	}
	m.screen = screenList
	m.debug("screen list: logged in as " + msg.token.Username)
	m.list = newListModel(m.styles, msg.token.Username, m.opts.Sort, m.opts.Now)
	m.list.SetSize(m.width, max(m.height-1, 0))
	m.status.message("logged in as " + msg.token.Username)
	if msg.saveErr != nil {
		m.status.error(fmt.Errorf("logged in, but the login could not be saved (%w); the next start will ask again", msg.saveErr))
	}
	return m, tea.Batch(closeLogin, m.startList())
}

func (m Model) backToLogin(reason string) (tea.Model, tea.Cmd) {
	m.saveCursor()
	m.screen = screenLogin
	m.showHelp = false
	m.debug("screen login: " + reason)
	m.opts.Client.SetToken(imgur.Token{})
	m.login = newLoginModel(m.styles, m.opts, reason, "")
	m.login.SetSize(m.width, max(m.height-1, 0))
	return m, m.login.Init()
}

// minWidth and minHeight are the smallest usable terminal.
const (
	minWidth  = 20
	minHeight = 5
)

// View renders the active screen above the status bar.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "imgfav"
	if m.width >= minWidth && m.height >= minHeight && !m.showHelp {
		switch {
		case m.screen == screenLogin:
			v.Cursor = m.login.Cursor()
		case m.screen == screenList && m.list.filter.editing:
			if c := m.list.filter.input.Cursor(); c != nil {
				c.Position.X++
				c.Position.Y++
				v.Cursor = c
			}
		}
	}
	return v
}

func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.width, m.height)
	}
	bodyH := m.height - 1
	var body string
	switch {
	case m.showHelp:
		body = m.help.View()
	case m.screen == screenLogin:
		body = m.login.View()
	case m.screen == screenDetail:
		body = m.detail.View()
	default:
		body = m.list.View()
	}
	body = fit(body, m.width, bodyH, m.styles.width)
	if pad := bodyH - countLines(body); pad > 0 {
		body += stringsRepeat("\n", pad)
	}
	return body + "\n" + m.status.View(m.statusFacts())
}

// helpKeys are the bindings of the active screen.
func (m Model) helpKeys() help.KeyMap {
	switch m.screen {
	case screenLogin:
		return m.login.KeyMap()
	case screenDetail:
		return m.detail.KeyMap()
	}
	if m.list.filter.editing {
		return m.list.fkeys
	}
	return m.list.keys
}

func (m Model) statusFacts() statusFacts {
	f := statusFacts{sort: m.list.sort, hints: m.helpKeys().ShortHelp()}
	if m.screen != screenLogin {
		feed := m.list.feeds[sortIndex(m.list.sort)]
		f.account, f.loaded, f.complete = m.list.account, len(feed.items), feed.complete
		f.offline = feed.offline
	}
	return f
}

// tooSmall fills a tiny terminal with as much of a notice as fits.
func tooSmall(w, h int) string {
	msg := "terminal too small"
	if w < len(msg) {
		msg = "too small"
	}
	if w < len(msg) {
		msg = msg[:w]
	}
	return msg + stringsRepeat("\n", h-1)
}
