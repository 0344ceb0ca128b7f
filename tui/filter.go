package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"imgfav/imgur"
)

// filterState is the / filter: a case-insensitive fuzzy match over the
// loaded favorites' title, description, uploader and tags. Matching is
// proportional to the favorites loaded, so it runs in a command, and the
// newest search wins.
type filterState struct {
	input     textinput.Model
	editing   bool   // the field has the focus
	query     string // the applied query
	matches   []int  // indices of matching items, best first
	hay       []string
	gen       int  // bumped by every search and reset: older results are dropped
	searching bool // a search is running
}

// filterMatchedMsg carries the matches of the search of generation gen;
// typed says the query changed (the cursor goes to the best match) rather
// than the items.
type filterMatchedMsg struct {
	gen     int
	matches []int
	typed   bool
}

func newFilterState(st *Styles) filterState {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter title, description, uploader, tags"
	in.CharLimit = 200
	in.SetStyles(textinput.DefaultStyles(st.isDark))
	in.SetVirtualCursor(false)
	return filterState{input: in}
}

// applied reports whether a query narrows the list.
func (f filterState) applied() bool { return f.query != "" }

// haystack is what the filter searches in an item.
func haystack(it imgur.Item) string {
	var b strings.Builder
	b.WriteString(it.Title)
	b.WriteByte(' ')
	b.WriteString(it.AccountURL)
	for _, t := range it.Tags {
		b.WriteByte(' ')
		b.WriteString(t.Label())
	}
	b.WriteByte(' ')
	b.WriteString(it.Description)
	return strings.ToLower(b.String())
}

// search returns the command that matches the query against items,
// extending the haystacks for the items loaded since the last search
// first. The command reads only the haystacks it was given: later ones are
// appended past them, and a shorter list starts a new array.
func (f *filterState) search(items []imgur.Item, typed bool) tea.Cmd {
	f.gen++
	if f.query == "" {
		f.matches, f.searching = nil, false
		return nil
	}
	if len(f.hay) > len(items) {
		f.hay = nil
	}
	for i := len(f.hay); i < len(items); i++ {
		f.hay = append(f.hay, haystack(items[i]))
	}
	f.searching = true
	gen, q, hay := f.gen, strings.ToLower(f.query), hayStack(f.hay[:len(items):len(items)])
	return func() tea.Msg {
		var matches []int
		for _, mt := range fuzzy.FindFrom(q, hay) {
			matches = append(matches, mt.Index)
		}
		return filterMatchedMsg{gen: gen, matches: matches, typed: typed}
	}
}

// reset clears the query and the haystacks (another sort's items).
func (f *filterState) reset() {
	f.input.Reset()
	f.input.Blur()
	f.editing, f.query, f.matches, f.hay, f.searching = false, "", nil, nil, false
	f.gen++
}

type hayStack []string

func (h hayStack) String(i int) string { return h[i] }
func (h hayStack) Len() int            { return len(h) }

// The list while the filter field has the focus: typing narrows the list
// as you go; enter keeps the filter, esc clears it.

func (m listModel) handleFiltering(msg tea.Msg) (listModel, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.fkeys.Cancel):
			m.clearFilter()
			return m, nil
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
	m.filter.input, cmd = m.filter.input.Update(msg)
	if q := strings.TrimSpace(m.filter.input.Value()); q != m.filter.query {
		m.filter.query = q
		search := m.filter.search(m.cur().items, true)
		if q == "" {
			m.setCursor(0)
		}
		return m, tea.Batch(cmd, search)
	}
	return m, cmd
}

// filterMatched shows the newest search's matches.
func (m listModel) filterMatched(msg filterMatchedMsg) listModel {
	if msg.gen != m.filter.gen {
		return m
	}
	m.filter.matches, m.filter.searching = msg.matches, false
	if msg.typed {
		m.setCursor(0)
	} else {
		m.clamp()
	}
	return m
}

// refilter searches again once the shown list changed under a filter.
func (m *listModel) refilter() tea.Cmd {
	if !m.filter.applied() {
		return nil
	}
	return m.filter.search(m.cur().items, false)
}

// startFiltering gives the field the focus, with the applied query.
func (m listModel) startFiltering() (listModel, tea.Cmd) {
	m.filter.editing = true
	m.filter.input.SetValue(m.filter.query)
	m.filter.input.CursorEnd()
	return m, m.filter.input.Focus()
}

// clearFilter shows every favorite again, keeping the one selected.
func (m *listModel) clearFilter() {
	var id string
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
