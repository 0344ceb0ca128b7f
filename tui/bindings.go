package tui

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Bindings are the user's key bindings (config.toml's [keys.SCREEN]): by
// screen ("list", "grid", "detail", "comments", "pickers"), then action name, the keys
// that trigger it. They replace the action's default keys; the help and
// the hints show whatever is in force, since both read the same key.Binding
// values the handlers match.
type Bindings map[string]map[string][]string

// BindingProblem is an action a screen does not have, or a key bound to
// two actions of one screen.
type BindingProblem struct {
	Screen, Action string
	Message        string
	Warning        bool
}

// actionSet names a screen's bindings by action.
type actionSet map[string]*key.Binding

// listActions, detailActions and commentsActions name the screens'
// bindings; gridActions are the list's, since the grid is the list drawn
// differently.
func (k *listKeys) actions() actionSet {
	return actionSet{"up": &k.Up, "down": &k.Down, "left": &k.Left, "right": &k.Right,
		"page_up": &k.PageUp, "page_down": &k.PageDown, "half_up": &k.HalfUp, "half_down": &k.HalfDown,
		"first": &k.Top, "last": &k.Bottom, "detail": &k.Detail, "open": &k.Open, "open_media": &k.OpenMedia,
		"copy": &k.Copy, "copy_media": &k.CopyMedia, "sort": &k.Sort, "reload": &k.Reload, "search": &k.Filter,
		"clear": &k.ClearFilter, "view": &k.View, "preview": &k.Preview, "download": &k.Download,
		"favorite": &k.Favorite, "folders": &k.Folders, "accounts": &k.Accounts, "next_new": &k.NextNew,
		"quit": &k.Quit, "help": &k.Help}
}

func (k *detailKeys) actions() actionSet {
	return actionSet{"back": &k.Back, "prev_item": &k.Prev, "next_item": &k.Next, "up": &k.Up, "down": &k.Down,
		"page_up": &k.PageUp, "page_down": &k.PageDown, "half_up": &k.HalfUp, "half_down": &k.HalfDown,
		"first": &k.Top, "last": &k.Bottom, "prev_image": &k.PrevImage, "next_image": &k.NextImage,
		"download": &k.Download, "favorite": &k.Favorite, "comments": &k.Comments, "open": &k.Open,
		"open_media": &k.OpenMedia, "copy": &k.Copy, "copy_media": &k.CopyMedia, "help": &k.Help}
}

func (k *folderKeys) actions() actionSet {
	return actionSet{"up": &k.Up, "down": &k.Down, "first": &k.Top, "last": &k.Bottom, "detail": &k.Choose,
		"back": &k.Back, "help": &k.Help}
}

func (k *commentsKeys) actions() actionSet {
	return actionSet{"back": &k.Back, "up": &k.Up, "down": &k.Down, "page_up": &k.PageUp, "page_down": &k.PageDown,
		"first": &k.Top, "last": &k.Bottom, "detail": &k.Fold, "sort": &k.Sort, "reload": &k.Reload, "open": &k.Open,
		"help": &k.Help}
}

// screenActions are each configurable screen's actions, with the default
// keys.
func screenActions() map[string]actionSet { return screenActionsFor(nil) }

// screenActionsFor is each configurable screen's actions with b in force.
func screenActionsFor(b Bindings) map[string]actionSet {
	l, g, d, c := newListKeys(b, false), newListKeys(b, true), newDetailKeys(b), newCommentsKeys(b)
	p := newPickerKeys(b, "choose")
	return map[string]actionSet{"list": l.actions(), "grid": g.actions(), "detail": d.actions(), "comments": c.actions(),
		"pickers": p.actions()}
}

