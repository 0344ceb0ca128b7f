package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"imgfav/imgur"
	"imgfav/store"
)

func logoutCommand(e env, args []string) error {
	var c config
	var purge bool
	var named string
	fs := newFlagSet("logout", "imgfav logout [--account NAME] [--purge] [--db FILE]", &c, e.stdout, []string{"db"}, func(fs *flag.FlagSet) {
		fs.StringVar(&named, "account", "", "log out of the account `NAME` (default: the current one) ($IMGFAV_ACCOUNT)")
		fs.BoolVar(&purge, "purge", false, "also delete the account's cached favorites and settings; after a plain logout, those of the last account")
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	st, err := store.Open(c.db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if n := storeNotice(st.Info(), c.db); n != "" {
		fmt.Fprintln(e.stderr, "imgfav: "+imgur.CleanLine(n))
	}
	if strings.TrimSpace(named) == "" {
		named = e.getenv("IMGFAV_ACCOUNT") // as --account of every other command
	}
	account, loggedIn, err := logoutTarget(st, strings.TrimSpace(named), purge)
	switch {
	case err != nil:
		return err
	case account == "" && purge:
		fmt.Fprintln(e.stdout, "not logged in, and no account's data to purge")
		return nil
	case account == "":
		fmt.Fprintln(e.stdout, "not logged in")
		return nil
	case purge:
		if err := st.PurgeAccount(account); err != nil {
			return err
		}
		if loggedIn {
			fmt.Fprintf(e.stdout, "logged out of %s and deleted its cached data\n", account)
		} else {
			fmt.Fprintf(e.stdout, "deleted the cached data of %s\n", account)
		}
		return nil
	}
	return plainLogout(e.stdout, st, account, loggedIn)
}

// plainLogout forgets account's login and keeps its cache.
func plainLogout(w io.Writer, st *store.Store, account string, loggedIn bool) error {
	if !loggedIn && !isStored(st, account) {
		return fmt.Errorf("no stored login of %s (imgfav accounts lists them)", imgur.CleanLine(account))
	}
	if err := st.DeleteLogin(account); err != nil {
		return err
	}
	fmt.Fprintf(w, "logged out of %s (cached favorites kept; --purge deletes them)\n", account)
	if loggedIn { // the current one: the browser will show another
		sayStillStored(w, st)
	}
	return nil
}

// isStored reports whether a login of account is stored.
func isStored(st *store.Store, account string) bool {
	logins, _ := st.Logins()
	for _, l := range logins {
		if store.SameAccount(l.Username, account) {
			return true
		}
	}
	return false
}

// sayStillStored names the accounts a logout left, and which one the
// browser shows next.
func sayStillStored(w io.Writer, st *store.Store) {
	logins, err := st.Logins()
	if err != nil || len(logins) == 0 {
		return
	}
	names := make([]string, len(logins))
	for i, l := range logins {
		names[i] = imgur.CleanLine(l.Username)
	}
	fmt.Fprintf(w, "still stored: %s (the browser shows %s next; A switches)\n", strings.Join(names, ", "), names[0])
}

// logoutTarget is the account logout acts on: the one named, else the
// current one, else (for --purge) the one most recently logged out.
// loggedIn says whether it is the current login.
func logoutTarget(st *store.Store, named string, purge bool) (account string, loggedIn bool, err error) {
	login, ok, err := st.CurrentLogin()
	if err != nil {
		return "", false, err
	}
	current := ""
	if ok {
		current = login.Username
	}
	switch {
	case named != "":
		return named, ok && store.SameAccount(named, current), nil
	case ok:
		return current, true, nil
	case purge:
		last, err := st.LastAccount()
		return last, false, err
	}
	return "", false, nil
}
