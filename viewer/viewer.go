// Package viewer runs the programs the configuration names for opening
// media ([open] in config.toml): a command line split into arguments as a
// POSIX shell splits words (quotes and backslashes), with {url} and {file}
// replaced inside the arguments. No shell ever runs, so a URL with ;, $()
// or spaces stays one argument and is never interpreted. The program
// starts detached from the terminal: its output is discarded and nobody
// waits for it.
package viewer

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// Command is a parsed command line with placeholders.
type Command struct {
	args []string
}

// Parse splits line into arguments; it needs {url} or {file} in one of
// them.
func Parse(line string) (Command, error) {
	args, err := Split(line)
	if err != nil {
		return Command{}, err
	}
	if len(args) == 0 {
		return Command{}, errors.New("empty command")
	}
	if !strings.Contains(line, "{url}") && !strings.Contains(line, "{file}") {
		return Command{}, errors.New("the command needs {url} or {file} where the media goes")
	}
	return Command{args: args}, nil
}

// NeedsFile reports whether the command takes a local file ({file}).
func (c Command) NeedsFile() bool {
	for _, a := range c.args {
		if strings.Contains(a, "{file}") {
			return true
		}
	}
	return false
}

// Args are the arguments with {url} and {file} replaced, each value
// staying inside the argument it was written in.
func (c Command) Args(url, file string) []string {
	r := strings.NewReplacer("{url}", url, "{file}", file)
	out := make([]string, len(c.args))
	for i, a := range c.args {
		out[i] = r.Replace(a)
	}
	return out
}

// Start runs args without a shell, its output discarded, and returns once
// it started; it is reaped in the background.
func Start(args []string) error {
	if len(args) == 0 {
		return errors.New("empty command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", args[0], unwrapExec(err))
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

func unwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// Split splits line into words as a POSIX shell does, without expanding
// anything: 'single quotes' keep everything, "double quotes" keep all but
// \" \\ \$ \`, and a backslash outside quotes escapes the next character.
func Split(line string) ([]string, error) {
	var words []string
	var b strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words, inWord = append(words, b.String()), false
				b.Reset()
			}
			continue
		case c == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unclosed ' quote")
			}
			b.WriteString(line[i+1 : i+1+end])
			i += end + 1
		case c == '"':
			n, err := doubleQuoted(line[i+1:], &b)
			if err != nil {
				return nil, err
			}
			i += n
		case c == '\\':
			if i+1 < len(line) {
				i++
				b.WriteByte(line[i])
			}
		default:
			b.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		words = append(words, b.String())
	}
	return words, nil
}

// doubleQuoted copies the inside of a "…" string (s starts after the
// opening quote) to b and returns how many bytes it used, the closing
// quote included.
func doubleQuoted(s string, b *strings.Builder) (int, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return 0, errors.New(`unclosed " quote`)
}