// CheckBindings reports the actions b names that a screen does not have,
// screens that do not exist, and keys bound to two actions of one screen.
func CheckBindings(b Bindings) []BindingProblem {
	var out []BindingProblem
	all := screenActions()
	for _, screen := range sortedNames(b) {
		acts, ok := all[screen]
		if !ok {
			out = append(out, BindingProblem{Screen: screen, Message: fmt.Sprintf("no screen %q has key bindings", screen)})
			continue
		}
		for _, action := range sortedNames(b[screen]) {
			if _, ok := acts[action]; !ok {
				out = append(out, BindingProblem{Screen: screen, Action: action, Warning: true,
					Message: fmt.Sprintf("unknown action %q for %s (see imgfav config for the actions)", action, screen)})
			}
			for _, k := range b[screen][action] {
				if _, ok := normalKey(k); !ok {
					out = append(out, BindingProblem{Screen: screen, Action: action, Warning: true,
						Message: fmt.Sprintf("%q is not a key name imgfav knows (a character, or ctrl+x, alt+x, enter, esc, space, tab, up, pgdown, f1…)", k)})
				}
			}
		}
		for _, c := range conflicts(b.forScreen(screen)) {
			out = append(out, BindingProblem{Screen: screen, Action: c.loser,
				Message: fmt.Sprintf("%q is bound to both %s and %s: %s keeps it", c.key, c.winner, c.loser, c.winner)})
		}
		out = append(out, keyless(screen, acts, b.forScreen(screen))...)
	}
	return out
}

// keyless warns of the actions left without a key: every default key of
// theirs went to the user's other actions.
func keyless(screen string, acts actionSet, overrides map[string][]string) []BindingProblem {
	owner := map[string]string{}
	for _, action := range sortedNames(overrides) {
		for _, k := range overrides[action] {
			if _, ok := owner[k]; !ok {
				owner[k] = action
			}
		}
	}
	var out []BindingProblem
	for _, action := range sortedNames(acts) {
		keys := acts[action].Keys()
		if _, mine := overrides[action]; mine || len(keys) == 0 {
			continue
		}
		taker := ""
		for _, k := range keys {
			if taker = owner[k]; taker == "" {
				break
			}
		}
		if taker != "" {
			out = append(out, BindingProblem{Screen: screen, Action: taker, Warning: true,
				Message: fmt.Sprintf("%s has no key left on %s: %s took %s", action, screen, taker, keyNames(keys))})
		}
	}
	return out
}

// Screens are the screens whose keys config.toml can set, in the order
// imgfav config prints them.
var Screens = []string{"list", "grid", "detail", "comments", "pickers"}

// inherited are the list's actions another screen starts from: the grid
// is the list drawn differently; a picker moves as the list does.
var inherited = map[string][]string{
	"grid":    nil, // all of them
	"pickers": {"up", "down", "first", "last", "detail", "help"},
}

// forScreen is the overrides in force on a screen: for the grid and the
// pickers, the list's (those they have), then their own, which win: a key
// the screen gives one of its actions leaves the inherited ones (and an
// inherited binding left with no key is dropped, its defaults kept).
// Keys are in Bubble Tea's names (see normalKey).
func (b Bindings) forScreen(screen string) map[string][]string {
	own := normalized(b[screen])
	only, inherits := inherited[screen]
	if !inherits {
		return own
	}
	taken := map[string]bool{}
	for _, keys := range own {
		for _, k := range keys {
			taken[k] = true
		}
	}
	out := map[string][]string{}
	for a, keys := range normalized(b["list"]) {
		if only != nil && !slices.Contains(only, a) {
			continue
		}
		if keys = slices.DeleteFunc(keys, func(k string) bool { return taken[k] }); len(keys) > 0 {
			out[a] = keys
		}
	}
	maps.Copy(out, own)
	return out
}

// normalized is overrides with the keys in Bubble Tea's names. A name
// that is no key is left out (CheckBindings warns of it), and an action
// left with none keeps its defaults: a typo never takes a key away.
func normalized(overrides map[string][]string) map[string][]string {
	out := make(map[string][]string, len(overrides))
	for a, keys := range overrides {
		var norm []string
		for _, k := range keys {
			if n, ok := normalKey(k); ok {
				norm = append(norm, n)
			}
		}
		if len(norm) > 0 {
			out[a] = norm
		}
	}
	return out
}

// conflict is a key the user bound to two actions; the first by name
// keeps it.
type conflict struct{ key, winner, loser string }

