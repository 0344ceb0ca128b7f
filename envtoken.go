package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"imgfav/imgur"
	"imgfav/store"
)

// envTokenRefused is the one sentence for an environment token that Imgur
// refuses.
const envTokenRefused = "IMGFAV_ACCESS_TOKEN was refused by Imgur; set a fresh token or unset it to use the stored login"

// adoptToken gives the client the environment's tokens or the stored
// login, without a request. An environment token without IMGFAV_USERNAME
// gets the account remembered for it (by a hash of the token), if any;
// otherwise its account stays unknown until learnAccount, or the browser,
// asks Imgur.
func (a *app) adoptToken() error {
	if t := a.cfg.envToken; t != nil {
		tok := *t
		if tok.Username == "" {
			// An unreadable memory only costs one request.
			tok.Username, _ = a.store.TokenAccount(tokenHash(tok.AccessToken))
		}
		a.client.SetToken(tok)
		return nil
	}
	if a.cfg.account != "" {
		return a.adoptAccount(a.cfg.account)
	}
	login, ok, err := a.store.CurrentLogin()
	if err != nil {
		return err
	}
	if ok {
		a.client.SetToken(fromLogin(login))
	}
	return nil
}

// adoptStoredLogin is the browser's way past a current login that is
// missing or does not read back while others are stored (a logout of the
// current one makes another current itself): the first of them is shown
// for this run (A switches), instead of a login screen that cannot reach
// them.
func (a *app) adoptStoredLogin() {
	if a.cfg.envToken != nil || a.client.Token().AccessToken != "" {
		return
	}
	logins, err := a.store.Logins()
	if err != nil || len(logins) == 0 {
		return // unreadable: the login screen, as without any
	}
	l := logins[0]
	a.client.SetToken(fromLogin(l))
	a.notice = joinNotices(a.notice, fmt.Sprintf("no current account: showing %s, one of those stored (A switches accounts)", imgur.CleanLine(l.Username)))
}

// storedLogin is the stored login of account, if there is one.
func storedLogin(st *store.Store, account string) (store.Login, bool, error) {
	logins, err := st.Logins()
	if err != nil {
		return store.Login{}, false, err
	}
	for _, l := range logins {
		if store.SameAccount(l.Username, account) {
			return l, true, nil
		}
	}
	return store.Login{}, false, nil
}

// adoptAccount gives the client the stored login of account (--account,
// IMGFAV_ACCOUNT or the file's account), for this run: the account the
// next run starts with does not change.
func (a *app) adoptAccount(account string) error {
	l, ok, err := storedLogin(a.store, account)
	if err != nil {
		return err
	}
	if ok {
		a.client.SetToken(fromLogin(l))
		return nil
	}
	msg := fmt.Sprintf("no stored login of %s (imgfav accounts lists them; imgfav login adds one)", imgur.CleanLine(account))
	if strings.HasPrefix(a.cfg.sources["account"], "file") {
		// The file's default: say so, and start with the current account.
		a.notice = joinNotices(a.notice, msg)
		a.cfg.account = ""
		return a.adoptToken()
	}
	if a.cfg.cachedOnly && a.store.HasAccountData(account) {
		a.cacheOf = account // named for this run, logged out, its cache kept: --cached reads it
		return nil
	}
	return errors.New(msg)
}

// tokenHash names an access token in the store without storing it: the
// hex SHA-256 of the token.
func tokenHash(access string) string {
	sum := sha256.Sum256([]byte(access))
	return hex.EncodeToString(sum[:])
}

// rememberAccount keeps the account of the environment's access token for
// the next start.
func (a *app) rememberAccount(username string) error {
	return a.store.SetTokenAccount(tokenHash(a.cfg.envToken.AccessToken), username)
}

// learnAccount asks Imgur whose the environment's token is when that is
// not known yet, and remembers the answer: for the commands that cannot
// start without the account (the browser asks in the background).
func (a *app) learnAccount(ctx context.Context) error {
	tok := a.client.Token()
	if tok.AccessToken == "" || tok.Username != "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	acct, err := a.client.Me(ctx)
	if err != nil {
		return accountError(err)
	}
	tok = a.client.Token()
	tok.Username, tok.AccountID = acct.URL, acct.ID
	a.client.SetToken(tok)
	_ = a.rememberAccount(acct.URL) // forgetting only costs a request next time
	return nil
}

// refused is err, or for the environment's token that Imgur refuses, the
// one sentence that says so: not a login that expired, nor one to redo.
func (a *app) refused(err error) error {
	if a.cfg.envToken != nil && isRefusal(err) {
		return errors.New(envTokenRefused)
	}
	return err
}

// isRefusal reports whether err is Imgur refusing the token.
func isRefusal(err error) bool {
	return errors.Is(err, imgur.ErrUnauthorized) || errors.Is(err, imgur.ErrForbidden) ||
		errors.Is(err, imgur.ErrInvalidRefreshToken) || errors.Is(err, imgur.ErrNoRefreshToken)
}

// accountError says in one sentence why the environment token's account
// could not be learned.
func accountError(err error) error {
	switch {
	case isRefusal(err):
		return errors.New(envTokenRefused)
	case errors.Is(err, imgur.ErrUnreachable):
		return errors.New("cannot reach Imgur to learn the account of IMGFAV_ACCESS_TOKEN (IMGFAV_USERNAME skips this)")
	}
	return fmt.Errorf("could not learn the account of IMGFAV_ACCESS_TOKEN (IMGFAV_USERNAME skips this): %w", err)
}
