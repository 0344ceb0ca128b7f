package tui

import (
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// New since last time: each account's list of one sort remembers, when a
// session ends, the favorites at the edge where new ones arrive (the
// first of newest first, the last of oldest first once the list was
// complete). The next session marks what lies beyond that edge as new
// (●), counts it in the status bar, and n jumps from one to the next. An
// account's first session marks nothing: there is no edge yet.

// seenEdge is how many favorites the edge holds: a favorite or two
// removed since does not lose it.
const seenEdge = 60

// setPrev takes the edge the last session left; nil: none.
func (f *feed) setPrev(ids []string, known bool) {
	f.prev, f.fresh = nil, map[string]bool{}
	if !known {
		return
	}
	f.prev = make(map[string]bool, len(ids))
	for _, id := range ids {
		f.prev[id] = true
	}
	f.freshScan, f.freshDone, f.freshRun = 0, false, 0
}

// resetFresh marks again from scratch, after the items changed other
// than by growing (a rebuilt page 0, removed favorites).
func (f *feed) resetFresh() {
	clear(f.fresh)
	f.freshScan, f.freshDone, f.freshRun = 0, false, 0
}

// edgeRun is how many favorites of the edge in a row mark where it
// begins: one alone may be an old favorite favorited again (it comes
// back at the top), with new ones after it.
func (f *feed) edgeRun() int { return min(3, len(f.prev)) }

// scanFresh takes one favorite into the scan: a favorite of the edge
// counts towards the run that ends it, any other is new. It reports
// whether the scan is done.
func (f *feed) scanFresh(id string) bool {
	if !f.prev[id] {
		f.fresh[id], f.freshRun = true, 0
		return false
	}
	f.freshRun++
	return f.freshRun >= f.edgeRun()
}

// updateFresh marks the favorites beyond the last session's edge, as far
// as the items go: newest first from the top, until the edge begins (a
// few of its favorites in a row); oldest first from the end, once the
// list is complete. A list that never meets the edge cannot tell what is
// new: it marks nothing.
func (f *feed) updateFresh(oldest bool) {
	if f.prev == nil || f.freshDone {
		return
	}
	if f.fresh == nil {
		f.fresh = map[string]bool{}
	}
	if !oldest {
		for ; f.freshScan < len(f.items); f.freshScan++ {
			if f.scanFresh(f.items[f.freshScan].ID) {
				f.freshDone = true
				return
			}
		}
	} else if f.complete {
		f.freshRun = 0
		for i := len(f.items) - 1; i >= 0; i-- {
			if f.scanFresh(f.items[i].ID) {
				f.freshDone = true
				return
			}
		}
	}
	if f.complete {
		clear(f.fresh)
		f.freshDone = true
	}
}

// refreshNew brings the marks of the sort's feed up to date.
func (m *listModel) refreshNew(sort imgur.Sort) {
	if m.folder.ID != 0 {
		return // the edge is the whole list's
	}
	m.feeds[sortIndex(sort)].updateFresh(sort == imgur.SortOldest)
}

// isNew reports whether the shown sort marks id as new.
func (m listModel) isNew(id string) bool {
	f := &m.feeds[sortIndex(m.sort)]
	return f.fresh[id] && !m.deps.marks.isRemoved(id)
}

// newCount is how many favorites the shown sort marks as new. It runs
// for every frame: it walks the few removed favorites, not the new ones.
func (m listModel) newCount() int {
	fresh := m.feeds[sortIndex(m.sort)].fresh
	n := len(fresh)
	if m.deps.marks != nil {
		for id := range m.deps.marks.removed {
			if fresh[id] {
				n--
			}
		}
	}
	return n
}

// nextNew is n: the next new favorite after the cursor, wrapping around.
func (m listModel) nextNew() (listModel, tea.Cmd) {
	n := m.visibleLen()
	cur := m.cur().cursor
	for i := 1; i <= n; i++ {
		j := (cur + i) % n
		if m.isNew(m.itemAt(j).ID) {
			m.setCursor(j)
			return m, m.prefetch()
		}
	}
	text := "no new favorites since your last session"
	if !m.cur().complete && m.sort == imgur.SortOldest {
		text += " among those loaded (new ones come at the end of oldest first)"
	}
	return m, note(text)
}

// SaveSeen is the command that remembers each sort's edge for the next
// session's marks: the whole list's only, and only of a sort whose edge
// this session saw.
func (m listModel) SaveSeen() tea.Cmd {
	if m.account == "" || m.folder.ID != 0 || m.deps.settings == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, sort := range []imgur.Sort{imgur.SortNewest, imgur.SortOldest} {
		if ids := m.edge(sort); ids != nil {
			s, account := m.deps.settings, m.account
			cmds = append(cmds, func() tea.Msg {
				_ = s.SetSeen(account, sort, ids) // on the way out: nothing to tell
				return nil
			})
		}
	}
	return tea.Batch(cmds...)
}

// edge is the favorites at the sort's edge, without those removed; nil
// when this session did not see it.
func (m listModel) edge(sort imgur.Sort) []string {
	f := &m.feeds[sortIndex(sort)]
	if len(f.items) == 0 || sort == imgur.SortOldest && !f.complete {
		return nil
	}
	var ids []string
	for i := range f.items {
		j := i
		if sort == imgur.SortOldest {
			j = len(f.items) - 1 - i
		}
		if id := f.items[j].ID; !m.deps.marks.isRemoved(id) {
			ids = append(ids, id)
		}
		if len(ids) == seenEdge {
			break
		}
	}
	return ids
}
