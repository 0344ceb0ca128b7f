package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"imgfav/imgur"
	"imgfav/store"
)

// accountsCommand is `imgfav accounts`: the stored accounts, the current
// one marked with *.
func accountsCommand(_ context.Context, e env, args []string) error {
	var c config
	fs := newFlagSet("accounts", "imgfav accounts [--db FILE]", &c, e.stdout, logoutSettings, func(*flag.FlagSet) {})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if noDatabase(c.db) { // a look must not leave a new file behind (a mistyped --db)
		sayEnvToken(e.stdout, c.envToken)
		fmt.Fprintf(e.stdout, "no stored accounts: no database at %s (imgfav login makes one)\n", c.db)
		return nil
	}
	st, err := openStore(e, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	logins, err := st.Logins()
	if err != nil {
		return err
	}
	cur, _, _ := st.CurrentLogin() // unreadable: no mark
	sayEnvToken(e.stdout, c.envToken)
	if len(logins) == 0 {
		fmt.Fprintln(e.stdout, "no stored accounts: imgfav login adds one")
		return nil
	}
	var b strings.Builder
	for _, l := range logins {
		mark := "  "
		if store.SameAccount(l.Username, cur.Username) {
			mark = "* "
		}
		fmt.Fprintf(&b, "%s%s\n", mark, l.Username)
	}
	_, err = fmt.Fprint(e.stdout, b.String())
	return err
}

// sayEnvToken says that the environment's token is what every command
// uses instead of the stored logins, for this run.
func sayEnvToken(w io.Writer, t *imgur.Token) {
	if t == nil {
		return
	}
	who := "its account not named (IMGFAV_USERNAME names it)"
	if t.Username != "" {
		who = imgur.CleanLine(t.Username)
	}
	fmt.Fprintf(w, "in use: IMGFAV_ACCESS_TOKEN, %s\n", who)
}
