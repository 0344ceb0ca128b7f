package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	"github.com/sahilm/fuzzy"

	"imgfav/imgur"
)

// filterState is the / filter: a case-insensitive fuzzy match over the
// loaded favorites' title, description, uploader and tags.
type filterState struct {
	input   textinput.Model
	editing bool   // the field has the focus
	query   string // the applied query
	matches []int  // indices of matching items, best first
	hay     []string
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

// refresh matches the query against items, extending the haystacks for
// items loaded since the last call.
func (f *filterState) refresh(items []imgur.Item) {
	if len(f.hay) > len(items) {
		f.hay = f.hay[:0]
	}
	for i := len(f.hay); i < len(items); i++ {
		f.hay = append(f.hay, haystack(items[i]))
	}
	f.matches = f.matches[:0]
	if f.query == "" {
		return
	}
	for _, mt := range fuzzy.FindFrom(strings.ToLower(f.query), hayStack(f.hay)) {
		f.matches = append(f.matches, mt.Index)
	}
}

// reset clears the query and the haystacks (another sort's items).
func (f *filterState) reset() {
	f.input.Reset()
	f.input.Blur()
	f.editing, f.query, f.matches, f.hay = false, "", nil, nil
}

type hayStack []string

func (h hayStack) String(i int) string { return h[i] }
func (h hayStack) Len() int            { return len(h) }
