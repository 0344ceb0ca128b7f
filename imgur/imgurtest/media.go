package imgurtest

import (
	"bytes"
	"cmp"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"strings"
	"sync"
)

// thumbSizes are Imgur's thumbnail suffixes and their size: s and b are
// square crops of that side, t, m, l and h keep the ratio with that longest
// side.
var thumbSizes = map[byte]int{'s': 90, 'b': 160, 't': 160, 'm': 320, 'l': 640, 'h': 1024}

// originalSide bounds the longest side of an "original": the fake does not
// draw the 4000 px photographs the generated items claim to be.
const originalSide = 1024

// unknownSide is the longest side of an original the server holds no item
// for.
const unknownSide = 480

// maxCached bounds the encoded pictures kept; past it the cache starts
// again, which is cheap enough for a fake.
const maxCached = 256

// pictures is the image host's state: the size of each item the server
// holds, the picture faults, and the encoded pictures. It has its own lock
// so drawing never holds up the API; s.mu may be held when taking it, never
// the other way round.
type pictures struct {
	mu     sync.Mutex
	sizes  map[string][2]int // id → width, height
	faults map[string]PictureFault
	cache  map[pictureKey][]byte
}

type pictureKey struct {
	id   string
	size byte // 0 for the original
	ext  string
}

// setSizes remembers the dimensions of every image among favs, album
// images included, so each picture has its item's ratio.
func (p *pictures) setSizes(favs []Favorite) {
	sizes := map[string][2]int{}
	var add func(f Favorite)
	add = func(f Favorite) {
		if f.Width > 0 && f.Height > 0 {
			sizes[f.ID] = [2]int{f.Width, f.Height}
		}
		for _, img := range f.Images {
			add(img)
		}
	}
	for _, f := range favs {
		add(f)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sizes = sizes
	p.cache = nil
}

// ratio is the width and height of the item id: its own when the server
// holds it, else one chosen by the id's hash (mostly landscape or
// portrait, now and then square or a 6:1 panorama); known says which.
func (p *pictures) ratio(id string) (w, h int, known bool) {
	p.mu.Lock()
	wh, ok := p.sizes[id]
	p.mu.Unlock()
	if ok {
		return wh[0], wh[1], true
	}
	switch n := idHash(id) >> 40 % 100; {
	case n < 20:
		return 4, 3, false
	case n < 35:
		return 3, 2, false
	case n < 50:
		return 16, 9, false
	case n < 65:
		return 3, 4, false
	case n < 77:
		return 2, 3, false
	case n < 85:
		return 9, 16, false
	case n < 94:
		return 1, 1, false
	}
	return 6, 1, false
}

// frame is the whole picture's size in pixels for a request: its longest
// side fitting side, or for a square crop its shortest side equal to side
// (crop then being the centre square).
func frame(w, h, side int, square bool) (fullW, fullH int, crop image.Rectangle) {
	long, short := max(w, h), min(w, h)
	if square {
		fullW, fullH = max(side*w/short, side), max(side*h/short, side)
		x0, y0 := (fullW-side)/2, (fullH-side)/2
		return fullW, fullH, image.Rect(x0, y0, x0+side, y0+side)
	}
	fullW, fullH = max(w*side/long, 1), max(h*side/long, 1)
	return fullW, fullH, image.Rect(0, 0, fullW, fullH)
}

// encoded returns the picture for key, drawing and caching it once.
func (s *Server) encoded(key pictureKey) []byte {
	s.pics.mu.Lock()
	b, ok := s.pics.cache[key]
	s.pics.mu.Unlock()
	if ok {
		return b
	}
	w, h, known := s.pics.ratio(key.id)
	side, square := unknownSide, false
	if px, ok := thumbSizes[key.size]; ok {
		side, square = px, key.size == 's' || key.size == 'b'
	} else if known {
		side = min(max(w, h), cmp.Or(s.opts.OriginalSide, originalSide))
	}
	fullW, fullH, crop := frame(w, h, side, square)
	var buf bytes.Buffer
	switch key.ext {
	case ".gif":
		_ = gif.EncodeAll(&buf, animation(key.id, crop.Dx()*min(side, 240)/side, crop.Dy()*min(side, 240)/side))
	case ".png":
		_ = png.Encode(&buf, newScene(key.id).render(fullW, fullH, crop))
	default:
		_ = jpeg.Encode(&buf, newScene(key.id).render(fullW, fullH, crop), &jpeg.Options{Quality: 80})
	}
	b = buf.Bytes()
	s.pics.mu.Lock()
	defer s.pics.mu.Unlock()
	if s.pics.cache == nil || len(s.pics.cache) >= maxCached {
		s.pics.cache = map[pictureKey][]byte{}
	}
	s.pics.cache[key] = b
	return b
}

// contentTypes maps the extensions the image host answers to the format
// it sends: animated media becomes an animated GIF (browsers sniff it),
// WebP a JPEG.
var contentTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".gifv": "image/gif", ".mp4": "image/gif", ".webm": "image/gif",
}

// parseMedia splits /{id}{size}.{ext} into the id, the size letter (0 for
// the original) and the extension; ok is false for anything else.
func parseMedia(p string) (id string, size byte, ext string, ok bool) {
	name := strings.TrimPrefix(p, "/")
	ext = path.Ext(name)
	id = strings.TrimSuffix(name, ext)
	if id == "" || strings.Contains(id, "/") || contentTypes[ext] == "" {
		return "", 0, "", false
	}
	if len(id) == 6 || len(id) == 8 { // Imgur's ids have 5 or 7 characters
		if _, ok := thumbSizes[id[len(id)-1]]; ok {
			id, size = id[:len(id)-1], id[len(id)-1]
		}
	}
	return id, size, ext, true
}

// serveMedia serves /{id}{size}.{ext}: a generated picture of the id, in
// its item's ratio, unless a picture fault says otherwise.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/removed.png" {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(removedPNG())
		return
	}
	id, size, ext, ok := parseMedia(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	format := ext
	switch contentTypes[ext] {
	case "image/gif":
		format = ".gif"
	case "image/jpeg":
		format = ".jpg"
	}
	if s.pictureFault(w, r, id, pictureKey{id, size, format}) {
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Content-Type", contentTypes[ext])
	_, _ = w.Write(s.encoded(pictureKey{id, size, format}))
}

// animation is eight frames of diagonal stripes in the id's colours.
func animation(id string, w, h int) *gif.GIF {
	sc := newScene(id)
	pal := color.Palette{sc.skyTop, sc.skyLow, color.White, color.Black}
	g := &gif.GIF{}
	side := max(w, h)
	for frame := range 8 {
		img := image.NewPaletted(image.Rect(0, 0, max(w, 1), max(h, 1)), pal)
		for y := range h {
			for x := range w {
				img.SetColorIndex(x, y, uint8(((x+y+frame*side/8)/(side/4+1))%2))
			}
		}
		g.Image = append(g.Image, img)
		g.Delay = append(g.Delay, 10)
	}
	return g
}
