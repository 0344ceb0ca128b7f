package tui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// f toggles the selected favorite on Imgur, in a command. Imgur has one
// call for adding and removing and says which it did; its answer, never an
// assumption, decides the mark. A removed favorite stays in the list,
// dimmed and marked ✗, until the next reload, so f can put it back.

// itemMarks are what happened to favorites during the run, shared by every
// list (all favorites and each folder) and the detail view.
type itemMarks struct {
	saved    map[string]bool // saved by d: ✓
	removed  map[string]bool // removed from the favorites by f: ✗, dimmed
	toggling map[string]bool // a toggle in flight
	gone     map[string]bool // Imgur no longer has the media (404)
}

func newItemMarks() *itemMarks {
	return &itemMarks{saved: map[string]bool{}, removed: map[string]bool{}, toggling: map[string]bool{},
		gone: map[string]bool{}}
}

// isSaved and isRemoved read the marks; a nil itemMarks has none.
func (k *itemMarks) isSaved(id string) bool   { return k != nil && k.saved[id] }
func (k *itemMarks) isRemoved(id string) bool { return k != nil && k.removed[id] }
func (k *itemMarks) isGone(id string) bool    { return k != nil && k.gone[id] }

// favoriteToggleRequestedMsg asks to add or remove a favorite (f).
type favoriteToggleRequestedMsg struct{ item imgur.Item }

// favoriteToggledMsg is Imgur's answer: whether the item is a favorite
// now, or why nothing changed.
type favoriteToggledMsg struct {
	item      imgur.Item
	favorited bool
	err       error
	rate      imgur.RateLimit
}

// toggleFavoriteCmd sends the toggle.
func toggleFavoriteCmd(ctx context.Context, c Client, it imgur.Item) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		fav, err := c.ToggleFavorite(ctx, it)
		return favoriteToggledMsg{item: it, favorited: fav, err: err, rate: c.RateLimit()}
	}
}

// toggleFavorite starts f on it, unless one is already on its way or the
// POST allowance is known to be used up: then nothing is sent.
func (m Model) toggleFavorite(it imgur.Item) (Model, tea.Cmd) {
	title := displayText(imgur.CleanLine(titleOr(it.Title, it.ID)))
	if m.marks.toggling[it.ID] {
		return m, m.status.message("still waiting for Imgur about " + title)
	}
	now := m.opts.Now()
	rate := m.status.Rate()
	if reset, out := rate.PostExhausted(now); out {
		m.status.errorText("Imgur's allowance of changes is used up until " + clock(reset, now) + ": nothing sent")
		return m, nil
	}
	if reset, _, out := rate.Exhausted(now); out {
		m.status.errorText("no API credits left until " + clock(reset, now) + ": nothing sent")
		return m, nil
	}
	m.marks.toggling[it.ID] = true
	verb := "removing " + title + " from your favorites…"
	if m.marks.removed[it.ID] {
		verb = "adding " + title + " back to your favorites…"
	}
	return m, tea.Batch(m.status.message(verb), toggleFavoriteCmd(m.ctx, m.opts.Client, it))
}

// favoriteToggled marks the item as Imgur says it now is; a failure
// leaves it as it was and says why.
func (m Model) favoriteToggled(msg favoriteToggledMsg) (Model, tea.Cmd) {
	delete(m.marks.toggling, msg.item.ID)
	m.status.SetRate(msg.rate)
	m.list.SetRate(msg.rate)
	title := displayText(imgur.CleanLine(titleOr(msg.item.Title, msg.item.ID)))
	if msg.err != nil {
		if needsLogin(msg.err) {
			return m.backToLogin(loginReason(msg.err))
		}
		m.status.errorText(fmt.Sprintf("%s is unchanged: %s", title, oneLine(msg.err)))
		return m, nil
	}
	if msg.favorited {
		delete(m.marks.removed, msg.item.ID)
	} else {
		m.marks.removed[msg.item.ID] = true
	}
	m.list.ImgurChanged()
	var back tea.Cmd
	if msg.favorited && !m.list.Has(msg.item.ID) {
		// Put back after a reload dropped it: page 0 is asked for again.
		back = m.list.Revalidate()
	}
	if m.screen == screenDetail {
		m.detail.Refresh()
	}
	if msg.favorited {
		return m, tea.Batch(back, m.status.message("a favorite again: "+title))
	}
	return m, m.status.message("unfavorited (f undoes): " + title)
}

// Has reports whether the list holds the favorite id, in either sort.
func (m listModel) Has(id string) bool {
	return m.feeds[0].seen[id] || m.feeds[1].seen[id]
}

// Revalidate asks for page 0 again, as r does, without dropping anything.
func (m *listModel) Revalidate() tea.Cmd {
	if m.account == "" || !m.cur().started {
		return nil
	}
	return m.fetch(m.reload())
}

// ImgurChanged notes that a favorite left (or came back to) Imgur's list
// under the loaded pages, for the pages still to load.
func (m *listModel) ImgurChanged() {
	for i := range m.feeds {
		if f := &m.feeds[i]; !f.complete {
			f.shifted++
		}
	}
}

// dropRemoved takes the favorites removed by f out of both of the list's
// sorts, at the reload that ends their dimmed stay; the cursor stays on
// the favorite it was on (or the one after a removed one). One whose f
// is still on its way (an undo, perhaps) stays. It returns the search to
// run again, if one narrows the list, and says what left: the message
// that f puts it back no longer holds.
func (m *listModel) dropRemoved() tea.Cmd {
	marks := m.deps.marks
	if marks == nil || len(marks.removed) == 0 {
		return nil
	}
	selected, _ := m.Selected()
	dropped := map[string]bool{}
	for i := range m.feeds {
		f := &m.feeds[i]
		kept, before := f.items[:0:0], 0
		for j, it := range f.items {
			if marks.removed[it.ID] && !marks.toggling[it.ID] {
				dropped[it.ID] = true
				delete(f.seen, it.ID)
				if j < f.cursor {
					before++
				}
				continue
			}
			kept = append(kept, it)
		}
		f.replaceItems(kept)
		f.cursor -= before
		f.resetFresh()
		f.updateFresh(i == sortIndex(imgur.SortOldest))
	}
	for id := range marks.removed {
		if !marks.toggling[id] {
			delete(marks.removed, id)
		}
	}
	m.filter.otherItems()
	m.filter.selected = selected.ID // a search run again keeps it, if it stayed
	m.clamp()
	if len(dropped) == 0 {
		return m.refilter()
	}
	return tea.Batch(m.refilter(), note(plural(len(dropped), "removed favorite")+" left the list with the reload"))
}
