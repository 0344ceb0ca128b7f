package search

import (
	"errors"
	"strings"
	"unicode"
)

// termKind is what a term of a query tests.
type termKind int

const (
	termWord  termKind = iota // a substring of the title, description, uploader or tags
	termFuzzy                 // ~word: the letters in order, in the title, uploader or tags
	termTag                   // tag:NAME: a tag starting with NAME
	termUser                  // user:NAME: the uploader's name starting with NAME
	termType                  // type:image|gif|video|album
	termNSFW                  // nsfw: marked not safe for work
)

type term struct {
	kind termKind
	not  bool   // -term: excludes
	text string // folded
	rare int    // the offset of text's least common byte (rareByte), for words
	// runes are a ~word's folded letters, once, for matching; spaces
	// left out (the text's words may be apart).
	runes []rune
}

// Query is a parsed search. The zero Query matches everything.
type Query struct {
	terms []term
}

// maxTerms bounds a query: more terms than anyone types are ignored.
const maxTerms = 32

// Kinds are the values of type:.
var Kinds = []string{"image", "gif", "video", "album"}

// Parse reads a query: words (all required, as substrings, ignoring case
// and accents), "quoted phrases", ~fuzzy words, -excluded terms, and the
// qualifiers tag:NAME, user:NAME, type:image|gif|video|album, nsfw and
// -nsfw. An error is a one-line hint about what to fix.
func Parse(q string) (Query, error) {
	var out Query
	rest := strings.ToValidUTF8(q, " ")
	for len(out.terms) < maxTerms {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		t, tail, err := parseTerm(rest)
		if err != nil {
			return Query{}, err
		}
		rest = tail
		if t.kind != termNSFW && t.text == "" {
			continue // a word of nothing but marks or spaces
		}
		t.rare = rareByte(t.text)
		out.terms = append(out.terms, t)
	}
	return out, nil
}

// parseTerm reads one term from the start of s.
func parseTerm(s string) (term, string, error) {
	var t term
	if s[0] == '-' {
		t.not, s = true, s[1:]
		if s == "" || unicode.IsSpace(rune(s[0])) {
			return t, "", errors.New("- needs a word after it: -word excludes favorites that have it")
		}
	}
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return t, "", errors.New(`a phrase needs its closing quote: "red panda"`)
		}
		t.text = foldQuery(s[1 : 1+end])
		return t, s[2+end:], nil
	}
	word, rest := s, ""
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		word, rest = s[:i], s[i:]
	}
	err := t.read(word)
	return t, rest, err
}

// read fills t from one word: a qualifier, ~fuzzy, nsfw or a plain word.
func (t *term) read(word string) error {
	if word[0] == '~' {
		if t.not {
			return errors.New("~word cannot be excluded: use -word")
		}
		t.kind, t.text = termFuzzy, foldQuery(word[1:])
		t.runes = []rune(strings.ReplaceAll(t.text, " ", ""))
		if len(t.runes) == 0 {
			return errors.New("~ needs a word after it: ~word matches its letters in order")
		}
		return nil
	}
	if strings.EqualFold(word, "nsfw") {
		t.kind = termNSFW
		return nil
	}
	name, value, ok := strings.Cut(word, ":")
	if !ok {
		t.text = foldQuery(word)
		return nil
	}
	switch strings.ToLower(name) {
	case "tag":
		t.kind = termTag
	case "user":
		t.kind = termUser
	case "type":
		t.kind = termType
	default:
		t.text = foldQuery(word) // a word with a colon in it
		return nil
	}
	t.text = foldQuery(strings.Trim(value, `"`))
	if t.text == "" {
		return errors.New(name + ": needs a value, as in " + name + ":" + example(t.kind))
	}
	if t.kind == termType && !validKind(t.text) {
		return errors.New("type: is one of " + strings.Join(Kinds, ", "))
	}
	return nil
}

func example(k termKind) string {
	switch k {
	case termTag:
		return "cats"
	case termUser:
		return "someone"
	}
	return "gif"
}

func validKind(k string) bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Empty reports whether the query matches everything.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Narrows reports whether every favorite q matches is one that prev
// matches too (q only added terms or lengthened words), so that a search
// for q may look only among prev's results.
func (q Query) Narrows(prev Query) bool {
	for _, p := range prev.terms {
		implied := false
		for _, t := range q.terms {
			if t.implies(p) {
				implied = true
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// implies reports whether a favorite matching t always matches p.
func (t term) implies(p term) bool {
	if t.kind != p.kind || t.not != p.not {
		return false
	}
	switch {
	case t.kind == termNSFW, t.kind == termType:
		return t.text == p.text
	case t.kind == termFuzzy:
		// The stretch a match may span grows with the word, so a longer
		// ~word does not always find fewer: only the same one narrows.
		return t.text == p.text
	case t.not:
		// Excluding a shorter word excludes more.
		return strings.Contains(p.text, t.text) && (t.kind == termWord || strings.HasPrefix(p.text, t.text))
	case t.kind == termWord:
		return strings.Contains(t.text, p.text)
	}
	return strings.HasPrefix(t.text, p.text) // tag:, user:
}
