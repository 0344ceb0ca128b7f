package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// listModel is the favorites list, a component like bubbles' own: it
// loads its pages through the commands it returns, handles its keys while
// browsing or filtering, and reports upward (a chosen item, a URL to open,
// a status line) through messages. It renders only the rows on screen and
// does no work proportional to the number of favorites per key press, so a
// frame costs the same with 100 000 favorites as with 100.
type listModel struct {
	styles *Styles
	keys   listKeys
	fkeys  filterKeys
	deps   listDeps

	account  string       // "" until Imgur says whose the token is
	folder   imgur.Folder // the favorite folder shown; ID 0 for all
	note     string       // what the list says while it has no account
	learning bool         // asking Imgur whose the token is
	sort     imgur.Sort
	feeds    [2]feed // by sortIndex

	filter filterState

	// preview shows the selected favorite's picture beside the rows
	// (on wide terminals); grid shows thumbnails instead of rows.
	preview, grid bool

	// rate is the credits the last response reported.
	rate imgur.RateLimit
	// blockedUntil pauses loading after a 429 or with no credits left;
	// a zero time with blocked set means until the user's r. pauseGen
	// tells the timer of the current pause from older ones.
	blocked      bool
	blockedUntil time.Time
	pauseGen     int

	width, height int
}

// listDeps is what the list needs to start its own work.
type listDeps struct {
	ctx          context.Context
	client       Client
	cache        PageCache
	settings     Settings
	remember     func(username string) error
	tokenRefused string
	now          func() time.Time
	tick         tickFunc
	pics         *pictureBook // nil: no pictures
	marks        *itemMarks   // saved ✓ and removed ✗ favorites
	keys         Bindings     // the user's key bindings
}

func sortIndex(s imgur.Sort) int {
	if s == imgur.SortOldest {
		return 1
	}
	return 0
}

// newListModel is the list of account's favorites in sort; without an
// account, Init asks Imgur whose the token is.
func newListModel(st *Styles, deps listDeps, account string, folder imgur.Folder, sort imgur.Sort, l layout) listModel {
	if deps.marks == nil {
		deps.marks = newItemMarks()
	}
	m := listModel{styles: st, keys: newListKeys(deps.keys, l.grid), fkeys: newFilterKeys(), deps: deps, account: account, folder: folder, sort: sort,
		preview: l.preview, grid: l.grid}
	m.feeds = [2]feed{newFeed(), newFeed()}
	m.filter = newFilterState(st)
	if account == "" {
		m.note, m.learning = learningAccount, true
	}
	m.updateKeys()
	return m
}

// Init starts the list's work: the cache of the shown sort (page 0 of
// Imgur follows), or asking whose the token is.
func (m listModel) Init() tea.Cmd {
	if m.account == "" {
		return learnAccountCmd(m.deps.ctx, m.deps.client, m.deps.remember)
	}
	return loadCacheCmd(m.deps.cache, m.deps.settings, m.account, m.folder.ID, m.sort)
}

// Update handles the results of the list's own commands, then keys and
// the mouse, browsing or filtering.
func (m listModel) Update(msg tea.Msg) (listModel, tea.Cmd) {
	switch msg := msg.(type) {
	case accountLearnedMsg:
		return m.accountLearned(msg)
	case cacheLoadedMsg:
		return m.cacheLoaded(msg)
	case cachedPagesMsg:
		return m.cachedPagesLoaded(msg)
	case favoritesLoadedMsg:
		return m.favoritesLoaded(msg)
	case pauseEndedMsg:
		return m.pauseEnded(msg)
	case filterMatchedMsg:
		return m.filterMatched(msg), nil
	case foldedMsg:
		return m.folded(msg)
	}
	if m.filter.editing {
		return m.handleFiltering(msg)
	}
	return m.handleBrowsing(msg)
}

func (m *listModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.sizeInput()
	m.clamp()
}

func (m *listModel) SetStyles(st *Styles) {
	m.styles = st
	m.filter.input.SetStyles(textinput.DefaultStyles(st.isDark))
}

// Account is whose favorites the list shows; "" while it asks Imgur.
func (m listModel) Account() string { return m.account }

// Sort is the sort shown.
func (m listModel) Sort() imgur.Sort { return m.sort }

// Layout is the layout chosen during this run; ok is false before the
// list is set up.
func (m listModel) Layout() (l layout, ok bool) {
	return layout{preview: m.preview, grid: m.grid}, m.styles != nil
}

// IsQuit reports whether km is the list's quit key.
func (m listModel) IsQuit(km tea.KeyPressMsg) bool { return key.Matches(km, m.keys.Quit) }

// Typing reports whether keys go to the search field.
func (m listModel) Typing() bool { return m.filter.editing }

// AccountsKeys and FoldersKeys are the keys that open (and close) the
// pickers, as configured.
func (m listModel) AccountsKeys() []string { return m.keys.Accounts.Keys() }
func (m listModel) FoldersKeys() []string  { return m.keys.Folders.Keys() }

