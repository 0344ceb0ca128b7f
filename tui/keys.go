package tui

import "charm.land/bubbles/v2/key"

// globalKeys work on every screen.
type globalKeys struct {
	Quit key.Binding
	Help key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

// loginKeys are the login screen's. Printable keys belong to the paste
// field there, so only ctrl+c quits and help is shown, not toggled by "?".
type loginKeys struct {
	Submit key.Binding
	Copy   key.Binding
	Clear  key.Binding
	Quit   key.Binding
}

func newLoginKeys() loginKeys {
	return loginKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open browser / submit")),
		Copy:   key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy URL")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear the field")),
		Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

func (k loginKeys) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Copy, k.Quit} }

func (k loginKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Copy, k.Clear, k.Quit}}
}

// listKeys are the list screen's.
type listKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding
	Top, Bottom      key.Binding
	Reload           key.Binding
	Quit             key.Binding
	Help             key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Quit:     key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Reload, k.Help, k.Quit}
}

func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.Reload, k.Help, k.Quit},
	}
}
