package conffile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sample = `# imgfav
sort = "oldest"
images = "blocks"
show_nsfw = true
download_dir = "~/Pictures/imgur"

[keys.list]
sort = "S"
down = ["j", "n"]

[keys.detail]
comments = "C"

[theme]
accent = "#ff8800"
muted = "244"

[open]
video = "mpv --really-quiet {url}"
image = 'feh {file}'
`

func TestParseSample(t *testing.T) {
	f, problems := Parse("config.toml", sample)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if f.Sort != "oldest" || f.Images != "blocks" || f.ShowNSFW == nil || !*f.ShowNSFW || f.DownloadDir != "~/Pictures/imgur" {
		t.Fatalf("settings: %+v", f)
	}
	wantKeys := map[string]map[string][]string{"list": {"sort": {"S"}, "down": {"j", "n"}}, "detail": {"comments": {"C"}}}
	if !reflect.DeepEqual(f.Keys, wantKeys) {
		t.Fatalf("keys %v, want %v", f.Keys, wantKeys)
	}
	if f.Theme["accent"] != "#ff8800" || f.Theme["muted"] != "244" {
		t.Fatalf("theme %v", f.Theme)
	}
	if f.Open["video"] != "mpv --really-quiet {url}" || f.Open["image"] != "feh {file}" {
		t.Fatalf("open %v", f.Open)
	}
	for key, line := range map[string]int{"sort": 2, "keys.list.sort": 8, "keys.list.down": 9, "keys.detail.comments": 12,
		"theme.accent": 15, "open.image": 20, "keys.list": 7} {
		if got := f.Line(key); got != line {
			t.Errorf("Line(%q) = %d, want %d", key, got, line)
		}
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // each problem, as Error() prints it
		keep func(*File) bool
	}{
		{"syntax error keeps the rest", "sort = \nimages = \"off\"\n",
			[]string{"c.toml:1: error: expected value but found '\\n' instead"},
			func(f *File) bool { return f.Images == "off" }},
		{"a bare word says it wants quotes", "images = blocks\nsort = \"oldest\"\n",
			[]string{`c.toml:1: error: expected value but found "blocks" instead (text goes in quotes: "blocks")`},
			func(f *File) bool { return f.Sort == "oldest" }},
		{"two syntax errors", "a = [\nsort = \"newest\"\nb = }\n",
			nil, func(f *File) bool { return f.Sort == "newest" }},
		{"wrong types", "sort = 3\nshow_nsfw = \"yes\"\n[theme]\naccent = 1\n",
			[]string{"c.toml:1: error: sort must be a string (in quotes)", "c.toml:2: error: show_nsfw must be true or false",
				"c.toml:4: error: theme.accent must be a string (in quotes)"}, nil},
		{"unknown keys are warnings", "colour = \"red\"\n[keys.sidebar]\nup = \"k\"\n[open]\npdf = \"zathura {file}\"\n",
			[]string{`c.toml:1: warning: unknown setting "colour" (ignored)`,
				`c.toml:2: warning: unknown screen [keys.sidebar] (want list, grid, detail, comments, pickers)`,
				`c.toml:5: warning: unknown open "pdf" (want image, gif, video, album, page)`}, nil},
		{"bad key lists", "[keys.list]\nsort = []\nup = [1]\ndown = \"\"\nquit = \"Q\"\n",
			[]string{`c.toml:2: error: keys.list.sort must be a key ("x") or a list of keys (["x", "ctrl+x"])`,
				`c.toml:3: error: keys.list.up must be a key ("x") or a list of keys (["x", "ctrl+x"])`,
				`c.toml:4: error: keys.list.down must be a key ("x") or a list of keys (["x", "ctrl+x"])`},
			func(f *File) bool { return reflect.DeepEqual(f.Keys["list"]["quit"], []string{"Q"}) }},
		{"a duplicate key", "sort = \"a\"\nsort = \"b\"\n", nil, nil},
		{"a binary file is one problem", "\x00\x01\x02 bolt\x00\n\x00\x00 more\x00\n",
			[]string{"c.toml:1: error: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"}, nil},
		{"a bare key costs its own line only", "sort = \"oldest\"\n[theme]\naccent = \"#ff0000\"\nmuted\n",
			[]string{`c.toml:4: error: expected '.' or '=', but got '\n' instead`},
			func(f *File) bool { return f.Sort == "oldest" && f.Theme["accent"] == "#ff0000" }},
		{"an unclosed table header", "sort = \"oldest\"\n[keys.list\nsort = \"S\"\n[keys.detail]\ncomments = \"C\"\n",
			[]string{`c.toml:2: error: expected '.' or ']' to end table name, but got '\n' instead (the keys under it are ignored)`},
			func(f *File) bool {
				return f.Sort == "oldest" && f.Keys["detail"]["comments"][0] == "C" && f.Keys["list"] == nil
			}},
		{"keys is not a table", "keys = 3\n", []string{"c.toml:1: error: keys must be tables ([keys.list], [keys.detail], …)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problems := Parse("c.toml", tt.text)
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
				if strings.ContainsAny(p.Error(), "\n\x1b") {
					t.Errorf("a problem of more than one clean line: %q", p.Error())
				}
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want == nil && len(got) == 0 {
				t.Error("no problem reported")
			}
			for _, p := range problems {
				if p.Line == 0 {
					t.Errorf("a problem without its line: %v", p)
				}
			}
			if tt.keep != nil && !tt.keep(f) {
				t.Errorf("the valid parts were not kept: %+v", f)
			}
		})
	}
}

func TestParseWindowsText(t *testing.T) {
	f, problems := Parse("c.toml", "\ufeffsort = \"oldest\"\r\n[keys.list]\r\nsort = \"S\"\r\n")
	if len(problems) != 0 || f.Sort != "oldest" || f.Line("sort") != 1 || f.Line("keys.list.sort") != 3 {
		t.Fatalf("%+v %v: lines %d %d", f, problems, f.Line("sort"), f.Line("keys.list.sort"))
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	f, problems := Load(filepath.Join(dir, "none.toml"))
	if len(problems) != 0 || f.Sort != "" {
		t.Fatalf("a missing file: %+v %v", f, problems)
	}
	p := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(p, []byte("sort = \"oldest\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, problems := Load(p); len(problems) != 0 || f.Sort != "oldest" {
		t.Fatalf("%+v %v", f, problems)
	}
	if _, problems := Load(dir); len(problems) != 1 || !strings.Contains(problems[0].Error(), "cannot read it") {
		t.Fatalf("a directory: %v", problems)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, make([]byte, maxFile+10), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, problems := Load(big); len(problems) != 1 || !strings.Contains(problems[0].Error(), "larger than 1 MiB") {
		t.Fatalf("a huge file: %v", problems)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("a = [\n[keys.list]\nx = 1\n")
	f.Add("[[keys]]\n[keys.\"list\"]\n'sort' = \"s\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		file, problems := Parse("c.toml", text)
		if file == nil {
			t.Fatal("nil file")
		}
		for _, p := range problems {
			if strings.ContainsAny(p.Error(), "\n\r") {
				t.Fatalf("problem on more than one line: %q", p.Error())
			}
		}
	})
}
