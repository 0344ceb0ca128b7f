package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The root's view: the active screen above the status bar.

// minWidth and minHeight are the smallest usable terminal.
const (
	minWidth  = 20
	minHeight = 5
)

// View renders the active screen above the status bar.
func (m Model) View() tea.View {
	frame := m.render()
	if m.pics.on() && m.pics.mode == picSixel {
		frame = unmark(frame)
	}
	v := tea.NewView(frame)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "imgfav"
	if m.width >= minWidth && m.height >= minHeight && !m.showHelp {
		switch m.screen {
		case screenLogin:
			v.Cursor = m.login.Cursor()
		case screenList:
			v.Cursor = m.list.Cursor()
		}
	}
	return v
}

func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.tooSmall() {
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
	case m.screen == screenComments:
		body = m.comments.View()
	case m.screen == screenFolders:
		body = m.folders.View()
	case m.screen == screenAccounts:
		body = m.accounts.View()
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
	case screenComments:
		return m.comments.KeyMap()
	case screenFolders:
		return m.folders.KeyMap()
	case screenAccounts:
		return m.accounts.KeyMap()
	}
	return m.list.KeyMap()
}

func (m Model) statusFacts() statusFacts {
	f := statusFacts{sort: m.list.Sort()}
	if m.screen != screenLogin {
		f = m.list.Facts()
	}
	f.hints = m.helpKeys().ShortHelp()
	if m.showHelp {
		f.hints = []key.Binding{m.help.keys.Close}
		if m.help.scrolls() {
			f.hints = append(f.hints, m.help.keys.Down)
		}
	}
	return f
}

// tooSmall reports whether the terminal is below the usable size, where
// the screen only says so.
func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// hidden reports whether the screens cannot be seen: the terminal, its
// size known, is too small. Keys and clicks then act on nothing.
func (m Model) hidden() bool { return m.tooSmall() && (m.width > 0 || m.height > 0) }

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
