package tui

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

func TestParseTheme(t *testing.T) {
	theme, problems := ParseTheme(map[string]string{"accent": "#ff8800", "muted": "244", "bar": "#abc",
		"error": "red", "selection": "300", "sparkle": "#fff"})
	if want := (Theme{"accent": "#ff8800", "muted": "244", "bar": "#abc"}); !reflect.DeepEqual(theme, want) {
		t.Fatalf("theme %v, want %v", theme, want)
	}
	for name, want := range map[string]string{"error": `"red" is not a colour`, "selection": `"300" is not a colour`,
		"sparkle": `unknown theme setting "sparkle"`} {
		if !strings.Contains(problems[name], want) {
			t.Errorf("%s: %q, want it to say %q", name, problems[name], want)
		}
	}
}

// TestThemeColoursApplyAndNoColorWins draws a themed row: the theme's
// accent and selection are in it, and under NO_COLOR the profile writer of
// the program's renderer leaves no colour at all.
func TestThemeColoursApplyAndNoColorWins(t *testing.T) {
	st := NewThemedStyles(true, Theme{"accent": "#ff8800", "selection": "#102030", "kind": "33"})
	if got := st.Accent.Render("x"); !strings.Contains(got, "38;2;255;136;0") {
		t.Fatalf("accent %q lacks the theme's colour", got)
	}
	m := listModel{styles: st, width: 120}
	row := m.row(rowItems()[0], true, nil, "")
	if !strings.Contains(row, "48;2;16;32;48") {
		t.Fatalf("selected row %q lacks the theme's selection colour", row)
	}
	plainRow := m.row(rowItems()[0], false, nil, "")
	if !strings.Contains(plainRow, "38;5;33") {
		t.Fatalf("row %q lacks the theme's kind colour (ANSI 33)", plainRow)
	}
	if def := NewStyles(true); def.Accent.Render("x") == st.Accent.Render("x") {
		t.Fatal("the default accent is the theme's")
	}
	noColor := colorprofile.Env([]string{"NO_COLOR=1", "TERM=xterm-256color", "COLORTERM=truecolor"})
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: noColor}
	if _, err := w.WriteString(row + plainRow); err != nil {
		t.Fatal(err)
	}
	if g := b.String(); strings.Contains(g, "38;") || strings.Contains(g, "48;") {
		t.Fatalf("NO_COLOR left a theme colour: %q", g)
	}
}

func TestTerminalPalette(t *testing.T) {
	theme, problems := ParseTheme(map[string]string{"palette": "terminal", "accent": "#ff8800"})
	if len(problems) != 0 || theme["palette"] != "terminal" {
		t.Fatalf("%v %v", theme, problems)
	}
	dark, light := NewThemedStyles(true, theme), NewThemedStyles(false, theme)
	for _, c := range []struct {
		got, want string
	}{
		{dark.Muted.Render("x"), "\x1b[90m"},        // ANSI 8
		{dark.Error.Render("x"), "\x1b[91m"},        // ANSI 9 on dark
		{light.Error.Render("x"), "\x1b[31m"},       // ANSI 1 on light
		{dark.Accent.Render("x"), "38;2;255;136;0"}, // a colour set by name still wins
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%q lacks %q", c.got, c.want)
		}
	}
	if got := dark.Row.Render("x"); strings.Contains(got, "38;") || strings.Contains(got, "[3") {
		t.Errorf("text in the terminal's own foreground, got %q", got)
	}
	if _, problems := ParseTheme(map[string]string{"palette": "neon"}); problems["palette"] == "" {
		t.Error("an unknown palette accepted")
	}
}

// On a terminal of 16 colours (or none) the selection is reverse video:
// imgfav's pale selection would come out loud cyan there. A theme's own
// selection colour is kept.
func TestSixteenColoursSelectInReverse(t *testing.T) {
	m := sized(t, New(Options{Client: stubClient{}}), 80, 24)
	m, _ = update(t, m, tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if !m.styles.few || !m.styles.Selected.GetReverse() {
		t.Errorf("16 colours: few %v, reverse %v", m.styles.few, m.styles.Selected.GetReverse())
	}
	m, _ = update(t, m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	if m.styles.few || m.styles.Selected.GetReverse() {
		t.Error("truecolor kept the reverse selection")
	}
	if st := newStyles(true, true, Theme{"selection": "#123456"}); st.Selected.GetReverse() {
		t.Error("a theme's selection colour was replaced")
	}
	// Muted text is faint there: imgfav's grey comes out cyan in 16
	// colours. A theme's muted colour, or the terminal palette's, is kept.
	for _, c := range []struct {
		theme Theme
		faint bool
	}{{nil, true}, {Theme{"muted": "#777777"}, false}, {Theme{"palette": PaletteTerminal}, false}} {
		if st := newStyles(true, true, c.theme); st.Muted.GetFaint() != c.faint {
			t.Errorf("theme %v: muted faint %v, want %v", c.theme, st.Muted.GetFaint(), c.faint)
		}
	}
	if st := newStyles(true, false, nil); st.Muted.GetFaint() {
		t.Error("truecolor muted text is faint")
	}
}

// A removed favorite's title stays faint after a search highlight on a
// 16-colour terminal: the highlight's end (SGR 22) ends faint too, so the
// dim style comes back after it, in the list and in the grid.
func TestHighlightKeepsARemovedTitleFaint(t *testing.T) {
	hs := newHarness(t, favs(5), 80, 24)
	hs.start()
	hs.serve()
	hs.m, _ = update(t, hs.m, tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	it := hs.items()[1]
	hs.m.marks.removed[it.ID] = true
	end := markOff + hs.m.styles.rows.muted.open
	if !strings.HasPrefix(hs.m.styles.rows.muted.open, "\x1b[2") {
		t.Fatalf("muted is not faint on 16 colours: %q", hs.m.styles.rows.muted.open)
	}
	spans := [][2]int{{0, 1}}
	if row := hs.m.list.row(it, false, spans, ""); !strings.Contains(row, end) {
		t.Errorf("list row %q: the dim style does not come back after the highlight", row)
	}
	if cell := hs.m.list.cellTitle(it, 30, false, spans); !strings.Contains(cell, end) {
		t.Errorf("grid title %q: the dim style does not come back after the highlight", cell)
	}
	if row := hs.m.list.row(hs.items()[2], false, spans, ""); strings.Contains(row, end) {
		t.Errorf("a row not removed is dimmed after its highlight: %q", row)
	}
}
