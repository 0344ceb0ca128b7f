package imgurtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// GeneratedEpoch is the upload time of the newest generated favorite; older
// ones go back from there, so generated data is the same on every run.
var GeneratedEpoch = time.Date(2026, 11, 1, 18, 30, 0, 0, time.UTC)

// Generate returns n realistic favorites, newest first, the same for the
// same seed: JPEG and PNG images, GIFs, videos, albums (some with embedded
// images, some without), untitled items, long and wide-character titles,
// emoji, NSFW items, multi-line descriptions, and a few titles with hostile
// control sequences that a client must neutralise.
func Generate(n int, seed uint64) []Favorite {
	g := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), ids: map[string]bool{}}
	out := make([]Favorite, n)
	t := GeneratedEpoch.Unix()
	for i := range out {
		out[i] = g.favorite(i, t)
		t -= int64(g.r.IntN(36*3600)) + 60
	}
	return out
}

type generator struct {
	r   *rand.Rand
	ids map[string]bool
}

const idChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func (g *generator) id(n int) string {
	for {
		var b strings.Builder
		for range n {
			b.WriteByte(idChars[g.r.IntN(len(idChars))])
		}
		if s := b.String(); !g.ids[s] {
			g.ids[s] = true
			return s
		}
	}
}

var (
	subjects = []string{"My cat", "Grandpa's workshop", "The view from my window", "This dog", "A tiny frog",
		"Our garden", "The bridge", "My first sourdough", "Old Tokyo", "The night sky", "A red panda",
		"This octopus", "The lighthouse", "My desk setup", "An abandoned mall", "Fresh snow", "The ferry"}
	predicates = []string{"after three years", "finally did it", "at golden hour", "is judging me",
		"in 1962", "before and after", "just woke up", "on a Tuesday", "refuses to move", "explained",
		"from above", "was worth the wait", "has no regrets", "in the rain", "at 4 am"}
	wide = []string{"東京の夜景", "猫がかわいい 🐱", "🎉🎉 Party time 🎉🎉", "Ñandú corriendo", "Пельмени дома",
		"서울의 가을", "👨‍👩‍👧‍👦 family photo", "🏔️ Über den Wolken", "日本語のタイトルはとても長いことがあります、本当に"}
	hostile = []string{
		"\x1b]0;pwned\x07Innocent title",
		"Clear screen\x1b[2J\x1b[H now",
		"Red \x1b[31malert\x1b[0m text",
		"evil\u202egnp.exe",
		"bell\x07\x07 and backspace\x08\x08\x08",
		"\x1b]52;c;aGFja2Vk\x07clipboard write",
		"\u009b31mC1 CSI\u009b0m",
		"raw \x9b31m8-bit byte",
		"\x1bP+q696e\x1b\\DCS query",
	}
	users   = []string{"sawdustandsoul", "TheOneThatGotBanned", "AlwaysColtron", "wetear4", "frogfan", "nightowl_42", "kiln.and.glaze"}
	tagPool = []string{"funny", "aww", "cats", "dogs", "woodworking", "nature", "art", "history", "food", "travel", "science", "gaming", "oc"}
	topics  = []string{"No Topic", "Funny", "Aww", "Creativity", "Science & Tech", "Travel"}
	descs   = []string{
		"Took about a week of evenings.\nHappy with how it turned out.",
		"Found this in my grandmother's attic. Anyone know what it is?",
		"#whirlpool #water",
		"Step 1: wake up\nStep 2: coffee\n\tStep 2b: more coffee\nStep 3: ???",
		strings.Repeat("A long description that keeps going. ", 30),
	}
)

func (g *generator) title(i int) *string {
	switch p := g.r.IntN(100); {
	case p < 9:
		return nil
	case p < 12:
		return Str("")
	case p < 15 || i == 3 || i == 11:
		return Str(hostile[g.r.IntN(len(hostile))])
	case p < 25:
		return Str(wide[g.r.IntN(len(wide))])
	case p < 30:
		return Str(strings.Repeat(subjects[g.r.IntN(len(subjects))]+" "+predicates[g.r.IntN(len(predicates))]+", ", 4+g.r.IntN(4)))
	}
	return Str(subjects[g.r.IntN(len(subjects))] + " " + predicates[g.r.IntN(len(predicates))])
}

func (g *generator) favorite(i int, datetime int64) Favorite {
	f := Favorite{
		Datetime: datetime,
		Title:    g.title(i),
		Views:    int64(float64(50) * (1 + g.r.ExpFloat64()*2000)),
	}
	if g.r.IntN(4) == 0 {
		f.Description = Str(descs[g.r.IntN(len(descs))])
	}
	if g.r.IntN(20) == 0 || i == 7 {
		f.NSFW = new(bool)
		*f.NSFW = true
	} else if g.r.IntN(2) == 0 {
		f.NSFW = new(bool)
	}
	if g.r.IntN(3) > 0 {
		u := users[g.r.IntN(len(users))]
		f.AccountURL = Str(u)
		id := int64(1000000 + g.r.IntN(90000000))
		f.AccountID = &id
	}
	if g.r.IntN(2) == 0 {
		f.InGallery = true
		ups := f.Views/20 + int64(g.r.IntN(50))
		downs := ups / int64(5+g.r.IntN(40))
		pts := ups - downs
		f.Ups, f.Downs, f.Points = &ups, &downs, &pts
		f.Topic = Str(topics[g.r.IntN(len(topics))])
		f.Section = Str("")
		for range g.r.IntN(4) {
			f.Tags = append(f.Tags, tagPool[g.r.IntN(len(tagPool))])
		}
	}
	switch k := g.r.IntN(100); {
	case k < 12 || i == 2 || i == 5:
		f.ID = g.id(5 + 2*g.r.IntN(2))
		f.IsAlbum = true
		f.EmbedImages = g.r.IntN(2) == 0 || i == 2
		for j := range 1 + g.r.IntN(12) {
			img := g.image(datetime - int64(j))
			if g.r.IntN(3) == 0 {
				img.Title = Str(fmt.Sprintf("Part %d", j+1))
			}
			f.Images = append(f.Images, img)
		}
		f.Cover = f.Images[0].ID
	default:
		img := g.image(datetime)
		f.ID, f.Type, f.Animated, f.Width, f.Height, f.Size = img.ID, img.Type, img.Animated, img.Width, img.Height, img.Size
	}
	return f
}

func (g *generator) image(datetime int64) Favorite {
	img := Favorite{ID: g.id(7), Datetime: datetime, Views: int64(g.r.IntN(100000))}
	img.Width = 320 + g.r.IntN(3600)
	img.Height = 240 + g.r.IntN(3600)
	switch k := g.r.IntN(100); {
	case k < 15:
		img.Type, img.Animated = "image/gif", true
		img.Size = int64(500_000 + g.r.IntN(40_000_000))
		img.Width, img.Height = img.Width/3, img.Height/3
	case k < 27:
		img.Type, img.Animated = "video/mp4", true
		img.Size = int64(1_000_000 + g.r.IntN(60_000_000))
	case k < 37:
		img.Type = "image/png"
		img.Size = int64(200_000 + g.r.IntN(8_000_000))
	default:
		img.Type = "image/jpeg"
		img.Size = int64(40_000 + g.r.IntN(4_000_000))
	}
	return img
}
