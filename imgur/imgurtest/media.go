package imgurtest

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"net/http"
	"path"
	"strings"
)

// thumbSizes are Imgur's thumbnail suffixes and their longest side.
var thumbSizes = map[byte]int{'s': 90, 'b': 160, 't': 160, 'm': 320, 'l': 640, 'h': 1024}

// serveMedia serves /{id}{size}.{ext}: a generated picture whose colours
// derive from the id, so each favorite has its own recognisable thumbnail.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	ext := path.Ext(name)
	id := strings.TrimSuffix(name, ext)
	if id == "" || strings.Contains(id, "/") {
		http.NotFound(w, r)
		return
	}
	side := 480
	if len(id) > 5 {
		if px, ok := thumbSizes[id[len(id)-1]]; ok && (len(id) == 6 || len(id) == 8) {
			id, side = id[:len(id)-1], px
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	var buf bytes.Buffer
	switch ext {
	case ".gif", ".mp4", ".gifv", ".webm":
		// Animated media becomes an animated GIF: browsers sniff it.
		_ = gif.EncodeAll(&buf, animation(id, min(side, 240)))
		w.Header().Set("Content-Type", "image/gif")
	case ".jpg", ".jpeg", ".png", ".webp":
		_ = jpeg.Encode(&buf, picture(id, side, 0), &jpeg.Options{Quality: 80})
		w.Header().Set("Content-Type", "image/jpeg")
	default:
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(buf.Bytes())
}

func palette(id string) (color.RGBA, color.RGBA) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	v := h.Sum32()
	a := color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}
	b := color.RGBA{255 - a.R, 255 - a.G/2, 128 + a.B/2, 255}
	return a, b
}

// picture is a diagonal gradient between the id's two colours.
func picture(id string, side, phase int) *image.RGBA {
	a, b := palette(id)
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			t := ((x + y + phase) % (2 * side)) * 255 / (2 * side)
			img.Set(x, y, color.RGBA{
				uint8((int(a.R)*(255-t) + int(b.R)*t) / 255),
				uint8((int(a.G)*(255-t) + int(b.G)*t) / 255),
				uint8((int(a.B)*(255-t) + int(b.B)*t) / 255), 255})
		}
	}
	return img
}

func animation(id string, side int) *gif.GIF {
	a, b := palette(id)
	pal := color.Palette{a, b, color.White, color.Black}
	g := &gif.GIF{}
	for frame := range 8 {
		img := image.NewPaletted(image.Rect(0, 0, side, side), pal)
		for y := range side {
			for x := range side {
				img.SetColorIndex(x, y, uint8(((x+y+frame*side/8)/(side/4+1))%2))
			}
		}
		g.Image = append(g.Image, img)
		g.Delay = append(g.Delay, 10)
	}
	return g
}
