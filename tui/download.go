package tui

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// d saves the selected favorite in a command: the status bar says it is
// on its way, then what was saved where; the list marks it (✓) from then
// on, as it marks from the start the favorites an earlier d or imgfav
// backup saved. Nothing waits for it.

// findSaved is the command that reads which favorites the download
// directory holds. A directory that cannot be read marks nothing: d
// says why when it is used.
func (m Model) findSaved() tea.Cmd {
	dl := m.opts.Downloads
	if dl == nil {
		return nil
	}
	return func() tea.Msg {
		ids, err := dl.SavedIDs()
		if err != nil {
			return nil
		}
		return savedFoundMsg{ids: ids}
	}
}

// savedFound marks the favorites found saved.
func (m Model) savedFound(msg savedFoundMsg) Model {
	for id := range msg.ids {
		m.marks.saved[id] = true
	}
	return m
}

// download starts saving it.
func (m Model) download(it imgur.Item) (Model, tea.Cmd) {
	if m.opts.Downloads == nil {
		m.status.errorText("downloads are not available here")
		return m, nil
	}
	title := imgur.CleanLine(titleOr(it.Title, it.ID))
	m.downloading++
	dl, ctx := m.opts.Downloads, m.ctx
	save := func() tea.Msg {
		res, err := dl.Download(ctx, it)
		return downloadedMsg{id: it.ID, title: title, res: res, err: err}
	}
	return m, tea.Batch(m.status.message("saving "+title+"…"), save)
}

// downloaded reports a finished save and marks the favorite.
func (m Model) downloaded(msg downloadedMsg) (Model, tea.Cmd) {
	m.downloading = max(m.downloading-1, 0)
	if msg.err != nil {
		m.status.errorText("could not save " + msg.title + ": " + oneLine(msg.err))
		return m, nil
	}
	m.marks.saved[msg.id] = true
	if msg.res.Gone {
		m.markGone(msg.id)
	}
	return m, m.status.message(savedText(msg))
}

// savedText says what a save did, the numbers first where a narrow bar
// cuts the end: nothing new is not "saved".
func savedText(msg downloadedMsg) string {
	var text string
	switch r := msg.res; {
	case r.Saved == 0 && r.Kept > 0:
		text = fmt.Sprintf("already saved (%s): %s in %s", plural(r.Kept, "file"), msg.title, r.Dir)
	case r.Kept > 0:
		text = fmt.Sprintf("saved %s (%d already there): %s to %s", plural(r.Saved, "file"), r.Kept, msg.title, r.Dir)
	default:
		text = fmt.Sprintf("saved %s: %s to %s", plural(r.Saved, "file"), msg.title, r.Dir)
	}
	if msg.res.Gone {
		text += "; some of it is gone from Imgur"
	}
	return text
}

// plural is "1 file", "3 files".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// markGone notes that Imgur no longer has a favorite's media; the detail
// view says so, and O opens the saved copy instead.
func (m *Model) markGone(id string) {
	if m.marks.gone[id] {
		return
	}
	m.marks.gone[id] = true
	if m.screen == screenDetail && m.detail.Item().ID == id {
		m.detail.Refresh()
	}
}

// openSavedCopy is O on a favorite Imgur has lost: it opens the copy d or
// imgfav backup saved, found in a command (it looks at the disk).
func (m Model) openSavedCopy(it imgur.Item) (Model, tea.Cmd) {
	title := imgur.CleanLine(titleOr(it.Title, it.ID))
	if m.opts.Downloads == nil || m.opts.Opener == nil && m.opts.Viewers == nil {
		m.status.errorText(title + " is gone from Imgur, and no saved copy can be opened here")
		return m, nil
	}
	dl, opener, viewers := m.opts.Downloads, m.opts.Opener, m.opts.Viewers
	open := func() tea.Msg {
		path, ok := dl.SavedCopy(it)
		if !ok {
			return statusNotedMsg{text: title + " is gone from Imgur, and was not saved (d saves what Imgur still has)", isErr: true}
		}
		p := filepath.ToSlash(path)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/… on Windows
		}
		u := (&url.URL{Scheme: "file", Path: p}).String()
		if viewers != nil {
			if ok, _ := viewers.Has(it.Kind()); ok {
				name, err := viewers.Open(it.Kind(), u, path)
				return openedMsg{url: u, via: name, err: err}
			}
		}
		return openedMsg{url: u, err: opener.Open(u)}
	}
	return m, tea.Batch(m.status.message(title+" is gone from Imgur: opening the saved copy…"), open)
}
