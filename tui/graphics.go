package tui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"imgfav/picture"
)

// How pictures are drawn is found out without delaying the first frame:
// they start as half blocks, and the answers to three queries sent at
// start may change that. A terminal that answers the kitty graphics query
// gets kitty graphics; one whose primary device attributes include 4 (and
// that did not answer the kitty query before them) gets sixel; one that
// reports its cell size in pixels gets pictures scaled to it. Inside tmux,
// which passes neither through by default, half blocks stay. --images
// forces a mode.

// kittyQueryID is the id of the kitty graphics query's 1×1 picture.
const kittyQueryID = 31

// kittyQuery asks whether the terminal speaks the kitty graphics protocol:
// it answers "OK" for image kittyQueryID if it does.
const kittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"

// Picture modes as --images names them.
const (
	ImagesAuto   = "auto"
	ImagesKitty  = "kitty"
	ImagesSixel  = "sixel"
	ImagesBlocks = "blocks"
	ImagesOff    = "off"
)

// ImageModes are the values of --images.
var ImageModes = []string{ImagesAuto, ImagesKitty, ImagesSixel, ImagesBlocks, ImagesOff}

// graphics is what the terminal can draw, as far as it said so far.
type graphics struct {
	forced  string // "" or a mode of ImageModes other than auto
	inTmux  bool
	kitty   bool   // the terminal answered the kitty query
	version string // its XTVERSION answer, when it gave one
	sixel   bool   // DA1 announced sixel
	colors  picture.Colors
	noColor bool // the terminal shows no colours (ASCII, or not a terminal)
	cell    picture.CellSize
	decided bool // DA1 arrived: no kitty answer comes after it
}

func newGraphics(images string, inTmux bool) graphics {
	g := graphics{inTmux: inTmux}
	if images != ImagesAuto {
		g.forced = images
	}
	return g
}

// Init sends the queries, unless the mode is forced or tmux would swallow
// them. The cell size is asked for in every case.
func (g graphics) Init() tea.Cmd {
	cell := tea.Raw(ansi.WindowOp(ansi.RequestCellSizeWinOp))
	if g.forced != "" || g.inTmux {
		return cell
	}
	return tea.Sequence(tea.Raw(kittyQuery), tea.RequestTerminalVersion, tea.Raw(ansi.RequestPrimaryDeviceAttributes), cell)
}

// Update takes an answer; it reports whether the mode or the cell size
// changed.
func (g *graphics) Update(msg tea.Msg) bool {
	before := *g
	switch msg := msg.(type) {
	case uv.KittyGraphicsEvent:
		if msg.Options.ID == kittyQueryID && !g.decided && bytes.Equal(msg.Payload, []byte("OK")) {
			g.kitty = true
		}
	case tea.TerminalVersionMsg:
		g.version = msg.Name
	case uv.PrimaryDeviceAttributesEvent:
		g.decided = true
		g.sixel = slices.Contains([]int(msg), 4)
	case uv.CellSizeEvent:
		if msg.Width > 0 && msg.Height > 0 && msg.Width < 1000 && msg.Height < 1000 {
			g.cell = picture.CellSize{W: msg.Width, H: msg.Height}
		}
	case tea.ColorProfileMsg:
		if msg.Profile == colorprofile.Unknown {
			break
		}
		g.colors, g.noColor = picture.TrueColor, msg.Profile <= colorprofile.ASCII
		if msg.Profile < colorprofile.TrueColor {
			g.colors = picture.ANSI256
		}
	}
	return *g != before
}

// Mode is how pictures are drawn now.
func (g graphics) Mode() picMode {
	switch {
	case g.forced == ImagesKitty:
		return picKitty
	case g.forced == ImagesSixel:
		return picSixel
	case g.forced == "" && !g.inTmux && g.kitty && placeholders(g.version):
		return picKitty
	case g.forced == "" && !g.inTmux && g.sixel:
		return picSixel
	case g.colors == picture.ANSI256:
		return picBlocks256
	}
	return picBlocks
}

// placeholders reports whether a terminal that speaks kitty graphics
// also draws its Unicode placeholders, by its XTVERSION answer: kitty
// from 0.28 and ghostty do; older kitty, WezTerm and Konsole answer the
// query but leave the cells blank, so they get sixel or half blocks.
func placeholders(version string) bool {
	v := strings.ToLower(version)
	switch {
	case strings.HasPrefix(v, "ghostty"):
		return true
	case strings.HasPrefix(v, "kitty("):
		var major, minor int
		if _, err := fmt.Sscanf(v, "kitty(%d.%d", &major, &minor); err != nil {
			return false
		}
		return major > 0 || minor >= 28
	}
	return false
}

// Off reports whether pictures cannot be shown: the terminal has no
// colours, and no mode was forced.
func (g graphics) Off() bool { return g.noColor && g.forced == "" }

// Cell is the terminal's cell in pixels; zero when unknown.
func (g graphics) Cell() picture.CellSize { return g.cell }
