//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"

	"imgfav/picture"
)

// ttyCellSize is the terminal's cell in pixels as the kernel knows it
// (TIOCGWINSZ): terminals that keep the window's pixel size there (xterm,
// kitty, WezTerm, foot…) give pictures their true proportions and sixel
// its exact size even where they refuse the CSI 16 t query. Zero when
// unknown.
func ttyCellSize() picture.CellSize {
	ws, err := unix.IoctlGetWinsize(int(os.Stdout.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 || ws.Xpixel == 0 || ws.Ypixel == 0 {
		return picture.CellSize{}
	}
	return picture.CellSize{W: int(ws.Xpixel) / int(ws.Col), H: int(ws.Ypixel) / int(ws.Row)}
}
