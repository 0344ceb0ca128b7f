package tui

import (
	"fmt"
	"image/color"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are every style the UI uses, built once for the terminal's
// background and passed down. Views never build styles themselves.
type Styles struct {
	isDark bool
	// few is a terminal of 16 colours, where imgfav's own shades come out
	// as loud ones: the selection is then drawn in reverse video.
	few bool
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
func NewStyles(isDark bool) *Styles { return NewThemedStyles(isDark, nil) }

// NewThemedStyles returns the styles with the theme's colours in place of
// the defaults.
func NewThemedStyles(isDark bool, theme Theme) *Styles { return newStyles(isDark, false, theme) }

// newStyles is NewThemedStyles for a terminal of few (16) colours or more.
func newStyles(isDark, few bool, theme Theme) *Styles {
	pick := themePicker{theme, isDark}.pick
	// The text is the terminal's own foreground in either palette: it
	// follows the terminal's scheme and is readable on its background.
	// On imgfav's own backgrounds (the selection, the bar) the text is
	// imgfav's too: the terminal's could be dark on dark. imgfav's other
	// colours are its own, one set for light backgrounds and one for dark:
	// a terminal's 16 colours can hide text (Solarized's bright black,
	// imgfav's muted in that palette, is its background).
	var (
		fg      = pick("text", "", "")
		onBg    = pick("text", "#1f2328", "#e6edf3")
		muted   = pick("muted", "#6e7781", "#8b949e")
		accent  = pick("accent", "#0969da", "#58a6ff")
		red     = pick("error", "#cf222e", "#f85149")
		yellow  = pick("warning", "#9a6700", "#d29922")
		selBg   = pick("selection", "#ddf4ff", "#1f3a5f")
		barBg   = pick("bar", "#eaeef2", "#21262d")
		magenta = pick("kind", "#8250df", "#d2a8ff")
		nsfw    = pick("nsfw", "#cf222e", "#f85149")
	)
	st := &Styles{
		isDark:     isDark,
		few:        few,
		width:      ansi.WcWidth,
		Title:      lipgloss.NewStyle().Bold(true).Foreground(fg),
		Muted:      lipgloss.NewStyle().Foreground(muted),
		Accent:     lipgloss.NewStyle().Foreground(accent),
		Error:      lipgloss.NewStyle().Foreground(red),
		Warning:    lipgloss.NewStyle().Foreground(yellow),
		Selected:   lipgloss.NewStyle().Background(selBg).Foreground(onBg).Bold(true),
		Row:        lipgloss.NewStyle().Foreground(fg),
		NSFW:       lipgloss.NewStyle().Foreground(nsfw).Bold(true),
		Kind:       lipgloss.NewStyle().Foreground(magenta),
		Status:     lipgloss.NewStyle().Background(barBg).Foreground(onBg),
		StatusKey:  lipgloss.NewStyle().Background(barBg).Foreground(accent).Bold(true),
		StatusWarn: lipgloss.NewStyle().Background(barBg).Foreground(yellow).Bold(true),
		StatusErr:  lipgloss.NewStyle().Background(barBg).Foreground(red),
		Demo:       lipgloss.NewStyle().Background(yellow).Foreground(lipgloss.Color("#000000")).Bold(true),
		Help:       help.DefaultStyles(isDark),
	}
	if few {
		st.forFewColours(theme)
	}
	st.rows = newRowStyles(st)
	return st
}

// forFewColours replaces the styles whose colours a terminal of 16 would
// turn loud, unless the theme chose them.
func (st *Styles) forFewColours(theme Theme) {
	if _, set := theme["selection"]; !set {
		// imgfav's pale selection would come out bright cyan or blue.
		st.Selected = lipgloss.NewStyle().Reverse(true).Bold(true)
	}
	if _, set := theme["muted"]; !set && theme[paletteKey] != PaletteTerminal {
		// imgfav's grey would come out cyan; faint text is secondary in
		// any palette and never the colour of the background.
		st.Muted = lipgloss.NewStyle().Faint(true)
	}
}

// themePicker chooses each colour: the theme's, else the default of the
// palette for the background.
type themePicker struct {
	theme  Theme
	isDark bool
}

// pick is the colour name: the theme's, the terminal palette's, or
// imgfav's for a light or dark background ("" for the terminal's own).
func (p themePicker) pick(name string, light, dark string) color.Color {
	if c, ok := p.theme[name]; ok {
		return lipgloss.Color(c)
	}
	if p.theme[paletteKey] == PaletteTerminal {
		return terminalColour(name, p.isDark)
	}
	if light == "" {
		return lipgloss.NoColor{} // the terminal's own
	}
	return lipgloss.LightDark(p.isDark)(lipgloss.Color(light), lipgloss.Color(dark))
}

// Theme is colours by name (config.toml's [theme]), each "#rrggbb", "#rgb"
// or an ANSI colour number 0-255. Names not set keep the default, which
// follows the terminal's light or dark background. NO_COLOR wins over any
// theme: the program then draws no colour at all.
type Theme map[string]string

// paletteKey is the theme's choice of defaults: PaletteTerminal takes
// them from the terminal's own 16 colours, so imgfav wears whatever scheme
// the terminal has (Solarized, Gruvbox…); anything else is imgfav's own.
const (
	paletteKey      = "palette"
	PaletteTerminal = "terminal"
)

// terminalColours are the defaults from the terminal's palette, by name:
// ANSI numbers for a light and a dark background; "" is the terminal's own
// foreground or background.
var terminalColours = map[string][2]string{
	"text": {"", ""}, "muted": {"8", "8"}, "accent": {"4", "12"}, "error": {"1", "9"}, "warning": {"3", "11"},
	"selection": {"7", "8"}, "bar": {"7", "0"}, "kind": {"5", "13"}, "nsfw": {"1", "9"},
}

func terminalColour(name string, isDark bool) color.Color {
	c := terminalColours[name][0]
	if isDark {
		c = terminalColours[name][1]
	}
	if c == "" {
		return lipgloss.NoColor{}
	}
	return lipgloss.Color(c)
}

// ThemeColours are the names a theme may set.
var ThemeColours = []string{"text", "muted", "accent", "error", "warning", "selection", "bar", "kind", "nsfw"}

var hexColour = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// ParseTheme keeps the valid colours of raw and says what is wrong with
// the others, one problem per name, in name order.
func ParseTheme(raw map[string]string) (Theme, map[string]string) {
	t, problems := Theme{}, map[string]string{}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		v := raw[name]
		known := false
		for _, c := range ThemeColours {
			known = known || c == name
		}
		n, err := strconv.Atoi(v)
		switch {
		case name == paletteKey && (v == PaletteTerminal || v == "imgfav"):
			t[name] = v
		case name == paletteKey:
			problems[name] = fmt.Sprintf("theme.palette: %q (want \"terminal\" or \"imgfav\")", v)
		case !known:
			problems[name] = fmt.Sprintf("unknown theme setting %q (want palette, or a colour: %s)", name, strings.Join(ThemeColours, ", "))
		case hexColour.MatchString(v), err == nil && n >= 0 && n <= 255:
			t[name] = v
		default:
			problems[name] = fmt.Sprintf("theme.%s: %q is not a colour (want \"#rrggbb\", \"#rgb\" or 0-255)", name, v)
		}
	}
	return t, problems
}
