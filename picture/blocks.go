package picture

import (
	"image"
	"strconv"
)

// Colors is how many colours the terminal can show.
type Colors int

const (
	// TrueColor is 24-bit colour (the terminal announced truecolor).
	TrueColor Colors = iota
	// ANSI256 is the xterm 256-colour palette.
	ANSI256
)

// HalfBlocks draws img in cols×rows cells, each an upper half block "▀"
// whose foreground is the upper pixel and background the lower, so a cell
// shows two pixels. It returns one string per row, each ending with a
// reset; a colour is only sent when it changes from the cell before.
func HalfBlocks(img image.Image, cols, rows int, colors Colors) []string {
	if cols <= 0 || rows <= 0 {
		return nil
	}
	px := Scale(img, cols, rows*2)
	lines := make([]string, rows)
	buf := make([]byte, 0, cols*40)
	for row := range rows {
		buf = buf[:0]
		var lastFG, lastBG [3]uint8
		for col := range cols {
			fg, bg := rgbAt(px, col, 2*row, colors), rgbAt(px, col, 2*row+1, colors)
			if col == 0 || fg != lastFG {
				buf = appendColor(buf, 38, fg, colors)
			}
			if col == 0 || bg != lastBG {
				buf = appendColor(buf, 48, bg, colors)
			}
			lastFG, lastBG = fg, bg
			buf = append(buf, "▀"...)
		}
		buf = append(buf, "\x1b[m"...)
		lines[row] = string(buf)
	}
	return lines
}

// rgbAt is the colour of a pixel of an RGBA image, composed over black;
// in 256 colours its palette index (in the first byte), so that equal
// cells compare equal.
func rgbAt(m *image.RGBA, x, y int, colors Colors) [3]uint8 {
	i := m.PixOffset(x, y)
	p := m.Pix[i : i+4 : i+4]
	if colors == ANSI256 {
		return [3]uint8{uint8(Nearest256(p[0], p[1], p[2]))}
	}
	return [3]uint8{p[0], p[1], p[2]} // premultiplied: already over black
}

// appendColor appends the SGR for a foreground (38) or background (48)
// colour.
func appendColor(buf []byte, layer int, c [3]uint8, colors Colors) []byte {
	buf = append(buf, "\x1b["...)
	buf = strconv.AppendInt(buf, int64(layer), 10)
	if colors == ANSI256 {
		buf = append(buf, ";5;"...)
		buf = strconv.AppendInt(buf, int64(c[0]), 10) // already an index
	} else {
		buf = append(buf, ";2;"...)
		buf = strconv.AppendInt(buf, int64(c[0]), 10)
		buf = append(buf, ';')
		buf = strconv.AppendInt(buf, int64(c[1]), 10)
		buf = append(buf, ';')
		buf = strconv.AppendInt(buf, int64(c[2]), 10)
	}
	return append(buf, 'm')
}

// cubeLevels are the channel values of xterm's 6×6×6 colour cube.
var cubeLevels = [6]int{0, 95, 135, 175, 215, 255}

// Nearest256 returns the xterm colour (16–255) closest to r, g, b: the
// nearer of the best cube colour and the best grey. The 16 system colours
// are left out: terminals redefine them.
func Nearest256(r, g, b uint8) int {
	ri, gi, bi := cubeIndex(r), cubeIndex(g), cubeIndex(b)
	cube := 16 + 36*ri + 6*gi + bi
	cr, cg, cb := cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]
	avg := (int(r) + int(g) + int(b)) / 3
	gi2 := min(max((avg-8+5)/10, 0), 23)
	gv := 8 + 10*gi2
	if dist(r, g, b, gv, gv, gv) < dist(r, g, b, cr, cg, cb) {
		return 232 + gi2
	}
	return cube
}

func cubeIndex(v uint8) int {
	switch {
	case v < 48:
		return 0
	case v < 115:
		return 1
	}
	return (int(v) - 35) / 40
}

func dist(r, g, b uint8, r2, g2, b2 int) int {
	dr, dg, db := int(r)-r2, int(g)-g2, int(b)-b2
	return dr*dr + dg*dg + db*db
}
