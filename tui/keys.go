package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// globalKeys work on every screen. "?" is not one of them: on the login
// screen it is typed into the paste field.
type globalKeys struct {
	Quit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// loginKeys are the login screen's. Printable keys belong to the paste
// field there, so only ctrl+c quits and help is shown, not toggled by "?".
type loginKeys struct {
	Submit key.Binding
	Copy   key.Binding
	Clear  key.Binding
	Back   key.Binding // adding an account: back to the one shown before
	Quit   key.Binding
}

func newLoginKeys() loginKeys {
	return loginKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open browser / submit")),
		Copy:   key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy URL")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear the field")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"), key.WithDisabled()),
		Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

func (k loginKeys) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Back, k.Copy, k.Quit} }

func (k loginKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Copy, k.Clear, k.Back, k.Quit}}
}

// urlKeys open and copy a favorite's page or media URL; the list and the
// detail screen share them.
type urlKeys struct {
	Open, OpenMedia key.Binding
	Copy, CopyMedia key.Binding
}

func newURLKeys() urlKeys {
	return urlKeys{
		Open:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open page")),
		OpenMedia: key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open media")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy page URL")),
		CopyMedia: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy media URL")),
	}
}

// match reports whether km is one of the bindings, and which: the media
// URL rather than the page's, and copying rather than opening.
func (k urlKeys) match(km tea.KeyPressMsg) (media, copying, ok bool) {
	switch {
	case key.Matches(km, k.Open):
		return false, false, true
	case key.Matches(km, k.OpenMedia):
		return true, false, true
	case key.Matches(km, k.Copy):
		return false, true, true
	case key.Matches(km, k.CopyMedia):
		return true, true, true
	}
	return false, false, false
}

// listKeys are the list screen's.
type listKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding
	Top, Bottom      key.Binding
	Detail           key.Binding
	urlKeys
	Left, Right key.Binding // the grid's
	Sort        key.Binding
	Reload      key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	View        key.Binding
	Preview     key.Binding
	Download    key.Binding
	Favorite    key.Binding
	Folders     key.Binding
	Accounts    key.Binding
	NextNew     key.Binding
	Quit        key.Binding
	Help        key.Binding
}

func newListKeys(b Bindings, grid bool) listKeys {
	k := listKeys{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn/ctrl+f", "page down")),
		HalfUp:      key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown:    key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last (load more)")),
		Detail:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		urlKeys:     newURLKeys(),
		Left:        key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left")),
		Right:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "newest/oldest")),
		Reload:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		View:        key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "grid/list")),
		Preview:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview pane")),
		Download:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "download")),
		Favorite:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "unfavorite/undo")),
		Folders:     key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "folders")),
		Accounts:    key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "accounts")),
		NextNew:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next new favorite")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit (ctrl+c anywhere)")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
	screen := "list"
	if grid {
		screen = "grid"
	}
	k.actions().apply(b.forScreen(screen))
	return k
}

func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Detail, k.Open, k.Sort, k.Filter, k.View, k.Help, k.Quit}
}

// Legend explains the marks of the list's rows.
func (k listKeys) Legend() [][2]string {
	return [][2]string{
		{"img gif video", "what a favorite is"},
		{"alb 3", "an album of 3 images (alb ? until Imgur says)"},
		{"NSFW", "marked not safe for work"},
		{"1.2k ◉", "views"},
		{"▸", "the selected favorite"},
		{"●", "new since your last session (n jumps to the next)"},
		{"✓", "saved with d"},
		{"✗", "removed from your favorites with f (f puts it back)"},
	}
}

func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Left, k.Right, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		all(k.Detail, k.Open, k.OpenMedia, k.Copy, k.CopyMedia, k.Download, k.Favorite),
		{k.Sort, k.Reload, k.Filter, shown(k.ClearFilter), k.NextNew, k.Folders, k.Accounts, k.View, k.Preview, k.Help, k.Quit},
	}
}

// filterKeys apply while the filter field has the focus.
type filterKeys struct {
	Accept key.Binding
	Cancel key.Binding
}

func newFilterKeys() filterKeys {
	return filterKeys{
		Accept: key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "keep search")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
	}
}

