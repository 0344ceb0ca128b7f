package tui

import (
	"context"
	"errors"
	"image"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
	"imgfav/picture"
)

// The pictures of every screen come from one pictureBook, which the root
// owns and the screens read from while drawing. Each screen says which
// pictures it shows (picWants, with the box of cells each gets); the root
// hands that list to the book after every update. What the book holds
// in memory is drawn at once; what it must fetch waits until the list has
// stayed the same for pictureRest, so holding a key through the favorites
// fetches nothing on the way. At most maxPictureFetches run at once, and
// a fetch whose picture is no longer shown is cancelled.

// Pictures fetches a favorite's thumbnail from Imgur's image host (no API
// credits).
type Pictures interface {
	Thumbnail(ctx context.Context, it imgur.Item, size byte) ([]byte, error)
}

// ThumbCache keeps thumbnails between runs, per account.
type ThumbCache interface {
	Thumb(account, key string) ([]byte, bool, error)
	PutThumb(account, key string, data []byte) error
}

// picKey names a picture: a favorite (or an album image) at one of
// Imgur's thumbnail sizes.
type picKey struct {
	id   string
	size byte
}

// cacheKey is the key of the picture's raw bytes in the thumbnail cache.
func (k picKey) cacheKey() string { return k.id + string(k.size) }

// picWant is a picture a screen shows, and the cells it has for it.
type picWant struct {
	key        picKey
	item       imgur.Item
	blur       bool
	cols, rows int
}

// pictureDueMsg says the pictures shown have not changed for pictureRest:
// fetch what is missing. gen tells it from older timers.
type pictureDueMsg struct{ gen int }

// pictureLoadedMsg is a picture, decoded (and blurred when asked), or why
// there is none.
type pictureLoadedMsg struct {
	key picKey
	img image.Image
	err error
}

// pictureRest is how long the pictures shown must stay the same before
// the missing ones are fetched.
const pictureRest = 100 * time.Millisecond

const (
	// maxPictureFetches is how many pictures are fetched at once.
	maxPictureFetches = 4
	// pictureBudget bounds the decoded pictures kept in memory, in bytes
	// of pixels, and maxPictures their number.
	pictureBudget = 48 << 20
	maxPictures   = 512
	// maxDrawings is how many drawn sizes each picture keeps.
	maxDrawings = 4
)

// picEntry is a picture in memory: decoded, or why it could not be, and
// its drawings at the sizes asked for.
type picEntry struct {
	img     image.Image
	problem string // why there is no picture
	bytes   int
	used    uint64 // for least-recently-used eviction
	drawn   map[drawKey][]string
}

type drawKey struct {
	cols, rows int
	mode       picMode
}

// picMode is how pictures are drawn.
type picMode int

const (
	picBlocks    picMode = iota // half blocks, truecolor
	picBlocks256                // half blocks, 256 colours
	picKitty                    // kitty graphics placeholders
	picSixel                    // sixel, in regions the app owns
)

// pixels reports whether the mode draws the picture's own pixels (rather
// than two of them a cell): those want larger thumbnails.
func (p picMode) pixels() bool { return p == picKitty || p == picSixel }

// pictureBook holds the decoded pictures, runs their fetches and draws
// them. It is shared by pointer: the root changes it in Update, the views
// read (and fill its drawing cache) while rendering.
type pictureBook struct {
	ctx      context.Context
	pics     Pictures
	thumbs   ThumbCache
	account  string
	mode     picMode
	showNSFW bool
	cell     picture.CellSize // the terminal's cell in pixels, when known
	off      bool             // the terminal cannot show them

	entries  map[picKey]*picEntry
	clock    uint64
	bytes    int
	inflight map[picKey]context.CancelFunc

	wants   []picWant
	sig     string
	gen     int
	resting bool // the wants have not changed for pictureRest

	kitty kittyImages
	sixel sixelState
}

func newPictureBook(ctx context.Context, pics Pictures, thumbs ThumbCache) *pictureBook {
	return &pictureBook{ctx: ctx, pics: pics, thumbs: thumbs,
		entries: map[picKey]*picEntry{}, inflight: map[picKey]context.CancelFunc{}, kitty: newKittyImages(), sixel: newSixelState()}
}

// update takes the results of the book's own commands.
func (b *pictureBook) update(msg tea.Msg) tea.Cmd {
	if b == nil {
		return nil
	}
	switch msg := msg.(type) {
	case pictureDueMsg:
		return b.due(msg)
	case pictureLoadedMsg:
		return b.loaded(msg)
	case kittyEncodedMsg:
		return b.kittyEncoded(msg)
	case sixelDueMsg:
		return b.sixelDue(msg)
	case sixelPaintedMsg:
		return b.sixelPainted(msg)
	}
	return nil
}

// wantFor is the want of it's picture at a size, in cols×rows cells.
func (b *pictureBook) wantFor(it imgur.Item, size byte, cols, rows int) picWant {
	return picWant{key: picKey{it.ID, size}, item: it, blur: it.IsNSFW() && !b.showNSFW, cols: cols, rows: rows}
}

// on reports whether pictures are shown at all.
func (b *pictureBook) on() bool { return b != nil && b.pics != nil && !b.off }

// setGraphics takes what the terminal can draw.
func (b *pictureBook) setGraphics(g graphics) {
	b.mode, b.cell, b.off = g.Mode(), g.Cell(), g.Off()
}

// setAccount starts over for another account: its pictures are its own.
func (b *pictureBook) setAccount(account string) {
	if b.account == account {
		return
	}
	b.cancelAll()
	b.account, b.entries, b.bytes = account, map[picKey]*picEntry{}, 0
}

