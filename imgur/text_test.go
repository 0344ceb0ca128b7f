package imgur

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Wolf compared to labrador", "Wolf compared to labrador"},
		{"empty", "", ""},
		{"OSC window title (BEL)", "\x1b]0;pwned\x07Innocent title", "Innocent title"},
		{"OSC 52 clipboard (ST)", "\x1b]52;c;aGFja2Vk\x1b\\clipboard", "clipboard"},
		{"CSI clear and home", "Clear\x1b[2J\x1b[H now", "Clear now"},
		{"SGR colour", "Red \x1b[31malert\x1b[0m text", "Red alert text"},
		{"CSI private mode", "a\x1b[?1049hb", "ab"},
		{"8-bit CSI", "\u009b31mC1\u009b0m", "C1"},
		{"8-bit OSC", "x\u009d0;title\u009cy", "xy"},
		{"DCS", "\x1bP+q696e\x1b\\after", "after"},
		{"APC", "\x1b_Gf=100;AAAA\x1b\\img", "img"},
		{"unterminated OSC swallows the rest", "safe\x1b]0;never ends", "safe"},
		{"two-byte escape", "a\x1bcb\x1b7c", "abc"},
		{"charset escape", "a\x1b(Bb", "ab"},
		{"OSC then CSI", "\x1b]0;t\x1b[31mred", "red"},
		{"lone ESC at end", "end\x1b", "end"},
		{"C0 controls", "bell\x07\x07 back\x08\x08 nul\x00", "bell back nul"},
		{"DEL", "de\x7fl", "del"},
		{"C1 controls", "a\u0085b\u0080c", "abc"},
		{"bidi override", "evil\u202egnp.exe", "evilgnp.exe"},
		{"bidi isolates and marks", "\u2066a\u2069\u200eb\u200f\u061c", "ab"},
		{"newlines become spaces", "line one\nline two\r\nthree", "line one line two three"},
		{"tabs and runs of spaces", "a\t\tb   c", "a b c"},
		{"trim", "  padded  ", "padded"},
		{"wide and emoji kept", "東京の夜景 🐱", "東京の夜景 🐱"},
		{"ZWJ emoji kept", "👨‍👩‍👧‍👦 family", "👨‍👩‍👧‍👦 family"},
		{"invalid UTF-8", "bad\xffbyte", "bad\uFFFDbyte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanLine(tt.in); got != tt.want {
				t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keeps newlines", "Before\nAfter", "Before\nAfter"},
		{"CRLF", "a\r\nb\rc", "a\nb\nc"},
		{"at most one blank line", "a\n\n\n\nb", "a\n\nb"},
		{"keeps tabs", "Step\t2", "Step\t2"},
		{"strips escapes", "\x1b[2Jhi\n\x1b]0;x\x07there", "hi\nthere"},
		{"trims", "\n\n  text \n\n", "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// inert reports why s could still affect a terminal, or "".
func inert(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "line break or tab"
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return "control character"
		case isBidiControl(r):
			return "bidi control"
		}
	}
	return ""
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"plain", "\x1b]0;t\x07x", "\x1b[31mred", "\u009b1m", "a\u202eb", "\x1bP\x1b\\", "\r\n\t", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text := CleanLine(s), CleanText(s)
		if why := inert(line, false); why != "" {
			t.Fatalf("CleanLine(%q) = %q still has a %s", s, line, why)
		}
		if why := inert(text, true); why != "" {
			t.Fatalf("CleanText(%q) = %q still has a %s", s, text, why)
		}
		if again := CleanLine(line); again != line {
			t.Fatalf("CleanLine not idempotent: %q then %q", line, again)
		}
		if strings.Contains(line, "  ") {
			t.Fatalf("CleanLine(%q) = %q has a double space", s, line)
		}
	})
}

func TestShorten(t *testing.T) {
	if got := shorten("héllo wörld", 8); got != "héll…" || len(got) > 8 {
		t.Errorf("shorten = %q", got)
	}
	if got := shorten("short", 10); got != "short" {
		t.Errorf("shorten = %q", got)
	}
}

func BenchmarkCleanLine(b *testing.B) {
	for _, in := range []string{"How it felt turning in my iPhone for a Samsung Galaxy today", "\x1b]0;pwned\x07東京の夜景 🐱 \x1b[31mred"} {
		b.Run("", func(b *testing.B) {
			for b.Loop() {
				CleanLine(in)
			}
		})
	}
}

func TestErrorLine(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("plain"), "plain"},
		{errors.New("first line\nsecond line"), "first line"},
		{errors.New("bad \x1b[31mred\x1b[0m title\twith tab"), "bad red title with tab"},
	} {
		if got := ErrorLine(tt.err); got != tt.want {
			t.Errorf("ErrorLine(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
