package viewer

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		line string
		want []string
		err  bool
	}{
		{"mpv {url}", []string{"mpv", "{url}"}, false},
		{"  mpv   --fs\t{url} ", []string{"mpv", "--fs", "{url}"}, false},
		{`feh --title 'imgfav: {url}' {file}`, []string{"feh", "--title", "imgfav: {url}", "{file}"}, false},
		{`open -a "Preview app" {file}`, []string{"open", "-a", "Preview app", "{file}"}, false},
		{`echo "a \"b\" \$c \n"`, []string{"echo", `a "b" $c \n`}, false},
		{`a\ b c\\d`, []string{"a b", `c\d`}, false},
		{`x''y ""`, []string{"xy", ""}, false},
		{`mpv 'unclosed`, nil, true},
		{`mpv "unclosed`, nil, true},
		{``, nil, false},
	}
	for _, tt := range tests {
		got, err := Split(tt.line)
		if (err != nil) != tt.err || !tt.err && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, %v; want %q (error %v)", tt.line, got, err, tt.want, tt.err)
		}
	}
}

func TestHostileURLStaysOneArgument(t *testing.T) {
	c, err := Parse(`mpv --title="{url}" {url}`)
	if err != nil {
		t.Fatal(err)
	}
	u := `https://i.imgur.com/a b;rm -rf ~ $(touch pwned) ` + "`id`" + `'"\.mp4`
	got := c.Args(u, "")
	want := []string{"mpv", "--title=" + u, u}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("args %q, want %q", got, want)
	}
}

func TestParse(t *testing.T) {
	for _, bad := range []string{"", "   ", "mpv", "mpv 'x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	c, err := Parse("feh {file}")
	if err != nil || !c.NeedsFile() {
		t.Fatalf("feh {file}: %v %v", c, err)
	}
	if c, _ := Parse("mpv {url}"); c.NeedsFile() {
		t.Fatal("mpv {url} needs a file")
	}
}

// TestStartRunsWithoutAShell runs a real program with a hostile argument:
// a shell would have created the file.
func TestStartRunsWithoutAShell(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses sh and touch")
	}
	dir := t.TempDir()
	pwned := filepath.Join(dir, "pwned")
	out := filepath.Join(dir, "out")
	c, err := Parse(`sh -c 'printf %s "$1" > "$2"' sh {url} ` + out)
	if err != nil {
		t.Fatal(err)
	}
	u := "https://x/;touch " + pwned + ";$(touch " + pwned + ")"
	if err := Start(c.Args(u, "")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var got []byte
	for time.Now().Before(deadline) {
		if got, err = os.ReadFile(out); err == nil && len(got) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if string(got) != u {
		t.Fatalf("the program got %q, want the URL whole", got)
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Fatal("the URL was interpreted by a shell")
	}
	if err := Start([]string{filepath.Join(dir, "no-such-viewer")}); err == nil || !strings.Contains(err.Error(), "start") {
		t.Fatalf("a missing program: %v", err)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add(`feh --title 'a b' "c \"d\"" e\ f {file}`)
	f.Fuzz(func(t *testing.T, line string) {
		words, err := Split(line)
		if err != nil {
			return
		}
		for _, w := range words {
			if len(w) > len(line) {
				t.Fatalf("word %q longer than the line %q", w, line)
			}
		}
	})
}
