// Package conffile reads imgfav's configuration file, config.toml: key
// bindings per screen, a colour theme, the programs that open media, and
// defaults for a few settings. It checks the file's shape and reports each
// problem with its line, keeping every valid part: a mistake in one line
// never costs the rest of the file. What the values mean (which actions
// exist, which colours) is checked by their users.
package conffile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
)

// File is what a configuration file says. Empty strings and nil maps are
// settings it does not set.
type File struct {
	Path string

	Sort        string
	Images      string
	ShowNSFW    *bool
	DownloadDir string
	Account     string

	// Keys are the bindings by screen ("list", "grid", "detail",
	// "comments") and action: the keys that trigger it.
	Keys map[string]map[string][]string
	// Theme is colours by name ("accent", …), as written.
	Theme map[string]string
	// Open is the command that opens each kind ("image", "gif", "video",
	// "album", "page"), as written.
	Open map[string]string

	lines map[string]int // dotted key → its line
}

// Problem is one thing wrong with the file, at a line (0: the file as a
// whole). A warning leaves the file's other settings in force; so does an
// error, which only drops the setting concerned.
type Problem struct {
	Path    string
	Line    int
	Message string
	Warning bool
}

func (p Problem) Error() string {
	where := p.Path
	if p.Line > 0 {
		where += ":" + strconv.Itoa(p.Line)
	}
	kind := "error"
	if p.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s: %s: %s", where, kind, p.Message)
}

// Line is the line that sets the dotted key ("sort", "keys.list.sort"),
// or 0.
func (f *File) Line(key string) int {
	if f == nil {
		return 0
	}
	return f.lines[key]
}

// Screens are the sections of [keys].
var Screens = []string{"list", "grid", "detail", "comments", "pickers"}

// OpenKinds are the keys of [open].
var OpenKinds = []string{"image", "gif", "video", "album", "page"}

// maxSalvage bounds how many broken lines are set aside before giving up
// on the file.
const maxSalvage = 20

// Load reads the file at path. A file that does not exist is an empty
// File and no problem. A file that cannot be read, or not at all as TOML,
// is one problem; otherwise each problem is reported and the valid parts
// are kept.
func Load(path string) (*File, []Problem) {
	f := &File{Path: path}
	data, err := readSmall(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, []Problem{{Path: path, Message: "cannot read it: " + unwrapPath(err)}}
	}
	return Parse(path, string(data))
}

// maxFile bounds the file read: a configuration is a few hundred bytes,
// and a path pointing at something huge must not be read whole.
const maxFile = 1 << 20

func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, errors.New("larger than 1 MiB: not a configuration file")
	}
	return data, nil
}

// Parse reads a configuration file's text; path names it in problems.
func Parse(path, text string) (*File, []Problem) {
	text = strings.TrimPrefix(text, "\ufeff") // a byte order mark, as Windows editors write
	f := &File{Path: path, lines: keyLines(text)}
	raw, problems := decode(path, text)
	f.apply(raw, &problems)
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return f, problems
}

// decode parses text as TOML. A syntax error costs its line: the line is
// set aside and the rest parsed again.
func decode(path, text string) (map[string]any, []Problem) {
	var problems []Problem
	lines := strings.Split(text, "\n")
	for range maxSalvage {
		var raw map[string]any
		_, err := toml.Decode(strings.Join(lines, "\n"), &raw)
		if err == nil {
			return raw, problems
		}
		line := culprit(lines, errorLine(err), strings.Contains(err.Error(), `got '\n'`))
		msg := syntaxMessage(err)
		if line < 1 || line > len(lines) || lines[line-1] == "" {
			if n := len(problems); n == 0 || problems[n-1].Message != msg {
				problems = append(problems, Problem{Path: path, Line: line, Message: msg})
			}
			break
		}
		if strings.HasPrefix(strings.TrimSpace(lines[line-1]), "[") {
			// A broken table header: its keys would land in the table
			// before it, so they go with it.
			msg += " (the keys under it are ignored)"
			for i := line; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "["); i++ {
				lines[i] = ""
			}
		}
		problems = append(problems, Problem{Path: path, Line: line, Message: msg})
		lines[line-1] = ""
	}
	return nil, problems
}

// culprit is the line to blame for an error TOML found at line: the one
// before it when that one left a value unfinished (a = [), or a table
// header unclosed ("[keys.list" with no "]", an error at its newline),
// both of which TOML only sees on the next line.
func culprit(lines []string, line int, atNewline bool) int {
	for prev := line - 1; prev >= 1 && prev <= len(lines); prev-- {
		l := strings.TrimSpace(lines[prev-1])
		if l == "" || l[0] == '#' {
			continue
		}
		header := atNewline && strings.HasPrefix(l, "[") && !strings.Contains(l, "]")
		if header || strings.HasSuffix(l, "[") || strings.HasSuffix(l, "=") || strings.HasSuffix(l, "{") {
			return prev
		}
		break
	}
	return line
}

var lineInError = regexp.MustCompile(`line (\d+)`)

// errorLine is the line of a TOML error, or 0.
func errorLine(err error) int {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Position.Line > 0 {
		return pe.Position.Line
	}
	if m := lineInError.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// syntaxMessage is a TOML error without its "toml: line N" prefix.
func syntaxMessage(err error) string {
	var pe toml.ParseError
	msg := err.Error()
	if errors.As(err, &pe) && pe.Message != "" {
		msg = pe.Message
	}
	msg = strings.TrimPrefix(msg, "toml: ")
	if i := strings.Index(msg, "): "); strings.HasPrefix(msg, "line ") && i > 0 {
		msg = msg[i+3:]
	}
	return oneLine(msg) + bareWordHint(msg)
}

// bareWordHint says what the usual mistake behind "expected value but
// found "blocks" instead" is: text without its quotes.
func bareWordHint(msg string) string {
	_, rest, ok := strings.Cut(msg, `expected value but found "`)
	word, _, closed := strings.Cut(rest, `"`)
	if !ok || !closed || word == "" || word == "true" || word == "false" {
		return ""
	}
	for _, r := range word {
		if !unicode.IsLetter(r) && r != '-' && r != '_' {
			return ""
		}
	}
	return fmt.Sprintf(` (text goes in quotes: "%s")`, word)
}

func unwrapPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// oneLine keeps the first line of s, without control characters, short.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
