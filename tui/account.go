package tui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// A token from the environment may come without its account's name. The
// list then starts at once, without an account, while a command asks
// Imgur whose token it is; the account's cache and list follow.

// learningAccount is what the list says while it asks.
const learningAccount = "asking Imgur which account the access token belongs to…"

// accountLearnedMsg carries the account of the client's token, or why
// Imgur did not say.
type accountLearnedMsg struct {
	username    string
	err         error
	rememberErr error // learned, but not remembered for the next start
}

// learnAccountCmd asks Imgur whose the client's token is, gives the client
// the name, and remembers it for the next start.
func learnAccountCmd(c Client, remember func(username string) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		acct, err := c.Me(ctx)
		if err != nil {
			return accountLearnedMsg{err: err}
		}
		tok := c.Token()
		tok.Username, tok.AccountID = acct.URL, acct.ID
		c.SetToken(tok)
		msg := accountLearnedMsg{username: acct.URL}
		if remember != nil {
			msg.rememberErr = remember(acct.URL)
		}
		return msg
	}
}

// learnAccount starts asking, with the spinner.
func (m *Model) learnAccount() tea.Cmd {
	m.list.note = learningAccount
	return tea.Batch(learnAccountCmd(m.opts.Client, m.opts.RememberAccount), m.status.startWork())
}

// accountLearned starts the account's list, or says in one sentence why
// it cannot; r asks again.
func (m Model) accountLearned(msg accountLearnedMsg) (tea.Model, tea.Cmd) {
	m.status.stopWork()
	m.status.rate = m.opts.Client.RateLimit()
	if m.screen == screenLogin || m.list.account != "" {
		return m, nil
	}
	if msg.err != nil {
		m.list.note = m.accountFailure(msg.err)
		m.status.errorText(m.list.note)
		return m, nil
	}
	m.debug("screen list: the token belongs to " + msg.username)
	m.list = newListModel(m.styles, msg.username, m.opts.Sort, m.opts.Now)
	m.list.SetSize(m.width, max(m.height-1, 0))
	m.status.message("")
	if msg.rememberErr != nil {
		m.status.error(fmt.Errorf("could not remember the token's account (%w); the next start will ask again", msg.rememberErr))
	}
	return m, m.startList()
}

// accountFailure is one sentence: a refused token is the user's to fix;
// anything else may pass, and r asks again.
func (m Model) accountFailure(err error) string {
	if needsLogin(err) || errors.Is(err, imgur.ErrForbidden) {
		if m.opts.TokenRefused != "" {
			return m.opts.TokenRefused
		}
		return "Imgur refused the access token"
	}
	reason := oneLine(err)
	for _, known := range []error{imgur.ErrUnreachable, imgur.ErrUnavailable, imgur.ErrMalformed} {
		if errors.Is(err, known) {
			reason = known.Error()
		}
	}
	return "could not learn whose the access token is: " + reason + " (r retries)"
}
