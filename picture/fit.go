package picture

import (
	"image"
	"image/color"
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
		if y, ok := img.(*image.YCbCr); ok {
			return boxShrinkYCbCr(y, w, h) // a JPEG: no conversion of every pixel first
		}
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

// boxShrinkYCbCr is boxShrink of a decoded JPEG: the average is taken in
// YCbCr, where it is the same (the conversion to RGB is affine), and only
// the averages are converted, one per target pixel.
func boxShrinkYCbCr(src *image.YCbCr, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	r := src.Rect
	sw, sh := r.Dx(), r.Dy()
	hs, vs := chromaStep(src.SubsampleRatio)
	for y := range h {
		y0, y1 := y*sh/h, (y+1)*sh/h
		cy0, cy1 := (r.Min.Y+y0)/vs-r.Min.Y/vs, (r.Min.Y+y1-1)/vs-r.Min.Y/vs+1
		for x := range w {
			x0, x1 := x*sw/w, (x+1)*sw/w
			cx0, cx1 := (r.Min.X+x0)/hs-r.Min.X/hs, (r.Min.X+x1-1)/hs-r.Min.X/hs+1
			yy := boxMean(src.Y, src.YStride, x0, x1, y0, y1)
			cb := boxMean(src.Cb, src.CStride, cx0, cx1, cy0, cy1)
			cr := boxMean(src.Cr, src.CStride, cx0, cx1, cy0, cy1)
			rr, gg, bb := color.YCbCrToRGB(yy, cb, cr)
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = rr, gg, bb, 0xff
		}
	}
	return dst
}

// boxMean is the mean of the plane's samples in [x0,x1)×[y0,y1).
func boxMean(plane []byte, stride, x0, x1, y0, y1 int) uint8 {
	var sum, n uint32
	for y := y0; y < y1; y++ {
		for _, v := range plane[y*stride+x0 : y*stride+x1] {
			sum += uint32(v)
		}
		n += uint32(x1 - x0)
	}
	if n == 0 {
		return 0
	}
	return uint8((sum + n/2) / n)
}

// chromaStep is how many pixels across and down share a chroma sample.
func chromaStep(r image.YCbCrSubsampleRatio) (h, v int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
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
