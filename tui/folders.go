package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// F opens the folder picker: "All favorites" and the account's favorite
// folders. Choosing one shows its favorites in the list, with the same
// lazy loading, cache, sort, search, pictures and downloads; the choice is
// remembered. Imgur does not document the folder endpoints and may refuse
// them: the picker then says so, and "All favorites" still works.

// folderPicker is the picker's screen.
type folderPicker struct {
	styles  *Styles
	keys    folderKeys
	pics    *pictureBook
	account string
	current int64 // the folder the list shows; 0 for all

	folders []imgur.Folder
	counts  map[int64]int // favorites in a folder, where known
	loading bool
	// failure says why the folders are not shown; note says they come
	// from the cache because Imgur could not be asked.
	failure, note string
	gen           int

	cursor, offset int // over the entries: 0 is "All favorites"
	width, height  int
	// nsfw are the loaded favorites marked NSFW, by id and by cover: a
	// folder's cover that is one of them is blurred like it.
	nsfw map[string]bool
}

// foldersRequestedMsg asks for the picker (F).
type foldersRequestedMsg struct{}

// folderChosenMsg is the folder chosen in the picker; the zero Folder
// for all the favorites.
type folderChosenMsg struct{ folder imgur.Folder }

// foldersClosedMsg leaves the picker without a choice.
type foldersClosedMsg struct{}

// foldersLoadedMsg carries the account's folders, or why there are none
// (cached is set when they came from the cache after a failed request).
type foldersLoadedMsg struct {
	account string
	gen     int
	folders []imgur.Folder
	err     error
	cached  bool
	rate    imgur.RateLimit
}

// FolderCache reads the folders the last answer listed, for a picker
// opened offline.
type FolderCache interface {
	CachedFolders(account string) ([]imgur.Folder, bool)
}

// fetchFoldersCmd asks Imgur for the folders; when Imgur cannot be
// reached, the cached list stands in.
func fetchFoldersCmd(ctx context.Context, c Client, cache PageCache, account string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		fs, err := c.Folders(ctx, account)
		msg := foldersLoadedMsg{account: account, gen: gen, folders: fs, err: err, rate: c.RateLimit()}
		if fc, ok := cache.(FolderCache); ok && err != nil &&
			(errors.Is(err, imgur.ErrUnreachable) || errors.Is(err, imgur.ErrUnavailable)) {
			if cached, ok := fc.CachedFolders(account); ok {
				msg.folders, msg.cached = cached, true
			}
		}
		return msg
	}
}

// newFolderPicker is the picker of account's folders, loading, with
// current marked; nsfw are the favorites whose covers are blurred, keys
// close it (F, or as configured).
func newFolderPicker(st *Styles, b Bindings, pics *pictureBook, account string, current int64, counts map[int64]int, nsfw map[string]bool, keys ...string) folderPicker {
	return folderPicker{styles: st, keys: newPickerKeys(b, "show folder", keys...), pics: pics, account: account, current: current,
		counts: counts, nsfw: nsfw, loading: true}
}

// Start is the command that fetches the folders.
func (p *folderPicker) Start(ctx context.Context, c Client, cache PageCache) tea.Cmd {
	p.gen++
	p.loading = true
	return fetchFoldersCmd(ctx, c, cache, p.account, p.gen)
}

// Busy reports whether the folders are being fetched.
func (p folderPicker) Busy() bool { return p.loading }

// KeyMap is the bindings, for the help and the hints.
func (p folderPicker) KeyMap() help.KeyMap { return p.keys }

func (p *folderPicker) SetSize(w, h int) {
	p.width, p.height = w, h
	p.moveTo(p.cursor)
}

func (p *folderPicker) SetStyles(st *Styles) { p.styles = st }

// loaded applies the answer to the latest request.
func (p folderPicker) loaded(msg foldersLoadedMsg) folderPicker {
	if msg.account != p.account || msg.gen != p.gen {
		return p
	}
	p.loading = false
	switch {
	case msg.cached:
		p.folders, p.note = msg.folders, "the folders as last seen ("+briefError(msg.err)+")"
	case msg.err != nil:
		p.failure = "folders are unavailable: " + briefError(msg.err)
	default:
		p.folders = msg.folders
	}
	if p.cursor == 0 { // start on the folder shown
		for i, f := range p.folders {
			if f.ID == p.current {
				p.cursor = i + 1
			}
		}
	}
	p.moveTo(p.cursor)
	return p
}

// briefError is err without the context the screen already gives: the
// API's answer when there is one.
func briefError(err error) string {
	var ae *imgur.APIError
	if errors.As(err, &ae) {
		return oneLine(ae)
	}
	var rle *imgur.RateLimitError
	if errors.As(err, &rle) {
		return oneLine(rle)
	}
	for _, kind := range []error{imgur.ErrUnreachable, imgur.ErrUnavailable} {
		if errors.Is(err, kind) {
			return kind.Error()
		}
	}
	return oneLine(err)
}

// entries is "All favorites" and the folders.
func (p folderPicker) entries() int { return 1 + len(p.folders) }

