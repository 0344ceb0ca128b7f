package imgurtest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// PictureFault is a way the image host is known to fail for one picture.
type PictureFault int

// The picture faults. They apply to every size and format of an id; an
// album's thumbnails are its cover's, so set the fault on the cover.
const (
	// PictureOK serves the picture: setting it clears a fault.
	PictureOK PictureFault = iota
	// PictureNotFound: 404.
	PictureNotFound
	// PictureRemoved: 302 to /removed.png, a small PNG, as Imgur answers
	// for a deleted image.
	PictureRemoved
	// PictureTruncated: 200 with the first half of the picture's bytes.
	PictureTruncated
	// PictureBomb: 200 with a tiny PNG whose header claims
	// 100000×100000 pixels.
	PictureBomb
	// PictureHTML: 200 text/html, the over-capacity page.
	PictureHTML
	// PictureSlow: no answer until the request is cancelled, or the
	// picture after 10 s.
	PictureSlow
)

// slowPicture is how long PictureSlow holds a request before answering.
const slowPicture = 10 * time.Second

// BombSide is the width and height a PictureBomb claims.
const BombSide = 100000

// SetPictureFault makes the pictures of id fail with f (PictureOK clears
// it). Requests for them are logged like any other.
func (s *Server) SetPictureFault(id string, f PictureFault) {
	s.pics.mu.Lock()
	defer s.pics.mu.Unlock()
	if f == PictureOK {
		delete(s.pics.faults, id)
		return
	}
	if s.pics.faults == nil {
		s.pics.faults = map[string]PictureFault{}
	}
	s.pics.faults[id] = f
}

// pictureFault answers r for id with its fault, if it has one.
func (s *Server) pictureFault(w http.ResponseWriter, r *http.Request, id string, key pictureKey) bool {
	s.pics.mu.Lock()
	f := s.pics.faults[id]
	s.pics.mu.Unlock()
	switch f {
	case PictureNotFound:
		http.NotFound(w, r)
	case PictureRemoved:
		http.Redirect(w, r, "/removed.png", http.StatusFound)
	case PictureTruncated:
		b := s.encoded(key)
		w.Header().Set("Content-Type", contentTypes[key.ext])
		w.Header().Set("Content-Length", strconv.Itoa(len(b)/2))
		_, _ = w.Write(b[:len(b)/2])
	case PictureBomb:
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(bombPNG())
	case PictureHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(OverCapacityPage))
	case PictureSlow:
		select {
		case <-r.Context().Done():
			return true
		case <-time.After(slowPicture):
		}
		return false
	default:
		return false
	}
	return true
}

// bombPNG is a valid PNG signature and IHDR claiming BombSide² RGB pixels,
// then a few bytes of image data and the end: what a decoder must refuse
// from the header alone.
var bombPNG = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], BombSide)
	binary.BigEndian.PutUint32(ihdr[4:], BombSide)
	ihdr[8], ihdr[9] = 8, 2 // 8 bits, RGB
	chunk(&b, "IHDR", ihdr)
	// A zlib stream of one stored, empty, final block: valid, and far too
	// short for the pixels claimed.
	chunk(&b, "IDAT", []byte{0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01})
	chunk(&b, "IEND", nil)
	return b.Bytes()
})

func chunk(b *bytes.Buffer, kind string, data []byte) {
	_ = binary.Write(b, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	b.WriteString(kind)
	b.Write(data)
	_ = binary.Write(b, binary.BigEndian, crc.Sum32())
}

// removedPNG stands in for Imgur's removed.png: a small grey card.
var removedPNG = sync.OnceValue(func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 161, 81))
	for y := range 81 {
		for x := range 161 {
			c := color.RGBA{230, 230, 230, 255}
			if y > 30 && y < 50 && x > 20 && x < 140 && (x/6)%2 == 0 {
				c = color.RGBA{120, 120, 120, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
})
