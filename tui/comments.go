package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// commentsModel is a gallery post's comments, threaded: the first level
// shows, replies are folded under their comment until enter unfolds them.
// The cursor moves by comment. Comments are fetched when the screen opens
// and when s changes the order, never before; the client's ETag cache
// makes a second look cheap.
type commentsModel struct {
	styles *Styles
	keys   commentsKeys
	now    func() time.Time

	item     imgur.Item
	sort     imgur.CommentSort
	gen      int // bumped per request: older answers are dropped
	loading  bool
	failure  string          // why the last request failed
	none     string          // why the post has no comments at all
	comments []imgur.Comment // the thread, top level first
	count    int             // every comment, replies included
	open     map[int64]bool  // comments whose replies are unfolded

	blocks         []commentBlock // the comments shown, in order
	cursor, offset int            // the selected block; the first line shown
	width, height  int
}

// commentBlock is one shown comment and its rendered lines.
type commentBlock struct {
	c     *imgur.Comment
	depth int
	start int // its first line in the whole thread
	lines []string
}

// commentsRequestedMsg asks for the comments of a post (c).
type commentsRequestedMsg struct{ item imgur.Item }

// commentsClosedMsg asks the root to go back to the detail view.
type commentsClosedMsg struct{}

// commentsLoadedMsg carries a post's comments in one order.
type commentsLoadedMsg struct {
	id       string
	sort     imgur.CommentSort
	gen      int
	comments []imgur.Comment
	err      error
	rate     imgur.RateLimit
}

// fetchCommentsCmd loads a post's comments.
func fetchCommentsCmd(ctx context.Context, c Client, id string, sort imgur.CommentSort, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		cs, err := c.Comments(ctx, id, sort)
		return commentsLoadedMsg{id: id, sort: sort, gen: gen, comments: cs, err: err, rate: c.RateLimit()}
	}
}

// notInGallery is what a post outside the gallery shows: Imgur keeps
// comments only for gallery posts.
const notInGallery = "This favorite is not in Imgur's gallery, so it has no comments."

func newCommentsModel(st *Styles, keys Bindings, it imgur.Item, now func() time.Time) commentsModel {
	m := commentsModel{styles: st, keys: newCommentsKeys(keys), now: now, item: it, sort: imgur.CommentsBest,
		open: map[int64]bool{}}
	if !it.InGallery {
		m.none = notInGallery
	}
	m.updateKeys()
	return m
}

// Start is the command that fetches the comments in the current order;
// nil for a post outside the gallery.
func (m *commentsModel) Start(ctx context.Context, c Client) tea.Cmd {
	if m.none != "" {
		return nil
	}
	m.gen++
	m.loading, m.failure = true, ""
	return fetchCommentsCmd(ctx, c, m.item.ID, m.sort, m.gen)
}

// Busy reports whether a request is in flight.
func (m commentsModel) Busy() bool { return m.loading }

// KeyMap is the bindings in force, for the help and the hints.
func (m commentsModel) KeyMap() help.KeyMap { return m.keys }

func (m *commentsModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

func (m *commentsModel) SetStyles(st *Styles) {
	m.styles = st
	m.layout()
}

// loaded applies an answer to the latest request.
func (m commentsModel) loaded(msg commentsLoadedMsg) commentsModel {
	if msg.id != m.item.ID || msg.gen != m.gen {
		return m
	}
	m.loading = false
	switch {
	case errors.Is(msg.err, imgur.ErrNotFound):
		m.none, m.comments = notInGallery, nil
	case msg.err != nil:
		m.failure = oneLine(msg.err)
	default:
		m.comments, m.count = msg.comments, countComments(msg.comments)
	}
	m.cursor, m.offset = 0, 0
	m.layout()
	return m
}

// countComments counts a thread's comments, replies included.
func countComments(cs []imgur.Comment) int {
	n := len(cs)
	for i := range cs {
		n += countComments(cs[i].Children)
	}
	return n
}

// updateKeys enables the bindings that apply, so help never lies.
func (m *commentsModel) updateKeys() {
	has := len(m.blocks) > 0
	m.keys.Fold.SetEnabled(has)
	m.keys.Sort.SetEnabled(m.none == "")
	m.keys.Reload.SetEnabled(m.none == "" && !m.loading)
}

// Update handles the screen's keys and the mouse wheel.
func (m commentsModel) Update(msg tea.Msg) (commentsModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.moveTo(m.cursor - 1)
		case tea.MouseWheelDown:
			m.moveTo(m.cursor + 1)
		}
	}
	return m, nil
}

