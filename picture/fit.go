package picture

import (
	"image"
	"math"

	xdraw "golang.org/x/image/draw"
)

// CellSize is the size of one terminal cell in pixels. The zero value
// means unknown: a cell is then taken to be twice as tall as it is wide.
type CellSize struct{ W, H int }

func (c CellSize) known() bool { return c.W > 0 && c.H > 0 }

// aspect is the height of a cell over its width.
func (c CellSize) aspect() float64 {
	if !c.known() {
		return 2
	}
	return float64(c.H) / float64(c.W)
}

// Fit returns the box of cells, at most maxCols×maxRows, that shows a
// picture of w×h pixels whole with its aspect ratio kept. Every side is at
// least one cell, however thin the picture.
func Fit(w, h, maxCols, maxRows int, cell CellSize) (cols, rows int) {
	if w <= 0 || h <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0
	}
	// In units of a cell's width: the picture is w wide and h tall, the
	// box maxCols wide and maxRows·aspect tall.
	a := cell.aspect()
	s := math.Min(float64(maxCols)/float64(w), float64(maxRows)*a/float64(h))
	cols = int(math.Round(float64(w) * s))
	rows = int(math.Round(float64(h) * s / a))
	return min(max(cols, 1), maxCols), min(max(rows, 1), maxRows)
}

// Scale resizes img to exactly w×h pixels. Shrinking by two or more (the
// usual case: a 320 px thumbnail into a few dozen cells) averages every
// source pixel under each target pixel, which is both the sharpest honest
// result and fast; anything else uses a Catmull-Rom filter.
func Scale(img image.Image, w, h int) *image.RGBA {
	w, h = max(w, 1), max(h, 1)
	b := img.Bounds()
	if b.Dx() >= 2*w && b.Dy() >= 2*h {
		return boxShrink(toRGBA(img), w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Rect, img, b, xdraw.Src, nil)
	return dst
}

// boxShrink averages src down to w×h: each target pixel is the mean of the
// source pixels whose centres fall in it.
func boxShrink(src *image.RGBA, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	for y := range h {
		y0, y1 := y*sh/h, (y+1)*sh/h
		for x := range w {
			x0, x1 := x*sw/w, (x+1)*sw/w
			var r, g, bl, a, n uint32
			for sy := y0; sy < y1; sy++ {
				row := src.Pix[sy*src.Stride+4*x0 : sy*src.Stride+4*x1]
				for i := 0; i < len(row); i += 4 {
					r += uint32(row[i])
					g += uint32(row[i+1])
					bl += uint32(row[i+2])
					a += uint32(row[i+3])
				}
				n += uint32(x1 - x0)
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = uint8(r/n), uint8(g/n), uint8(bl/n), uint8(a/n)
		}
	}
	return dst
}

// Blur returns img so blurred that nothing in it can be made out, the same
// size: it is shrunk to a few pixels and stretched back smoothly. Used for
// NSFW pictures.
func Blur(img image.Image) *image.RGBA {
	b := img.Bounds()
	tiny := image.NewRGBA(image.Rect(0, 0, max(b.Dx()/24, 2), max(b.Dy()/24, 2)))
	xdraw.ApproxBiLinear.Scale(tiny, tiny.Rect, img, b, xdraw.Src, nil)
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	xdraw.BiLinear.Scale(out, out.Rect, tiny, tiny.Rect, xdraw.Src, nil)
	return out
}
