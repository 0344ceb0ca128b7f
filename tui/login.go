package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// loginModel is the login screen: the authorize URL, the browser, the
// loopback server and a paste field, all live at once. It is a component:
// the root feeds it messages, asks it for its cursor and bindings, hands it
// a failed completion (Failed) and closes it (Close); a completed login
// reaches the root as loginCompletedMsg.
type loginModel struct {
	styles *Styles
	keys   loginKeys
	opts   Options

	state  string // this attempt's OAuth state
	url    string // this attempt's authorize URL
	reason string // why the user is here, when not the first start
	notice string // what opening the database did, shown once

	input     textinput.Model
	callback  Callback
	listen    listenState
	listenErr string // why the loopback server could not start

	err    string // the last error, one line
	info   string // the last neutral message
	busy   bool   // a login is being completed
	denied bool   // access was denied: enter starts a fresh attempt
	back   string // adding an account: the one esc returns to

	width, height int
}

// listenState is what the loopback server is doing, for the screen.
type listenState int

const (
	listenOff      listenState = iota // no loopback redirect URL
	listenStarting                    // listenCmd is under way
	listenOn                          // waiting for the browser
	listenFailed                      // could not listen: paste only
)

func newLoginModel(st *Styles, opts Options, reason, notice string) loginModel {
	m := loginModel{styles: st, keys: newLoginKeys(), opts: opts, reason: reason, notice: notice}
	m.input = textinput.New()
	m.input.Prompt = "> "
	m.input.CharLimit = 8192
	m.input.SetStyles(textinput.DefaultStyles(st.isDark))
	m.input.SetVirtualCursor(false)
	m.input.Focus() // here, not in Init: Init's receiver is a copy
	m.begin()
	return m
}

// begin starts an attempt: a fresh state and URL, an empty field.
func (m *loginModel) begin() {
	m.state, m.url, m.err, m.info = "", "", "", ""
	state, err := m.opts.NewState()
	if err != nil {
		m.err = "cannot make a random state: " + err.Error()
	} else {
		m.state = state
		m.url = m.opts.Client.AuthorizeURL(state)
	}
	m.input.Reset()
	m.denied, m.busy = false, false
	m.listen, m.listenErr = listenOff, ""
	if m.opts.Listen != nil && m.state != "" {
		m.listen = listenStarting
	}
	m.updateKeys()
}

// loginBackMsg is esc on the login screen opened to add an account: the
// user goes back to account instead.
type loginBackMsg struct{ account string }

// adding makes the screen the one for adding an account beside back, the
// account shown before, which esc returns to.
func (m loginModel) adding(back string) loginModel {
	m.back = back
	m.updateKeys()
	return m
}

// Init starts the loopback server.
func (m loginModel) Init() tea.Cmd {
	if m.listen == listenStarting {
		return listenCmd(m.opts.Listen, m.state)
	}
	return nil
}

func (m *loginModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-6, 10))
	m.input.Placeholder = "paste the URL your browser landed on"
	if w-4 < narrowLogin {
		m.input.Placeholder = "paste it here"
	}
}

func (m *loginModel) SetStyles(st *Styles) {
	m.styles = st
	m.input.SetStyles(textinput.DefaultStyles(st.isDark))
}

// KeyMap is the bindings in force, for the help and the status bar.
func (m loginModel) KeyMap() help.KeyMap { return m.keys }

// Close returns a command that stops the loopback server, if one runs.
func (m loginModel) Close() tea.Cmd { return closeCallbackCmd(m.callback) }

// Failed shows why completing a login did not work and lets the user retry.
func (m loginModel) Failed(err error) loginModel {
	m.busy = false
	m.err = oneLine(err)
	return m
}

// updateKeys words enter for what it will do, and offers what applies.
func (m *loginModel) updateKeys() {
	desc := "submit"
	switch {
	case m.denied:
		desc = "try again"
	case strings.TrimSpace(m.input.Value()) == "" && m.opts.Opener != nil:
		desc = "open browser"
	}
	m.keys.Submit.SetHelp("enter", desc)
	m.keys.Clear.SetEnabled(m.input.Value() != "")
	m.keys.Back.SetEnabled(m.back != "" && m.input.Value() == "" && !m.busy)
	if m.back != "" {
		m.keys.Back.SetHelp("esc", "back to "+m.back)
	}
	m.keys.Copy.SetEnabled(m.url != "")
}

func (m loginModel) Update(msg tea.Msg) (loginModel, tea.Cmd) {
	m, cmd := m.update(msg)
	m.updateKeys()
	return m, cmd
}