// Busy reports whether a request of the list is in flight.
func (m listModel) Busy() bool { return m.learning || m.feeds[0].inflight || m.feeds[1].inflight }

// KeyMap is the bindings in force, for the help and the hints.
func (m listModel) KeyMap() help.KeyMap {
	if m.filter.editing {
		return m.fkeys
	}
	return m.keys
}

// Cursor is the filter field's cursor while it is edited, in the list's
// coordinates.
func (m listModel) Cursor() *tea.Cursor {
	if !m.filter.editing {
		return nil
	}
	c := m.filter.input.Cursor()
	if c != nil {
		c.Position.X++
		c.Position.Y++
	}
	return c
}

// SetRate takes the credits another screen's request saw.
func (m *listModel) SetRate(r imgur.RateLimit) { m.rate = r }

// Facts is what the list tells the status bar.
func (m listModel) Facts() statusFacts {
	f := m.feeds[sortIndex(m.sort)]
	return statusFacts{account: m.account, folder: m.folder.Name, sort: m.sort, loaded: len(f.items), complete: f.complete,
		offline: f.offline, fresh: m.newCount()}
}

// SaveCursor is the command that remembers where the cursor is, for the
// next start (not while a filter narrows the list).
func (m listModel) SaveCursor() tea.Cmd {
	f := m.feeds[sortIndex(m.sort)]
	if m.account == "" || f.cursor >= len(f.items) || m.filter.applied() {
		return nil
	}
	return saveCursorCmd(m.deps.settings, m.account, m.folder.ID, m.sort, f.cursor, f.items[f.cursor].ID)
}

func (m *listModel) cur() *feed { return &m.feeds[sortIndex(m.sort)] }

// headerLines is the title line and the filter (or blank) line.
const headerLines = 2

// rows is the number of rows for items.
func (m listModel) rows() int { return max(m.height-headerLines, 1) }

// visibleLen is how many items the list shows (all, or the filter's).
func (m listModel) visibleLen() int {
	if m.filter.applied() {
		return len(m.filter.matches)
	}
	return len(m.feeds[sortIndex(m.sort)].items)
}

// itemAt returns the i-th shown item.
func (m listModel) itemAt(i int) imgur.Item {
	f := &m.feeds[sortIndex(m.sort)]
	if m.filter.applied() {
		return f.items[m.filter.matches[i]]
	}
	return f.items[i]
}

// Selected returns the item under the cursor.
func (m listModel) Selected() (imgur.Item, bool) {
	f := m.feeds[sortIndex(m.sort)]
	if f.cursor < 0 || f.cursor >= m.visibleLen() {
		return imgur.Item{}, false
	}
	return m.itemAt(f.cursor), true
}

// Position is the cursor's index among the items shown, and their number
// (the detail view's "12 of 240").
func (m listModel) Position() (index, total int) {
	return m.feeds[sortIndex(m.sort)].cursor, m.visibleLen()
}

// Step moves the cursor by n items (the detail view's ←/→) and loads
// more when the cursor nears the end.
func (m *listModel) Step(n int) tea.Cmd {
	m.setCursor(m.cur().cursor + n)
	return m.prefetch()
}

// Complete reports whether the whole list is loaded.
func (m listModel) Complete() bool { return m.cur().complete }

// Resume is the list shown again: it loads what it may have wanted while
// another screen was shown.
func (m *listModel) Resume() tea.Cmd { return m.prefetch() }

// updateKeys enables the bindings that apply, so help never lies.
func (m *listModel) updateKeys() {
	has := m.visibleLen() > 0
	for _, b := range []*key.Binding{&m.keys.Detail, &m.keys.Open, &m.keys.OpenMedia, &m.keys.Copy, &m.keys.CopyMedia, &m.keys.Download, &m.keys.Favorite} {
		b.SetEnabled(has)
	}
	m.keys.ClearFilter.SetEnabled(m.filter.applied())
	m.keys.Left.SetEnabled(m.grid)
	m.keys.Right.SetEnabled(m.grid)
	m.keys.Preview.SetEnabled(m.deps.pics.on())
}

// layout is how the list is shown.
type layout struct{ preview, grid bool }

// setCursor moves the cursor and keeps the window around it.
func (m *listModel) setCursor(i int) {
	m.cur().cursor, m.cur().restore = i, nil
	m.clamp()
}

// clamp keeps the cursor on a shown item and the window around the cursor.
// The window may extend one row past the items, for the loading row.
func (m *listModel) clamp() {
	f := m.cur()
	n := m.visibleLen()
	f.cursor = min(max(f.cursor, 0), max(n-1, 0))
	rows := m.rows()
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+rows {
		f.offset = f.cursor - rows + 1
	}
	if n > 0 && f.cursor == n-1 {
		f.offset = n + 1 - rows // the last item: show the row after it too
	}
	f.offset = min(max(f.offset, 0), max(n+1-rows, 0))
	if m.grid {
		m.clampGrid()
	}
	m.updateKeys()
}
