package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"imgfav/conffile"
	"imgfav/imgur"
	"imgfav/tui"
	"imgfav/viewer"
)

// The configuration file (config.toml) is the third source of a setting:
// a flag wins, then the environment, then the file, then the default.
// Its key bindings, theme and viewers have no flag. Every problem in it is
// one line naming the file and line; the rest of the file still applies.

// fileSettings are the settings the file may set, with the config field
// each fills when neither a flag nor the environment did.
func fileSettings(c *config, f *conffile.File) []struct {
	name string
	dst  *string
	val  string
} {
	return []struct {
		name string
		dst  *string
		val  string
	}{
		{"sort", &c.sort, f.Sort},
		{"images", &c.images, f.Images},
		{"download_dir", &c.downloadDir, expandHome(f.DownloadDir)},
		{"account", &c.account, f.Account},
	}
}

// source names where a setting's value came from, as imgfav config
// prints it.
func (c *config) setSource(name, src string) {
	if c.sources == nil {
		c.sources = map[string]string{}
	}
	c.sources[name] = src
}

// fromFile is the source of a value read from the file.
func fromFile(f *conffile.File, key string) string {
	if line := f.Line(key); line > 0 {
		return "file " + f.Path + ":" + strconv.Itoa(line)
	}
	return "file " + f.Path
}

// applyFile reads the configuration file and applies it under the flags
// and the environment. Problems are kept for the commands to report.
func (c *config) applyFile(getenv func(string) string) {
	if c.configPath == "" {
		return
	}
	f, problems := conffile.Load(c.configPath)
	if _, err := os.Stat(c.configPath); errors.Is(err, fs.ErrNotExist) && c.sources["config"] == "flag" {
		// Named for this run and not there: likely a typo, worth a warning.
		// The default file and IMGFAV_CONFIG's are optional.
		problems = append(problems, conffile.Problem{Path: c.configPath, Warning: true,
			Message: "no such file; imgfav starts with the defaults"})
	}
	c.file, c.problems = f, problems
	for _, s := range fileSettings(c, f) {
		if s.val != "" && c.sources[s.name] == "default" {
			*s.dst = s.val
			c.setSource(s.name, fromFile(f, s.name))
		}
	}
	if f.ShowNSFW != nil && c.sources["show_nsfw"] == "default" {
		c.showNSFW = *f.ShowNSFW
		c.setSource("show_nsfw", fromFile(f, "show_nsfw"))
	}
	c.checkFileValues(f)
	c.keys = tui.Bindings(f.Keys)
	for _, p := range tui.CheckBindings(c.keys) {
		key := "keys." + p.Screen
		if p.Action != "" {
			key += "." + p.Action
		}
		c.problem(f, key, p.Message, p.Warning)
	}
	theme, bad := tui.ParseTheme(f.Theme)
	for name, msg := range bad {
		unknown := name != "palette" && !slices.Contains(tui.ThemeColours, name) // a warning, as unknown keys are
		c.problem(f, "theme."+name, msg, unknown)
	}
	c.theme = theme
	c.viewers = map[string]viewer.Command{}
	for kind, line := range f.Open {
		cmd, err := viewer.Parse(line)
		if err != nil {
			c.problem(f, "open."+kind, "open."+kind+": "+err.Error(), false)
			continue
		}
		c.viewers[kind] = cmd
	}
	slices.SortStableFunc(c.problems, func(a, b conffile.Problem) int { return a.Line - b.Line })
}

// checkFileValues drops the file's values that mean nothing, falling back
// to the default, with a problem each.
func (c *config) checkFileValues(f *conffile.File) {
	if strings.HasPrefix(c.sources["sort"], "file") {
		if _, err := imgur.ParseSort(c.sort); err != nil {
			c.problem(f, "sort", err.Error(), false)
			c.sort = ""
			c.setSource("sort", "default")
		}
	}
	if strings.HasPrefix(c.sources["images"], "file") && !slices.Contains(tui.ImageModes, c.images) {
		c.problem(f, "images", fmt.Sprintf("unknown mode %q (want auto, kitty, sixel, blocks or off)", c.images), false)
		c.images = tui.ImagesAuto
		c.setSource("images", "default")
	}
}

// problem records a problem with the file's dotted key.
func (c *config) problem(f *conffile.File, key, msg string, warning bool) {
	c.problems = append(c.problems, conffile.Problem{Path: f.Path, Line: f.Line(key), Message: msg, Warning: warning})
}

// configNotes are the file's problems, one line each, for stderr.
func (c config) configNotes() []string {
	out := make([]string, len(c.problems))
	for i, p := range c.problems {
		out[i] = imgur.CleanLine(p.Error())
	}
	return out
}

// configNotice is the problems in one line, for the status bar: how many
// and where they are listed first, so that a narrow bar cutting the line
// keeps what to do, then the first.
func (c config) configNotice() string {
	notes := c.configNotes()
	switch len(notes) {
	case 0:
		return ""
	case 1:
		return notes[0]
	}
	return fmt.Sprintf("%d problems in the configuration (imgfav config lists them); first: %s", len(notes), notes[0])
}

// defaultConfigPath is <user config dir>/imgfav/config.toml.
func defaultConfigPath() string {
	dir, err := os.UserConfigDir()
	if err != nil || !filepath.IsAbs(dir) {
		return ""
	}
	return filepath.Join(dir, "imgfav", "config.toml")
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(p string) string {
	rest, ok := strings.CutPrefix(p, "~/")
	if !ok && p != "~" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, rest)
}

// configViewers adapts the configured programs to tui.Viewers.
type configViewers map[string]viewer.Command

func (v configViewers) Has(kind string) (ok, needsFile bool) {
	cmd, ok := v[kind]
	return ok, ok && cmd.NeedsFile()
}

func (v configViewers) Open(kind, url, file string) (string, error) {
	cmd, ok := v[kind]
	if !ok {
		return "", fmt.Errorf("no program for %s", kind)
	}
	args := cmd.Args(url, file)
	return filepath.Base(args[0]), viewer.Start(args)
}
