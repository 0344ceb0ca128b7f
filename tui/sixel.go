package tui

import (
	"image"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/picture"
)

// Sixel pixels are not text: the renderer does not know them, so the app
// owns their regions. A picture's region is drawn as blank cells, the
// first of which carries a mark (a private-use character, replaced by a
// space in the frame written). After each update the root finds the marks
// in its frame, which tells where each picture is; when that changed, it
// clears the screen (so the renderer repaints every cell, removing old
// pixels) and, once that frame is out, writes each picture at its place.

// sixelDelay is how long after the frame the pictures are written: the
// renderer writes frames at 60 a second.
const sixelDelay = 40 * time.Millisecond

// sixelMarkBase is the first mark: Unicode's supplementary private use
// area A, never sent by Imgur (sanitized text drops it).
const sixelMarkBase = 0xF0000

// sixelDueMsg says the frame with the blank regions is out.
type sixelDueMsg struct{ gen int }

// sixelPlace is a picture's region on the screen, in cells from 0.
type sixelPlace struct {
	place kittyPlace
	x, y  int
}

type sixelState struct {
	marks   map[kittyPlace]rune
	places  map[rune]kittyPlace
	next    rune
	shown   []sixelPlace // the regions on screen after the last update
	frame   string       // the frame they were found in
	gen     int
	due     []sixelPlace // to paint when the frame is out
	encoded map[sixelSize]string
}

func newSixelState() sixelState {
	return sixelState{marks: map[kittyPlace]rune{}, places: map[rune]kittyPlace{}, next: sixelMarkBase,
		encoded: map[sixelSize]string{}}
}

// sixelLines is a picture's region: blank cells, the first marked.
func (b *pictureBook) sixelLines(p kittyPlace) []string {
	s := &b.sixel
	mark, ok := s.marks[p]
	if !ok {
		if s.next >= sixelMarkBase+0xFFF0 {
			b.resetSixelMarks() // marks of pictures long gone
		}
		mark = s.next
		s.next++
		s.marks[p], s.places[mark] = mark, p
	}
	lines := make([]string, p.rows)
	for i := range lines {
		lines[i] = spaces(p.cols)
	}
	lines[0] = string(mark) + spaces(p.cols-1)
	return lines
}

// resetSixelMarks starts the marks over, and the drawings that hold them.
func (b *pictureBook) resetSixelMarks() {
	b.sixel.marks, b.sixel.places, b.sixel.next = map[kittyPlace]rune{}, map[rune]kittyPlace{}, sixelMarkBase
	for _, e := range b.entries {
		for k := range e.drawn {
			if k.mode == picSixel {
				delete(e.drawn, k)
			}
		}
	}
}

// isSixelMark reports whether r is one of the marks.
func isSixelMark(r rune) bool { return r >= sixelMarkBase && r < sixelMarkBase+0x10000 }

// unmark replaces the marks of a frame by spaces.
func unmark(frame string) string {
	return strings.Map(func(r rune) rune {
		if isSixelMark(r) {
			return ' '
		}
		return r
	}, frame)
}

// findPlaces returns where the marked regions are in a frame.
func (b *pictureBook) findPlaces(frame string, w ansi.Method) []sixelPlace {
	var out []sixelPlace
	for y, line := range strings.Split(frame, "\n") {
		for i, r := range line {
			if !isSixelMark(r) {
				continue
			}
			if p, ok := b.sixel.places[r]; ok {
				out = append(out, sixelPlace{place: p, x: w.StringWidth(line[:i]), y: y})
			}
		}
	}
	return out
}

// sixelSync notices that the pictures on screen moved, appeared or went.
// New ones are painted once the frame is out; when one went or moved, the
// screen is cleared first, so that the renderer repaints every cell and
// the old pixels go.
func (m Model) sixelSync() tea.Cmd {
	b := m.pics
	if !b.on() || b.mode != picSixel {
		return nil
	}
	frame := m.render()
	if !strings.ContainsFunc(frame, isSixelMark) && len(b.sixel.shown) == 0 {
		return nil
	}
	places := b.findPlaces(frame, m.styles.width)
	gone, added := diffPlaces(b.sixel.shown, places)
	changed := frame != b.sixel.frame
	if !gone && len(added) == 0 && !changed {
		return nil
	}
	b.sixel.shown, b.sixel.frame = places, frame
	// Any other change of the frame may have had the renderer rewrite a
	// line through a picture (a line that ends in blanks is cleared to
	// its end): every picture is painted again, from its cached encoding.
	b.sixel.due = append([]sixelPlace(nil), places...)
	b.sixel.gen++
	gen := b.sixel.gen
	paint := m.opts.Tick(sixelDelay, func(time.Time) tea.Msg { return sixelDueMsg{gen: gen} })
	if gone {
		return tea.Sequence(tea.ClearScreen, paint)
	}
	return paint
}

