// Package tui is imgfav's terminal interface: one root Model that owns the
// screens (login, list, detail), the status bar and the help, and routes
// messages between them. It depends only on the small interfaces declared
// here, which main satisfies with the real client, store and browser, and
// tests with fakes.
package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

type screenID int

const (
	screenLogin screenID = iota
	screenList
	screenDetail
	screenComments
	screenFolders
	screenAccounts
)

// Model is the root model: it routes messages to the screens and composes
// their views above the status bar.
type Model struct {
	opts   Options
	styles *Styles
	keys   globalKeys
	// ctx is the requests' context; cancel ends them on the way out.
	ctx    context.Context
	cancel context.CancelFunc

	width, height int
	screen        screenID
	login         loginModel
	list          listModel
	detail        detailModel
	comments      commentsModel
	status        statusBar
	showHelp      bool
	help          helpModel
	albums        map[string][]imgur.Item // fetched album images, by album id
	albumsPending int                     // album requests in flight
	pics          *pictureBook            // nil when pictures are off
	downloading   int                     // saves in flight
	marks         *itemMarks              // saved and removed favorites, shared
	gfx           graphics                // what the terminal can draw
	layout        layout                  // the list's, as remembered at start
	folder        imgur.Folder            // the favorite folder shown; ID 0 for all
	folders       folderPicker            // F
	accounts      accountPicker           // A
	counts        map[int64]int           // favorites per folder (0: all), once a list is complete

	loggedIn bool // a login completed during this run
	// fadeNotice fades the start-up notice, for Init.
	fadeNotice tea.Cmd
}

// New returns the root model. It starts on the list when the client has a
// token, else on the login screen.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tick == nil {
		opts.Tick = tea.Tick
	}
	if opts.Sort == "" {
		opts.Sort = imgur.SortNewest
	}
	if opts.NewState == nil {
		opts.NewState = imgur.NewState
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	ctx, cancel := context.WithCancel(opts.Context)
	opts.Context = ctx
	st := NewThemedStyles(true, opts.Theme)
	m := Model{opts: opts, styles: st, keys: newGlobalKeys(), ctx: ctx, cancel: cancel,
		albums: map[string][]imgur.Item{}, help: newHelpModel(st), marks: newItemMarks(),
		counts: map[int64]int{}}
	m.status = newStatusBar(st, opts.Demo, opts.Now, opts.Tick)
	m.setupPictures(opts)
	if tok := opts.Client.Token(); tok.AccessToken != "" {
		// Without the account's name the list starts empty, at once,
		// and asks Imgur.
		m.screen = screenList
		if opts.Settings != nil && tok.Username != "" {
			m.folder = opts.Settings.Folder(tok.Username)
		}
		m.list = m.newList(tok.Username, "")
		m.status.SetBusy(m.list.Busy())
		switch {
		case opts.Problem != "":
			m.status.errorText(joinLines(opts.Problem, opts.Notice))
		case opts.Demo:
			// The DEMO label stays: its explanation may fade.
			m.fadeNotice = m.status.message(opts.Notice)
		default:
			m.status.notice(opts.Notice)
		}
	} else {
		// The login screen shows the notice whole, wrapped.
		m.screen = screenLogin
		m.login = newLoginModel(st, opts, opts.LoginReason, joinLines(opts.Problem, opts.Notice))
	}
	return m
}

// setupPictures starts the pictures, when there are any, in the
// remembered layout.
func (m *Model) setupPictures(opts Options) {
	if opts.Pictures != nil {
		m.pics = newPictureBook(m.ctx, opts.Pictures, opts.Thumbs)
		m.pics.showNSFW = opts.ShowNSFW
		if opts.Images == "" {
			opts.Images = ImagesAuto
		}
		m.gfx = newGraphics(opts.Images, opts.InTmux)
		m.gfx.cell = opts.CellSize
		m.pics.setGraphics(m.gfx)
	}
	m.layout = readLayout(opts.Settings, opts.Client.Token().Username)
}

// readLayout is the account's remembered layout: the preview pane, not the
// grid, when none is.
func readLayout(s Settings, account string) layout {
	l := layout{preview: true}
	if s != nil && account != "" {
		l.preview, l.grid = s.Layout(account)
	}
	return l
}

// newList is a list of account's favorites, sized, in the last sort used:
// the start's (--sort, or the account's own), else the one shown, else
// for another account its own (lastSort, when remembered).
func (m Model) newList(account string, lastSort imgur.Sort) listModel {
	sort := m.list.Sort()
	if sort == "" {
		sort = m.opts.Sort
	} else if prev := m.list.Account(); prev != "" && account != "" && !strings.EqualFold(prev, account) && lastSort != "" {
		sort = lastSort
	}
	deps := listDeps{ctx: m.ctx, client: m.opts.Client, cache: m.opts.Cache, settings: m.opts.Settings,
		remember: m.opts.RememberAccount, tokenRefused: m.opts.TokenRefused, now: m.opts.Now, tick: m.opts.Tick, pics: m.pics,
		marks: m.marks, keys: m.opts.Keys}
	lay := m.layout
	if l, ok := m.list.Layout(); ok && strings.EqualFold(m.list.Account(), account) { // chosen during this run
		lay = l
	}
	l := newListModel(m.styles, deps, account, m.folder, sort, lay)
	l.SetSize(m.width, max(m.height-1, 0))
	return l
}

