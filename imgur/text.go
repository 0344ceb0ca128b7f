package imgur

import (
	"strings"
	"unicode/utf8"
)

// Text from Imgur (titles, descriptions, tags, user names, error messages)
// is written by strangers. These helpers make it inert before it can reach a
// terminal: a sanitized string cannot move the cursor, change colours, set the
// window title, write the clipboard or reorder the line with bidi overrides.

// CleanLine returns s as one inert line: escape sequences (CSI, OSC, DCS, APC,
// PM, SOS and two-byte escapes, in their 7-bit and 8-bit forms) are removed,
// as are C0 and C1 controls, DEL and Unicode bidirectional controls. Line
// breaks and tabs become single spaces, runs of spaces collapse, and the
// result is trimmed. Invalid UTF-8 becomes U+FFFD.
func CleanLine(s string) string {
	if isPlainLine(s) {
		return s
	}
	return clean(s, false)
}

// CleanText is CleanLine for multi-line text such as descriptions: newlines
// and tabs are kept (CR LF and lone CR become LF), everything else is removed
// as in CleanLine. Leading and trailing blank space is trimmed.
func CleanText(s string) string {
	if isPlainLine(s) {
		return s
	}
	return clean(s, true)
}

// isPlainLine reports whether s is printable ASCII with no leading, trailing
// or doubled spaces: the common case, returned without allocating.
func isPlainLine(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

const (
	esc = 0x1b
	bel = 0x07
	// 8-bit (C1) forms of the introducers and of the string terminator.
	c1DCS = 0x90
	c1SOS = 0x98
	c1CSI = 0x9b
	c1ST  = 0x9c
	c1OSC = 0x9d
	c1PM  = 0x9e
	c1APC = 0x9f
)

func clean(s string, multiline bool) string {
	c := cleaner{multiline: multiline}
	c.b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			c.emit('\uFFFD')
		case r == esc:
			i = skipEscape(s, i)
		case r == c1CSI:
			i = skipCSI(s, i)
		case r == c1OSC || r == c1DCS || r == c1APC || r == c1PM || r == c1SOS:
			i = skipString(s, i)
		case r == '\r' && i < len(s) && s[i] == '\n':
			// CRLF is one line break: the \n makes it
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\t' || r == ' ':
			c.blank(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other C0, DEL and C1 controls: dropped
		case isBidiControl(r):
			// dropped: they reorder the rest of the line
		default:
			c.emit(r)
		}
	}
	return strings.TrimRight(c.b.String(), " \t\n")
}

// cleaner builds clean's result: runs of blanks become one space, and (in
// multiline text) runs of line breaks at most one empty line.
type cleaner struct {
	b            strings.Builder
	multiline    bool
	pendingSpace bool // a run of blanks waiting to be written as one
	pendingNL    int  // newlines waiting (multiline only)
}

// emit writes r after what is pending; nothing is pending at the start.
func (c *cleaner) emit(r rune) {
	if c.b.Len() > 0 {
		switch {
		case c.pendingNL > 0:
			for range min(c.pendingNL, 2) {
				c.b.WriteByte('\n')
			}
		case c.pendingSpace:
			c.b.WriteByte(' ')
		}
	}
	c.pendingSpace, c.pendingNL = false, 0
	c.b.WriteRune(r)
}

// blank takes a line break, a tab or a space. One-line text makes each a
// space; multiline text keeps line breaks and tabs, except tabs that start
// a line.
func (c *cleaner) blank(r rune) {
	switch {
	case r == ' ':
		if c.pendingNL == 0 {
			c.pendingSpace = true
		}
	case !c.multiline:
		c.pendingSpace = true
	case r == '\t':
		if c.pendingNL == 0 {
			flushSpaceThen(&c.b, &c.pendingSpace)
			c.b.WriteByte('\t')
		}
	default:
		c.pendingNL++
		c.pendingSpace = false
	}
}

func flushSpaceThen(b *strings.Builder, pending *bool) {
	if *pending && b.Len() > 0 {
		b.WriteByte(' ')
	}
	*pending = false
}

// skipEscape skips the rest of an escape sequence whose ESC ended just
// before i, and returns the index after it.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Intermediate bytes, then one final byte (e.g. ESC ( B, ESC 7, ESC c).
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte of a
// control sequence. A sequence interrupted by anything else ends there.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
			i++
		case c >= 0x40 && c <= 0x7e: // final byte
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, APC, PM, SOS) up to and
// including its terminator: BEL, ESC \ or the 8-bit ST. An unterminated
// string swallows the rest of the input, as a terminal would.
func skipString(s string, i int) int {
	for i < len(s) {
		if s[i] == bel {
			return i + 1
		}
		if s[i] == esc {
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // a new escape sequence begins: let the caller see it
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == c1ST {
			return i + size
		}
		i += size
	}
	return i
}

func isBidiControl(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

// shorten cuts s to at most n bytes on a rune boundary, adding "…" when cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}

// ErrorLine is err for a status bar or stderr: its first line, cleaned.
// Nothing a server put in an error can move the cursor or span lines.
func ErrorLine(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return CleanLine(s)
}
