package picture

import (
	"bytes"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi/kitty"
)

// The kitty graphics protocol with Unicode placeholders: the picture is
// sent once under an id, as a virtual placement of cols×rows cells; then
// any text that holds placeholder characters in the id's colour shows the
// picture there. The placeholders are ordinary (if odd) text, so a
// renderer that diffs lines keeps them right when the screen scrolls or a
// dialog covers them. See https://sw.kovidgoyal.net/kitty/graphics-protocol/.

// KittyTransmit returns the escape sequences that transmit img (scaled to
// at most pxW×pxH pixels, keeping its aspect ratio) as image id, shown in a
// virtual placement of cols×rows cells. Quiet: the terminal sends no
// answer. The id must be 1 … 2^24-1 (it travels as a truecolor).
func KittyTransmit(img image.Image, id uint32, cols, rows, pxW, pxH int) (string, error) {
	if id == 0 || id >= 1<<24 {
		return "", fmt.Errorf("kitty image id %d out of range", id)
	}
	b := img.Bounds()
	if b.Dx() > pxW || b.Dy() > pxH {
		s := min(float64(pxW)/float64(b.Dx()), float64(pxH)/float64(b.Dy()))
		img = Scale(img, max(int(float64(b.Dx())*s), 1), max(int(float64(b.Dy())*s), 1))
	}
	var out bytes.Buffer
	err := kitty.EncodeGraphics(&out, img, &kitty.Options{
		Action: kitty.TransmitAndPut, Transmission: kitty.Direct, Quiet: 2, ID: int(id), Format: kitty.PNG,
		VirtualPlacement: true, Columns: cols, Rows: rows, Chunk: true,
	})
	if err != nil {
		return "", fmt.Errorf("encode kitty graphics: %w", err)
	}
	return out.String(), nil
}

// KittyDelete returns the sequence that frees image id in the terminal.
func KittyDelete(id uint32) string {
	return "\x1b_Ga=d,d=I,i=" + strconv.FormatUint(uint64(id), 10) + ",q=2\x1b\\"
}

// KittyPlaceholders returns the rows of placeholder cells that show image
// id over cols×rows cells. Each cell names its row and column with
// combining diacritics; the id is the foreground colour.
func KittyPlaceholders(id uint32, cols, rows int) []string {
	if cols <= 0 || rows <= 0 {
		return nil
	}
	cols, rows = min(cols, MaxKittyCells), min(rows, MaxKittyCells)
	color := fmt.Sprintf("\x1b[38;2;%d;%d;%dm", id>>16&0xff, id>>8&0xff, id&0xff)
	lines := make([]string, rows)
	var b strings.Builder
	for row := range rows {
		b.Reset()
		b.WriteString(color)
		for col := range cols {
			b.WriteRune(kitty.Placeholder)
			b.WriteRune(kitty.Diacritic(row))
			b.WriteRune(kitty.Diacritic(col))
		}
		b.WriteString("\x1b[39m")
		lines[row] = b.String()
	}
	return lines
}

// MaxKittyCells is the largest side, in cells, that placeholders can
// address: one diacritic per row or column number.
const MaxKittyCells = 297