// LoggedIn reports whether a login completed during the run.
func (m Model) LoggedIn() bool { return m.loggedIn }

// debug is the command that logs a screen change.
func (m Model) debug(event string) tea.Cmd { return debugCmd(m.opts.Debug, event) }

// Init starts the first screen's work.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.fadeNotice, m.findSaved()}
	if m.pics != nil {
		cmds = append(cmds, m.gfx.Init())
	}
	switch m.screen {
	case screenLogin:
		cmds = append(cmds, m.debug("screen login"), m.login.Init())
	case screenList:
		cmds = append(cmds, m.debug("screen list: "+m.list.Account()), m.list.Init())
		if m.list.Busy() {
			cmds = append(cmds, m.status.spin())
		}
	}
	return tea.Batch(cmds...)
}

// Update routes: global keys first, the window size to every screen,
// asynchronous results to the screen that asked, the rest to the active
// screen. The spinner turns while any request is in flight.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := m.route(msg)
	return m, tea.Batch(cmd, m.status.SetBusy(m.busy()), m.syncPictures(), m.sixelSync())
}

func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	if _, mouse := msg.(tea.MouseMsg); mouse && m.hidden() {
		return m, nil // a click on "too small" selects nothing unseen
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m = m.resize(msg.Width, msg.Height)
		if m.screen == screenList {
			return m, m.list.Resume() // a taller list may want the next page
		}
		return m, nil
	case uv.KittyGraphicsEvent, uv.PrimaryDeviceAttributesEvent, uv.CellSizeEvent, tea.ColorProfileMsg, tea.TerminalVersionMsg:
		return m.graphicsReported(msg), nil
	case tea.BackgroundColorMsg:
		return m.restyle(msg.IsDark(), m.styles.few, m.styles.width), nil
	case tea.ModeReportMsg:
		return m.modeReported(msg), nil
	case tea.KeyPressMsg:
		return m.keyPressed(msg)
	case tea.MouseClickMsg:
		m.status.acted()
	case statusNotedMsg:
		return m, m.status.noted(msg)
	case statusFadedMsg, spinner.TickMsg:
		var cmd tea.Cmd
		m.status, cmd = m.status.Update(msg)
		return m, cmd
	}
	if next, cmd, ok := m.routeResult(msg); ok {
		return next, cmd
	}
	return m.toScreen(msg)
}

// routeResult hands a screen's report or the result of a command to its
// handler; ok is false for a message that is not one.
func (m Model) routeResult(msg tea.Msg) (_ Model, _ tea.Cmd, ok bool) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case downloadRequestedMsg:
		m, cmd = m.download(msg.item)
	case downloadedMsg:
		m, cmd = m.downloaded(msg)
	case savedFoundMsg:
		m = m.savedFound(msg)
	case favoriteToggleRequestedMsg:
		m, cmd = m.toggleFavorite(msg.item)
	case favoriteToggledMsg:
		m, cmd = m.favoriteToggled(msg)
	case foldersRequestedMsg, foldersLoadedMsg, foldersClosedMsg, folderChosenMsg:
		m, cmd = m.foldersMsg(msg)
	case accountsRequestedMsg, accountsListedMsg, accountChosenMsg, accountSwitchedMsg:
		m, cmd = m.accountsMsg(msg)
	case commentsLoadedMsg:
		m.status.SetRate(msg.rate)
		m.comments = m.comments.loaded(msg)
	case itemChosenMsg, urlRequestedMsg, quitRequestedMsg, helpRequestedMsg, accountKnownMsg:
		m, cmd = m.screenReported(msg)
	case loginCompletedMsg:
		m, cmd = m.loginCompleted(msg)
	case loginBackMsg:
		m, cmd = m.loginBack(msg)
	case accountLearnedMsg:
		m.status.SetRate(msg.rate)
		m, cmd = m.toList(msg)
	case cacheLoadedMsg, cachedPagesMsg, pauseEndedMsg, filterMatchedMsg:
		m, cmd = m.toList(msg)
	case favoritesLoadedMsg:
		m, cmd = m.favoritesLoaded(msg)
	case albumLoadedMsg:
		m = m.albumLoaded(msg)
	case pictureLoadedMsg, pictureDueMsg, kittyEncodedMsg, sixelDueMsg, sixelPaintedMsg:
		m, cmd = m.picturesMsg(msg)
	case openedMsg:
		if m.screen == screenLogin {
			return m, nil, false // the login screen's own
		}
		m, cmd = m.opened(msg)
	default:
		return m, nil, false
	}
	return m, cmd, true
}