// commentsReloadMsg asks the root to fetch the comments again (s, r).
type commentsReloadMsg struct{}

func (m commentsModel) handleKey(km tea.KeyPressMsg) (commentsModel, tea.Cmd) {
	k := m.keys
	page := max(m.rows()/3, 1)
	switch {
	case key.Matches(km, k.Back):
		return m, report(commentsClosedMsg{})
	case key.Matches(km, k.Help):
		return m, report(helpRequestedMsg{})
	case key.Matches(km, k.Open):
		return m, report(urlRequestedMsg{item: m.item})
	case key.Matches(km, k.Up):
		m.moveTo(m.cursor - 1)
	case key.Matches(km, k.Down):
		m.moveTo(m.cursor + 1)
	case key.Matches(km, k.PageUp):
		m.moveTo(m.cursor - page)
	case key.Matches(km, k.PageDown):
		m.moveTo(m.cursor + page)
	case key.Matches(km, k.Top):
		m.moveTo(0)
	case key.Matches(km, k.Bottom):
		m.moveTo(len(m.blocks) - 1)
	case key.Matches(km, k.Fold):
		m.toggleFold()
	case key.Matches(km, k.Sort):
		m.sort = m.sort.Next()
		return m, report(commentsReloadMsg{})
	case key.Matches(km, k.Reload):
		return m, report(commentsReloadMsg{})
	}
	return m, nil
}

// toggleFold unfolds or folds the selected comment's replies.
func (m *commentsModel) toggleFold() {
	if m.cursor >= len(m.blocks) {
		return
	}
	c := m.blocks[m.cursor].c
	if len(c.Children) == 0 {
		return
	}
	m.open[c.ID] = !m.open[c.ID]
	m.layout()
}

// moveTo selects block i and scrolls it into view: its first line, and
// as much of it as fits.
func (m *commentsModel) moveTo(i int) {
	if len(m.blocks) == 0 {
		return
	}
	m.cursor = min(max(i, 0), len(m.blocks)-1)
	b := m.blocks[m.cursor]
	rows := m.rows()
	end := b.start + len(b.lines)
	switch {
	case b.start < m.offset:
		m.offset = b.start
	case end > m.offset+rows:
		m.offset = min(end-rows, b.start)
	}
	m.offset = max(min(m.offset, m.totalLines()-rows), 0)
}

// rows is the number of lines for comments, under the header.
func (m commentsModel) rows() int { return max(m.height-commentsHeader, 1) }

// totalLines is the length of the whole thread as shown.
func (m commentsModel) totalLines() int {
	if len(m.blocks) == 0 {
		return 0
	}
	last := m.blocks[len(m.blocks)-1]
	return last.start + len(last.lines)
}

// openComments shows the comments of it, fetching them.
func (m Model) openComments(it imgur.Item) (Model, tea.Cmd) {
	m.comments = newCommentsModel(m.styles, m.opts.Keys, it, m.opts.Now)
	m.comments.SetSize(m.width, max(m.height-1, 0))
	m.screen = screenComments
	return m, tea.Batch(m.debug("screen comments"), m.comments.Start(m.ctx, m.opts.Client))
}

// updateComments feeds the comments screen and acts on what it reports.
func (m Model) updateComments(msg tea.Msg) (Model, tea.Cmd) {
	switch msg.(type) {
	case commentsClosedMsg:
		m.screen = screenDetail
		return m, m.debug("screen detail")
	case commentsReloadMsg:
		cmd := m.comments.Start(m.ctx, m.opts.Client)
		m.comments.layout()
		return m, cmd
	}
	var cmd tea.Cmd
	m.comments, cmd = m.comments.Update(msg)
	return m, cmd
}
