package search

import (
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Doc is what a favorite offers to search.
type Doc struct {
	Title, Description, Uploader string
	Tags                         []string
	Kind                         string // image, gif, video or album
	NSFW                         bool
}

// Prepared is a Doc folded once, when the favorite is loaded, so that a
// search costs no folding.
type Prepared struct {
	title    string // the original, for highlights
	ftitle   folded
	text     string   // title, uploader, tags and description, folded, a line each
	tags     []string // folded
	uploader string   // folded
	// The tags and the uploader as given, for saying where a hit matched.
	tagNames     []string
	uploaderName string
	kind         string
	nsfw         bool
}

// Prepare folds d.
func Prepare(d Doc) *Prepared {
	p := &Prepared{title: d.Title, ftitle: fold(d.Title, true), uploader: foldQuery(d.Uploader), kind: d.Kind, nsfw: d.NSFW,
		tagNames: d.Tags, uploaderName: d.Uploader}
	p.tags = make([]string, len(d.Tags))
	for i, t := range d.Tags {
		p.tags[i] = foldQuery(t)
	}
	tags := strings.Join(p.tags, "\n")
	p.text = p.ftitle.s + "\n" + p.uploader + "\n" + tags + "\n" + foldQuery(d.Description)
	return p
}

// Match reports whether p matches q, and the byte ranges of p's title to
// highlight (sorted, merged, on rune boundaries of the original title).
func (q Query) Match(p *Prepared) (bool, [][2]int) {
	var spans [][2]int
	for _, t := range q.terms {
		ok := t.matches(p)
		if ok == t.not {
			return false, nil
		}
		if !t.not {
			spans = t.highlight(p, spans)
		}
	}
	return true, merge(spans)
}

// Matches is Match without the highlights.
func (q Query) Matches(p *Prepared) bool {
	for _, t := range q.terms {
		if t.matches(p) == t.not {
			return false
		}
	}
	return true
}

func (t term) matches(p *Prepared) bool {
	switch t.kind {
	case termWord:
		return containsAt(p.text, t.text, t.rare)
	case termFuzzy:
		_, _, ok := fuzzyWindow(p.text, t.runes)
		return ok
	case termTag:
		for _, tag := range p.tags {
			if strings.HasPrefix(tag, t.text) {
				return true
			}
		}
		return false
	case termUser:
		return strings.HasPrefix(p.uploader, t.text)
	case termType:
		return p.kind == t.text
	}
	return p.nsfw
}

// highlight adds the ranges of the title t matched.
func (t term) highlight(p *Prepared, spans [][2]int) [][2]int {
	s := p.ftitle.s
	switch t.kind {
	case termWord:
		for from := 0; from < len(s); {
			i := strings.Index(s[from:], t.text)
			if i < 0 {
				break
			}
			start := from + i
			spans = append(spans, p.ftitle.span(p.title, start, start+len(t.text)))
			from = start + len(t.text)
		}
	case termFuzzy:
		for _, sp := range fuzzySpans(s, t.runes) {
			spans = append(spans, p.ftitle.span(p.title, sp[0], sp[1]))
		}
	}
	return spans
}

// merge sorts ranges and joins those that touch or overlap.
func merge(spans [][2]int) [][2]int {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s[0] <= last[1] {
			last[1] = max(last[1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// Filter returns the indices of the docs that match q, in order. When
// within is not nil, only those indices are tried (the hits of a query q
// narrows). A long list is searched in parallel chunks, one a processor.
func Filter(q Query, docs []*Prepared, within []int) []int {
	if within != nil {
		return filterWithin(q, docs, within)
	}
	n := len(docs)
	workers := min(runtime.GOMAXPROCS(0), n/parallelFrom+1)
	if workers <= 1 {
		return filterRange(q, docs, 0, n)
	}
	parts := make([][]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, to := n*w/workers, n*(w+1)/workers
		wg.Go(func() { parts[w] = filterRange(q, docs, from, to) })
	}
	wg.Wait()
	var out []int
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// parallelFrom is the shortest list worth a second goroutine.
const parallelFrom = 8192

func filterRange(q Query, docs []*Prepared, from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		if q.Matches(docs[i]) {
			out = append(out, i)
		}
	}
	return out
}

func filterWithin(q Query, docs []*Prepared, within []int) []int {
	out := make([]int, 0, len(within))
	for _, i := range within {
		if q.Matches(docs[i]) {
			out = append(out, i)
		}
	}
	return out
}

// Why says where p matched a word of q that its title does not show: in
// a tag ("tag Red Pandas"), the uploader ("uploader PandaLover") or the
// description, for the first such word; "" when the title shows every
// word matched (or q has none: qualifiers say for themselves). The names
// are as given, not as folded for the search.
func (q Query) Why(p *Prepared) string {
	for _, t := range q.terms {
		if t.not || (t.kind != termWord && t.kind != termFuzzy) || t.in(p.ftitle.s) {
			continue
		}
		for i, tag := range p.tags {
			if t.in(tag) {
				return "tag " + p.tagNames[i]
			}
		}
		if t.in(p.uploader) {
			return "uploader " + p.uploaderName
		}
		return "description"
	}
	return ""
}

// in reports whether the word or fuzzy term t matches s.
func (t term) in(s string) bool {
	if t.kind == termFuzzy {
		_, _, ok := fuzzyWindow(s, t.runes)
		return ok
	}
	return strings.Contains(s, t.text)
}
