package picture

import (
	"bytes"
	"fmt"
	"image"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/sixel"
)

// Sixel returns the DCS sequence that draws img, scaled to exactly pxW×pxH
// pixels, as sixel graphics at the cursor. Unlike placeholders, sixel
// pixels are not text: the caller owns the region and must clear and
// redraw it when the screen changes there.
func Sixel(img image.Image, pxW, pxH int) (string, error) {
	if pxW <= 0 || pxH <= 0 {
		return "", fmt.Errorf("sixel of %d×%d pixels", pxW, pxH)
	}
	scaled := Scale(img, pxW, pxH)
	var payload bytes.Buffer
	if err := (&sixel.Encoder{}).Encode(&payload, scaled); err != nil {
		return "", fmt.Errorf("encode sixel: %w", err)
	}
	// p2 = 1: pixels not drawn keep the background (0 leaves a black bar).
	return ansi.SixelGraphics(0, 1, 0, payload.Bytes()), nil
}
