package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// loginModel is the login screen: the authorize URL, the browser, the
// loopback server and a paste field, all live at once.
type loginModel struct {
	styles *Styles
	keys   loginKeys
	opts   Options

	state    string
	url      string
	reason   string // why the user is here, when not the first start
	input    textinput.Model
	callback Callback
	listen   string // what the loopback server is doing, for the screen
	err      string // the last error, one line
	info     string // the last neutral message
	busy     bool   // a login is being completed

	width, height int
}

func newLoginModel(st *Styles, opts Options, reason string) loginModel {
	m := loginModel{styles: st, keys: newLoginKeys(), opts: opts, reason: reason}
	state, err := opts.NewState()
	if err != nil {
		m.err = "cannot make a random state: " + err.Error()
	}
	m.state = state
	m.url = opts.Client.AuthorizeURL(state)
	m.input = textinput.New()
	m.input.Prompt = "> "
	m.input.Placeholder = "paste the URL your browser landed on"
	m.input.CharLimit = 8192
	m.input.SetStyles(textinput.DefaultStyles(st.isDark))
	m.input.SetVirtualCursor(false)
	m.input.Focus() // here, not in Init: Init's receiver is a copy
	switch {
	case opts.Listen == nil:
		m.listen = ""
	default:
		m.listen = "starting"
	}
	return m
}

// Init starts the loopback server.
func (m loginModel) Init() tea.Cmd {
	if m.opts.Listen != nil && m.state != "" {
		return listenCmd(m.opts.Listen, m.state)
	}
	return nil
}

func (m *loginModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(w-6, 10))
}

func (m *loginModel) SetStyles(st *Styles) {
	m.styles = st
	m.input.SetStyles(textinput.DefaultStyles(st.isDark))
}

// close returns the command that shuts the loopback server down.
func (m *loginModel) close() tea.Cmd {
	cb := m.callback
	m.callback = nil
	return closeCallbackCmd(cb)
}

// failed shows why completing a login did not work and lets the user retry.
func (m loginModel) failed(err error) loginModel {
	m.busy = false
	m.err = oneLine(err)
	return m
}

func (m loginModel) Update(msg tea.Msg) (loginModel, tea.Cmd) {
	switch msg := msg.(type) {
	case callbackStartedMsg:
		if msg.state != m.state {
			return m, closeCallbackCmd(msg.cb)
		}
		m.callback = msg.cb
		m.listen = "listening"
		return m, waitCallbackCmd(msg.cb, m.state)
	case callbackFailedMsg:
		if msg.state == m.state {
			m.listen = "failed: " + oneLine(msg.err)
		}
		return m, nil
	case callbackResultMsg:
		if msg.state != m.state || m.callback == nil || m.busy {
			return m, nil // another attempt, or a paste is already completing
		}
		if msg.res.Err != nil {
			m.err = redirectError(msg.res.Err)
			return m, waitCallbackCmd(m.callback, m.state)
		}
		return m.complete(msg.res.Token)
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
			m.info, m.err = "copied the URL to the clipboard (if your terminal allows it)", ""
			return m, tea.SetClipboard(m.url)
		case key.Matches(msg, m.keys.Clear):
			m.input.Reset()
			m.err = ""
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// submit parses the pasted text, or opens the browser when there is none.
func (m loginModel) submit() (loginModel, tea.Cmd) {
	if m.busy {
		return m, nil
	}
	text := strings.TrimSpace(m.input.Value())
	if text == "" {
		if m.opts.Opener == nil {
			m.err = "no browser available here: open the URL above on any device, then paste where it lands"
			return m, nil
		}
		m.err, m.info = "", "opening your browser…"
		return m, openCmd(m.opts.Opener, m.url)
	}
	tok, err := imgur.ParseRedirect(text, m.state, m.opts.Now())
	if err != nil {
		m.err = redirectError(err)
		return m, nil
	}
	return m.complete(tok)
}

func (m loginModel) complete(tok imgur.Token) (loginModel, tea.Cmd) {
	m.busy, m.err, m.info = true, "", "logging in…"
	return m, completeLoginCmd(m.opts.Context, m.opts.Client, m.opts.Logins, tok)
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

// cursor places the terminal cursor in the paste field.
func (m loginModel) cursor() *tea.Cursor {
	c := m.input.Cursor()
	if c == nil {
		return nil
	}
	_, row := m.layout()
	if row >= m.height {
		return nil
	}
	c.Position.X += 2
	c.Position.Y += row
	return c
}

func (m loginModel) View() string {
	lines, _ := m.layout()
	return strings.Join(lines, "\n")
}

// layout returns the screen's lines and the row of the paste field. The
// field and its error come right after the URL, and blank lines go first
// when the terminal is short, so what the user types is always visible.
func (m loginModel) layout() (lines []string, inputRow int) {
	st := m.styles
	w := max(m.width-4, 10)
	const gap = "\x00" // a blank line that may be dropped
	add := func(style func(...string) string, text string) {
		for _, l := range wrap(text, w, st.width) {
			lines = append(lines, "  "+style(l))
		}
	}
	plain := func(s ...string) string { return strings.Join(s, "") }

	lines = append(lines, gap)
	add(st.Title.Render, "imgfav · log in to Imgur")
	lines = append(lines, gap)
	if m.reason != "" {
		add(st.Error.Render, m.reason)
		lines = append(lines, gap)
	}
	narrow := w < 60
	step := "1. Press enter to open this page in your browser and allow access:"
	switch {
	case m.opts.Opener == nil && narrow:
		step = "1. Open this URL and allow access:"
	case m.opts.Opener == nil:
		step = "1. Open this page in a browser (on any device) and allow access:"
	case narrow:
		step = "1. Press enter, allow access:"
	}
	add(plain, step)
	for _, l := range hardWrap(m.url, w, st.width) {
		lines = append(lines, "  "+st.Accent.Hyperlink(m.url).Render(l))
	}
	lines = append(lines, gap)
	if narrow {
		add(plain, "2. Or paste where it landed:")
	} else {
		add(plain, "2. Or paste the URL your browser landed on (or just the part after #):")
	}
	inputRow = len(lines)
	lines = append(lines, "  "+m.input.View())
	switch {
	case m.err != "":
		add(st.Error.Render, m.err)
	case m.info != "":
		add(st.Muted.Render, m.info)
	}
	lines = append(lines, gap)
	switch {
	case m.listen == "listening":
		add(st.Muted.Render, "imgfav is listening on "+m.opts.RedirectAddr+" and continues by itself once you allow access.")
	case strings.HasPrefix(m.listen, "failed: "):
		add(st.Error.Render, strings.TrimPrefix(m.listen, "failed: ")+": paste the URL instead.")
	}
	add(st.Muted.Render, "ctrl+y copies the URL to the clipboard.")

	// Drop blank lines while the screen is too short.
	if len(lines) > m.height {
		kept := lines[:0]
		row := inputRow
		for i, l := range lines {
			if l == gap {
				if i < row {
					inputRow--
				}
				continue
			}
			kept = append(kept, l)
		}
		lines = kept
	}
	for i, l := range lines {
		if l == gap {
			lines[i] = ""
		}
	}
	return lines, inputRow
}
