// Package tui is imgfav's terminal interface: one root Model that owns the
// screens (login, list), the status bar and the help, and routes messages
// between them. It depends only on the small interfaces declared here,
// which main satisfies with the real client, store and browser, and tests
// with fakes.
package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"imgfav/imgur"
)

// Client is what the UI needs from the Imgur API client.
type Client interface {
	AuthorizeURL(state string) string
	SetToken(imgur.Token)
	Token() imgur.Token
	Me(ctx context.Context) (imgur.Account, error)
	Favorites(ctx context.Context, username string, page int, sort imgur.Sort) (imgur.Page, error)
	RateLimit() imgur.RateLimit
}

// Logins stores a completed login so the next start skips the login screen.
type Logins interface {
	SaveLogin(imgur.Token) error
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
	// Opener opens URLs; nil when no browser is available (SSH, no
	// display, --no-browser): the login screen then only shows the URL.
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
	// Debug, when set, receives one line per screen change (for --debug).
	Debug func(event string)

	Now func() time.Time
}

type screenID int

const (
	screenLogin screenID = iota
	screenList
)

// Model is the root model.
type Model struct {
	opts   Options
	styles Styles
	keys   globalKeys

	width, height int
	screen        screenID
	login         loginModel
	list          listModel
	status        statusBar
	showHelp      bool

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
	st := NewStyles(true)
	m := Model{opts: opts, styles: st, keys: newGlobalKeys()}
	m.status = newStatusBar(st, opts.Demo)
	m.status.notice(opts.Notice)
	if tok := opts.Client.Token(); tok.AccessToken != "" {
		m.screen = screenList
		m.list = newListModel(st, tok.Username, opts.Sort)
	} else {
		m.screen = screenLogin
		m.login = newLoginModel(st, opts, opts.LoginReason)
	}
	return m
}

func (m Model) debug(event string) {
	if m.opts.Debug != nil {
		m.opts.Debug(event)
	}
}

// LoggedIn reports whether a login completed during the run.
func (m Model) LoggedIn() bool { return m.loggedIn }

// Init starts the first screen's work.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch m.screen {
	case screenLogin:
		m.debug("screen login")
		cmds = append(cmds, m.login.Init())
	case screenList:
		m.debug("screen list: " + m.list.account)
		cmds = append(cmds, m.list.Init(), m.fetch(0))
	}
	return tea.Batch(cmds...)
}

// Update routes: global keys first, the window size to every screen,
// asynchronous results to the screen that asked, the rest to the active
// screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height), nil
	case tea.BackgroundColorMsg:
		return m.restyle(msg.IsDark()), nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Quit) {
			return m, m.quit()
		}
	case loginCompletedMsg:
		return m.loginCompleted(msg)
	case favoritesLoadedMsg:
		return m.favoritesLoaded(msg)
	}
	var cmd tea.Cmd
	m.status, cmd = m.status.Update(msg)
	cmds := []tea.Cmd{cmd}
	switch m.screen {
	case screenLogin:
		m.login, cmd = m.login.Update(msg)
	case screenList:
		cmd = m.updateList(msg)
	}
	return m, tea.Batch(append(cmds, cmd)...)
}

func (m Model) resize(w, h int) Model {
	m.width, m.height = w, h
	bodyH := max(h-1, 0) // the status bar takes one line
	m.login.SetSize(w, bodyH)
	m.list.SetSize(w, bodyH)
	m.status.SetWidth(w)
	return m
}

func (m Model) restyle(isDark bool) Model {
	if isDark == m.styles.isDark {
		return m
	}
	m.styles = NewStyles(isDark)
	m.login.SetStyles(m.styles)
	m.list.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	return m
}

func (m Model) quit() tea.Cmd {
	if m.login.callback != nil {
		_ = m.login.callback.Close()
	}
	return tea.Quit
}

