package tui

import (
	"image"
	"strings"

	tea "charm.land/bubbletea/v2"

	"imgfav/picture"
)

// In kitty mode a picture is sent to the terminal once per size it is
// shown at (a placement), under an image id; the view then writes
// placeholder cells in the id's colour, which the renderer diffs like any
// text. Encoding runs in a command; the transmission is written through
// tea.Raw when it is ready, and the placeholders appear from then on.
// Placements no longer shown are deleted from the terminal beyond
// maxKittyImages.

// maxKittyImages is how many transmitted placements the terminal keeps.
const maxKittyImages = 96

type kittyPlace struct {
	key        picKey
	cols, rows int
}

// kittyEncodedMsg is a placement's transmission, ready to be written.
type kittyEncodedMsg struct {
	place kittyPlace
	id    uint32
	seq   string
	err   error
}

type kittyImages struct {
	next    uint32
	ids     map[kittyPlace]uint32 // transmitted
	pending map[kittyPlace]uint32 // being encoded
	order   []kittyPlace          // transmitted, oldest first
}

func newKittyImages() kittyImages {
	return kittyImages{ids: map[kittyPlace]uint32{}, pending: map[kittyPlace]uint32{}}
}

// shown returns the id of a transmitted placement.
func (k *kittyImages) shown(key picKey, cols, rows int) (uint32, bool) {
	id, ok := k.ids[kittyPlace{key, cols, rows}]
	return id, ok
}

// newID is the next image id: 1 … 2^24-1 (an id travels as a colour).
func (k *kittyImages) newID() uint32 {
	k.next++
	if k.next >= 1<<24 {
		k.next = 1
	}
	return k.next
}

// kittySync starts the transmissions of the pictures shown that the
// terminal does not have yet.
func (b *pictureBook) kittySync() tea.Cmd {
	if b.mode != picKitty {
		return nil
	}
	var cmds []tea.Cmd
	for _, w := range b.wants {
		e, ok := b.entries[w.key]
		if !ok || e.img == nil {
			continue
		}
		bounds := e.img.Bounds()
		cols, rows := picture.Fit(bounds.Dx(), bounds.Dy(), w.cols, w.rows, b.cell)
		p := kittyPlace{w.key, cols, rows}
		if _, ok := b.kitty.ids[p]; ok {
			continue
		}
		if _, ok := b.kitty.pending[p]; ok {
			continue
		}
		id := b.kitty.newID()
		b.kitty.pending[p] = id
		cmds = append(cmds, kittyEncodeCmd(e.img, p, id, b.cell))
	}
	return tea.Batch(cmds...)
}

func kittyEncodeCmd(img image.Image, p kittyPlace, id uint32, cell picture.CellSize) tea.Cmd {
	cw, ch := cell.W, cell.H
	if cw <= 0 || ch <= 0 {
		cw, ch = 10, 20
	}
	return func() tea.Msg {
		seq, err := picture.KittyTransmit(img, id, p.cols, p.rows, p.cols*cw, p.rows*ch)
		return kittyEncodedMsg{place: p, id: id, seq: seq, err: err}
	}
}

// kittyEncoded writes a transmission, then frees the oldest placements
// not shown beyond maxKittyImages.
func (b *pictureBook) kittyEncoded(msg kittyEncodedMsg) tea.Cmd {
	if id, ok := b.kitty.pending[msg.place]; !ok || id != msg.id {
		return nil
	}
	delete(b.kitty.pending, msg.place)
	if msg.err != nil {
		if e, ok := b.entries[msg.place.key]; ok {
			e.img, e.problem = nil, "cannot send to the terminal"
		}
		return nil
	}
	b.kitty.ids[msg.place] = msg.id
	b.kitty.order = append(b.kitty.order, msg.place)
	seq := msg.seq
	for i := 0; len(b.kitty.ids) > maxKittyImages && i < len(b.kitty.order); {
		old := b.kitty.order[i]
		if wanted(b.wants, old.key) {
			i++
			continue
		}
		seq += picture.KittyDelete(b.kitty.ids[old])
		delete(b.kitty.ids, old)
		b.kitty.order = append(b.kitty.order[:i], b.kitty.order[i+1:]...)
		if e, ok := b.entries[old.key]; ok {
			delete(e.drawn, drawKey{old.cols, old.rows, picKitty})
		}
	}
	return tea.Raw(seq)
}

// kittyRelease frees every picture sent to the terminal, at quit, so that
// none stays in its memory after imgfav.
func (b *pictureBook) kittyRelease() tea.Cmd {
	if b == nil || len(b.kitty.ids) == 0 {
		return nil
	}
	var seq strings.Builder
	for _, id := range b.kitty.ids {
		seq.WriteString(picture.KittyDelete(id))
	}
	return tea.Raw(seq.String())
}
