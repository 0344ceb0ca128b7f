//go:build !unix

package main

import "imgfav/picture"

// ttyCellSize is unknown here: the CSI 16 t answer, if any, tells it.
func ttyCellSize() picture.CellSize { return picture.CellSize{} }
