package conffile

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// apply takes the settings out of the parsed file, checking each one's
// shape; a setting of the wrong shape is a problem and is left unset.
func (f *File) apply(raw map[string]any, ps *[]Problem) {
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		switch k {
		case "sort":
			f.Sort = f.str(k, v, ps)
		case "images":
			f.Images = f.str(k, v, ps)
		case "download_dir":
			f.DownloadDir = f.str(k, v, ps)
		case "account":
			f.Account = f.str(k, v, ps)
		case "show_nsfw":
			if b, ok := v.(bool); ok {
				f.ShowNSFW = &b
			} else {
				f.problem(ps, k, false, "show_nsfw must be true or false")
			}
		case "keys":
			f.applyKeys(v, ps)
		case "theme":
			f.Theme = f.strings(k, v, nil, ps)
		case "open":
			f.Open = f.strings(k, v, OpenKinds, ps)
		default:
			f.problem(ps, k, true, fmt.Sprintf("unknown setting %q (ignored)", k))
		}
	}
}

// problem records a problem with the dotted key.
func (f *File) problem(ps *[]Problem, key string, warning bool, msg string) {
	*ps = append(*ps, Problem{Path: f.Path, Line: f.Line(key), Message: msg, Warning: warning})
}

// str is v as a string, or a problem.
func (f *File) str(key string, v any, ps *[]Problem) string {
	s, ok := v.(string)
	if !ok {
		f.problem(ps, key, false, fmt.Sprintf("%s must be a string (in quotes)", key))
	}
	return s
}

// strings is the table v of strings, each name among allowed (any when
// nil); the others are problems.
func (f *File) strings(table string, v any, allowed []string, ps *[]Problem) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		f.problem(ps, table, false, fmt.Sprintf("%s must be a table ([%s])", table, table))
		return nil
	}
	out := map[string]string{}
	for _, k := range sortedKeys(m) {
		key := table + "." + k
		if allowed != nil && !slices.Contains(allowed, k) {
			f.problem(ps, key, true, fmt.Sprintf("unknown %s %q (want %s)", table, k, strings.Join(allowed, ", ")))
			continue
		}
		if s, ok := m[k].(string); ok {
			out[k] = s
		} else {
			f.problem(ps, key, false, fmt.Sprintf("%s must be a string (in quotes)", key))
		}
	}
	return out
}

// applyKeys reads [keys.SCREEN] tables: action = "key" or ["key", …].
func (f *File) applyKeys(v any, ps *[]Problem) {
	screens, ok := v.(map[string]any)
	if !ok {
		f.problem(ps, "keys", false, "keys must be tables ([keys.list], [keys.detail], …)")
		return
	}
	f.Keys = map[string]map[string][]string{}
	for _, screen := range sortedKeys(screens) {
		if !slices.Contains(Screens, screen) {
			f.problem(ps, "keys."+screen, true, fmt.Sprintf("unknown screen [keys.%s] (want %s)", screen, strings.Join(Screens, ", ")))
			continue
		}
		actions, ok := screens[screen].(map[string]any)
		if !ok {
			f.problem(ps, "keys."+screen, false, fmt.Sprintf("keys.%s must be a table", screen))
			continue
		}
		f.Keys[screen] = map[string][]string{}
		for _, action := range sortedKeys(actions) {
			if keys, ok := keyList(actions[action]); ok {
				f.Keys[screen][action] = keys
			} else {
				f.problem(ps, "keys."+screen+"."+action, false,
					fmt.Sprintf(`keys.%s.%s must be a key ("x") or a list of keys (["x", "ctrl+x"])`, screen, action))
			}
		}
	}
}

// keyList is a key or a non-empty list of keys.
func keyList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, false
		}
		return []string{v}, true
	case []any:
		keys := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, false
			}
			keys = append(keys, s)
		}
		return keys, len(keys) > 0
	}
	return nil, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keyLines maps each dotted key the text sets to its line: the table
// headers and the keys under them, as a reader of the file sees them.
func keyLines(text string) map[string]int {
	lines := map[string]int{}
	table := ""
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || l[0] == '#':
			continue
		case strings.HasPrefix(l, "["):
			name := strings.Trim(strings.TrimSpace(strings.SplitN(l, "#", 2)[0]), "[]")
			table = normalKey(name)
			if _, ok := lines[table]; !ok {
				lines[table] = i + 1
			}
		default:
			name, _, ok := strings.Cut(l, "=")
			if !ok {
				continue
			}
			key := normalKey(name)
			if table != "" {
				key = table + "." + key
			}
			if _, ok := lines[key]; !ok {
				lines[key] = i + 1
			}
		}
	}
	return lines
}

// normalKey is a dotted key without spaces or quotes: `keys . "list"` is
// keys.list.
func normalKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
