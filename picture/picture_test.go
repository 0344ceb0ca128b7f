package picture

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi/sixel"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a small picture with structure: a gradient with a square.
func sample(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(255 * x / max(w-1, 1)), uint8(255 * y / max(h-1, 1)), 128, 255}
			if x > w/4 && x < w/2 && y > h/4 && y < h/2 {
				c = color.RGBA{250, 250, 250, 255}
			}
			m.Set(x, y, c)
		}
	}
	return m
}

func encode(t testing.TB, format string, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, m)
	case "jpeg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	case "gif":
		err = gif.Encode(&b, m, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webp1x1 is a lossless 1×1 WebP.
const webp1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func TestDecodeFormats(t *testing.T) {
	webp, _ := base64.StdEncoding.DecodeString(webp1x1)
	for _, tt := range []struct {
		name string
		data []byte
		w, h int
	}{
		{"png", encode(t, "png", sample(40, 30)), 40, 30},
		{"jpeg", encode(t, "jpeg", sample(40, 30)), 40, 30},
		{"gif", encode(t, "gif", sample(40, 30)), 40, 30},
		{"webp", webp, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Decode(bytes.NewReader(tt.data), 0)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("decoded %v, want %d×%d", b, tt.w, tt.h)
			}
		})
	}
}

// pngHeader returns a PNG that claims to be w×h but holds no pixels.
func pngHeader(w, h uint32) []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, w)
	binary.Write(&ihdr, binary.BigEndian, h)
	ihdr.Write([]byte{8, 6, 0, 0, 0})
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr.Bytes())
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	return b.Bytes()
}

func TestDecodeRefusesBadInput(t *testing.T) {
	good := encode(t, "png", sample(40, 30))
	jpg := encode(t, "jpeg", sample(40, 30))
	for _, tt := range []struct {
		name string
		data []byte
		want error // nil: any error
	}{
		{"decompression bomb (png header 100000×100000)", pngHeader(100000, 100000), ErrTooLarge},
		{"just over the cap", pngHeader(4097, 4096), ErrTooLarge},
		{"truncated png", good[:len(good)/2], nil},
		{"truncated jpeg", jpg[:len(jpg)/3], nil},
		{"html error page", []byte("<html><body>404 Not Found</body></html>"), ErrUnsupported},
		{"empty", nil, ErrUnsupported},
		{"zero-sized png", pngHeader(0, 10), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Decode(bytes.NewReader(tt.data), 0)
			if err == nil {
				t.Fatalf("decoded %v", img.Bounds())
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
		})
	}
}

func TestDecodeBombAllocatesNothing(t *testing.T) {
	bomb := pngHeader(60000, 60000)
	allocs := testing.AllocsPerRun(5, func() { _, _ = Decode(bytes.NewReader(bomb), 0) })
	if allocs > 200 {
		t.Errorf("refusing a bomb took %v allocations", allocs)
	}
}

func TestFit(t *testing.T) {
	for _, tt := range []struct {
		name               string
		w, h, maxC, maxR   int
		cell               CellSize
		wantCols, wantRows int
	}{
		{"square in a wide box, cells 1:2", 320, 320, 60, 30, CellSize{}, 60, 30},
		{"square in a tall box", 320, 320, 20, 30, CellSize{}, 20, 10},
		{"landscape", 640, 480, 80, 24, CellSize{}, 64, 24},
		{"real cell size 8×16", 640, 480, 80, 24, CellSize{8, 16}, 64, 24},
		{"square cells", 640, 480, 80, 24, CellSize{10, 10}, 32, 24},
		{"absurdly wide", 10000, 1, 80, 24, CellSize{}, 80, 1},
		{"absurdly tall", 1, 10000, 80, 24, CellSize{}, 1, 24},
		{"no room", 100, 100, 0, 10, CellSize{}, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, r := Fit(tt.w, tt.h, tt.maxC, tt.maxR, tt.cell)
			if c != tt.wantCols || r != tt.wantRows {
				t.Errorf("Fit = %d×%d, want %d×%d", c, r, tt.wantCols, tt.wantRows)
			}
		})
	}
}

