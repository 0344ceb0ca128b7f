package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// statusBar is the one-line bar at the bottom of every screen.
type statusBar struct {
	styles  *Styles
	spinner spinner.Model
	demo    bool
	width   int
	busy    bool   // a request is in flight: the spinner turns
	msg     string // latest message
	isErr   bool
	sticky  bool // stays until the next action, as an error does
	answer  bool // goes at the next action, or when it fades (statusNotedMsg.answer)
	gen     int  // bumped with each message: an older fade is dropped
	rate    imgur.RateLimit
	now     func() time.Time
	tick    tickFunc
	// hinted is the last frame's hints, shared by the bar's copies: the
	// same bindings are not rendered again on every frame.
	hinted *hintMemo
}

// hintMemo is a set of bindings' hints as rendered with styles.
type hintMemo struct {
	styles *Styles
	helps  []key.Help
	hints  []hint
}

// statusFacts are what the active screen contributes to the bar.
type statusFacts struct {
	account  string
	folder   string // the favorite folder shown; "" for all
	sort     imgur.Sort
	loaded   int
	complete bool
	offline  bool
	fresh    int // favorites new since the last session
	hints    []key.Binding
}

// fadeAfter is how long a message other than an error stays.
const fadeAfter = 5 * time.Second

// statusFadedMsg ends the message of generation gen.
type statusFadedMsg struct{ gen int }

func newStatusBar(st *Styles, demo bool, now func() time.Time, tick tickFunc) statusBar {
	return statusBar{styles: st, demo: demo, now: now, tick: tick, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		hinted: &hintMemo{}}
}

func (s *statusBar) SetWidth(w int)            { s.width = w }
func (s *statusBar) SetStyles(st *Styles)      { s.styles = st }
func (s *statusBar) SetRate(r imgur.RateLimit) { s.rate = r }

// Rate is the credits last known.
func (s statusBar) Rate() imgur.RateLimit { return s.rate }

// barText is a message as the bar shows it: one clean line, without the
// joiners that terminals draw at different widths.
func barText(msg string) string { return displayText(imgur.CleanLine(msg)) }

// message shows msg and returns the command that fades it.
func (s *statusBar) message(msg string) tea.Cmd {
	s.msg, s.isErr, s.sticky, s.answer = barText(msg), false, false, false
	s.gen++
	if s.msg == "" {
		return nil
	}
	gen := s.gen
	return s.tick(fadeAfter, func(time.Time) tea.Msg { return statusFadedMsg{gen: gen} })
}

// errorText shows an error until the next action.
func (s *statusBar) errorText(msg string) {
	s.msg, s.isErr, s.sticky, s.answer = barText(msg), true, true, false
	s.gen++
}

// notice shows something the user must be told at start (the database
// was reset, the demo) until the first action: not an error, and not
// gone before it is read.
func (s *statusBar) notice(msg string) {
	s.msg, s.isErr, s.sticky, s.answer = barText(msg), false, true, false
	s.gen++
}

func (s *statusBar) error(err error) { s.errorText(oneLine(err)) }

// noted shows a screen's status line.
func (s *statusBar) noted(msg statusNotedMsg) tea.Cmd {
	if msg.isErr {
		s.errorText(msg.text)
		return nil
	}
	fade := s.message(msg.text)
	s.sticky, s.answer = msg.answer, msg.answer // it also goes at the next action
	return fade
}

// acted is the user's next action: an error shown until then goes.
func (s *statusBar) acted() {
	if s.sticky {
		s.msg, s.isErr, s.sticky, s.answer = "", false, false, false
		s.gen++
	}
}

// SetBusy says whether a request is in flight; it returns the command
// that starts the spinner when one starts.
func (s *statusBar) SetBusy(busy bool) tea.Cmd {
	start := busy && !s.busy
	s.busy = busy
	if start {
		return s.spinner.Tick
	}
	return nil
}

