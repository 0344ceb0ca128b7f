package imgurtest

import (
	"hash/fnv"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
)

// A scene is the made-up photograph of one id: a sky graded from top to
// horizon, a sun or moon, and a ground of hills, a city of rectangles or a
// striped sea. Every choice comes from an FNV hash of the id, and every
// shape is placed in fractions of the whole frame, so each size and crop of
// one favorite shows the same picture and two favorites rarely look alike.
type scene struct {
	skyTop, skyLow color.RGBA
	sun            color.RGBA
	sunX, sunY     float64 // centre, as fractions of the width and height
	sunR           float64 // radius, as a fraction of the shorter side
	ground         int     // groundHills, groundCity or groundSea
	horizon        float64 // fraction of the height
	layers         []hill
	buildings      []building
	sea            [2]color.RGBA
	stripes        float64 // stripes of the sea per frame height
}

const (
	groundHills = iota
	groundCity
	groundSea
)

// hill is one layer of a hilly horizon: a sum of two waves.
type hill struct {
	base, amp1, freq1, phase1, amp2, freq2, phase2 float64
	colour                                         color.RGBA
}

// building is a rectangle standing on the bottom edge.
type building struct {
	x0, x1, top float64
	colour      color.RGBA
}

// idHash is the FNV-1a hash every choice about an id starts from.
func idHash(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return h.Sum64()
}

// skies are pairs of top and horizon colours: day, dusk, dawn, night, haze.
var skies = [][2]color.RGBA{
	{{40, 110, 200, 255}, {170, 215, 245, 255}},
	{{60, 40, 120, 255}, {250, 150, 80, 255}},
	{{110, 140, 210, 255}, {250, 200, 190, 255}},
	{{10, 15, 45, 255}, {50, 60, 110, 255}},
	{{150, 160, 170, 255}, {225, 220, 205, 255}},
	{{20, 90, 120, 255}, {240, 230, 150, 255}},
}

func newScene(id string) *scene {
	seed := idHash(id)
	r := rand.New(rand.NewPCG(seed, seed>>17^0x5bd1e995))
	n := r.IntN(len(skies))
	sky := skies[n]
	sc := &scene{
		skyTop: jitter(r, sky[0]), skyLow: jitter(r, sky[1]),
		sunX: 0.15 + 0.7*r.Float64(), sunY: 0.12 + 0.3*r.Float64(),
		sunR:    0.07 + 0.1*r.Float64(),
		ground:  r.IntN(3),
		horizon: 0.5 + 0.25*r.Float64(),
	}
	sc.sun = color.RGBA{255, 235, 150, 255}
	if n == 3 { // night: a moon
		sc.sun = color.RGBA{230, 230, 215, 255}
	} else if r.IntN(3) == 0 {
		sc.sun = color.RGBA{255, 170, 90, 255}
	}
	switch sc.ground {
	case groundHills:
		sc.addHills(r)
	case groundCity:
		sc.addCity(r)
	case groundSea:
		deep := jitter(r, color.RGBA{20, 70, 130, 255})
		sc.sea = [2]color.RGBA{deep, scale(deep, 1.4)}
		sc.stripes = float64(8 + r.IntN(16))
	}
	return sc
}

// addHills adds two or three layers of hills, each lower on the frame and
// darker than the one behind it.
func (sc *scene) addHills(r *rand.Rand) {
	green := jitter(r, color.RGBA{70, 130, 60, 255})
	for i := range 2 + r.IntN(2) {
		sc.layers = append(sc.layers, hill{
			base: sc.horizon + 0.1*float64(i), amp1: 0.04 + 0.08*r.Float64(), freq1: 1 + 2*r.Float64(),
			phase1: 2 * math.Pi * r.Float64(), amp2: 0.02 * r.Float64(), freq2: 4 + 6*r.Float64(),
			phase2: 2 * math.Pi * r.Float64(),
			colour: scale(green, 1.25-0.3*float64(i)),
		})
	}
}

