package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are every style the UI uses, built once for the terminal's
// background and passed down. Views never build styles themselves.
type Styles struct {
	isDark bool
	// width measures text as the terminal will draw it: wcwidth until the
	// terminal reports grapheme clustering (mode 2027), as the renderer does.
	width ansi.Method

	Title    lipgloss.Style // screen titles
	Muted    lipgloss.Style // secondary text
	Accent   lipgloss.Style // URLs and highlights
	Error    lipgloss.Style // one-line errors
	Warning  lipgloss.Style // a notice that matters (a removed favorite)
	Selected lipgloss.Style // the selected list row
	Row      lipgloss.Style
	NSFW     lipgloss.Style
	Kind     lipgloss.Style // the kind marker of a row

	Status     lipgloss.Style // the status bar
	StatusKey  lipgloss.Style // the account name in the status bar
	StatusWarn lipgloss.Style // credits under 10 %
	StatusErr  lipgloss.Style // an error message in the status bar
	Demo       lipgloss.Style // the DEMO badge

	Help help.Styles

	// rows are the list row's styles rendered once (see rowcache.go).
	rows rowStyles
}

// NewStyles returns the styles for a dark or light background. They are
// shared by pointer: a Styles is large, and models are copied on every
// update.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		fg      = ld(lipgloss.Color("#1f2328"), lipgloss.Color("#e6edf3"))
		muted   = ld(lipgloss.Color("#6e7781"), lipgloss.Color("#8b949e"))
		accent  = ld(lipgloss.Color("#0969da"), lipgloss.Color("#58a6ff"))
		red     = ld(lipgloss.Color("#cf222e"), lipgloss.Color("#f85149"))
		yellow  = ld(lipgloss.Color("#9a6700"), lipgloss.Color("#d29922"))
		selBg   = ld(lipgloss.Color("#ddf4ff"), lipgloss.Color("#1f3a5f"))
		barBg   = ld(lipgloss.Color("#eaeef2"), lipgloss.Color("#21262d"))
		magenta = ld(lipgloss.Color("#8250df"), lipgloss.Color("#d2a8ff"))
	)
	st := &Styles{
		isDark:     isDark,
		width:      ansi.WcWidth,
		Title:      lipgloss.NewStyle().Bold(true).Foreground(fg),
		Muted:      lipgloss.NewStyle().Foreground(muted),
		Accent:     lipgloss.NewStyle().Foreground(accent),
		Error:      lipgloss.NewStyle().Foreground(red),
		Warning:    lipgloss.NewStyle().Foreground(yellow),
		Selected:   lipgloss.NewStyle().Background(selBg).Foreground(fg).Bold(true),
		Row:        lipgloss.NewStyle().Foreground(fg),
		NSFW:       lipgloss.NewStyle().Foreground(red).Bold(true),
		Kind:       lipgloss.NewStyle().Foreground(magenta),
		Status:     lipgloss.NewStyle().Background(barBg).Foreground(fg),
		StatusKey:  lipgloss.NewStyle().Background(barBg).Foreground(accent).Bold(true),
		StatusWarn: lipgloss.NewStyle().Background(barBg).Foreground(yellow).Bold(true),
		StatusErr:  lipgloss.NewStyle().Background(barBg).Foreground(red),
		Demo:       lipgloss.NewStyle().Background(yellow).Foreground(lipgloss.Color("#000000")).Bold(true),
		Help:       help.DefaultStyles(isDark),
	}
	st.rows = newRowStyles(st)
	return st
}