// Update turns the spinner while work is in flight and fades messages.
func (s statusBar) Update(msg tea.Msg) (statusBar, tea.Cmd) {
	switch msg := msg.(type) {
	case statusFadedMsg:
		if msg.gen == s.gen && (!s.sticky || s.answer) {
			s.msg, s.sticky, s.answer = "", false, false
		}
	case spinner.TickMsg:
		if s.busy {
			var cmd tea.Cmd
			s.spinner, cmd = s.spinner.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// fact is one part of the bar; the higher its drop rank, the sooner it
// goes when the message needs the room.
type fact struct {
	text string
	drop int
}

// View renders the bar to exactly the width: facts, the spinner, the
// latest message, and key hints on the right. A message never loses to the
// facts: credits and the reset time make way first. From hintMinWidth
// columns up, "? help" (or the first hint of a screen without it) always
// keeps its place; the other hints show when there is room.
func (s statusBar) View(f statusFacts) string {
	st := s.styles
	w := st.width
	facts := s.facts(f)
	msg := ""
	if s.msg != "" {
		style := st.Status
		if s.isErr {
			style = st.StatusErr
		}
		msg = st.Status.Render("  ") + style.Render(s.msg)
	}
	spin := ""
	switch {
	case s.busy:
		spin = st.Status.Render(" " + s.spinner.View())
	case msg != "" && s.width >= steadyMessageWidth:
		spin = st.Status.Render("  ") // the spinner's room: the message does not jump when it stops
	}
	hints := s.hintList(f.hints)
	reserve := 0
	if s.width >= hintMinWidth {
		if h := anchorHint(hints); len(h) > 0 {
			reserve = hintsWidth(h) + 2
		}
	}
	left := s.fitLeft(facts, spin+msg, s.width-reserve)
	room := s.width - w.StringWidth(left)
	if fit := fittingHints(hints, room); len(fit) > 0 {
		return left + st.Status.Render(strings.Repeat(" ", room-hintsWidth(fit))) + s.joinHints(fit)
	}
	return left + st.Status.Render(strings.Repeat(" ", max(room, 0)))
}

// fitLeft is the facts, then tail (the spinner and the message), in room:
// facts make way by rank (credits and the reset time first), then whole
// facts from the end, never half of one; the message is cut last.
func (s statusBar) fitLeft(facts []fact, tail string, room int) string {
	w := s.styles.width
	left := s.join(facts) + tail
	kept := facts
	for rank := 4; rank > 0 && w.StringWidth(left) > room; rank-- {
		kept = facts[:0:0]
		for _, fc := range facts {
			if fc.drop < rank {
				kept = append(kept, fc)
			}
		}
		left = s.join(kept) + tail
	}
	for len(kept) > 1 && w.StringWidth(left) > room {
		kept = kept[:len(kept)-1]
		left = s.join(kept) + tail
	}
	if w.StringWidth(left) > room {
		left = w.Truncate(left, max(room, 0), "…")
	}
	return left
}

// steadyMessageWidth is the narrowest bar that keeps the spinner's room
// before a message while nothing turns; narrower, every column counts.
const steadyMessageWidth = 80

// hintMinWidth is the narrowest bar that always shows "? help".
const hintMinWidth = 40

// hint is a binding's hint rendered once per frame: "? help".
type hint struct {
	text  string
	width int
	help  bool // the help binding, whichever key it is bound to
}

// hintList renders the enabled bindings' hints, each once, or takes them
// from the last frame when they are the same.
func (s statusBar) hintList(bindings []key.Binding) []hint {
	st := s.styles
	var helps []key.Help
	for _, b := range bindings {
		if b.Enabled() {
			helps = append(helps, b.Help())
		}
	}
	if m := s.hinted; m != nil && m.styles == st && slices.Equal(m.helps, helps) {
		return m.hints
	}
	out := make([]hint, len(helps))
	for i, h := range helps {
		text := st.StatusKey.Render(h.Key) + st.Status.Render(" "+h.Desc)
		out[i] = hint{text: text, width: st.width.StringWidth(text), help: h.Desc == "help"}
	}
	if s.hinted != nil {
		*s.hinted = hintMemo{styles: st, helps: helps, hints: out}
	}
	return out
}

// helpOnly keeps the help hint.
func helpOnly(hints []hint) []hint {
	for _, h := range hints {
		if h.help {
			return []hint{h}
		}
	}
	return nil
}

// anchorHint is the hint that always keeps its place: help, or where the
// screen has none (typing a search, where ? is a letter), its first.
func anchorHint(hints []hint) []hint {
	if h := helpOnly(hints); len(h) > 0 || len(hints) == 0 {
		return h
	}
	return hints[:1]
}

// hintsWidth is the width of hints joined: two spaces between them and
// one after.
func hintsWidth(hints []hint) int {
	n := 1
	for i, h := range hints {
		if i > 0 {
			n += 2
		}
		n += h.width
	}
	return n
}

func (s statusBar) joinHints(hints []hint) string {
	var b strings.Builder
	gap := s.styles.Status.Render("  ")
	for i, h := range hints {
		if i > 0 {
			b.WriteString(gap)
		}
		b.WriteString(h.text)
	}
	b.WriteString(s.styles.Status.Render(" "))
	return b.String()
}

// fittingHints is as many of the hints as fit in room with a gap before
// them: the first ones (the screen's most useful) and the help hint, in
// their order.
func fittingHints(hints []hint, room int) []hint {
	for n := len(hints); n > 0; n-- {
		sel := make([]hint, 0, n+1)
		for i, h := range hints {
			if i < n || h.help {
				sel = append(sel, h)
			}
		}
		if hintsWidth(sel)+2 <= room {
			return sel
		}
	}
	if h := helpOnly(hints); len(h) > 0 && hintsWidth(h)+2 <= room {
		return h
	}
	return nil
}

func (s statusBar) join(facts []fact) string {
	parts := make([]string, len(facts))
	for i, fc := range facts {
		parts[i] = fc.text
	}
	return s.styles.Status.Render(" ") + strings.Join(parts, s.styles.Status.Render(" · "))
}

// facts are the bar's parts: account, sort, counts, credits.
func (s statusBar) facts(f statusFacts) []fact {
	st := s.styles
	var out []fact
	if s.demo {
		out = append(out, fact{st.Demo.Render(" DEMO "), 0})
	}
	if f.account != "" {
		out = append(out, fact{st.StatusKey.Render(f.account), 0})
		if f.folder != "" {
			out = append(out, fact{st.StatusKey.Render("▤ " + f.folder), 0})
		}
		out = append(out, fact{st.Status.Render(string(f.sort)), 1})
		if f.offline {
			out = append(out, fact{st.StatusErr.Render("offline"), 0})
		}
		if f.complete {
			out = append(out, fact{st.Status.Render(fmt.Sprintf("all %d", f.loaded)), 0})
		} else {
			out = append(out, fact{st.Status.Render(fmt.Sprintf("%d loaded", f.loaded)), 0})
		}
		if f.fresh > 0 {
			out = append(out, fact{st.StatusKey.Render(fmt.Sprintf("%d new", f.fresh)), 1})
		}
	}
	return append(out, s.credits()...)
}

// credits renders user and app credits, in the warning colour under 10 %.
func (s statusBar) credits() []fact {
	st := s.styles
	var out []fact
	r := s.rate
	render := func(label string, remaining, limit int) string {
		text := fmt.Sprintf("%s %d/%d", label, remaining, limit)
		if limit > 0 && remaining*10 < limit {
			return st.StatusWarn.Render(text)
		}
		return st.Status.Render(text)
	}
	if r.UserKnown {
		out = append(out, fact{render("user", r.UserRemaining, r.UserLimit), 2})
	}
	if r.ClientKnown {
		out = append(out, fact{render("app", r.ClientRemaining, r.ClientLimit), 3})
	}
	if r.PostKnown {
		out = append(out, fact{render("post", r.PostRemaining, r.PostLimit), 3})
	}
	if r.UserKnown && !r.UserReset.IsZero() {
		out = append(out, fact{st.Status.Render("resets " + clock(r.UserReset, s.now())), 4})
	}
	return out
}

// clock is t in local time, with the date when it is not today's: a
// reset shown as "10:00" must not be read as today's when it is
// tomorrow's.
func clock(t, now time.Time) string {
	y, m, d := t.Local().Date()
	ny, nm, nd := now.Local().Date()
	if y == ny && m == nm && d == nd {
		return t.Local().Format("15:04")
	}
	return t.Local().Format("Jan 2 15:04")
}

// spin is the command that starts the spinner.
func (s statusBar) spin() tea.Cmd { return s.spinner.Tick }
