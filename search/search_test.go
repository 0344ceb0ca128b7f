package search

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

var docs = []Doc{
	{Title: "Ñandú corriendo", Uploader: "gaucho", Tags: []string{"birds", "Argentina"}, Kind: "image"},
	{Title: "A red panda at 4 am", Description: "Sleepy.", Uploader: "zoo_keeper", Tags: []string{"Pandas"}, Kind: "gif"},
	{Title: "Straße im Regen", Description: "Wolken über der STRASSE", Kind: "image"},
	{Title: "東京の夜景 🐱", Uploader: "tokyo", Kind: "video", NSFW: true},
	{Title: "", Description: "a cat on a red panda plush", Tags: []string{"cat"}, Kind: "album"},
	{Title: "Bellissimo", Kind: "image"},
	{Title: "Red alert", Uploader: "ALERTbot", Kind: "image"},
}

func prepared() []*Prepared {
	out := make([]*Prepared, len(docs))
	for i, d := range docs {
		out[i] = Prepare(d)
	}
	return out
}

func TestMatch(t *testing.T) {
	ps := prepared()
	tests := []struct {
		query string
		want  []int
	}{
		{"", []int{0, 1, 2, 3, 4, 5, 6}},
		{"nandu", []int{0}},
		{"ÑANDÚ", []int{0}},
		{"red", []int{1, 4, 6}},
		{"red panda", []int{1, 4}},
		{`"red panda"`, []int{1, 4}},
		{`"panda at"`, []int{1}},
		{"red -panda", []int{6}},
		{`red -"red panda"`, []int{6}},
		{"strasse", []int{2}},
		{"straße", []int{2}},
		{"wolken", []int{2}},
		{"東京", []int{3}},
		{"🐱", []int{3}},
		{"nsfw", []int{3}},
		{"-nsfw", []int{0, 1, 2, 4, 5, 6}},
		{"tag:pand", []int{1}},
		{"tag:cat", []int{4}},
		{"tag:argentina", []int{0}},
		{"user:zoo", []int{1}},
		{"user:alert", []int{6}},
		{"-user:zoo red", []int{4, 6}},
		{"type:gif", []int{1}},
		{"type:album cat", []int{4}},
		{"-type:image", []int{1, 3, 4}},
		{"~rdpnd", []int{1, 4}}, // 4: in the description
		{"~bls", []int{5}},
		{"~gcho", []int{0}}, // the uploader
		{"bell", []int{5}},
		{"zzz", nil},
		{"sleepy", []int{1}},
		{"time:now", nil}, // an unknown qualifier is a word
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := Filter(q, ps, nil); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Filter(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, q := range []string{`"red panda`, "type:jpeg", "tag:", "user:", "-", "red - panda", "~", "-~red", `-"open`} {
		_, err := Parse(q)
		if err == nil {
			t.Errorf("Parse(%q) accepted", q)
			continue
		}
		if strings.ContainsAny(err.Error(), "\n\r") || len(err.Error()) > 80 {
			t.Errorf("Parse(%q) hint is not one short line: %q", q, err)
		}
	}
}

// Why names where a hit matched when its title does not show it.
func TestWhy(t *testing.T) {
	doc := Prepare(Doc{Title: "Sleepy afternoon", Description: "The cat slept on the sofa all day", Kind: "image",
		Uploader: "CatLover", Tags: []string{"Red Pandas", "sofas", "बिल्ली"}})
	for _, tc := range []struct{ query, want string }{
		{"sleepy", ""},              // the title shows it
		{"panda", "tag Red Pandas"}, // as given, not folded
		{"sofa", "tag sofas"},       // a tag before the description
		{"catlover", "uploader CatLover"},
		{"slept", "description"},
		{"sleepy slept", "description"}, // the first word the title lacks
		{"-dog slept", "description"},
		{"~rdpnd", "tag Red Pandas"},
		{"बिल्ली", "tag बिल्ली"}, // whole, though the search folds away its marks
		{"tag:red", ""},          // a qualifier says for itself
		{"type:image", ""},
	} {
		q, err := Parse(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := q.Match(doc); !ok {
			t.Fatalf("%q does not match", tc.query)
		}
		if got := q.Why(doc); got != tc.want {
			t.Errorf("Why(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestHighlights(t *testing.T) {
	tests := []struct {
		title, query string
		want         []string
	}{
		{"Ñandú corriendo", "nandu", []string{"Ñandú"}},
		{"A red panda, red!", "red", []string{"red", "red"}},
		{"A red panda", "red panda", []string{"red panda"}},
		{"東京の夜景 🐱", "夜景", []string{"夜景"}},
		{"東京の夜景 🐱", "🐱", []string{"🐱"}},
		{"Straße", "strasse", []string{"Straße"}},
		{"Red panda", "~rpa", []string{"R", "pa"}},
		{"Red panda", "tag:red", nil},
		{"Red panda", "-blue red", []string{"Red"}},
		{"e\u0301te\u0301", "ete", []string{"e\u0301te\u0301"}}, // combining marks go with their letter
	}
	for _, tt := range tests {
		q, err := Parse(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		ok, spans := q.Match(Prepare(Doc{Title: tt.title, Tags: []string{"red"}}))
		if !ok {
			t.Errorf("%q does not match %q", tt.query, tt.title)
			continue
		}
		var got []string
		for _, s := range spans {
			got = append(got, tt.title[s[0]:s[1]])
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("highlights of %q in %q = %q, want %q", tt.query, tt.title, got, tt.want)
		}
	}
}

func TestNarrows(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"", "red", true},
		{"re", "red", true},
		{"red", "red panda", true},
		{"red panda", "red", false},
		{"red", "re", false},
		{"-red", "-re", true},
		{"-re", "-red", false},
		{"tag:pa", "tag:pand", true},
		{"type:gif", "type:gif red", true},
		{"type:gif", "type:album", false},
		{"~rp", "~rpd", false}, // a longer ~word may span more: searched again
		{"~rp", "~rp red", true},
		{"nsfw", "-nsfw", false},
		{`"red pan"`, `"red panda"`, true},
	}
	for _, tt := range tests {
		p, _ := Parse(tt.prev)
		n, _ := Parse(tt.next)
		if got := n.Narrows(p); got != tt.want {
			t.Errorf("%q narrows %q = %v, want %v", tt.next, tt.prev, got, tt.want)
		}
	}
}

// TestNarrowingKeepsResults checks Narrows against the matcher itself.
func TestNarrowingKeepsResults(t *testing.T) {
	ps := prepared()
	queries := []string{"", "r", "re", "red", "red p", "red pa", "-p", "-pa", "tag:p", "tag:pa", "~r", "~rd", "type:gif", "nsfw"}
	for _, a := range queries {
		for _, b := range queries {
			qa, _ := Parse(a)
			qb, _ := Parse(b)
			if !qb.Narrows(qa) {
				continue
			}
			full := Filter(qb, ps, nil)
			within := Filter(qb, ps, Filter(qa, ps, nil))
			if fmt.Sprint(full) != fmt.Sprint(within) {
				t.Errorf("%q narrows %q, but searching within gives %v, not %v", b, a, within, full)
			}
		}
	}
}

func TestHostileInput(t *testing.T) {
	inputs := []string{"\x00\x1b[31m", "\xff\xfe", strings.Repeat("a ", 10000), strings.Repeat(`"`, 101), "tag:\xff", "-\"\"", "~\u0301"}
	for _, in := range inputs {
		q, err := Parse(in)
		if err != nil {
			continue
		}
		p := Prepare(Doc{Title: in, Description: in, Uploader: in, Tags: []string{in}})
		checkSpans(t, in, q, p)
	}
}

func checkSpans(t *testing.T, title string, q Query, p *Prepared) {
	t.Helper()
	_, spans := q.Match(p)
	end := -1
	for _, s := range spans {
		if s[0] < 0 || s[1] > len(title) || s[0] >= s[1] || s[0] <= end {
			t.Fatalf("bad spans %v for %q", spans, title)
		}
		if utf8.ValidString(title) && !utf8.RuneStart(title[s[0]]) || utf8.ValidString(title) && s[1] < len(title) && !utf8.RuneStart(title[s[1]]) {
			t.Fatalf("span %v of %q cuts a rune", s, title)
		}
		end = s[1]
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"red panda", `"a b" -c ~d tag:e user:f type:gif nsfw -nsfw`, "\xff", "-", `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("a hint of several lines: %q", err)
			}
			return
		}
		if !q.Narrows(q) {
			t.Fatalf("%q does not narrow itself", s)
		}
	})
}

func FuzzMatch(f *testing.F) {
	f.Add("Ñandú corriendo", "nandu ~cor")
	f.Add("東京の夜景 🐱", "夜 🐱")
	f.Add("e\u0301\u0301x", "e x")
	f.Fuzz(func(t *testing.T, title, query string) {
		q, err := Parse(query)
		if err != nil {
			return
		}
		checkSpans(t, title, q, Prepare(Doc{Title: title}))
	})
}

// benchDocs are n favorites with titles, descriptions of a few
// sentences (Imgur's are often longer than their titles), uploaders and
// tags, as the demo generates them.
func benchDocs(n int) []*Prepared {
	words := []string{"red", "panda", "cat", "the", "lighthouse", "sourdough", "garden", "tokyo", "Ñandú", "frog", "mall", "bridge",
		"evening", "morning", "window", "finally", "years", "workshop", "octopus", "ferry"}
	ps := make([]*Prepared, n)
	for i := range ps {
		w := func(k int) string { return words[(i*k/3+k)%len(words)] }
		title := fmt.Sprintf("%s %s number %d %s", w(1), w(7), i, w(13))
		desc := fmt.Sprintf("Took about a week of %s. The %s was the hardest part: soaked in oil for two days. "+
			"Thanks to everyone who asked about the %s in the last post; more pictures of the %s soon. Posted from my phone, sorry for the quality.",
			w(3), w(5), w(11), w(17))
		ps[i] = Prepare(Doc{Title: title, Description: desc, Uploader: "user" + fmt.Sprint(i%500),
			Tags: []string{w(2), w(9), "funny"}, Kind: "image"})
	}
	return ps
}

// BenchmarkSearch is one query over 100 000 favorites.
func BenchmarkSearch(b *testing.B) {
	ps := benchDocs(100000)
	q, _ := Parse("red pand")
	b.Run("items=100000", func(b *testing.B) {
		for b.Loop() {
			Filter(q, ps, nil)
		}
	})
	fuzzy, _ := Parse("~lghths")
	b.Run("fuzzy/items=100000", func(b *testing.B) {
		for b.Loop() {
			Filter(fuzzy, ps, nil)
		}
	})
	b.Run("prepare", func(b *testing.B) {
		d := Doc{Title: "Ñandú corriendo por la pampa", Description: "Un ñandú", Tags: []string{"aves"}}
		for b.Loop() {
			Prepare(d)
		}
	})
}

// BenchmarkSearchNarrow is a letter added to a query: a search within the
// last query's hits.
func BenchmarkSearchNarrow(b *testing.B) {
	ps := benchDocs(100000)
	prev, _ := Parse("red pand")
	q, _ := Parse("red panda")
	if !q.Narrows(prev) {
		b.Fatal("the query does not narrow the last one")
	}
	within := Filter(prev, ps, nil)
	b.Run("items=100000", func(b *testing.B) {
		for b.Loop() {
			Filter(q, ps, within)
		}
	})
}

// ~word finds its letters in order close together, not picked one by one
// from a long text.
func TestFuzzyIsNotTooFuzzy(t *testing.T) {
	tests := []struct {
		text, query string
		want        bool
	}{
		{"The lighthouse at dawn", "~lghthouse", true},
		{"The lighthouse at dawn", "~lighthuose", false}, // letters out of order
		{"The lighthouse at dawn", "~lthse", true},       // 5 letters within 8
		{"Fresh snow at golden hour, Fresh snow at golden hour", "~lghthouse", false},
		{"red panda", "~rdpnd", true},
		{"Red panda", "~rpa", true},
		{"r e d   p a n d a", "~rdpnd", false},
		{"Ñandú corriendo", "~nndu", true},
		{"東京の夜景", "~東夜景", true},
		{"", "~a", false},
	}
	for _, tt := range tests {
		q, err := Parse(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Matches(Prepare(Doc{Title: tt.text})); got != tt.want {
			t.Errorf("%q in %q: %v, want %v", tt.query, tt.text, got, tt.want)
		}
	}
	// Not from the title's end into the uploader's name.
	q, _ := Parse("~tdo")
	if q.Matches(Prepare(Doc{Title: "Cat", Uploader: "dog"})) {
		t.Error("~tdo matched across the title and the uploader")
	}
	q, _ = Parse("~dg")
	if !q.Matches(Prepare(Doc{Title: "Cat", Uploader: "dog"})) {
		t.Error("~dg does not find the uploader dog")
	}
	// In the description too, as every word is.
	q, _ = Parse("~slpy")
	if !q.Matches(Prepare(Doc{Title: "Cat", Description: "a sleepy one"})) {
		t.Error("~slpy does not find the description's sleepy")
	}
	if q.Matches(Prepare(Doc{Title: "Cat", Description: "s and l, then p and y"})) {
		t.Error("~slpy matched letters scattered over a description")
	}
}

// The stretch fuzzyWindow finds holds the query in order, within the
// limit and within one line.
func FuzzFuzzyWindow(f *testing.F) {
	f.Add("red panda red", "rd")
	f.Add("aaab", "ab")
	f.Add("\xff\xfeé", "é")
	f.Fuzz(func(t *testing.T, s, q string) {
		qr := []rune(q)
		if len(qr) == 0 || len(qr) > 20 || len(s) > 200 {
			return
		}
		start, end, ok := fuzzyWindow(s, qr)
		if ok != naiveFuzzy(s, qr) {
			t.Fatalf("%q in %q: %v, the plain search says %v", q, s, ok, !ok)
		}
		if !ok {
			return
		}
		if e := forward(s, start, qr, len(s)+1); start < 0 || end > len(s) || start > end || e < 0 || e > end {
			t.Fatalf("window [%d,%d) of %q does not hold %q", start, end, s, q)
		}
		if n := utf8.RuneCountInString(s[start:end]); n > fuzzyLimit(len(qr)) {
			t.Fatalf("window of %d runes beyond the limit", n)
		}
		if !strings.ContainsRune(q, '\n') && strings.Contains(s[start:end], "\n") {
			t.Fatalf("window [%d,%d) of %q runs over a line's end", start, end, s)
		}
	})
}

// naiveFuzzy says whether some line of s holds q's runes in order within
// the limit, trying every start and following each to the line's end.
func naiveFuzzy(s string, q []rune) bool {
	for line := range strings.SplitSeq(s, "\n") {
		for i := range line {
			if e := forward(line, i, q, len(line)+1); e >= 0 && utf8.RuneCountInString(line[i:e]) <= fuzzyLimit(len(q)) {
				return true
			}
		}
	}
	return false
}

// containsAt finds exactly what strings.Contains finds, wherever the
// byte it scans for is.
func TestContainsAt(t *testing.T) {
	for _, tc := range []struct{ s, w string }{
		{"the red panda", "red"}, {"the red panda", "pand"}, {"the red panda", "panda!"}, {"", "ab"},
		{"abab", "bab"}, {"zzzz", "zz"}, {"a", "a"}, {"ñandú", "ndu"}, {"ñandú", "ñan"}, {"xyz", "xyzz"},
		{"red\nred", "d\nr"}, {"aaaaab", "aab"},
	} {
		if got, want := containsAt(tc.s, tc.w, rareByte(tc.w)), strings.Contains(tc.s, tc.w); got != want {
			t.Errorf("containsAt(%q, %q) = %v, want %v", tc.s, tc.w, got, want)
		}
	}
}

func FuzzContainsAt(f *testing.F) {
	f.Add("the red panda", "red", 1)
	f.Add("abab", "bab", 0)
	f.Fuzz(func(t *testing.T, s, w string, at int) {
		if at < 0 {
			at = -at
		}
		if got, want := containsAt(s, w, at), strings.Contains(s, w); got != want {
			t.Errorf("containsAt(%q, %q, %d) = %v, want %v", s, w, at, got, want)
		}
	})
}