func (k filterKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Accept, k.Cancel} }
func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// detailKeys are the detail screen's.
type detailKeys struct {
	Back             key.Binding
	Prev, Next       key.Binding
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding
	Top, Bottom      key.Binding
	PrevImage        key.Binding
	NextImage        key.Binding
	Download         key.Binding
	Favorite         key.Binding
	Comments         key.Binding
	urlKeys
	Help key.Binding
}

func newDetailKeys(b Bindings) detailKeys {
	k := detailKeys{
		Back:      key.NewBinding(key.WithKeys("esc", "backspace", "q"), key.WithHelp("esc/q", "back")),
		Prev:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous")),
		Next:      key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next")),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn/ctrl+f", "page down")),
		HalfUp:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		PrevImage: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous image")),
		NextImage: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next image")),
		Download:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "download")),
		Favorite:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "unfavorite/undo")),
		Comments:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "comments")),
		urlKeys:   newURLKeys(),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
	k.actions().apply(b.forScreen("detail"))
	return k
}

func (k detailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Prev, k.Next, k.NextImage, k.Comments, k.Open, k.Help}
}

func (k detailKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		all(k.Back, k.Prev, k.Next, k.PrevImage, k.NextImage),
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		all(k.Comments, k.Favorite, k.Open, k.OpenMedia, k.Copy, k.CopyMedia, k.Download, k.Help),
	}
}

// folderKeys are the folder picker's.
type folderKeys struct {
	Up, Down    key.Binding
	Top, Bottom key.Binding
	Choose      key.Binding
	Back        key.Binding
	Help        key.Binding
}

// newPickerKeys are a picker's keys, as configured ([keys.pickers], and
// the list's up, down, first, last, detail and help): toggles, the keys
// that opened it, also close it unless the user gave them to another of
// its actions; choose says what enter does.
func newPickerKeys(b Bindings, choose string, toggles ...string) folderKeys {
	k := folderKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", choose)),
		Back:   key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back")),
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
	acts := k.actions()
	acts.apply(b.forScreen("pickers"))
	taken := map[string]bool{}
	for _, a := range acts {
		for _, key := range a.Keys() {
			taken[key] = true
		}
	}
	back := k.Back.Keys()
	for _, t := range toggles {
		if !taken[t] {
			back, taken[t] = append(back, t), true
		}
	}
	k.Back.SetKeys(back...)
	k.Back.SetEnabled(len(back) > 0)
	return k
}

func (k folderKeys) ShortHelp() []key.Binding { return []key.Binding{k.Choose, k.Back, k.Help} }

func (k folderKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Choose, k.Back, k.Help}}
}

// commentsKeys are the comments screen's.
type commentsKeys struct {
	Back             key.Binding
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Fold             key.Binding
	Sort             key.Binding
	Reload           key.Binding
	Open             key.Binding
	Help             key.Binding
}

func newCommentsKeys(b Bindings) commentsKeys {
	k := commentsKeys{
		Back:     key.NewBinding(key.WithKeys("esc", "backspace", "q"), key.WithHelp("esc/q", "back")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous comment")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next comment")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Fold:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show/hide replies")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "best/top/new")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Open:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open page")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
	k.actions().apply(b.forScreen("comments"))
	return k
}

func (k commentsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Fold, k.Sort, k.Help}
}

func (k commentsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		all(k.Fold, k.Sort, k.Reload, k.Open, k.Back, k.Help),
	}
}

// all is the bindings for the full help, each shown if it has a key: the
// help lists every binding of the screen, also those that do nothing at
// the moment (no previous favorite, no search to clear). The short hints
// keep to what acts now. Bindings that belong to another mode (← → out of
// the grid, p without pictures) are not passed here.
func all(bs ...key.Binding) []key.Binding {
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		out[i] = shown(b)
	}
	return out
}

// shown is b for the full help: enabled if it has a key.
func shown(b key.Binding) key.Binding {
	b.SetEnabled(len(b.Keys()) > 0)
	return b
}

// helpKeys scroll the help; Close ("?", esc and q) closes it, as does
// the screen's own help key.
type helpKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Close            key.Binding
}

func newHelpKeys() helpKeys {
	return helpKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Close:    key.NewBinding(key.WithKeys("esc", "?", "q"), key.WithHelp("esc", "close help")),
	}
}
