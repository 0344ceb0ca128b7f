package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// Messages a screen sends up to the root, as commands that return them
// (report), the way bubbles' list reports its status messages. The root
// acts on them: it owns the screens, the status bar and the help.

// statusNotedMsg is a line for the status bar. A message that is not an
// error fades; an error stays until the next action.
type statusNotedMsg struct {
	text  string
	isErr bool
	// answer: why a key did nothing; the next key makes it stale, so it
	// goes then (or when it fades).
	answer bool
}

// itemChosenMsg asks for the detail view of a favorite.
type itemChosenMsg struct{ item imgur.Item }

// downloadRequestedMsg asks to save a favorite (d).
type downloadRequestedMsg struct{ item imgur.Item }

// downloadedMsg is a finished save.
type downloadedMsg struct {
	id    string
	title string
	res   DownloadResult
	err   error
}

// savedFoundMsg carries the favorites found saved in the download
// directory at start.
type savedFoundMsg struct{ ids map[string]bool }

// urlRequestedMsg asks to open or copy a favorite's page or media URL.
type urlRequestedMsg struct {
	item           imgur.Item
	media, copying bool
}

// quitRequestedMsg and helpRequestedMsg are a screen's own quit and help
// keys (q and ?, where they are not text).
type (
	quitRequestedMsg struct{}
	helpRequestedMsg struct{}
)

// accountKnownMsg says whose favorites the list now shows, once Imgur has
// said whose the token is.
type accountKnownMsg struct{ username string }

// report returns a command that delivers msg.
func report(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return msg }
}

// note reports a status line.
func note(text string) tea.Cmd { return report(statusNotedMsg{text: text}) }

// answer says why a key did nothing, until the next key.
func answer(text string) tea.Cmd { return report(statusNotedMsg{text: text, answer: true}) }

// noteErr reports an error for the status line.
func noteErr(text string) tea.Cmd { return report(statusNotedMsg{text: text, isErr: true}) }

// tickFunc starts a timer: tea.Tick, or a test's fake clock.
type tickFunc func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
