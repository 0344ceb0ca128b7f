package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// statusBar is the one-line bar at the bottom of every screen.
type statusBar struct {
	styles  Styles
	spinner spinner.Model
	demo    bool
	width   int
	working int    // requests in flight
	msg     string // latest message
	isErr   bool
	rate    imgur.RateLimit
}

// statusFacts are what the active screen contributes to the bar.
type statusFacts struct {
	account  string
	sort     imgur.Sort
	loaded   int
	complete bool
	offline  bool
	hints    []key.Binding
}

func newStatusBar(st Styles, demo bool) statusBar {
	return statusBar{styles: st, demo: demo, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

func (s *statusBar) SetWidth(w int)       { s.width = w }
func (s *statusBar) SetStyles(st Styles)  { s.styles = st }
func (s *statusBar) message(msg string)   { s.msg, s.isErr = imgur.CleanLine(msg), false }
func (s *statusBar) error(err error)      { s.msg, s.isErr = oneLine(err), true }
func (s *statusBar) errorText(msg string) { s.msg, s.isErr = imgur.CleanLine(msg), true }
func (s *statusBar) notice(msg string)    { s.message(msg) }
func (s *statusBar) stopWork()            { s.working = max(s.working-1, 0) }
func (s *statusBar) startWork() tea.Cmd {
	s.working++
	if s.working == 1 {
		return s.spinner.Tick
	}
	return nil
}

// Update keeps the spinner turning while work is in flight.
func (s statusBar) Update(msg tea.Msg) (statusBar, tea.Cmd) {
	if _, ok := msg.(spinner.TickMsg); !ok || s.working == 0 {
		return s, nil
	}
	var cmd tea.Cmd
	s.spinner, cmd = s.spinner.Update(msg)
	return s, cmd
}

// View renders the bar to exactly the width: facts on the left, then the
// latest message; key hints on the right when there is room.
func (s statusBar) View(f statusFacts) string {
	st := s.styles
	sep := st.Status.Render(" · ")
	var parts []string
	if s.demo {
		parts = append(parts, st.Demo.Render(" DEMO "))
	}
	if f.account != "" {
		parts = append(parts, st.StatusKey.Render(f.account))
		parts = append(parts, st.Status.Render(string(f.sort)))
		if f.offline {
			parts = append(parts, st.StatusErr.Render("offline"))
		}
		if f.complete {
			parts = append(parts, st.Status.Render(fmt.Sprintf("all %d", f.loaded)))
		} else {
			parts = append(parts, st.Status.Render(fmt.Sprintf("%d loaded", f.loaded)))
		}
	}
	parts = append(parts, s.credits()...)
	left := st.Status.Render(" ") + strings.Join(parts, sep)
	if s.working > 0 {
		left += st.Status.Render(" " + s.spinner.View())
	}
	if s.msg != "" {
		style := st.Status
		if s.isErr {
			style = st.StatusErr
		}
		left += st.Status.Render("  ") + style.Render(s.msg)
	}
	hints := s.hints(f.hints)
	room := s.width - ansi.StringWidth(left)
	if hw := ansi.StringWidth(hints); hints != "" && hw+2 <= room {
		return left + st.Status.Render(strings.Repeat(" ", room-hw)) + hints
	}
	if room >= 0 {
		return left + st.Status.Render(strings.Repeat(" ", room))
	}
	return ansi.Truncate(left, s.width, "…")
}

// credits renders user and app credits, in the warning colour under 10 %.
func (s statusBar) credits() []string {
	st := s.styles
	var out []string
	r := s.rate
	render := func(label string, remaining, limit int) string {
		text := fmt.Sprintf("%s %d/%d", label, remaining, limit)
		if limit > 0 && remaining*10 < limit {
			return st.StatusWarn.Render(text)
		}
		return st.Status.Render(text)
	}
	if r.UserKnown {
		out = append(out, render("user", r.UserRemaining, r.UserLimit))
	}
	if r.ClientKnown {
		out = append(out, render("app", r.ClientRemaining, r.ClientLimit))
	}
	if r.UserKnown && !r.UserReset.IsZero() {
		out = append(out, st.Status.Render("resets "+r.UserReset.Local().Format(clockFormat(r.UserReset))))
	}
	return out
}

// clockFormat shows the date only when the time is not today.
func clockFormat(t time.Time) string {
	if y, m, d := t.Local().Date(); y == time.Now().Year() && m == time.Now().Month() && d == time.Now().Day() {
		return "15:04"
	}
	return "Jan 2 15:04"
}

func (s statusBar) hints(bindings []key.Binding) string {
	st := s.styles
	var parts []string
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		parts = append(parts, st.StatusKey.Render(h.Key)+st.Status.Render(" "+h.Desc))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, st.Status.Render("  ")) + st.Status.Render(" ")
}