// loginCompleted switches to the list, or quits for `imgfav login`.
func (m Model) loginCompleted(msg loginCompletedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.login = m.login.failed(msg.err)
		return m, nil
	}
	m.loggedIn = true
	m.login.close()
	if m.opts.LoginOnly {
		return m, tea.Quit
	}
	m.screen = screenList
	m.debug("screen list: logged in as " + msg.token.Username)
	m.list = newListModel(m.styles, msg.token.Username, m.opts.Sort)
	m.list.SetSize(m.width, max(m.height-1, 0))
	m.status.message("logged in as " + msg.token.Username)
	if msg.saveErr != nil {
		m.status.error(fmt.Errorf("logged in, but the login could not be saved (%w); the next start will ask again", msg.saveErr))
	}
	return m, tea.Batch(m.list.Init(), m.fetch(0))
}

// fetch starts loading a page of the list's account and sort.
func (m Model) fetch(page int) tea.Cmd {
	req := pageRequest{account: m.list.account, sort: m.list.sort, page: page, gen: m.list.gen}
	return tea.Batch(fetchPageCmd(m.opts.Client, req), m.status.startWork())
}

func (m Model) favoritesLoaded(msg favoritesLoadedMsg) (tea.Model, tea.Cmd) {
	m.status.stopWork()
	m.status.rate = m.opts.Client.RateLimit()
	if msg.err != nil && needsLogin(msg.err) {
		return m.backToLogin(loginReason(msg.err))
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.loaded(msg)
	if msg.err != nil {
		m.status.error(msg.err)
	}
	return m, cmd
}

// needsLogin reports whether an error means the stored login is over.
func needsLogin(err error) bool {
	return errors.Is(err, imgur.ErrInvalidRefreshToken) || errors.Is(err, imgur.ErrNoRefreshToken) ||
		errors.Is(err, imgur.ErrUnauthorized)
}

func loginReason(err error) string {
	if errors.Is(err, imgur.ErrInvalidRefreshToken) {
		return "Imgur no longer accepts the saved login (it may have been revoked or used elsewhere). Please log in again; your cached favorites are kept."
	}
	return "Imgur refused the login. Please log in again; your cached favorites are kept."
}

func (m Model) backToLogin(reason string) (tea.Model, tea.Cmd) {
	m.screen = screenLogin
	m.debug("screen login: " + reason)
	m.opts.Client.SetToken(imgur.Token{})
	m.login = newLoginModel(m.styles, m.opts, reason)
	m.login.SetSize(m.width, max(m.height-1, 0))
	return m, m.login.Init()
}

func (m *Model) updateList(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.list.keys.Quit):
			return m.quit()
		case key.Matches(km, m.list.keys.Help):
			m.showHelp = !m.showHelp
			return nil
		case key.Matches(km, m.list.keys.Reload):
			m.list = m.list.reload()
			return m.fetch(0)
		}
		if m.showHelp && km.String() == "esc" {
			m.showHelp = false
			return nil
		}
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return cmd
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
	if m.screen == screenLogin && m.width >= minWidth && m.height >= minHeight {
		v.Cursor = m.login.cursor()
	}
	return v
}

func (m Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.width, m.height)
	}
	var body string
	switch {
	case m.showHelp && m.screen == screenList:
		body = renderHelp(m.styles, m.list.keys, m.width, m.height-1)
	case m.screen == screenLogin:
		body = m.login.View()
	default:
		body = m.list.View()
	}
	body = lipgloss.NewStyle().Width(m.width).Height(m.height - 1).MaxHeight(m.height - 1).Render(body)
	return body + "\n" + m.status.View(m.statusFacts())
}

func (m Model) statusFacts() statusFacts {
	f := statusFacts{sort: m.opts.Sort}
	if m.screen == screenList {
		f.account, f.loaded, f.complete = m.list.account, len(m.list.items), m.list.complete
		f.sort = m.list.sort
		f.hints = m.list.keys.ShortHelp()
	} else {
		f.hints = m.login.keys.ShortHelp()
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
	lines := make([]string, h)
	lines[0] = msg
	return lipgloss.JoinVertical(lipgloss.Left, lines...)
}
