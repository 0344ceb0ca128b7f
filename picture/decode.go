package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // registered decoders: the formats Imgur serves
	_ "image/jpeg"
	_ "image/png"
	"io"

	_ "golang.org/x/image/webp"
)

// Limits on what Decode accepts.
const (
	// MaxBytes is the largest encoded file read.
	MaxBytes = 16 << 20
	// DefaultMaxPixels caps the decoded size: 4096×4096, 64 MiB as RGBA.
	// Thumbnails are at most 1024 px on a side.
	DefaultMaxPixels = 4096 * 4096
)

// Errors callers can tell apart.
var (
	ErrTooLarge    = errors.New("picture too large")
	ErrUnsupported = errors.New("not a picture imgfav can read")
	ErrDamaged     = errors.New("damaged picture")
)

// Decode reads one picture. It reads the header first and refuses a
// picture of more than maxPixels (DefaultMaxPixels when maxPixels <= 0)
// before decoding, so a small file that claims to be huge (a decompression
// bomb) costs nothing. GIFs give their first frame.
func Decode(r io.Reader, maxPixels int) (image.Image, error) {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read picture: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%w: over %d MiB", ErrTooLarge, MaxBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: %s of %d×%d", ErrUnsupported, format, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, fmt.Errorf("%w: %s of %d×%d pixels", ErrTooLarge, format, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w (%s): %v", ErrDamaged, format, err)
	}
	if b := img.Bounds(); int64(b.Dx())*int64(b.Dy()) > int64(maxPixels) {
		return nil, fmt.Errorf("%w: %s of %d×%d pixels", ErrTooLarge, format, b.Dx(), b.Dy())
	}
	return img, nil
}

// toRGBA returns img as *image.RGBA with its origin at 0,0, copying only
// when it is not one already.
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}