func (m loginModel) update(msg tea.Msg) (loginModel, tea.Cmd) {
	switch msg := msg.(type) {
	case callbackStartedMsg:
		return m.callbackStarted(msg)
	case callbackFailedMsg:
		if msg.state == m.state {
			m.listen, m.listenErr = listenFailed, oneLine(msg.err)
		}
		return m, nil
	case callbackResultMsg:
		return m.callbackResult(msg)
	case openedMsg:
		if msg.err != nil {
			m.err = "could not open a browser: " + oneLine(msg.err) + "; open the URL above yourself"
		} else {
			m.info = "opened in your browser; allow access there"
		}
		return m, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Submit):
			return m.submit()
		case key.Matches(msg, m.keys.Copy):
			m.info, m.err = "sent the URL to the terminal's clipboard (if it allows it)", ""
			return m, tea.SetClipboard(m.url)
		case key.Matches(msg, m.keys.Clear):
			m.input.Reset()
			m.err, m.denied = "", false
			return m, nil
		case key.Matches(msg, m.keys.Back):
			back := m.back
			return m, func() tea.Msg { return loginBackMsg{account: back} }
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.denied = false // enter submits what the user put there now
	}
	return m, cmd
}

func (m loginModel) callbackStarted(msg callbackStartedMsg) (loginModel, tea.Cmd) {
	if msg.state != m.state {
		return m, closeCallbackCmd(msg.cb) // an earlier attempt's server
	}
	m.callback = msg.cb
	m.listen = listenOn
	return m, waitCallbackCmd(msg.cb, m.state)
}

func (m loginModel) callbackResult(msg callbackResultMsg) (loginModel, tea.Cmd) {
	if msg.state != m.state || m.callback == nil || m.busy {
		return m, nil // another attempt, or a paste is already completing
	}
	if msg.res.Err != nil {
		m.err = redirectError(msg.res.Err)
		m.denied = errors.Is(msg.res.Err, imgur.ErrAccessDenied)
		return m, waitCallbackCmd(m.callback, m.state)
	}
	return m.complete(msg.res.Token)
}

// submit parses the pasted text, opens the browser when there is none, or
// after a denial starts over.
func (m loginModel) submit() (loginModel, tea.Cmd) {
	if m.busy {
		return m, nil
	}
	if m.denied {
		return m.retry()
	}
	text := strings.TrimSpace(m.input.Value())
	if text == "" {
		return m.openBrowser()
	}
	tok, err := imgur.ParseRedirect(text, m.state, m.opts.Now())
	if err != nil {
		m.err = redirectError(err)
		m.denied = errors.Is(err, imgur.ErrAccessDenied)
		return m, nil
	}
	return m.complete(tok)
}

func (m loginModel) openBrowser() (loginModel, tea.Cmd) {
	if m.opts.Opener == nil {
		m.err = "no browser available here: open the URL above on any device, then paste where it lands"
		return m, nil
	}
	m.err, m.info = "", "opening your browser…"
	return m, openCmd(m.opts.Opener, m.url)
}

// retry starts a fresh attempt after a denial: a new state and URL, an
// empty field, a loopback server for the new state; the browser opens
// again where there is one.
func (m loginModel) retry() (loginModel, tea.Cmd) {
	old := m.callback
	m.callback = nil
	m.begin()
	var cmds []tea.Cmd
	if m.listen == listenStarting {
		cmds = append(cmds, relistenCmd(old, m.opts.Listen, m.state))
	} else if old != nil {
		cmds = append(cmds, func() tea.Msg { _ = old.Close(); return nil })
	}
	if m.state == "" {
		return m, tea.Batch(cmds...)
	}
	if m.opts.Opener != nil {
		var open tea.Cmd
		m, open = m.openBrowser()
		cmds = append(cmds, open)
	} else {
		m.info = "a new login attempt: open the new URL above"
	}
	return m, tea.Batch(cmds...)
}

// relistenCmd stops the last attempt's loopback server, which holds the
// port, and starts one for the attempt with state.
func relistenCmd(old Callback, listen func(string) (Callback, error), state string) tea.Cmd {
	start := listenCmd(listen, state)
	return func() tea.Msg {
		if old != nil {
			_ = old.Close()
		}
		return start()
	}
}

func (m loginModel) complete(tok imgur.Token) (loginModel, tea.Cmd) {
	m.busy, m.err, m.info = true, "", "logging in…"
	return m, completeLoginCmd(m.opts.Context, m.opts.Client, m.opts.Logins, m.opts.Settings, tok)
}

// redirectError words a redirect problem for the login screen.
func redirectError(err error) string {
	switch {
	case errors.Is(err, imgur.ErrAccessDenied):
		return "access was denied; press enter to try again"
	case errors.Is(err, imgur.ErrStateMismatch):
		return "that URL is from another login attempt; use the URL shown here"
	case errors.Is(err, imgur.ErrNoToken):
		return "no token found: paste the whole URL your browser landed on (it contains access_token=)"
	}
	return oneLine(err)
}