// picturesMsg gives the picture book its messages; a picture Imgur no
// longer has marks its favorite gone.
func (m Model) picturesMsg(msg tea.Msg) (Model, tea.Cmd) {
	if l, ok := msg.(pictureLoadedMsg); ok && errors.Is(l.err, imgur.ErrGone) {
		m.markGone(l.key.id)
	}
	return m, m.pics.update(msg)
}

// graphicsReported takes the terminal's answer about pictures.
func (m Model) graphicsReported(msg tea.Msg) Model {
	if p, ok := msg.(tea.ColorProfileMsg); ok && p.Profile != colorprofile.Unknown {
		m = m.restyle(m.styles.isDark, p.Profile <= colorprofile.ANSI, m.styles.width)
	}
	if m.pics != nil && m.gfx.Update(msg) {
		m.pics.setGraphics(m.gfx)
		m.detail.layout() // the picture's room may change with the cell size
	}
	return m
}

// busy reports whether a request is in flight.
func (m Model) busy() bool {
	return m.screen != screenLogin && m.list.Busy() || m.albumsPending > 0 || m.downloading > 0 ||
		len(m.marks.toggling) > 0 || m.screen == screenComments && m.comments.Busy() ||
		m.screen == screenFolders && m.folders.Busy()
}

// toScreen gives msg to the active screen.
func (m Model) toScreen(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case screenLogin:
		m.login, cmd = m.login.Update(msg)
	case screenList:
		m.list, cmd = m.list.Update(msg)
	case screenDetail:
		return m.updateDetail(msg)
	case screenComments:
		return m.updateComments(msg)
	case screenFolders:
		m.folders, cmd = m.folders.Update(msg)
	case screenAccounts:
		m.accounts, cmd = m.accounts.Update(msg)
	}
	return m, cmd
}

// toList gives the list the results of its commands, whichever screen is
// shown; after a return to the login screen they are dropped.
func (m Model) toList(msg tea.Msg) (Model, tea.Cmd) {
	if m.screen == screenLogin {
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

// keyPressed handles the global keys and the help, and ends an error
// shown until the next action.
func (m Model) keyPressed(km tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(km, m.keys.Quit) {
		return m, m.quit()
	}
	if m.hidden() {
		// Nothing acts unseen: only quitting works while the screen says
		// "too small" (the list's quit key, q unless rebound, except where
		// it is typed into a field).
		if m.list.IsQuit(km) && m.screen != screenLogin && !(m.screen == screenList && m.list.Typing()) {
			return m, m.quit()
		}
		return m, nil
	}
	if m.showHelp {
		if key.Matches(km, m.help.keys.Close) || m.isHelpKey(km) {
			m.showHelp = false
			return m, m.debug("screen help closed")
		}
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(km)
		return m, cmd
	}
	m.status.acted()
	return m.toScreen(km)
}

// isHelpKey reports whether km is the screen's help binding, whichever
// key the configuration gave it: it closes the help it opened.
func (m Model) isHelpKey(km tea.KeyPressMsg) bool {
	for _, g := range m.helpKeys().FullHelp() {
		for _, b := range g {
			if b.Help().Desc == "help" && key.Matches(km, b) {
				return true
			}
		}
	}
	return false
}

func (m Model) resize(w, h int) Model {
	m.width, m.height = w, h
	bodyH := max(h-1, 0) // the status bar takes one line
	m.login.SetSize(w, bodyH)
	m.list.SetSize(w, bodyH)
	m.detail.SetSize(w, bodyH)
	m.comments.SetSize(w, bodyH)
	m.folders.SetSize(w, bodyH)
	m.accounts.SetSize(w, bodyH)
	m.help.SetSize(w, bodyH)
	m.status.SetWidth(w)
	return m
}

// modeReported measures text as the terminal does once it says it
// supports Unicode core.
func (m Model) modeReported(msg tea.ModeReportMsg) Model {
	if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
		return m.restyle(m.styles.isDark, m.styles.few, ansi.GraphemeWidth)
	}
	return m
}

func (m Model) restyle(isDark, few bool, width ansi.Method) Model {
	if isDark == m.styles.isDark && few == m.styles.few && width == m.styles.width {
		return m
	}
	st := newStyles(isDark, few, m.opts.Theme)
	st.width = width
	m.styles = st
	m.login.SetStyles(m.styles)
	m.list.SetStyles(m.styles)
	m.detail.SetStyles(m.styles)
	m.comments.SetStyles(m.styles)
	m.folders.SetStyles(m.styles)
	m.accounts.SetStyles(m.styles)
	m.help.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	return m
}

// quit remembers where the user was, closes the login server, frees the
// pictures sent to the terminal, cancels the requests still running, and
// quits: in that order, in commands.
func (m Model) quit() tea.Cmd {
	var save tea.Cmd
	if m.screen != screenLogin {
		save = tea.Batch(m.list.SaveCursor(), m.list.SaveSeen())
	}
	return tea.Sequence(tea.Batch(save, m.login.Close()), m.pics.kittyRelease(), cancelCmd(m.cancel), tea.Quit)
}

// joinLines joins the texts that are not empty with "; ".
func joinLines(texts ...string) string {
	var kept []string
	for _, t := range texts {
		if t != "" {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, "; ")
}
