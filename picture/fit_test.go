package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// A decoded JPEG is shrunk in YCbCr: the same picture as converting every
// pixel to RGB first, within rounding, for every chroma layout and for a
// picture whose bounds do not start at 0,0.
func TestShrinkYCbCrMatchesRGB(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, ratio := range ratios {
		full := image.NewYCbCr(image.Rect(0, 0, 331, 247), ratio)
		for y := range 247 {
			for x := range 331 {
				// Smooth, in the range where no channel clips: there
				// averaging before or after the conversion is the same.
				full.Y[full.YOffset(x, y)] = uint8(40 + x*150/331 + (x*y)%7)
				c := full.COffset(x, y)
				full.Cb[c], full.Cr[c] = uint8(128+(y-123)/4), uint8(128+(x-165)/5)
			}
		}
		for _, img := range []*image.YCbCr{full, full.SubImage(image.Rect(13, 7, 301, 240)).(*image.YCbCr)} {
			got, want := boxShrinkYCbCr(img, 40, 23), boxShrink(toRGBA(img), 40, 23)
			worst := 0
			for i := range got.Pix {
				worst = max(worst, abs(int(got.Pix[i])-int(want.Pix[i])))
			}
			if worst > 3 {
				t.Errorf("%v %v: differs by up to %d from the RGB shrink", ratio, img.Rect, worst)
			}
		}
	}
	// A real JPEG, detailed: where a channel clips the two differ a
	// little, never visibly on the whole.
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testPattern(320, 320), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, want := boxShrinkYCbCr(img.(*image.YCbCr), 60, 60), boxShrink(toRGBA(img), 60, 60)
	total := 0
	for i := range got.Pix {
		total += abs(int(got.Pix[i]) - int(want.Pix[i]))
	}
	if mean := float64(total) / float64(len(got.Pix)); mean > 2 {
		t.Errorf("a real JPEG differs by %.1f a channel on average", mean)
	}
}

// testPattern is a detailed picture: rings and stripes in every colour.
func testPattern(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			d := (x-w/2)*(x-w/2) + (y-h/2)*(y-h/2)
			img.Set(x, y, color.RGBA{uint8(d / 37), uint8(x * 255 / w), uint8((x ^ y) & 0xff), 255})
		}
	}
	return img
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Files of absurd shapes, a line 4 000 pixels long one way or the other,
// decode and draw into a box of cells without a panic or an empty cell
// count, and stay within the box.
func TestAbsurdShapesFromFiles(t *testing.T) {
	for _, sz := range [][2]int{{4000, 1}, {1, 4000}, {4000, 2}, {3, 4000}} {
		for _, format := range []string{"png", "jpeg", "gif"} {
			img, err := Decode(bytes.NewReader(encode(t, format, sample(sz[0], sz[1]))), 0)
			if err != nil {
				t.Fatalf("%s %dx%d: %v", format, sz[0], sz[1], err)
			}
			b := img.Bounds()
			cols, rows := Fit(b.Dx(), b.Dy(), 60, 30, CellSize{})
			lines := HalfBlocks(img, cols, rows, TrueColor)
			if cols < 1 || rows < 1 || cols > 60 || rows > 30 || len(lines) != rows {
				t.Errorf("%s %dx%d: %d×%d cells, %d lines", format, sz[0], sz[1], cols, rows, len(lines))
			}
		}
	}
}