func conflicts(overrides map[string][]string) []conflict {
	var out []conflict
	owner := map[string]string{}
	for _, action := range sortedNames(overrides) {
		for _, k := range overrides[action] {
			if prev, ok := owner[k]; ok && prev != action {
				out = append(out, conflict{k, prev, action})
				continue
			}
			owner[k] = action
		}
	}
	return out
}

// apply puts the user's keys in place of the defaults. A key the user
// gave an action leaves every other action of the screen; between two of
// the user's own actions, the first by name keeps it.
func (s actionSet) apply(overrides map[string][]string) {
	if len(overrides) == 0 {
		return
	}
	taken := map[string]bool{}
	for _, action := range sortedNames(overrides) {
		b, ok := s[action]
		if !ok {
			continue
		}
		var keys []string
		for _, k := range overrides[action] {
			if k, _ = normalKey(k); !taken[k] {
				keys, taken[k] = append(keys, k), true
			}
		}
		setKeys(b, keys)
	}
	for action, b := range s {
		if _, mine := overrides[action]; mine {
			continue
		}
		keys := slices.DeleteFunc(slices.Clone(b.Keys()), func(k string) bool { return taken[k] })
		if len(keys) != len(b.Keys()) {
			setKeys(b, keys)
		}
	}
}

// setKeys rebinds b, its help naming the keys as the defaults do; with no
// key left it is disabled (and so out of the help).
func setKeys(b *key.Binding, keys []string) {
	desc := b.Help().Desc
	*b = key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyNames(keys), desc))
	if len(keys) == 0 {
		b.SetEnabled(false)
	}
}

// keyNames is how the help writes keys: arrows as arrows.
func keyNames(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		switch k {
		case "up":
			k = "↑"
		case "down":
			k = "↓"
		case "left":
			k = "←"
		case "right":
			k = "→"
		case "pgdown":
			k = "pgdn"
		}
		names[i] = k
	}
	return strings.Join(names, "/")
}

// KeyRow is one action's binding, for imgfav config and the README.
type KeyRow struct {
	Screen, Action string
	Keys           []string
	Desc           string
	Custom         bool // set by the configuration file
}

// KeyTable is every configurable binding in force with b, screen by
// screen, actions in name order.
func KeyTable(b Bindings) []KeyRow {
	var rows []KeyRow
	defaults, inForce := screenActions(), screenActionsFor(b)
	for _, screen := range Screens {
		acts := inForce[screen]
		for _, action := range sortedNames(acts) {
			keys := acts[action].Keys()
			rows = append(rows, KeyRow{Screen: screen, Action: action, Keys: keys, Desc: defaults[screen][action].Help().Desc,
				Custom: !slices.Equal(keys, defaults[screen][action].Keys())})
		}
	}
	return rows
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// namedKeys are the keys with names, as Bubble Tea writes them.
var namedKeys = map[string]bool{"enter": true, "esc": true, "tab": true, "space": true, "backspace": true,
	"delete": true, "insert": true, "home": true, "end": true, "pgup": true, "pgdown": true,
	"up": true, "down": true, "left": true, "right": true}

// normalKey is a key as Bubble Tea names it ("Ctrl+S" is "ctrl+s",
// "Enter" is "enter"; a lone character keeps its case), and whether it
// looks like a key at all.
func normalKey(k string) (string, bool) {
	if k == "+" { // the plus key itself
		return k, true
	}
	parts := strings.Split(k, "+")
	last := parts[len(parts)-1]
	mods := parts[:len(parts)-1]
	for i, m := range mods {
		mods[i] = strings.ToLower(m)
		if mods[i] != "ctrl" && mods[i] != "alt" && mods[i] != "shift" {
			return k, false
		}
	}
	if len([]rune(last)) > 1 {
		last = strings.ToLower(last)
		if last == "escape" {
			last = "esc"
		}
		if !namedKeys[last] && !isFunctionKey(last) {
			return k, false
		}
	} else if len(mods) > 0 {
		last = strings.ToLower(last)
	}
	return strings.Join(append(mods, last), "+"), last != ""
}

func isFunctionKey(s string) bool {
	if len(s) < 2 || s[0] != 'f' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
