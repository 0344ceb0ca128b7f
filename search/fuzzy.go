package search

import (
	"strings"
	"unicode/utf8"
)

// ~word matches the word's letters in order, close together: within a
// stretch of the text at most twice the word's length (fuzzySlack more
// for short words). "~rdpnd" finds "red panda", "~lthse" and
// "~lghthouse" find "lighthouse", but letters picked one by one from a
// long title do not make a match.
const fuzzySlack = 3

// fuzzyLimit is the longest stretch, in runes, that may hold a match of
// a word of n runes.
func fuzzyLimit(n int) int { return n + max(fuzzySlack, n) }

// fuzzyWindow finds the shortest stretch of s holding the runes of q in
// order, within one line (s holds the title, uploader, tags and
// description a line each: a match does not run from one into the next);
// ok when it is within fuzzyLimit. start and end are byte offsets.
func fuzzyWindow(s string, q []rune) (start, end int, ok bool) {
	for off := 0; off <= len(s); {
		line, _, _ := strings.Cut(s[off:], "\n")
		if st, e, found := lineWindow(line, q); found {
			return off + st, off + e, true
		}
		off += len(line) + 1
	}
	return 0, 0, false
}

// lineWindow is fuzzyWindow within one line. Each start (an occurrence
// of q's first rune) is followed for at most the limit: a match that
// needs more is no match, so a long description costs the starts times
// the limit, not the starts times its length.
func lineWindow(s string, q []rune) (start, end int, ok bool) {
	if len(q) == 0 {
		return 0, 0, true
	}
	limit, size := fuzzyLimit(len(q)), 0
	best := -1
	for i := 0; i < len(s); i += size {
		j := strings.IndexRune(s[i:], q[0]) // for RuneError, any invalid byte
		if j < 0 {
			break
		}
		i += j
		_, size = utf8.DecodeRuneInString(s[i:])
		if e := forward(s, i, q, limit); e >= 0 {
			st := backward(s, e, q)
			if span := utf8.RuneCountInString(s[st:e]); best < 0 || span < best {
				best, start, end = span, st, e
				if span == len(q) {
					break
				}
			}
		}
	}
	return start, end, best >= 0
}

// forward is the end of the first match of q in s from i within limit
// runes, or -1.
func forward(s string, i int, q []rune, limit int) int {
	k := 0
	for n := 0; i < len(s) && n < limit; n++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == q[k] {
			if k++; k == len(q) {
				return i
			}
		}
	}
	return -1
}

// backward is the latest start of a match of q ending at end.
func backward(s string, end int, q []rune) int {
	k := len(q) - 1
	st := end
	for k >= 0 && st > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:st])
		st -= size
		if r == q[k] {
			k--
		}
	}
	return st
}

// fuzzySpans are the byte ranges of q's runes in the match found in s.
func fuzzySpans(s string, q []rune) [][2]int {
	start, end, ok := fuzzyWindow(s, q)
	if !ok {
		return nil
	}
	var out [][2]int
	i := start
	for _, r := range q {
		j := strings.IndexRune(s[i:end], r)
		if j < 0 {
			return nil
		}
		n := utf8.RuneLen(r)
		out = append(out, [2]int{i + j, i + j + n})
		i += j + n
	}
	return out
}
