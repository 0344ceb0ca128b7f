package search

import "strings"

// Finding a word in a favorite's folded text is most of a search. Scanning
// for the word's first byte stops at every "e" or "r" of the descriptions;
// scanning for its least common byte stops far less often, and each stop
// costs one comparison of the whole word.

// byFrequency are the bytes of folded English text, most common first;
// any other byte (a digit, another script's UTF-8) counts as rarer still.
const byFrequency = " etaoinshrdlcumwfgypbvkjxqz"

// rareByte is the offset in w of its least common byte.
func rareByte(w string) int {
	best, bestRank := 0, -1
	for i := 0; i < len(w); i++ {
		rank := strings.IndexByte(byFrequency, w[i])
		if rank < 0 {
			rank = len(byFrequency)
		}
		if rank > bestRank {
			best, bestRank = i, rank
		}
	}
	return best
}

// containsAt reports whether s contains w, given at, the offset of the
// byte of w to scan for (rareByte).
func containsAt(s, w string, at int) bool {
	if len(w) < 2 || at >= len(w) {
		return strings.Contains(s, w)
	}
	c := w[at]
	for from := at; from < len(s); {
		i := strings.IndexByte(s[from:], c)
		if i < 0 {
			return false
		}
		start := from + i - at
		if start+len(w) > len(s) {
			return false
		}
		if s[start:start+len(w)] == w {
			return true
		}
		from += i + 1
	}
	return false
}
