package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// A token from the environment may come without its account's name. The
// list then starts at once, without an account, while a command asks
// Imgur whose token it is; the account's cache and list follow.

// learningAccount is what the list says while it asks.
const learningAccount = "asking Imgur which account the access token belongs to…"

// accountLearnedMsg carries the account of the client's token, or why
// Imgur did not say, and the credits the client knew right after.
type accountLearnedMsg struct {
	username    string
	err         error
	rememberErr error // learned, but not remembered for the next start
	rate        imgur.RateLimit
}

// learnAccountCmd asks Imgur whose the client's token is, gives the client
// the name, and remembers it for the next start.
func learnAccountCmd(ctx context.Context, c Client, remember func(username string) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		acct, err := c.Me(ctx)
		if err != nil {
			return accountLearnedMsg{err: err, rate: c.RateLimit()}
		}
		tok := c.Token()
		tok.Username, tok.AccountID = acct.URL, acct.ID
		c.SetToken(tok)
		msg := accountLearnedMsg{username: acct.URL, rate: c.RateLimit()}
		if remember != nil {
			msg.rememberErr = remember(acct.URL)
		}
		return msg
	}
}

// accountLearned starts the account's list, or says in one sentence why
// it cannot; r asks again.
func (m listModel) accountLearned(msg accountLearnedMsg) (listModel, tea.Cmd) {
	m.rate = msg.rate
	if !m.learning {
		return m, nil
	}
	m.learning = false
	if msg.err != nil {
		m.note = m.accountFailure(msg.err)
		return m, noteErr(m.note)
	}
	m.account, m.note = msg.username, ""
	cmds := []tea.Cmd{report(accountKnownMsg{username: msg.username}), m.Init()}
	if msg.rememberErr != nil {
		cmds = append(cmds, noteErr("could not remember the token's account ("+oneLine(msg.rememberErr)+"); the next start will ask again"))
	}
	return m, tea.Batch(cmds...)
}

// accountlessKey handles keys while the list waits for its account: r
// asks Imgur again once the last attempt is over.
func (m listModel) accountlessKey(km tea.KeyPressMsg) (listModel, tea.Cmd) {
	if !key.Matches(km, m.keys.Reload) || m.learning {
		return m, nil
	}
	m.note, m.learning = learningAccount, true
	return m, m.Init()
}

// accountFailure is one sentence: a refused token is the user's to fix;
// anything else may pass, and r asks again.
func (m listModel) accountFailure(err error) string {
	if needsLogin(err) || errors.Is(err, imgur.ErrForbidden) {
		if m.deps.tokenRefused != "" {
			return m.deps.tokenRefused
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
