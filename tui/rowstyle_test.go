package tui

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// rowViaRender is the row as it was drawn with a lipgloss Render call per
// part and a cut of the finished line: the look the precomputed row keeps.
func rowViaRender(m listModel, it imgur.Item, selected bool) string {
	st := m.styles
	w := st.width
	facts := ""
	if m.width >= factsMinWidth {
		facts = it.Posted().Local().Format("2006-01-02") + " " + fmt.Sprintf("%*s", viewsWidth, ShortCount(it.Views)+" ◉")
	}
	nsfw := ""
	if it.IsNSFW() {
		nsfw = "NSFW "
	}
	titleRoom := m.width - markWidth - kindWidth - 1 - len(nsfw) - 1
	if facts != "" {
		titleRoom -= factsWidth + 1
	}
	title, untitled := displayText(it.Title), it.Title == ""
	if untitled {
		title = "untitled"
	}
	title = w.Truncate(title, max(titleRoom, 0), "…")
	pad := strings.Repeat(" ", max(titleRoom-w.StringWidth(title), 0))
	if selected {
		line := " ▸ " + fmt.Sprintf("%-*s", kindWidth, kindLabel(it)) + " " + nsfw + title + pad + " " + facts
		return st.Selected.Render(w.Truncate(line, m.width, ""))
	}
	titleStyle := st.Row
	if untitled {
		titleStyle = st.Muted
	}
	line := "   " + st.Kind.Render(fmt.Sprintf("%-*s", kindWidth, kindLabel(it))) + " " + st.NSFW.Render(nsfw) +
		titleStyle.Render(title) + pad + " " + st.Muted.Render(facts)
	return w.Truncate(line, m.width, "")
}

// rowItems are rows that exercise every part: kinds, NSFW, untitled, wide
// text and emoji, joiners, combining marks, long titles, big counts.
func rowItems() []imgur.Item {
	yes := true
	long := strings.Repeat("a long title that goes on ", 10)
	return []imgur.Item{
		{ID: "a", Title: "Restored my grandfather's toolbox", Type: "image/jpeg", Datetime: 1700000000, Views: 1234},
		{ID: "b", Title: "東京の夜景 🐱 and a title long enough to need cutting at every width we test", Type: "image/gif", Animated: true, Datetime: 1700000000, Views: 98765},
		{ID: "c", Type: "video/mp4", Datetime: 1600000000, Views: 5},
		{ID: "d", Title: "nsfw one", NSFW: &yes, IsAlbum: true, ImagesCount: 7, Datetime: 1500000000, Views: 12_345_678},
		{ID: "e", Title: "family 👨\u200d👩\u200d👧 ❤\ufe0f café", Type: "image/png", Datetime: 1700000000, Views: 999},
		{ID: "f", Title: long, NSFW: &yes, Type: "image/png", Datetime: 1700000000, Views: 2_500_000_000},
		{ID: "g", Title: "e\u0301e\u0301 combining, ｗｉｄｅ ＡＳＣＩＩ", IsAlbum: true, ImagesCount: 150, Datetime: 1700000000},
		{ID: "h", Title: "x", NSFW: &yes, Datetime: 1700000000, Views: 42_000_000},
	}
}

// emptySpan is a style opened and closed around nothing: it draws no cell.
// The Render-built row wrote one on every row (an NSFW style around no
// marker), and more where a narrow width cut the title to nothing.
var emptySpan = regexp.MustCompile("\x1b\\[[0-9;]+m\x1b\\[m")

// TestRowKeepsTheLook compares every row, selected or not, at widths from
// narrower than the fixed columns to wide, with the Render-built row: the
// same bytes, bar empty styled spans.
func TestRowKeepsTheLook(t *testing.T) {
	for _, dark := range []bool{true, false} {
		st := NewStyles(dark)
		for _, width := range []int{1, 8, 12, 15, 16, 20, 40, 55, 56, 57, 80, 120, 200} {
			m := listModel{styles: st, width: width}
			for _, it := range rowItems() {
				for _, sel := range []bool{false, true} {
					got := m.row(it, sel, nil, "")
					want := emptySpan.ReplaceAllString(rowViaRender(m, it, sel), "")
					if it.Views >= 100_000_000 && width >= factsMinWidth {
						// Deliberate: the count is cut to fit (123M), where the
						// finished row used to lose its ◉.
						if gw := st.width.StringWidth(got); gw != width-1 || !strings.Contains(got, "◉") {
							t.Errorf("dark=%v width %d %s: %q is %d cells, want %d with its ◉", dark, width, it.ID, ansi.Strip(got), gw, width-1)
						}
						continue
					}
					if got := emptySpan.ReplaceAllString(got, ""); got != want {
						t.Errorf("dark=%v width %d %s selected=%v:\n got %q\nwant %q", dark, width, it.ID, sel, got, want)
					}
					// The facts leave the last column free, as they always did.
					if gw, ww := st.width.StringWidth(got), width-min(width/factsMinWidth, 1); width >= 16 && gw != ww {
						t.Errorf("dark=%v width %d %s: %d cells, want %d", dark, width, it.ID, gw, ww)
					}
				}
			}
		}
	}
}

