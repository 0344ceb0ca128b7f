package tui

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"imgfav/imgur/imgurtest"
)

func TestCheckBindings(t *testing.T) {
	b := Bindings{
		"list":    {"sort": {"S"}, "reload": {"S", "R"}, "jump": {"J"}},
		"grid":    {"left": {"a"}},
		"detail":  {"comments": {"C"}},
		"sidebar": {"up": {"k"}},
	}
	var got []string
	for _, p := range CheckBindings(b) {
		got = append(got, p.Screen+"/"+p.Action+": "+p.Message)
	}
	want := []string{
		`grid/sort: "S" is bound to both reload and sort: reload keeps it`,
		`list/jump: unknown action "jump" for list (see imgfav config for the actions)`,
		`list/sort: "S" is bound to both reload and sort: reload keeps it`,
		`sidebar/: no screen "sidebar" has key bindings`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBindingsReplaceDefaults(t *testing.T) {
	k := newListKeys(Bindings{"list": {"sort": {"S"}, "down": {"j", "n"}, "detail": {"l", "enter"},
		"up": {"ctrl+shift+banana"}, "search": {"ctrl+shift+banana", "F2"}}}, false)
	tests := []struct {
		b    key.Binding
		keys []string
		help string
	}{
		{k.Sort, []string{"S"}, "S"},
		{k.Down, []string{"j", "n"}, "j/n"},
		{k.Detail, []string{"l", "enter"}, "l/enter"},
		{k.Right, []string{"right"}, "→"},  // l went to detail
		{k.Up, []string{"up", "k"}, "↑/k"}, // a typo takes no key away
		{k.Filter, []string{"f2"}, "f2"},   // nor adds one
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.b.Keys(), tt.keys) || tt.b.Help().Key != tt.help {
			t.Errorf("%s: keys %q help %q; want %q %q", tt.b.Help().Desc, tt.b.Keys(), tt.b.Help().Key, tt.keys, tt.help)
		}
	}
	// The grid takes the list's bindings, then its own.
	g := newListKeys(Bindings{"list": {"sort": {"S"}}, "grid": {"sort": {"o"}}}, true)
	if !reflect.DeepEqual(g.Sort.Keys(), []string{"o"}) || !reflect.DeepEqual(g.Open.Keys(), []string(nil)) && g.Open.Enabled() {
		t.Errorf("grid: sort %q, open %q enabled %v", g.Sort.Keys(), g.Open.Keys(), g.Open.Enabled())
	}
}

func TestReboundKeysWorkAndShow(t *testing.T) {
	hs := newHarness(t, favs(30), 120, 20)
	opts := hs.options()
	opts.Keys = Bindings{"list": {"sort": {"S"}, "help": {"H", "?"}}, "detail": {"comments": {"C"}}}
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serve()
	hs.key("s")
	if hs.m.list.Sort() != "newest" {
		t.Fatal("s still sorts after sort was bound to S")
	}
	hs.key("S")
	if hs.m.list.Sort() != "oldest" {
		t.Fatal("S does not sort")
	}
	hs.serveAll()
	hs.key("H")
	if v := hs.view(); !strings.Contains(v, "S ") || !strings.Contains(v, "newest/oldest") || strings.Contains(v, " s  ") {
		t.Fatalf("the help does not show the binding in force:\n%s", v)
	}
	hs.key("H")
	if hs.m.showHelp {
		t.Error("the rebound help key does not close the help it opened")
	}
	hs.key("enter", "?")
	if v := hs.view(); !strings.Contains(v, "C comments") {
		t.Errorf("the detail's help does not show C:\n%s", v)
	}
}

func TestKeyTable(t *testing.T) {
	rows := KeyTable(Bindings{"list": {"sort": {"S"}}})
	found := map[string]KeyRow{}
	for _, r := range rows {
		found[r.Screen+"."+r.Action] = r
	}
	if r := found["list.sort"]; !r.Custom || !reflect.DeepEqual(r.Keys, []string{"S"}) || r.Desc != "newest/oldest" {
		t.Errorf("list.sort = %+v", r)
	}
	if r := found["grid.sort"]; !r.Custom || r.Keys[0] != "S" {
		t.Errorf("grid.sort = %+v: the grid takes the list's bindings", r)
	}
	if r := found["detail.comments"]; r.Custom || r.Keys[0] != "c" {
		t.Errorf("detail.comments = %+v", r)
	}
	for _, screen := range []string{"list", "grid", "detail", "comments"} {
		if _, ok := found[screen+".help"]; !ok {
			t.Errorf("%s has no help binding in the table", screen)
		}
	}
}

func TestNormalKey(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"s", "s", true}, {"S", "S", true}, {"Ctrl+S", "ctrl+s", true}, {"ctrl+shift+x", "ctrl+shift+x", true},
		{"Enter", "enter", true}, {"ESCAPE", "esc", true}, {"PgDown", "pgdown", true}, {"F12", "f12", true},
		{"+", "+", true}, {"ü", "ü", true}, {"hyper+x", "hyper+x", false}, {"jump", "jump", false}, {"ctrl+", "ctrl+", false},
	}
	for _, tt := range tests {
		got, ok := normalKey(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalKey(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	k := newListKeys(Bindings{"list": {"sort": {"Ctrl+S"}}}, false)
	if k.Sort.Keys()[0] != "ctrl+s" {
		t.Errorf("Ctrl+S bound as %q", k.Sort.Keys())
	}
	if ps := CheckBindings(Bindings{"list": {"sort": {"jump"}}}); len(ps) != 1 || !strings.Contains(ps[0].Message, "not a key name") {
		t.Errorf("problems %v", ps)
	}
}

// The pickers move as the list does: its up, down, first, last, detail
// and help carry over, [keys.pickers] wins over them, and the keys that
// opened a picker still close it unless another of its actions has them.
func TestPickersFollowTheListsKeys(t *testing.T) {
	tests := []struct {
		name                   string
		b                      Bindings
		up, down, choose, back []string
	}{
		{"defaults", nil, []string{"up", "k"}, []string{"down", "j"}, []string{"enter"}, []string{"esc", "q", "F"}},
		{"the list's", Bindings{"list": {"down": {"x"}, "detail": {"l"}, "sort": {"b"}}},
			[]string{"up", "k"}, []string{"x"}, []string{"l"}, []string{"esc", "q", "F"}},
		{"the pickers' own", Bindings{"list": {"down": {"x"}}, "pickers": {"down": {"n"}, "back": {"b"}}},
			[]string{"up", "k"}, []string{"n"}, []string{"enter"}, []string{"b", "F"}},
		{"the pickers' own win a key", Bindings{"list": {"down": {"x"}}, "pickers": {"up": {"x"}}},
			[]string{"x"}, []string{"down", "j"}, []string{"enter"}, []string{"esc", "q", "F"}},
		{"a toggle taken", Bindings{"pickers": {"up": {"F"}}}, []string{"F"}, []string{"down", "j"}, []string{"enter"}, []string{"esc", "q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newPickerKeys(tt.b, "choose", "F")
			for _, c := range []struct {
				b    key.Binding
				want []string
			}{{k.Up, tt.up}, {k.Down, tt.down}, {k.Choose, tt.choose}, {k.Back, tt.back}} {
				if !reflect.DeepEqual(c.b.Keys(), c.want) {
					t.Errorf("%s: keys %v, want %v", c.b.Help().Desc, c.b.Keys(), c.want)
				}
			}
		})
	}
	if p := CheckBindings(Bindings{"list": {"down": {"x"}}, "pickers": {"up": {"x"}}}); len(p) != 0 {
		t.Errorf("the pickers' own key reported as a conflict: %v", p)
	}
}

// In the pickers themselves: the folder picker moves with the list's
// rebound down; the account picker's A is a down the user gave it.
func TestPickersUseTheBindings(t *testing.T) {
	fs := favs(30)
	hs := newHarness(t, fs, 120, 20)
	hs.srv.SetFolders(imgurtest.GenerateFolders(fs, 2))
	opts := hs.options()
	opts.Keys = Bindings{"list": {"down": {"x"}}}
	hs.m = sized(t, New(opts), 120, 20)
	hs.start()
	hs.serveAll()
	hs.key("F")
	hs.serveAll()
	before := hs.m.folders.cursor
	hs.key("j")
	if hs.m.folders.cursor != before {
		t.Error("j moved the picker after down was bound to x")
	}
	hs.key("x")
	if hs.m.folders.cursor != before+1 {
		t.Errorf("x did not move the picker: cursor %d, want %d", hs.m.folders.cursor, before+1)
	}
	p := newAccountPicker(NewStyles(true), Bindings{"pickers": {"down": {"A"}}}, "demo", 80, 20, "A")
	if _, cmd := p.Update(keyMsg("A")); cmd != nil {
		if _, closed := cmd().(foldersClosedMsg); closed {
			t.Error("A closed the account picker though the user gave it to down")
		}
	}
}