// diffPlaces compares the regions before and after: whether one went (or
// moved), and those that are new.
func diffPlaces(before, after []sixelPlace) (gone bool, added []sixelPlace) {
	in := func(ps []sixelPlace, p sixelPlace) bool {
		for _, q := range ps {
			if q == p {
				return true
			}
		}
		return false
	}
	for _, p := range before {
		if !in(after, p) {
			gone = true
		}
	}
	for _, p := range after {
		if !in(before, p) {
			added = append(added, p)
		}
	}
	return gone, added
}

// sixelDue paints the pictures, if they are still the ones on screen.
// Those not encoded yet are encoded in the command.
func (b *pictureBook) sixelDue(msg sixelDueMsg) tea.Cmd {
	if msg.gen != b.sixel.gen || len(b.sixel.due) == 0 {
		return nil
	}
	cw, ch := b.cellPixels()
	var jobs []sixelJob
	gen, due := b.sixel.gen, b.sixel.due
	b.sixel.due = nil
	for _, p := range due {
		e, ok := b.entries[p.place.key]
		if !ok || e.img == nil {
			continue
		}
		// Sixel draws six rows of pixels at a time: a height that is not
		// a multiple of six would spill into the next line.
		j := sixelJob{img: e.img, at: p, w: p.place.cols * cw, h: p.place.rows * ch / 6 * 6}
		j.seq = b.sixel.encoded[sixelSize{p.place, j.w, j.h}]
		jobs = append(jobs, j)
	}
	return func() tea.Msg {
		var out strings.Builder
		for i, j := range jobs {
			if j.seq == "" {
				seq, err := picture.Sixel(j.img, j.w, j.h)
				if err != nil {
					continue
				}
				jobs[i].seq = seq
			}
			out.WriteString(ansi.SaveCursor)
			out.WriteString(ansi.CursorPosition(j.at.x+1, j.at.y+1))
			out.WriteString(jobs[i].seq)
			out.WriteString(ansi.RestoreCursor)
		}
		return sixelPaintedMsg{gen: gen, jobs: jobs, out: out.String()}
	}
}

// sixelJob is a picture to paint, and its encoding once known.
type sixelJob struct {
	img  image.Image
	at   sixelPlace
	w, h int
	seq  string
}

// sixelSize names a picture's encoding: its place and its size in pixels.
type sixelSize struct {
	place kittyPlace
	w, h  int
}

// sixelPaintedMsg carries the paint to write, for the screen of
// generation gen, and the encodings to keep.
type sixelPaintedMsg struct {
	gen  int
	jobs []sixelJob
	out  string
}

// maxSixelEncodings bounds the encodings kept (a grid screen's worth and
// more).
const maxSixelEncodings = 64

// sixelPainted keeps the encodings and writes the paint, unless the
// screen changed while it was encoded: the pictures would land on what
// replaced them (the newer screen has its own paint coming).
func (b *pictureBook) sixelPainted(msg sixelPaintedMsg) tea.Cmd {
	if len(b.sixel.encoded) > maxSixelEncodings {
		b.sixel.encoded = map[sixelSize]string{}
	}
	for _, j := range msg.jobs {
		if j.seq != "" {
			b.sixel.encoded[sixelSize{j.at.place, j.w, j.h}] = j.seq
		}
	}
	if msg.out == "" || msg.gen != b.sixel.gen {
		return nil
	}
	return tea.Raw(msg.out)
}

// cellPixels is the terminal's cell in pixels, or, when it is not known,
// a small one: a sixel picture a little smaller than its region is fine,
// one larger would spill over the text (or scroll the screen).
func (b *pictureBook) cellPixels() (w, h int) {
	if b.cell.W > 0 && b.cell.H > 0 {
		return b.cell.W, b.cell.H
	}
	return 6, 12
}