// addCity adds a row of buildings across the frame.
func (sc *scene) addCity(r *rand.Rand) {
	for x := 0.0; x < 1; {
		w := 0.04 + 0.08*r.Float64()
		grey := uint8(40 + r.IntN(80))
		sc.buildings = append(sc.buildings, building{
			x0: x, x1: x + w, top: sc.horizon - 0.3*r.Float64(),
			colour: color.RGBA{grey, grey, grey + uint8(r.IntN(40)), 255},
		})
		x += w + 0.01*r.Float64()
	}
}

// jitter moves each channel of c a little, so two ids with the same sky
// still differ.
func jitter(r *rand.Rand, c color.RGBA) color.RGBA {
	j := func(v uint8) uint8 { return uint8(min(max(int(v)+r.IntN(41)-20, 0), 255)) }
	return color.RGBA{j(c.R), j(c.G), j(c.B), 255}
}

func scale(c color.RGBA, f float64) color.RGBA {
	s := func(v uint8) uint8 { return uint8(min(max(float64(v)*f, 0), 255)) }
	return color.RGBA{s(c.R), s(c.G), s(c.B), 255}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// render draws the part of a fullW×fullH frame of the scene that crop
// covers (crop is in the frame's pixels).
func (sc *scene) render(fullW, fullH int, crop image.Rectangle) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, crop.Dx(), crop.Dy()))
	fw, fh := float64(fullW), float64(fullH)
	cx, cy, radius := sc.sunX*fw, sc.sunY*fh, sc.sunR*math.Min(fw, fh)
	cols := make([]column, crop.Dx())
	for x := range cols {
		cols[x] = sc.column((float64(crop.Min.X+x) + 0.5) / fw)
	}
	for y := range crop.Dy() {
		v := (float64(crop.Min.Y+y) + 0.5) / fh
		sky := mix(sc.skyTop, sc.skyLow, min(v/sc.horizon, 1))
		row := img.Pix[y*img.Stride:]
		for x := range cols {
			c, ok := sc.groundColour(&cols[x], v)
			if !ok {
				c = sky
				dx, dy := float64(crop.Min.X+x)+0.5-cx, float64(crop.Min.Y+y)+0.5-cy
				if d := math.Sqrt(dx*dx+dy*dy) - radius; d < 1 {
					c = mix(sc.sun, sky, max(d, 0)) // a soft edge of one pixel
				}
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, 255
		}
	}
	return img
}

// column is what stands at one x: the top of each hill layer, or the
// building there.
type column struct {
	tops     [4]float64
	building int // -1 for none
}

func (sc *scene) column(u float64) column {
	col := column{building: -1}
	for i, h := range sc.layers {
		col.tops[i] = h.base - h.amp1*math.Sin(2*math.Pi*h.freq1*u+h.phase1) - h.amp2*math.Sin(2*math.Pi*h.freq2*u+h.phase2)
	}
	for i, b := range sc.buildings {
		if u >= b.x0 && u < b.x1 {
			col.building = i
		}
	}
	return col
}

// groundColour is the colour of the ground at height v of the column, or
// false where the sky shows.
func (sc *scene) groundColour(col *column, v float64) (color.RGBA, bool) {
	switch sc.ground {
	case groundHills:
		for i := len(sc.layers) - 1; i >= 0; i-- { // the front layer first
			if v >= col.tops[i] {
				return sc.layers[i].colour, true
			}
		}
		return color.RGBA{}, false
	case groundCity:
		street := sc.horizon + 0.12
		if v >= street {
			return color.RGBA{35, 35, 40, 255}, true
		}
		if b := col.building; b >= 0 && v >= sc.buildings[b].top {
			c := sc.buildings[b].colour
			// Rows of lit windows.
			if int(v*60)%3 == 1 && int((v+float64(b))*97)%4 != 0 {
				c = color.RGBA{235, 210, 120, 255}
			}
			return c, true
		}
		return color.RGBA{}, false
	}
	if v < sc.horizon {
		return color.RGBA{}, false
	}
	if int((v-sc.horizon)*sc.stripes*4)%2 == 0 {
		return sc.sea[0], true
	}
	return sc.sea[1], true
}
