package tui

import (
	"slices"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"imgfav/imgur"
	"imgfav/search"
)

// foldStore holds a feed's favorites folded for search, in the feed's
// order. Folding is the costly part of a search, so it happens off the
// Update path, once per favorite: a command folds each page as it loads,
// and a search folds whatever that one has not reached yet. What any of
// them folded stays, a superseded search's work too. Folding holds the
// lock, so two commands never fold the same favorites.
type foldStore struct {
	mu   sync.Mutex
	docs []*search.Prepared
	ids  []string
	// folded is len(docs), readable without the lock: Update asks it,
	// and must not wait for a fold in progress.
	folded atomic.Int64
}

// n is how many favorites are folded.
func (s *foldStore) n() int { return int(s.folded.Load()) }

// docsFor returns items folded, folding and keeping those not folded yet.
// Items normally extend what was folded; where they differ (the list
// changed under a command), the store follows the items.
func (s *foldStore) docsFor(items []imgur.Item) []*search.Prepared {
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := 0
	for keep < min(len(s.ids), len(items)) && s.ids[keep] == items[keep].ID {
		keep++
	}
	if keep < len(items) && keep < len(s.ids) {
		// The items differ from what was folded (not merely fewer, as
		// an older snapshot is). Earlier callers may hold the old
		// slices: append to copies.
		s.docs, s.ids = slices.Clip(s.docs[:keep]), slices.Clip(s.ids[:keep])
	}
	for _, it := range items[keep:] {
		s.docs = append(s.docs, search.Prepare(SearchDoc(it)))
		s.ids = append(s.ids, it.ID)
	}
	s.folded.Store(int64(len(s.docs)))
	return s.docs[:len(items):len(items)]
}

// foldedMsg says a fold command for a sort's feed is done.
type foldedMsg struct {
	sort  imgur.Sort
	store *foldStore
}

// foldLoaded starts folding the favorites the shown sort's feed loaded
// (the other's wait until it is shown), unless a fold is running (it
// starts another when it ends) or all are folded.
func (m *listModel) foldLoaded(sort imgur.Sort) tea.Cmd {
	f := &m.feeds[sortIndex(sort)]
	if sort != m.sort || f.folding || f.folds.n() >= len(f.items) {
		return nil
	}
	f.folding = true
	store, items := f.folds, slices.Clip(f.items)
	return func() tea.Msg {
		store.docsFor(items)
		return foldedMsg{sort: sort, store: store}
	}
}

// folded ends a fold and starts the next when more favorites loaded.
func (m listModel) folded(msg foldedMsg) (listModel, tea.Cmd) {
	f := &m.feeds[sortIndex(msg.sort)]
	if msg.store != f.folds {
		return m, nil // the feed's favorites were replaced since
	}
	f.folding = false
	return m, m.foldLoaded(msg.sort)
}