// entry is the folder of entry i; the zero Folder for "All favorites".
func (p folderPicker) entry(i int) imgur.Folder {
	if i <= 0 || i > len(p.folders) {
		return imgur.Folder{}
	}
	return p.folders[i-1]
}

// Update handles the picker's keys and the mouse.
func (p folderPicker) Update(msg tea.Msg) (folderPicker, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.handleKey(msg)
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			p.moveTo(p.cursor - 1)
		case tea.MouseWheelDown:
			p.moveTo(p.cursor + 1)
		}
	case tea.MouseClickMsg:
		return p.click(msg.Mouse())
	}
	return p, nil
}

func (p folderPicker) handleKey(km tea.KeyPressMsg) (folderPicker, tea.Cmd) {
	k := p.keys
	switch {
	case key.Matches(km, k.Back):
		return p, report(foldersClosedMsg{})
	case key.Matches(km, k.Choose):
		return p, report(folderChosenMsg{folder: p.entry(p.cursor)})
	case key.Matches(km, k.Help):
		return p, report(helpRequestedMsg{})
	case key.Matches(km, k.Up):
		p.moveTo(p.cursor - 1)
	case key.Matches(km, k.Down):
		p.moveTo(p.cursor + 1)
	case key.Matches(km, k.Top):
		p.moveTo(0)
	case key.Matches(km, k.Bottom):
		p.moveTo(p.entries() - 1)
	}
	return p, nil
}

// click selects the clicked entry; a click on the selected one chooses it.
func (p folderPicker) click(mouse tea.Mouse) (folderPicker, tea.Cmd) {
	if mouse.Button != tea.MouseLeft || mouse.Y < foldersHeader {
		return p, nil
	}
	i := p.offset + (mouse.Y-foldersHeader)/p.entryLines()
	if i >= p.entries() {
		return p, nil
	}
	if i == p.cursor {
		return p, report(folderChosenMsg{folder: p.entry(i)})
	}
	p.moveTo(i)
	return p, nil
}

// moveTo selects entry i and keeps it in view.
func (p *folderPicker) moveTo(i int) {
	p.cursor = min(max(i, 0), p.entries()-1)
	shown := p.shown()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+shown {
		p.offset = p.cursor - shown + 1
	}
	p.offset = max(min(p.offset, p.entries()-shown), 0)
}

// foldersMsg handles the picker's messages.
func (m Model) foldersMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case foldersRequestedMsg:
		return m.openFolders()
	case foldersLoadedMsg:
		m.status.SetRate(msg.rate)
		if msg.err != nil && !msg.cached && needsLogin(msg.err) {
			return m.backToLogin(loginReason(msg.err))
		}
		m.folders = m.folders.loaded(msg)
	case foldersClosedMsg:
		if m.screen == screenFolders || m.screen == screenAccounts {
			m.screen = screenList
			return m, tea.Batch(m.debug("screen list"), m.list.Resume())
		}
	case folderChosenMsg:
		if m.screen == screenFolders {
			return m.chooseFolder(msg.folder)
		}
	}
	return m, nil
}

// openFolders shows the picker and asks Imgur for the folders.
func (m Model) openFolders() (Model, tea.Cmd) {
	account := m.list.Account()
	if account == "" || m.screen != screenList {
		return m, nil
	}
	m.folders = newFolderPicker(m.styles, m.opts.Keys, m.pics, account, m.folder.ID, m.counts, m.list.nsfwIDs(), m.list.FoldersKeys()...)
	m.folders.SetSize(m.width, max(m.height-1, 0))
	m.screen = screenFolders
	return m, tea.Batch(m.debug("screen folders"), m.folders.Start(m.ctx, m.opts.Client, m.opts.Cache))
}

// chooseFolder shows f's favorites (all of them for the zero Folder) in
// the list, and remembers the choice.
func (m Model) chooseFolder(f imgur.Folder) (Model, tea.Cmd) {
	account := m.list.Account()
	save := m.list.SaveCursor()
	m.screen = screenList
	if f.ID == m.folder.ID {
		return m, tea.Batch(m.debug("screen list"), m.list.Resume())
	}
	m.folder = f
	m.list = m.newList(account, "")
	name := "all your favorites"
	if f.ID != 0 {
		name = "the folder " + f.Name
	}
	return m, tea.Batch(save, saveFolderCmd(m.opts.Settings, account, f), m.debug("screen list: folder "+name),
		m.list.Init(), m.status.message("showing "+name))
}

// saveFolderCmd remembers the folder shown, for the next start.
func saveFolderCmd(s Settings, account string, f imgur.Folder) tea.Cmd {
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		if err := s.SetFolder(account, f); err != nil {
			return statusNotedMsg{text: "could not remember the folder: " + oneLine(err), isErr: true}
		}
		return nil
	}
}

// nsfwIDs are the loaded favorites marked NSFW, by id and by the id of
// their cover (an album's), in both sorts.
func (m listModel) nsfwIDs() map[string]bool {
	out := map[string]bool{}
	for i := range m.feeds {
		for _, it := range m.feeds[i].items {
			if it.IsNSFW() {
				out[it.ID] = true
				if it.Cover != "" {
					out[it.Cover] = true
				}
			}
		}
	}
	return out
}
