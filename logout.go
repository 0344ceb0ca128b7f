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
	if noDatabase(c.db) {
		fmt.Fprintf(e.stdout, "not logged in: no database at %s\n", c.db)
		return nil
	}
	st, err := openStore(e, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if strings.TrimSpace(named) == "" {
		named = e.getenv("IMGFAV_ACCOUNT") // as --account of every other command
	}
	if strings.TrimSpace(named) == "" && purge && e.getenv("IMGFAV_ACCESS_TOKEN") != "" {
		// The environment's tokens are not stored, but their account's
		// cache is: that is the account a purge means.
		named = e.getenv("IMGFAV_USERNAME")
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
		return purgeAccount(e.stdout, st, account, loggedIn)
	}
	return plainLogout(e.stdout, st, account, loggedIn)
}

// purgeAccount deletes account's login and data, and says which account
// is current afterwards.
func purgeAccount(w io.Writer, st *store.Store, account string, loggedIn bool) error {
	if !st.HasAccountData(account) {
		return fmt.Errorf("nothing of %s is stored (imgfav accounts lists the accounts)", imgur.CleanLine(account))
	}
	if err := st.PurgeAccount(account); err != nil {
		return err
	}
	if loggedIn {
		fmt.Fprintf(w, "logged out of %s and deleted its cached data\n", account)
		sayCurrent(w, st)
		return nil
	}
	fmt.Fprintf(w, "deleted the cached data of %s\n", account)
	if l, ok, err := st.CurrentLogin(); err == nil && ok {
		fmt.Fprintf(w, "%s stays logged in (imgfav logout --purge again logs out of it too)\n", imgur.CleanLine(l.Username))
	}
	return nil
}

// plainLogout forgets account's login and keeps its cache.
func plainLogout(w io.Writer, st *store.Store, account string, loggedIn bool) error {
	if _, stored, _ := storedLogin(st, account); !loggedIn && !stored {
		return fmt.Errorf("no stored login of %s (imgfav accounts lists them)", imgur.CleanLine(account))
	}
	if err := st.DeleteLogin(account); err != nil {
		return err
	}
	fmt.Fprintf(w, "logged out of %s (cached favorites kept; --purge deletes them)\n", account)
	if loggedIn {
		sayCurrent(w, st)
	}
	return nil
}

// sayCurrent says which account a logout of the current one left current.
func sayCurrent(w io.Writer, st *store.Store) {
	if l, ok, err := st.CurrentLogin(); err == nil && ok {
		fmt.Fprintf(w, "%s is now the current account (imgfav accounts lists them)\n", imgur.CleanLine(l.Username))
	}
}

// logoutTarget is the account logout acts on: the one named; for --purge
// the one a plain logout left behind, if its data is still here (a
// logout switched to another account: purging means the one that went);
// else the current one. loggedIn says whether it is the current login.
func logoutTarget(st *store.Store, named string, purge bool) (account string, loggedIn bool, err error) {
	login, ok, err := st.CurrentLogin()
	if err != nil {
		return "", false, err
	}
	current := ""
	if ok {
		current = login.Username
	}
	if named != "" {
		return named, ok && store.SameAccount(named, current), nil
	}
	if purge {
		if out, err := st.LoggedOut(); err != nil || out != "" {
			return out, false, err
		}
	}
	return current, ok, nil
}
