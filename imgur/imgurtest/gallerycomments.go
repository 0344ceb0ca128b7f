package imgurtest

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
)

// Comment is a comment on a gallery post, with its replies. Nil Author
// and Text are sent as null, as Imgur sends a deleted comment's.
type Comment struct {
	ID       int64
	Author   *string
	Text     *string
	Ups      int64
	Downs    int64
	Datetime int64
	Deleted  bool
	Children []Comment
}

// SetComments gives the item id these comments instead of generated ones.
func (s *Server) SetComments(id string, cs []Comment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.comments[id] = cs
}

// serveComments serves GET /3/gallery/{id}/comments[/{best|top|new}]:
// 404 for an item the server does not hold or that is not in the gallery.
func (s *Server) serveComments(w http.ResponseWriter, r *http.Request, id, sort string) {
	f, ok := s.known[id]
	if !ok || !f.InGallery {
		writeError(w, r, http.StatusNotFound, "Unable to find an image with the id, "+id)
		return
	}
	cs, ok := s.comments[id]
	if !ok {
		cs = GenerateComments(id, f.Datetime)
	}
	var cover any
	if f.IsAlbum && f.Cover != "" {
		cover = f.Cover
	}
	s.writeData(w, r, renderComments(cs, commentPost{id, f.IsAlbum, cover}, 0, sort))
}

// commentPost is what every comment on a post says of the post.
type commentPost struct {
	id      string
	onAlbum bool
	cover   any // the album's cover, or nil
}

// wilson is the lower bound of the 95 % Wilson score interval of a share
// of ups among the votes: high for many votes mostly up.
func wilson(ups, downs int64) float64 {
	n := float64(ups + downs)
	if n == 0 {
		return 0
	}
	const z = 1.96
	p := float64(ups) / n
	return (p + z*z/(2*n) - z*math.Sqrt((p*(1-p)+z*z/(4*n))/n)) / (1 + z*z/n)
}

// renderComments is cs as Imgur sends them, sorted at every level: best
// by the confidence that the comment is liked (the lower bound of the
// Wilson interval of its votes, as a "best" sort ranks), top by points,
// new by time (descending), ties by id.
func renderComments(cs []Comment, p commentPost, parent int64, sort string) []map[string]any {
	sorted := slices.Clone(cs)
	slices.SortStableFunc(sorted, func(a, b Comment) int {
		var by int
		switch sort {
		case "top":
			by = cmp.Compare(b.Ups-b.Downs, a.Ups-a.Downs)
		case "new":
			by = cmp.Compare(b.Datetime, a.Datetime)
		default:
			by = cmp.Compare(wilson(b.Ups, b.Downs), wilson(a.Ups, a.Downs))
		}
		return cmp.Or(by, cmp.Compare(a.ID, b.ID))
	})
	out := make([]map[string]any, len(sorted))
	for i, c := range sorted {
		out[i] = map[string]any{"id": c.ID, "image_id": p.id, "comment": nullable(c.Text), "author": nullable(c.Author),
			"author_id": int64(len(deref(c.Author))) * 1000, "on_album": p.onAlbum, "album_cover": p.cover,
			"ups": c.Ups, "downs": c.Downs, "points": c.Ups - c.Downs, "datetime": c.Datetime,
			"parent_id": parent, "deleted": c.Deleted, "vote": nil, "platform": "desktop",
			"children": renderComments(c.Children, p, c.ID, sort)}
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// hostileComments are texts a stranger might post, for the clients'
// sanitizing: escape sequences, a clipboard write, bidi overrides, joiners,
// an endless word, paragraphs, emoji and CJK.
var hostileComments = []string{
	"\x1b[31mred\x1b[0m alert and \x1b[2J a cleared screen",
	"copy this \x1b]52;c;aGk=\x07 please",
	"\u202eevil reversed text\u202c here",
	"zero\u200bwidth\u200djoined 👨\u200d👩\u200d👧 family",
	strings.Repeat("aaaaaaaaaa", 30),
	"first paragraph\n\nsecond paragraph after a blank line",
	"猫が好きです 🐱 本当に",
}

var commentWords = strings.Fields("this is great love it same here came for the cat stayed for the comments " +
	"underrated post take my upvote saving this beautiful work how did you do that wholesome thread " +
	"can confirm my grandmother had one like this")

// GenerateComments makes a post's comments from its id: none on some
// posts, up to 14 threads on others, replies three levels deep, a deleted
// comment in some threads (null, or "[deleted]"), and now and then a
// hostile text. Times come after datetime.
func GenerateComments(id string, datetime int64) []Comment {
	h := fnv.New64a()
	h.Write([]byte(id))
	r := rand.New(rand.NewPCG(h.Sum64(), 7))
	g := &commentGen{r: r, next: int64(h.Sum64() % 1_000_000), at: datetime}
	n := r.IntN(15)
	if r.IntN(5) == 0 {
		n = 0
	}
	out := make([]Comment, n)
	for i := range out {
		out[i] = g.comment(0)
	}
	return out
}

type commentGen struct {
	r    *rand.Rand
	next int64
	at   int64
}

func (g *commentGen) comment(depth int) Comment {
	g.next++
	g.at += 1 + int64(g.r.IntN(7200)) // after the post, and after the one before
	c := Comment{ID: g.next, Ups: int64(g.r.IntN(500)), Downs: int64(g.r.IntN(40)), Datetime: g.at}
	switch k := g.r.IntN(20); {
	case k == 0:
		c.Deleted = true // author and text null
	case k == 1:
		c.Deleted, c.Author, c.Text = true, Str("[deleted]"), Str("[deleted]")
	case k < 4:
		c.Author, c.Text = Str(g.name()), Str(hostileComments[g.r.IntN(len(hostileComments))])
	default:
		c.Author, c.Text = Str(g.name()), Str(g.sentence())
	}
	if depth < 3 && g.r.IntN(3) == 0 {
		c.Children = make([]Comment, 2+g.r.IntN(5))
		for i := range c.Children {
			c.Children[i] = g.comment(depth + 1)
		}
	}
	return c
}

func (g *commentGen) name() string {
	names := []string{"PixelPirate", "quietfox", "TheRealDeal42", "mossyrock", "ButterBean", "nocturne_", "Sam"}
	return names[g.r.IntN(len(names))]
}

func (g *commentGen) sentence() string {
	words := make([]string, 3+g.r.IntN(14))
	for i := range words {
		words[i] = commentWords[g.r.IntN(len(commentWords))]
	}
	return strings.ToUpper(words[0][:1]) + strings.Join(words, " ")[1:]
}

// countComments counts a thread's comments, replies included.
func countComments(cs []Comment) int {
	n := len(cs)
	for _, c := range cs {
		n += countComments(c.Children)
	}
	return n
}
