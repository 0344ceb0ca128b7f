package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// A switches between the stored accounts. Each account has its own login,
// cache, pictures, cursors, folder and "new" marks; nothing crosses: the
// client refuses a request naming another account than its login's, so a
// page asked for before the switch never goes out with the new token.

// Accounts are the stored logins.
type Accounts interface {
	// Accounts lists the stored accounts' names.
	Accounts() ([]string, error)
	// Use makes account the current one and gives the client its login.
	Use(account string) (imgur.Token, error)
}

// accountPicker is A's screen: the stored accounts, and adding one.
type accountPicker struct {
	styles   *Styles
	keys     folderKeys // the same moves as the folder picker's
	current  string
	names    []string
	loading  bool
	failure  string
	cursor   int
	width, h int
}

// accountsRequestedMsg asks for the picker (A).
type accountsRequestedMsg struct{}

// accountsListedMsg carries the stored accounts.
type accountsListedMsg struct {
	names []string
	err   error
}

// accountChosenMsg is the account chosen; "" is "log in to another".
type accountChosenMsg struct{ name string }

// accountSwitchedMsg says the client now holds account's login.
type accountSwitchedMsg struct {
	token imgur.Token
	prefs accountPrefs
	err   error
}

// accountPrefs are what is remembered of an account's browsing, read by
// the command that switches to it (Update does no I/O): the folder it
// last showed, its last sort ("" when none is remembered) and its layout.
type accountPrefs struct {
	folder imgur.Folder
	sort   imgur.Sort
	layout layout
}

func readPrefs(s Settings, name string) accountPrefs {
	if s == nil || name == "" {
		return accountPrefs{layout: layout{preview: true}}
	}
	p := accountPrefs{folder: s.Folder(name), layout: readLayout(s, name)}
	if sort, ok := s.LastSort(name); ok {
		p.sort = sort
	}
	return p
}

func listAccountsCmd(a Accounts) tea.Cmd {
	return func() tea.Msg {
		names, err := a.Accounts()
		return accountsListedMsg{names: names, err: err}
	}
}

func switchAccountCmd(a Accounts, settings Settings, name string) tea.Cmd {
	return func() tea.Msg {
		tok, err := a.Use(name)
		if err != nil {
			return accountSwitchedMsg{err: err}
		}
		return accountSwitchedMsg{token: tok, prefs: readPrefs(settings, tok.Username)}
	}
}

// newAccountPicker is the picker, loading, with current marked; keys
// close it (A, or as configured).
func newAccountPicker(st *Styles, b Bindings, current string, w, h int, keys ...string) accountPicker {
	return accountPicker{styles: st, keys: newPickerKeys(b, "switch", keys...), current: current, loading: true, width: w, h: h}
}

func (p *accountPicker) SetSize(w, h int)     { p.width, p.h = w, h }
func (p *accountPicker) SetStyles(st *Styles) { p.styles = st }

// entries is the accounts and "log in to another account".
func (p accountPicker) entries() int { return len(p.names) + 1 }

func (p accountPicker) Update(msg tea.Msg) (accountPicker, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	k := p.keys
	switch {
	case key.Matches(km, k.Back): // the keys that opened it too
		return p, report(foldersClosedMsg{})
	case key.Matches(km, k.Help):
		return p, report(helpRequestedMsg{})
	case key.Matches(km, k.Choose) && !p.loading:
		name := ""
		if p.cursor < len(p.names) {
			name = p.names[p.cursor]
		}
		return p, report(accountChosenMsg{name: name})
	case key.Matches(km, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(km, k.Down):
		p.cursor = min(p.cursor+1, p.entries()-1)
	case key.Matches(km, k.Top):
		p.cursor = 0
	case key.Matches(km, k.Bottom):
		p.cursor = p.entries() - 1
	}
	return p, nil
}

// listed applies the stored accounts, the cursor on the current one.
func (p accountPicker) listed(msg accountsListedMsg) accountPicker {
	p.loading = false
	if msg.err != nil {
		p.failure = "cannot read the stored accounts: " + oneLine(msg.err)
	}
	p.names = msg.names
	for i, n := range p.names {
		if strings.EqualFold(n, p.current) {
			p.cursor = i
		}
	}
	return p
}

func (p accountPicker) KeyMap() help.KeyMap { return p.keys }

func (p accountPicker) View() string {
	st := p.styles
	state := st.Muted.Render("enter switches · esc goes back")
	switch {
	case p.loading:
		state = st.Muted.Render("reading the stored accounts…")
	case p.failure != "":
		state = st.Error.Render(p.failure)
	}
	out := []string{st.Title.Render(" Accounts"), " " + st.width.Truncate(state, max(p.width-1, 1), "…")}
	for i := range p.entries() {
		name, fact := "+ log in to another account", ""
		if i < len(p.names) {
			name = p.names[i]
			if strings.EqualFold(name, p.current) {
				fact = "shown"
			}
		}
		mark, style := "   ", st.Row
		if i == p.cursor {
			mark, style = " ▸ ", st.Selected
		}
		room := max(p.width-markWidth, 1)
		t := joinEnds(name, fact+" ", room, st.width)
		out = append(out, style.Render(mark+t+spaces(max(room-st.width.StringWidth(t), 0))))
	}
	return strings.Join(out, "\n")
}

// accountsMsg handles the picker's messages.
func (m Model) accountsMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case accountsRequestedMsg:
		return m.openAccounts()
	case accountsListedMsg:
		m.accounts = m.accounts.listed(msg)
	case accountChosenMsg:
		if m.screen == screenAccounts {
			return m.chooseAccount(msg.name)
		}
	case accountSwitchedMsg:
		return m.accountSwitched(msg)
	}
	return m, nil
}