func TestViewsLabelFitsItsColumn(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1234, "1.2k"}, {98765, "98k"}, {12_345_678, "12.3M"}, {123_456_789, "123M"}, {2_500_000_000, "2.5B"}, {987_600_000_000, "987B"}} {
		if got := viewsLabel(tt.n); got != tt.want {
			t.Errorf("viewsLabel(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestRowDegradesWithTheProfile writes rows through the colour profile
// writer the program's renderer uses: under NO_COLOR no colour is left, and
// on 256 and 16 colour terminals the precomputed codes downsample exactly
// as Render's do.
func TestRowDegradesWithTheProfile(t *testing.T) {
	st := NewStyles(true)
	m := listModel{styles: st, width: 120}
	through := func(p colorprofile.Profile, s string) string {
		var b bytes.Buffer
		w := &colorprofile.Writer{Forward: &b, Profile: p}
		if _, err := w.WriteString(s); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	noColor := colorprofile.Env([]string{"NO_COLOR=1", "TERM=xterm-256color", "COLORTERM=truecolor"})
	if noColor > colorprofile.Ascii {
		t.Fatalf("NO_COLOR detected as %v", noColor)
	}
	for _, it := range rowItems() {
		for _, sel := range []bool{false, true} {
			got := m.row(it, sel, nil, "")
			want := emptySpan.ReplaceAllString(rowViaRender(m, it, sel), "")
			for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.ANSI, noColor} {
				g, w := through(p, got), through(p, want)
				if ansi.Strip(g) != ansi.Strip(w) {
					t.Errorf("%v %s: text differs:\n got %q\nwant %q", p, it.ID, g, w)
				}
				if p == colorprofile.ANSI && strings.Contains(g, "38;2;") || p == colorprofile.ANSI256 && strings.Contains(g, "38;2;") {
					t.Errorf("%v %s: 24-bit colour left in %q", p, it.ID, g)
				}
				if p <= colorprofile.Ascii && (strings.Contains(g, "38;") || strings.Contains(g, "48;") || strings.Contains(g, "[3")) {
					t.Errorf("NO_COLOR %s: colour left in %q", it.ID, g)
				}
			}
			for _, c := range []string{"38;5;", "48;5;"} {
				if g, w := strings.Count(through(colorprofile.ANSI256, got), c), strings.Count(through(colorprofile.ANSI256, want), c); g != w {
					t.Errorf("256 colours %s: %d %q, Render had %d", it.ID, g, c, w)
				}
			}
		}
	}
}

func TestRowStylesAreRenderedOnce(t *testing.T) {
	st := NewStyles(true)
	if st.rows.selected.open == "" || st.rows.selected.close == "" || !strings.Contains(st.rows.nsfw, nsfwMarker) {
		t.Fatalf("row styles not rendered: %+v", st.rows)
	}
	m := listModel{styles: st, width: 120}
	it := rowItems()[0]
	// A row allocates its text and the builder; no style is parsed.
	if n := testing.AllocsPerRun(100, func() { _ = m.row(it, false, nil, "") }); n > 6 {
		t.Errorf("a row makes %v allocations", n)
	}
}

// lineWidth must agree with the method it stands in for on every frame.
func FuzzLineWidth(f *testing.F) {
	st := NewStyles(true)
	m := listModel{styles: st, width: 120}
	for _, it := range rowItems() {
		f.Add(m.row(it, false, nil, ""))
		f.Add(m.row(it, true, nil, ""))
	}
	f.Add("\x1b]8;;https://imgur.com\x1b\\\\link\x1b]8;;\x1b\\\\ after")
	f.Add("plain \x1b[1;2")
	f.Add("e\u0301\x1b[m\u0301x 1\ufe0f\x1b[31m\ufe0f")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lineWidth(s, st.width), st.width.StringWidth(s); got != want {
			t.Errorf("lineWidth(%q) = %d, StringWidth %d", s, got, want)
		}
	})
}
