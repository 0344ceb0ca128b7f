package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is text made comparable: lower case, compatibility-decomposed,
// without combining marks ("Ñandú" is "nandu"), with, for each byte, the
// byte of the original it came from, so that a match in the folded text
// is a range of the original.
type folded struct {
	s   string
	off []int32 // off[i]: where the rune that gave s[i] starts in the original
}

// fold folds s. Control characters become spaces. It is computed once
// per favorite, when it is prepared, never per key press.
func fold(s string, keepOffsets bool) folded {
	var b strings.Builder
	b.Grow(len(s))
	var off []int32
	if keepOffsets {
		off = make([]int32, 0, len(s))
	}
	for i, r := range s {
		start := b.Len()
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			} else if c < 0x20 || c == 0x7f {
				c = ' '
			}
			b.WriteByte(c)
		case r == utf8.RuneError:
			b.WriteByte(' ')
		default:
			foldRune(&b, r)
		}
		if keepOffsets {
			for range b.Len() - start {
				off = append(off, int32(i))
			}
		}
	}
	return folded{s: b.String(), off: off}
}

// foldRune writes r decomposed, lower case, without marks.
func foldRune(b *strings.Builder, r rune) {
	if r == 'ß' || r == 'ẞ' {
		b.WriteString("ss")
		return
	}
	if unicode.IsControl(r) {
		b.WriteByte(' ')
		return
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if norm.NFKD.IsNormal(buf[:n]) && !unicode.Is(unicode.Mn, r) {
		b.WriteRune(unicode.ToLower(r))
		return
	}
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		b.WriteRune(unicode.ToLower(d))
	}
}

// foldQuery folds a word of a query the same way.
func foldQuery(s string) string { return fold(s, false).s }

// span converts a range of the folded text to a range of the original
// string orig: from the start of the first rune to the end of the last.
func (f folded) span(orig string, from, to int) [2]int {
	start := int(f.off[from])
	last := int(f.off[to-1])
	_, n := utf8.DecodeRuneInString(orig[last:])
	end := last + n
	for end < len(orig) { // the marks that belong to the last letter
		r, n := utf8.DecodeRuneInString(orig[end:])
		if !unicode.Is(unicode.Mn, r) {
			break
		}
		end += n
	}
	return [2]int{start, end}
}
