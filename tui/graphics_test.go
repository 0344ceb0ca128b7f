package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi/kitty"

	"imgfav/picture"
)

var (
	kittyOK    = uv.KittyGraphicsEvent{Options: kitty.Options{ID: kittyQueryID}, Payload: []byte("OK")}
	kittyError = uv.KittyGraphicsEvent{Options: kitty.Options{ID: kittyQueryID}, Payload: []byte("ENOTSUPPORTED")}
	otherKitty = uv.KittyGraphicsEvent{Options: kitty.Options{ID: 7}, Payload: []byte("OK")}
	da1Sixel   = uv.PrimaryDeviceAttributesEvent{62, 4, 22}
	da1Plain   = uv.PrimaryDeviceAttributesEvent{62, 22}
	profile256 = tea.ColorProfileMsg{Profile: colorprofile.ANSI256}
	profileTC  = tea.ColorProfileMsg{Profile: colorprofile.TrueColor}
	profileNo  = tea.ColorProfileMsg{Profile: colorprofile.ASCII}
	kitty043   = tea.TerminalVersionMsg{Name: "kitty(0.43.1)"}
	kitty026   = tea.TerminalVersionMsg{Name: "kitty(0.26.5)"}
	ghostty    = tea.TerminalVersionMsg{Name: "ghostty 1.1.3"}
	wezterm    = tea.TerminalVersionMsg{Name: "WezTerm 20240203-110809-5046fc22"}
)

func TestGraphicsMode(t *testing.T) {
	tests := []struct {
		name    string
		images  string
		tmux    bool
		replies []tea.Msg
		want    picMode
		off     bool
	}{
		{"no answer yet", "auto", false, nil, picBlocks, false},
		{"kitty, then DA1", "auto", false, []tea.Msg{kittyOK, kitty043, da1Plain}, picKitty, false},
		{"kitty and sixel: kitty", "auto", false, []tea.Msg{kittyOK, ghostty, da1Sixel}, picKitty, false},
		{"old kitty draws no placeholders", "auto", false, []tea.Msg{kittyOK, kitty026, da1Plain}, picBlocks, false},
		{"WezTerm: sixel, not placeholders", "auto", false, []tea.Msg{kittyOK, wezterm, da1Sixel}, picSixel, false},
		{"kitty graphics from an unnamed terminal", "auto", false, []tea.Msg{kittyOK, da1Plain}, picBlocks, false},
		{"sixel in DA1", "auto", false, []tea.Msg{da1Sixel}, picSixel, false},
		{"DA1 without sixel", "auto", false, []tea.Msg{da1Plain}, picBlocks, false},
		{"a kitty answer after DA1 is not one", "auto", false, []tea.Msg{da1Plain, kittyOK}, picBlocks, false},
		{"kitty refuses", "auto", false, []tea.Msg{kittyError, da1Plain}, picBlocks, false},
		{"another image's answer", "auto", false, []tea.Msg{otherKitty, da1Plain}, picBlocks, false},
		{"256 colours", "auto", false, []tea.Msg{profile256, da1Plain}, picBlocks256, false},
		{"truecolor", "auto", false, []tea.Msg{profileTC}, picBlocks, false},
		{"no colours", "auto", false, []tea.Msg{profileNo}, picBlocks256, true},
		{"tmux keeps blocks", "auto", true, []tea.Msg{kittyOK, da1Sixel}, picBlocks, false},
		{"forced kitty in tmux", "kitty", true, nil, picKitty, false},
		{"forced sixel over kitty", "sixel", false, []tea.Msg{kittyOK}, picSixel, false},
		{"forced blocks over sixel", "blocks", false, []tea.Msg{da1Sixel}, picBlocks, false},
		{"forced blocks in 256 colours", "blocks", false, []tea.Msg{profile256}, picBlocks256, false},
		{"forced without colours", "blocks", false, []tea.Msg{profileNo}, picBlocks256, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGraphics(tt.images, tt.tmux)
			for _, r := range tt.replies {
				g.Update(r)
			}
			if g.Mode() != tt.want || g.Off() != tt.off {
				t.Errorf("mode %v off %v, want %v off %v", g.Mode(), g.Off(), tt.want, tt.off)
			}
		})
	}
}

func TestGraphicsCellSize(t *testing.T) {
	g := newGraphics("auto", false)
	if g.Update(uv.CellSizeEvent{Width: 0, Height: 20}) || g.Update(uv.CellSizeEvent{Width: 99999, Height: 20}) {
		t.Error("an absurd cell size was taken")
	}
	if !g.Update(uv.CellSizeEvent{Width: 9, Height: 19}) || g.Cell() != (picture.CellSize{W: 9, H: 19}) {
		t.Errorf("cell %v, want 9×19", g.Cell())
	}
}

// The queries go out through tea.Raw at start, never waited for; forced
// modes and tmux ask only for the cell size.
func TestGraphicsQueries(t *testing.T) {
	raws := func(cmd tea.Cmd) string {
		var out []string
		for _, m := range flatten(cmd()) {
			if seq, ok := asSequence(m); ok {
				for _, c := range seq {
					out = append(out, flattenRaw(c())...)
				}
				continue
			}
			out = append(out, flattenRaw(m)...)
		}
		return strings.Join(out, "|")
	}
	got := raws(newGraphics("auto", false).Init())
	if got != kittyQuery+"|\x1b[c|\x1b[16t" && got != kittyQuery+"|\x1b[>0q|\x1b[c|\x1b[16t" {
		t.Errorf("auto sends %q", got)
	}
	for _, g := range []graphics{newGraphics("kitty", false), newGraphics("auto", true)} {
		if got := raws(g.Init()); got != "\x1b[16t" {
			t.Errorf("%+v sends %q", g, got)
		}
	}
}

func flattenRaw(m tea.Msg) []string {
	if r, ok := m.(tea.RawMsg); ok {
		return []string{r.Msg.(string)}
	}
	return nil
}

// The root switches modes as the answers arrive.
func TestAnswersChangeTheDrawing(t *testing.T) {
	pics := &fakePictures{}
	hs := pictureHarnessAt(t, 5, 80, 24, layout{}, pics, nil)
	hs.key("enter")
	hs.advance(pictureRest)
	if !strings.Contains(hs.view(), "▀") {
		t.Fatal("no half blocks before any answer")
	}
	hs.run(hs.send(kittyOK))
	hs.run(hs.send(kitty043))
	hs.run(hs.send(uv.CellSizeEvent{Width: 8, Height: 16}))
	hs.advance(pictureRest)
	if !strings.ContainsRune(hs.view(), '\U0010EEEE') || len(hs.raws) == 0 {
		t.Errorf("after the kitty answer, no placeholders or no transmission:\n%s", hs.view())
	}
	if hs.m.pics.cell != (picture.CellSize{W: 8, H: 16}) {
		t.Errorf("cell size %v not taken", hs.m.pics.cell)
	}
}