// openAccounts shows the picker; with tokens from the environment there
// is only the one account.
func (m Model) openAccounts() (Model, tea.Cmd) {
	if m.screen != screenList || m.list.Account() == "" {
		return m, nil
	}
	if m.opts.Accounts == nil {
		m.status.errorText("logged in from the environment (IMGFAV_ACCESS_TOKEN): no other account to switch to")
		return m, nil
	}
	m.accounts = newAccountPicker(m.styles, m.opts.Keys, m.list.Account(), m.width, max(m.height-1, 0), m.list.AccountsKeys()...)
	m.screen = screenAccounts
	return m, tea.Batch(m.debug("screen accounts"), listAccountsCmd(m.opts.Accounts))
}

// chooseAccount switches to name, or logs in to another account ("").
// The account left remembers where it was and what it had seen.
func (m Model) chooseAccount(name string) (Model, tea.Cmd) {
	m.screen = screenList
	if strings.EqualFold(name, m.list.Account()) {
		return m, m.list.Resume()
	}
	leave := tea.Batch(m.list.SaveCursor(), m.list.SaveSeen(),
		saveSortCmd(m.opts.Settings, m.list.Account(), m.list.Sort()))
	if name == "" {
		back := m.list.Account()
		m, cmd := m.backToLogin("Log in to the account to add; the others stay stored (A switches between them).")
		m.login = m.login.adding(back)
		return m, tea.Batch(leave, cmd)
	}
	return m, tea.Sequence(leave, switchAccountCmd(m.opts.Accounts, m.opts.Settings, name))
}

// loginBack leaves the login screen opened to add an account: the account
// shown before takes the client again (its token was put aside), and its
// list starts from the cache as after any switch.
func (m Model) loginBack(msg loginBackMsg) (Model, tea.Cmd) {
	if m.screen != screenLogin || m.opts.Accounts == nil {
		return m, nil
	}
	return m, switchAccountCmd(m.opts.Accounts, m.opts.Settings, msg.account) // the loopback closes once it worked
}

// forAccount forgets what belonged to the account shown before (marks,
// album images, folder counts) and takes name's folder. The ✓ marks stay:
// the download directory is every account's.
func (m *Model) forAccount(prefs accountPrefs) {
	old := m.marks
	m.marks, m.counts, m.albums = newItemMarks(), map[int64]int{}, map[string][]imgur.Item{}
	if old != nil {
		m.marks.saved = old.saved
	}
	m.folder, m.layout = prefs.folder, prefs.layout
}

// accountSwitched starts the new account's list, with nothing of the
// other's: marks, album images and folder counts are per account.
func (m Model) accountSwitched(msg accountSwitchedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.status.errorText("could not switch accounts: " + oneLine(msg.err))
		return m, nil
	}
	name := msg.token.Username
	var closeLogin tea.Cmd
	if m.screen == screenLogin { // back from adding an account
		closeLogin = m.login.Close()
	}
	said := fmt.Sprintf("now showing %s's favorites", name)
	if strings.EqualFold(m.list.Account(), name) {
		said = fmt.Sprintf("back to %s's favorites", name) // no other account was chosen
	}
	m.forAccount(msg.prefs)
	m.screen = screenList
	m.list = m.newList(name, msg.prefs.sort)
	return m, tea.Batch(closeLogin, m.debug("screen list: switched to "+name), m.list.Init(), m.status.message(said))
}
