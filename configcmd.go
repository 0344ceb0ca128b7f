package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"imgfav/imgur"
	"imgfav/tui"
)

// configSettings are the settings imgfav config shows: all of them.
var configSettings = []string{"client-id", "client-secret", "api-url", "image-url", "redirect-url", "db", "sort",
	"mashape-key", "debug", "images", "config", "account"}

// configCommand is `imgfav config`: every setting, one a line, as
// `name = value (source)`, with where the value came from; secrets
// masked. The file's problems follow on stderr, and make the exit status 1.
func configCommand(_ context.Context, e env, args []string) error {
	var c config
	fs := newFlagSet("config", "imgfav config [flags]", &c, e.stdout, configSettings, func(fs *flag.FlagSet) {
		noBrowserFlag(fs, &c)
		picturesFlags(fs, &c)
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	writeConfig(e.stdout, c)
	reportConfig(e, c)
	errs := 0
	for _, p := range c.problems {
		if !p.Warning {
			errs++
		}
	}
	switch {
	case errs == 1:
		return errReported // its one line is above
	case errs > 1:
		return fmt.Errorf("%s has %d errors, listed above; imgfav uses the rest of it", c.configPath, errs)
	}
	return nil
}

// writeConfig prints the settings, then the theme, the viewers and every
// key binding.
func writeConfig(w io.Writer, c config) {
	var b strings.Builder
	line := func(name, value, source string) {
		fmt.Fprintf(&b, "%s = %s (%s)\n", name, value, source)
	}
	for _, s := range settingRows(c) {
		line(s.name, s.value, s.source)
	}
	writeEnvToken(line, c.envToken)
	if v, ok := c.theme["palette"]; ok {
		line("theme.palette", strconv.Quote(v), fromFile(c.file, "theme.palette"))
	} else {
		line("theme.palette", `"imgfav"`, "default")
	}
	for _, name := range tui.ThemeColours {
		if v, ok := c.theme[name]; ok {
			line("theme."+name, strconv.Quote(v), fromFile(c.file, "theme."+name))
		} else {
			line("theme."+name, `"auto"`, "default")
		}
	}
	for _, kind := range []string{"image", "gif", "video", "album", "page"} {
		if _, ok := c.viewers[kind]; ok {
			line("open."+kind, strconv.Quote(c.file.Open[kind]), fromFile(c.file, "open."+kind))
		} else {
			line("open."+kind, `"browser"`, "default")
		}
	}
	writeBindings(&b, c)
	_, _ = io.WriteString(w, b.String())
}

// settingRow is one line of imgfav config.
type settingRow struct{ name, value, source string }

// settingRows are the plain settings, each with its source; secrets are
// masked. images is the mode in force: off under NO_COLOR unless a mode
// is forced.
func settingRows(c config) []settingRow {
	secret := func(v string) string {
		if v == "" {
			return `""`
		}
		return `"****"`
	}
	rows := []settingRow{
		{"config", strconv.Quote(c.configPath), ""}, {"db", strconv.Quote(c.db), ""},
		{"client_id", strconv.Quote(c.clientID), ""}, {"client_secret", secret(c.clientSecret), ""},
		{"api_url", strconv.Quote(c.apiURL), ""}, {"image_url", strconv.Quote(c.imageURL), ""},
		{"redirect_url", strconv.Quote(c.redirectURL), ""}, {"mashape_key", secret(c.mashapeKey), ""},
		{"account", strconv.Quote(c.account), ""}, {"sort", strconv.Quote(cmp.Or(c.sort, string(imgur.SortNewest))), ""},
		{"images", strconv.Quote(c.images), ""},
		{"show_nsfw", strconv.FormatBool(c.showNSFW), ""}, {"download_dir", strconv.Quote(c.downloadDir), ""},
		{"no_browser", strconv.FormatBool(c.noBrowser), ""}, {"debug", strconv.Quote(c.debug), ""},
	}
	for i, r := range rows {
		rows[i].source = cmp.Or(c.sources[r.name], "default")
		if r.name == "images" && c.images != tui.ImagesOff && !c.picturesOn() {
			rows[i].value, rows[i].source = `"off"`, "env NO_COLOR"
		}
	}
	return rows
}

// writeEnvToken shows the tokens of the environment, masked, and the
// account named with them.
func writeEnvToken(line func(name, value, source string), t *imgur.Token) {
	var tok imgur.Token
	if t != nil {
		tok = *t
	}
	for _, f := range []struct{ name, value, env, shown string }{
		{"access_token", tok.AccessToken, "IMGFAV_ACCESS_TOKEN", `"****"`},
		{"refresh_token", tok.RefreshToken, "IMGFAV_REFRESH_TOKEN", `"****"`},
		{"username", tok.Username, "IMGFAV_USERNAME", strconv.Quote(tok.Username)},
	} {
		if f.value == "" {
			line(f.name, `""`, "default")
		} else {
			line(f.name, f.shown, "env "+f.env)
		}
	}
}

// writeBindings prints every key binding in force, and where it came from.
func writeBindings(b *strings.Builder, c config) {
	defaults := map[string][]string{}
	for _, r := range tui.KeyTable(nil) {
		defaults[r.Screen+"."+r.Action] = r.Keys
	}
	for _, r := range tui.KeyTable(c.keys) {
		source := "default"
		if r.Custom {
			source = customSource(c, r, defaults[r.Screen+"."+r.Action])
		}
		fmt.Fprintf(b, "keys.%s.%s = %s (%s)\n", r.Screen, r.Action, keysValue(r.Keys), source)
	}
}

// customSource is where a binding that is not the default came from: its
// own line of the file (the grid's, or the list's it starts from), or the
// line that gave one of its default keys to another action.
func customSource(c config, r tui.KeyRow, defaults []string) string {
	screens := []string{r.Screen}
	if r.Screen == "grid" || r.Screen == "pickers" {
		screens = append(screens, "list") // they start from the list's
	}
	for _, screen := range screens {
		if c.file.Line("keys."+screen+"."+r.Action) > 0 {
			return fromFile(c.file, "keys."+screen+"."+r.Action)
		}
	}
	for _, screen := range screens {
		for action, keys := range c.keys[screen] {
			for _, k := range keys {
				if slices.Contains(defaults, k) {
					return fromFile(c.file, "keys."+screen+"."+action)
				}
			}
		}
	}
	return fromFile(c.file, "keys."+r.Screen)
}

// keysValue is a binding as the file writes it: "s", or ["j", "down"];
// [] when every key went to other actions.
func keysValue(keys []string) string {
	if len(keys) == 1 {
		return strconv.Quote(keys[0])
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
