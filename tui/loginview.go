package tui

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// loginLines is the login screen being laid out: its lines, which of them
// are blank lines that may go when the terminal is short, and the row of
// the paste field.
type loginLines struct {
	st    *Styles
	width int
	lines []string
	gap   []bool
	field int
}

// blank adds a blank line that goes first when the screen is short.
func (l *loginLines) blank() {
	l.lines = append(l.lines, "")
	l.gap = append(l.gap, true)
}

func (l *loginLines) line(s string) {
	l.lines = append(l.lines, "  "+s)
	l.gap = append(l.gap, false)
}

// text adds s word-wrapped, in style.
func (l *loginLines) text(style lipgloss.Style, s string) {
	for _, w := range wrap(s, l.width, l.st.width) {
		l.line(style.Render(w))
	}
}

// fit drops blank lines while the lines do not fit in height, then, if
// the field would still be off screen, lines from the top: what the user
// types is always visible.
func (l loginLines) fit(height int) (lines []string, field int) {
	field = l.field
	if len(l.lines) <= height {
		return l.lines, field
	}
	for i, s := range l.lines {
		if l.gap[i] {
			if i < l.field {
				field--
			}
			continue
		}
		lines = append(lines, s)
	}
	// The field and the line under it (an error) stay on screen.
	if cut := field + 2 - height; cut > 0 && cut <= field {
		lines, field = lines[cut:], field-cut
	}
	return lines, field
}

// narrowLogin is the width under which the screen uses its short words.
const narrowLogin = 60

// layout returns the screen's lines and the row of the paste field. The
// field and its error come right after the URL.
func (m loginModel) layout() ([]string, int) {
	l := &loginLines{st: m.styles, width: max(m.width-4, 10)}
	m.intro(l)
	m.steps(l)
	m.footer(l)
	return l.fit(m.height)
}

func (m loginModel) intro(l *loginLines) {
	st := m.styles
	l.blank()
	l.text(st.Title, "imgfav · log in to Imgur")
	l.blank()
	for _, s := range []string{m.notice, m.reason} {
		if s != "" {
			l.text(st.Error, s)
			l.blank()
		}
	}
}

func (m loginModel) steps(l *loginLines) {
	st := m.styles
	narrow := l.width < narrowLogin
	step := "1. Press enter to open this page in your browser and allow access:"
	switch {
	case m.opts.Opener == nil && narrow:
		step = "1. Open this URL and allow access:"
	case m.opts.Opener == nil:
		step = "1. Open this page in a browser (on any device) and allow access:"
	case narrow:
		step = "1. Press enter, allow access:"
	}
	l.text(st.Row, step)
	for _, s := range hardWrap(m.url, l.width, st.width) {
		l.line(st.Accent.Hyperlink(m.url).Render(s))
	}
	l.blank()
	if narrow {
		l.text(st.Row, "2. Or paste where it landed:")
	} else {
		l.text(st.Row, "2. Or paste the URL your browser landed on (or just the part after #):")
	}
	l.field = len(l.lines)
	l.line(m.field().View())
	switch {
	case m.err != "":
		l.text(st.Error, m.err)
	case m.info != "":
		l.text(st.Muted, m.info)
	}
}

func (m loginModel) footer(l *loginLines) {
	st := m.styles
	narrow := l.width < narrowLogin
	l.blank()
	switch {
	case m.listen == listenOn && narrow:
		l.text(st.Muted, "Listening on "+m.opts.RedirectAddr+".")
	case m.listen == listenOn:
		l.text(st.Muted, "imgfav is listening on "+m.opts.RedirectAddr+" and continues by itself once you allow access.")
	case m.listen == listenFailed:
		l.text(st.Error, m.listenErr+": paste the URL instead.")
	}
	if !narrow { // narrow, the key hints say it
		l.text(st.Muted, "ctrl+y copies the URL to the clipboard.")
	}
	l.blank()
	if m.back != "" {
		l.text(st.Muted, "esc goes back to "+m.back+".")
		return
	}
	if narrow {
		l.text(st.Muted, "No account at hand? Try imgfav demo.")
		l.text(st.Muted, `"Error (1024)" on Imgur? See README.`)
		return
	}
	l.text(st.Muted, "No account at hand? imgfav demo shows sample favorites; nothing is sent.")
	l.text(st.Muted, `"Error (1024)" on Imgur? Set IMGFAV_ACCESS_TOKEN and IMGFAV_REFRESH_TOKEN.`)
}

// field is the paste field as shown: token values masked. The value
// itself is untouched, and the masked text has as many characters, each
// one cell wide, so the field scrolls and places its cursor as for the
// value.
func (m loginModel) field() textinput.Model {
	f := m.input
	if v := f.Value(); tokenParam.MatchString(v) {
		pos := f.Position()
		f.SetValue(maskTokens(v))
		f.SetCursor(pos)
	}
	return f
}

var tokenParam = regexp.MustCompile(`((?:access|refresh)_token=)([^&#\s]+)`)

// maskTokens replaces the values of access_token and refresh_token with
// as many asterisks.
func maskTokens(s string) string {
	return tokenParam.ReplaceAllStringFunc(s, func(p string) string {
		i := strings.IndexByte(p, '=') + 1
		return p[:i] + strings.Repeat("*", utf8.RuneCountInString(p[i:]))
	})
}

// Cursor places the terminal cursor in the paste field.
func (m loginModel) Cursor() *tea.Cursor {
	c := m.field().Cursor()
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