func TestNearest256(t *testing.T) {
	for _, tt := range []struct {
		r, g, b uint8
		want    int
	}{
		{255, 0, 0, 196}, {0, 0, 0, 16}, {255, 255, 255, 231}, {128, 128, 128, 244},
		{0, 95, 135, 24}, {8, 8, 8, 232}, {238, 238, 238, 255},
	} {
		if got := Nearest256(tt.r, tt.g, tt.b); got != tt.want {
			t.Errorf("Nearest256(%d,%d,%d) = %d, want %d", tt.r, tt.g, tt.b, got, tt.want)
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n got %q\nwant %q", name, path, got, want)
	}
}

func TestHalfBlocksGolden(t *testing.T) {
	img := sample(16, 16)
	for _, tt := range []struct {
		name   string
		colors Colors
	}{{"blocks-truecolor-8x4", TrueColor}, {"blocks-256-8x4", ANSI256}} {
		t.Run(tt.name, func(t *testing.T) {
			lines := HalfBlocks(img, 8, 4, tt.colors)
			if len(lines) != 4 {
				t.Fatalf("%d lines, want 4", len(lines))
			}
			for _, l := range lines {
				if n := strings.Count(l, "▀"); n != 8 {
					t.Errorf("a line has %d cells, want 8", n)
				}
				if !strings.HasSuffix(l, "\x1b[m") {
					t.Errorf("line does not reset its colours: %q", l)
				}
			}
			golden(t, tt.name, strings.Join(lines, "\n")+"\n")
		})
	}
}

func TestHalfBlocksOfExtremeShapes(t *testing.T) {
	for _, size := range [][2]int{{2000, 1}, {1, 2000}, {1, 1}} {
		img := sample(size[0], size[1])
		c, r := Fit(size[0], size[1], 80, 24, CellSize{})
		lines := HalfBlocks(img, c, r, TrueColor)
		if len(lines) != r || r < 1 || c < 1 {
			t.Errorf("%v: %d lines for a %d×%d box", size, len(lines), c, r)
		}
	}
	if HalfBlocks(sample(4, 4), 0, 3, TrueColor) != nil {
		t.Error("lines drawn into no columns")
	}
}

func TestKittyGolden(t *testing.T) {
	seq, err := KittyTransmit(sample(16, 16), 42, 4, 2, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(seq, "\x1b_G") || !strings.Contains(seq, "a=T") || !strings.Contains(seq, "U=1") ||
		!strings.Contains(seq, "i=42") || !strings.Contains(seq, "q=2") {
		t.Errorf("transmit sequence lacks a required key: %q", seq[:min(len(seq), 80)])
	}
	golden(t, "kitty-transmit-16x16", seq+"\n")
	// The payload, across its chunks, is the picture as PNG.
	var payload strings.Builder
	for _, chunk := range strings.Split(seq, "\x1b\\")[:strings.Count(seq, "\x1b\\")] {
		_, data, ok := strings.Cut(chunk, ";")
		if !ok {
			t.Fatalf("a chunk without data: %q", chunk)
		}
		payload.WriteString(data)
	}
	raw, err := base64.StdEncoding.DecodeString(payload.String())
	if err != nil {
		t.Fatalf("payload: %v", err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != 16 {
		t.Errorf("the payload is not the 16×16 picture: %v", err)
	}
	noise := image.NewRGBA(image.Rect(0, 0, 64, 64))
	x := uint32(1)
	for i := range noise.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise.Pix[i] = uint8(x)
	}
	big, _ := KittyTransmit(noise, 7, 30, 15, 300, 300)
	if n := strings.Count(big, "\x1b_G"); n < 2 || !strings.Contains(big, "m=1") || !strings.Contains(big, "m=0") {
		t.Errorf("a large picture is not sent in chunks (%d sequences, %d bytes: %q)", n, len(big), big[:min(len(big), 120)])
	}
	grid := KittyPlaceholders(0x01_02_03, 3, 2)
	for _, l := range grid {
		if n := strings.Count(l, "\U0010EEEE"); n != 3 {
			t.Errorf("a placeholder row has %d cells, want 3", n)
		}
		if !strings.HasPrefix(l, "\x1b[38;2;1;2;3m") {
			t.Errorf("row does not carry the id as its colour: %q", l)
		}
	}
	golden(t, "kitty-placeholders-3x2", strings.Join(grid, "\n")+"\n")
	if _, err := KittyTransmit(sample(4, 4), 1<<24, 1, 1, 8, 8); err == nil {
		t.Error("an id that does not fit in a colour was accepted")
	}
	if got := KittyDelete(42); got != "\x1b_Ga=d,d=I,i=42,q=2\x1b\\" {
		t.Errorf("KittyDelete = %q", got)
	}
	if rows := KittyPlaceholders(1, 500, 500); len(rows) != MaxKittyCells || utf8.RuneCountInString(rows[0]) < MaxKittyCells {
		t.Errorf("placeholders beyond the diacritics table were not clamped: %d rows", len(rows))
	}
}

func TestSixelRoundTrip(t *testing.T) {
	src := sample(12, 12)
	seq, err := Sixel(src, 12, 12)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(seq, "\x1bP0;1q") || !strings.HasSuffix(seq, "\x1b\\") || !strings.Contains(seq, `"1;1;12;12`) {
		t.Fatalf("not a sixel sequence of 12×12: %q", seq[:min(len(seq), 40)])
	}
	payload := strings.TrimSuffix(strings.TrimPrefix(seq, "\x1bP0;1q"), "\x1b\\")
	img, err := (&sixel.Decoder{}).Decode(strings.NewReader(payload))
	if err != nil {
		t.Fatalf("the output does not decode as sixel: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 12 || b.Dy() < 12 {
		t.Fatalf("decoded %v, want 12×12", b)
	}
	if bands := strings.Count(payload, "-"); bands != 2 {
		t.Errorf("%d bands of six rows, want 2 for 12 rows", bands)
	}
	if colors := strings.Count(payload, ";2;"); colors < 16 {
		t.Errorf("only %d palette colours for a gradient", colors)
	}
	// The decoder in x/ansi reads back the first column reliably; the
	// rest is checked by its structure above.
	for _, p := range []image.Point{{0, 0}, {0, 11}} {
		r1, g1, b1, _ := src.At(p.X, p.Y).RGBA()
		r2, g2, b2, _ := img.At(p.X, p.Y).RGBA()
		if d := absDiff(r1, r2) + absDiff(g1, g2) + absDiff(b1, b2); d > 3*0x1800 {
			t.Errorf("pixel %v: got %x,%x,%x want about %x,%x,%x", p, r2>>8, g2>>8, b2>>8, r1>>8, g1>>8, b1>>8)
		}
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestBlurHidesDetail(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 96, 96))
	for y := range 96 { // a fine checkerboard: all detail
		for x := range 96 {
			if (x/2+y/2)%2 == 0 {
				img.Set(x, y, color.White)
			} else {
				img.Set(x, y, color.Black)
			}
		}
	}
	b := Blur(img)
	lo, hi := uint8(255), uint8(0)
	for i := 0; i < len(b.Pix); i += 4 {
		lo, hi = min(lo, b.Pix[i]), max(hi, b.Pix[i])
	}
	if hi-lo > 60 {
		t.Errorf("blurred checkerboard still spans %d..%d", lo, hi)
	}
	if b.Bounds() != img.Bounds() {
		t.Errorf("blur changed the size to %v", b.Bounds())
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(f, "png", sample(8, 8)))
	f.Add(encode(f, "jpeg", sample(8, 8)))
	f.Add(encode(f, "gif", sample(8, 8)))
	webp, _ := base64.StdEncoding.DecodeString(webp1x1)
	f.Add(webp)
	f.Add(pngHeader(5000, 5000))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(bytes.NewReader(data), 512*512)
		if err != nil {
			return
		}
		b := img.Bounds()
		if b.Dx()*b.Dy() > 512*512 {
			t.Fatalf("decoded %v past the cap", b)
		}
		c, r := Fit(b.Dx(), b.Dy(), 20, 10, CellSize{})
		_ = HalfBlocks(img, c, r, ANSI256)
	})
}

func BenchmarkHalfBlocks(b *testing.B) {
	img, err := Decode(bytes.NewReader(encode(b, "jpeg", sample(320, 320))), 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		HalfBlocks(img, 60, 30, TrueColor)
	}
}

func BenchmarkDecodeThumbnail(b *testing.B) {
	data := encode(b, "jpeg", sample(320, 320))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(data), 0); err != nil {
			b.Fatal(err)
		}
	}
}
