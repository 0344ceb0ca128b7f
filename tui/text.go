package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// oneLine makes an error fit a status line: sanitized, single-line.
func oneLine(err error) string { return imgur.ErrorLine(err) }

// wrap word-wraps text to width cells, measured with w (Styles.width, as
// the terminal draws).
func wrap(s string, width int, w ansi.Method) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(w.Wordwrap(s, width, ""), "\n")
}

// hardWrap cuts s every width cells, for URLs that must be shown whole.
func hardWrap(s string, width int, w ansi.Method) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(w.Hardwrap(s, width, false), "\n")
}

func countLines(s string) int { return strings.Count(s, "\n") + 1 }

func stringsRepeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}
