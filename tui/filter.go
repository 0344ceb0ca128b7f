package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"imgfav/imgur"
	"imgfav/search"
)

// filterState is the / search (the language of package search) over the
// loaded favorites of the shown sort. Matching is proportional to the
// favorites loaded, so it runs in a command over the favorites the feed's
// foldStore folded as they loaded; the newest search wins, and while the
// user types the previous results stay on screen.
type filterState struct {
	input   textinput.Model
	editing bool   // the field has the focus
	query   string // the text typed
	parsed  search.Query
	problem string // why the text typed is not a query, in one line
	matches []int  // indices of matching items, in the list's order
	// docs are the items the matches were found in, folded for searching.
	docs      []*search.Prepared
	gen       int  // bumped by every search and reset: older results are dropped
	searching bool // a search is running
	// done is the query the matches are for, over doneN items.
	done  search.Query
	doneN int
	// selected is the favorite selected when the query last changed: the
	// first search of a query shows nothing until its matches come, and
	// the selection must survive that.
	selected string
}

// filterMatchedMsg carries the matches of the search of generation gen;
// typed says the query changed rather than the items.
type filterMatchedMsg struct {
	gen      int
	matches  []int
	typed    bool
	query    search.Query
	docs     []*search.Prepared
	searched int // how many items
}

func newFilterState(st *Styles) filterState {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words, \"a phrase\", -word, ~fuzzy, tag: user: type: nsfw"
	in.CharLimit = 1000 // 32 terms at most are searched; the field never cuts a pasted query short
	in.SetStyles(textinput.DefaultStyles(st.isDark))
	in.SetVirtualCursor(false)
	return filterState{input: in}
}

// applied reports whether a query narrows the list.
func (f filterState) applied() bool { return !f.parsed.Empty() }

// SearchDoc is what search sees of a favorite; imgfav list --filter
// searches the same. A favorite without a title is "untitled", as the
// list shows it.
func SearchDoc(it imgur.Item) search.Doc {
	tags := make([]string, len(it.Tags))
	for i, t := range it.Tags {
		tags[i] = t.Label()
	}
	title := displayText(it.Title)
	if title == "" {
		title = imgur.Untitled
	}
	return search.Doc{Title: title, Description: it.Description, Uploader: it.AccountURL,
		Tags: tags, Kind: it.Kind(), NSFW: it.IsNSFW()}
}

// search returns the command that matches the query against items, folded
// by folds. A query that only narrows the last one searches within its
// matches.
func (f *filterState) search(items []imgur.Item, folds *foldStore, typed bool) tea.Cmd {
	q, err := search.Parse(f.query)
	if err != nil {
		// The last results stay, and so does a search still running for
		// the last query that parsed.
		f.problem = err.Error()
		return nil
	}
	f.gen++
	f.problem, f.parsed = "", q
	if q.Empty() {
		f.matches, f.searching, f.done = nil, false, q
		return nil
	}
	var within []int
	if f.doneN == len(items) && !f.done.Empty() && q.Narrows(f.done) {
		within = f.matches
	}
	f.searching = true
	n := len(items)
	gen, items := f.gen, items[:n:n]
	return func() tea.Msg {
		docs := folds.docsFor(items)
		return filterMatchedMsg{gen: gen, matches: search.Filter(q, docs, within), typed: typed,
			query: q, docs: docs, searched: n}
	}
}

// reset clears the query and its results.
func (f *filterState) reset() {
	f.input.Reset()
	f.input.Blur()
	f.editing, f.query, f.parsed, f.problem, f.matches, f.searching = false, "", search.Query{}, "", nil, false
	f.done, f.doneN, f.selected = search.Query{}, 0, ""
	f.gen++
}

// otherItems forgets what was searched: the list shows other favorites
// (another sort) and the query must run again.
func (f *filterState) otherItems() {
	f.matches, f.docs, f.done, f.doneN, f.selected = nil, nil, search.Query{}, 0, ""
	f.gen++
}

// highlights are the ranges of item i's title the query matched.
func (f filterState) highlights(i int) [][2]int {
	if !f.applied() || i >= len(f.docs) {
		return nil
	}
	_, spans := f.done.Match(f.docs[i]) // the query the matches are for
	return spans
}

// why is where item i matched the query when its title does not show it.
func (f filterState) why(i int) string {
	if !f.applied() || i >= len(f.docs) {
		return ""
	}
	return f.done.Why(f.docs[i])
}

// The list while the filter field has the focus: typing narrows the list
// as you go; enter keeps the filter, esc clears it.

func (m listModel) handleFiltering(msg tea.Msg) (listModel, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.fkeys.Cancel):
			m.clearFilter()
			return m, nil
		case key.Matches(km, m.fkeys.Accept) && m.filter.problem != "":
			return m, nil // the hint stays until the query parses
		case key.Matches(km, m.fkeys.Accept):
			m.filter.editing = false
			m.filter.input.Blur()
			if m.filter.query == "" {
				m.clearFilter()
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.sizeInput()
	m.filter.input, cmd = m.filter.input.Update(msg)
	if q := strings.TrimSpace(m.filter.input.Value()); q != m.filter.query {
		if it, ok := m.Selected(); ok {
			m.filter.selected = it.ID
		}
		m.filter.query = q
		search := m.filter.search(m.cur().items, m.cur().folds, true)
		if q == "" {
			m.setCursor(0)
		}
		return m, tea.Batch(cmd, search)
	}
	return m, cmd
}

// filterMatched shows the newest search's matches. The selected favorite
// stays selected when it still matches; else the first match is.
func (m listModel) filterMatched(msg filterMatchedMsg) listModel {
	if msg.gen != m.filter.gen {
		return m
	}
	id := m.filter.selected
	if it, ok := m.Selected(); ok {
		id = it.ID
	}
	f := &m.filter
	f.matches, f.searching, f.docs = msg.matches, false, msg.docs
	f.done, f.doneN = msg.query, msg.searched
	items := m.cur().items
	row := m.cur().cursor - m.cur().offset // the selection's place on screen
	m.cur().cursor = 0
	for i, idx := range f.matches {
		if idx < len(items) && items[idx].ID == id {
			m.cur().cursor = i
			break
		}
	}
	// It keeps its place, with the matches before it above it, rather
	// than the place the longer list scrolled to.
	m.cur().offset = m.cur().cursor - row
	m.clamp()
	return m
}

// refilter searches again once the shown list changed under a filter.
func (m *listModel) refilter() tea.Cmd {
	if !m.filter.applied() {
		return nil
	}
	return m.filter.search(m.cur().items, m.cur().folds, false)
}

// startFiltering gives the field the focus, with the applied query.
func (m listModel) startFiltering() (listModel, tea.Cmd) {
	m.filter.editing = true
	m.filter.input.SetValue(m.filter.query)
	m.sizeInput()
	m.filter.input.CursorEnd()
	return m, m.filter.input.Focus()
}

// clearFilter shows every favorite again, keeping the one selected.
func (m *listModel) clearFilter() {
	id := m.filter.selected // a search that matches nothing selects nothing: the one before it
	if it, ok := m.Selected(); ok {
		id = it.ID
	}
	m.filter.reset()
	for i, it := range m.cur().items {
		if it.ID == id {
			m.setCursor(i)
			m.cur().offset = i - m.rows()/2
			break
		}
	}
	m.clamp()
}