func (b *pictureBook) cancelAll() {
	for k, cancel := range b.inflight {
		cancel()
		delete(b.inflight, k)
	}
}

// want takes the pictures shown now. When they changed, fetches of those
// no longer shown are cancelled and the returned timer says when the
// selection has rested; nil when nothing changed.
func (b *pictureBook) want(ws []picWant, tick tickFunc) tea.Cmd {
	sig := wantSig(ws)
	if sig == b.sig {
		return nil
	}
	b.wants, b.sig, b.resting = ws, sig, false
	b.gen++
	for k, cancel := range b.inflight {
		if !wanted(ws, k) {
			cancel()
			delete(b.inflight, k)
		}
	}
	if !b.missing() {
		return nil
	}
	gen := b.gen
	return tick(pictureRest, func(_ time.Time) tea.Msg { return pictureDueMsg{gen: gen} })
}

func wantSig(ws []picWant) string {
	var s strings.Builder
	for _, w := range ws {
		s.WriteString(w.key.id)
		s.WriteByte(w.key.size)
		s.WriteByte(' ')
	}
	return s.String()
}

func wanted(ws []picWant, k picKey) bool {
	for _, w := range ws {
		if w.key == k {
			return true
		}
	}
	return false
}

// missing reports whether a picture shown is neither in memory nor on its
// way.
func (b *pictureBook) missing() bool {
	for _, w := range b.wants {
		if _, ok := b.entries[w.key]; !ok {
			if _, ok := b.inflight[w.key]; !ok {
				return true
			}
		}
	}
	return false
}

// due is the end of the rest: fetch what is missing.
func (b *pictureBook) due(msg pictureDueMsg) tea.Cmd {
	if msg.gen != b.gen {
		return nil
	}
	b.resting = true
	return b.start()
}

// start fetches missing pictures, in the order the screen listed them, up
// to maxPictureFetches at once.
func (b *pictureBook) start() tea.Cmd {
	var cmds []tea.Cmd
	for _, w := range b.wants {
		if len(b.inflight) >= maxPictureFetches {
			break
		}
		if _, ok := b.entries[w.key]; ok {
			continue
		}
		if _, ok := b.inflight[w.key]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(b.ctx)
		b.inflight[w.key] = cancel
		cmds = append(cmds, loadPictureCmd(ctx, b.pics, b.thumbs, b.account, w))
	}
	return tea.Batch(cmds...)
}

// loaded keeps a fetched picture and starts the next fetch. A fetch that
// was cancelled leaves nothing behind: the picture is fetched again when
// it is shown again.
func (b *pictureBook) loaded(msg pictureLoadedMsg) tea.Cmd {
	cancel, ok := b.inflight[msg.key]
	if !ok {
		return nil // cancelled, or another account's
	}
	cancel()
	delete(b.inflight, msg.key)
	if msg.err != nil && errors.Is(msg.err, context.Canceled) {
		return nil
	}
	e := &picEntry{img: msg.img}
	if msg.err != nil {
		e.problem = pictureProblem(msg.err)
	} else {
		bounds := msg.img.Bounds()
		e.bytes = bounds.Dx() * bounds.Dy() * 4
	}
	b.put(msg.key, e)
	if !b.resting {
		return nil
	}
	return b.start()
}

// put keeps an entry, evicting the least recently used beyond the budget
// (never one shown now).
func (b *pictureBook) put(k picKey, e *picEntry) {
	b.clock++
	e.used = b.clock
	if old, ok := b.entries[k]; ok {
		b.bytes -= old.bytes
	}
	b.entries[k] = e
	b.bytes += e.bytes
	for b.bytes > pictureBudget || len(b.entries) > maxPictures {
		victim, ok := b.oldest()
		if !ok {
			return
		}
		b.bytes -= b.entries[victim].bytes
		delete(b.entries, victim)
	}
}

func (b *pictureBook) oldest() (picKey, bool) {
	var victim picKey
	var best uint64
	found := false
	for k, e := range b.entries {
		if wanted(b.wants, k) {
			continue
		}
		if !found || e.used < best {
			victim, best, found = k, e.used, true
		}
	}
	return victim, found
}

// picState is what a screen draws for a picture.
type picState struct {
	lines   []string // the drawing, when ready
	problem string   // why there is no picture
	loading bool     // on its way (or waiting for the selection to rest)
}

// draw returns what to show for w: its drawing in the current mode, a
// problem, or loading. Drawings are kept, so a redraw costs no decoding
// or scaling.
func (b *pictureBook) draw(w picWant) picState {
	e, ok := b.entries[w.key]
	switch {
	case !ok:
		return picState{loading: true}
	case e.problem != "":
		return picState{problem: e.problem}
	}
	b.clock++
	e.used = b.clock
	bounds := e.img.Bounds()
	cols, rows := picture.Fit(bounds.Dx(), bounds.Dy(), w.cols, w.rows, b.cell)
	dk := drawKey{cols, rows, b.mode}
	if lines, ok := e.drawn[dk]; ok {
		return picState{lines: lines}
	}
	var lines []string
	switch b.mode {
	case picKitty:
		id, ok := b.kitty.shown(w.key, cols, rows)
		if !ok {
			return picState{loading: true}
		}
		lines = picture.KittyPlaceholders(id, cols, rows)
	case picSixel:
		lines = b.sixelLines(kittyPlace{w.key, cols, rows})
	case picBlocks256:
		lines = picture.HalfBlocks(e.img, cols, rows, picture.ANSI256)
	default:
		lines = picture.HalfBlocks(e.img, cols, rows, picture.TrueColor)
	}
	if e.drawn == nil || len(e.drawn) >= maxDrawings {
		e.drawn = map[drawKey][]string{}
	}
	e.drawn[dk] = lines
	return picState{lines: lines}
}
