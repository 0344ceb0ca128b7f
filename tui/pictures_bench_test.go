package tui

import (
	"fmt"
	"image"
	"image/color"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// benchPicture is a 320×320 picture, as Imgur's m thumbnails are.
func benchPicture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 320, 320))
	for y := range 320 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	return img
}

// benchPictureModel is a w×h list of n favorites in a layout, with every
// picture it shows in memory and drawn once (as after the selection
// rested).
func benchPictureModel(b *testing.B, n, w, h int, lay layout) Model {
	settings := &memSettings{noPreview: !lay.preview, grid: lay.grid}
	m := benchModelWith(b, n, w, h, Options{Client: stubClient{}, Now: func() time.Time { return testNow },
		Pictures: &fakePictures{}, Settings: settings})
	img := benchPicture()
	for _, w := range m.list.Pictures() {
		m.pics.put(w.key, &picEntry{img: img, bytes: 320 * 320 * 4})
	}
	m.pics.want(m.list.Pictures(), func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil })
	_ = m.View()
	return m
}

// BenchmarkListViewPreview is a frame with the preview pane, its picture
// in memory: compare with BenchmarkListView, the same frame without it.
func BenchmarkListViewPreview(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchPictureModel(b, n, 120, 40, layout{preview: true})
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkGridView is a frame of the grid at 160×48, its thumbnails in
// memory.
func BenchmarkGridView(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchPictureModel(b, n, 160, 48, layout{grid: true})
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkHoldDownPreview is one step of holding ↓ with the preview pane
// on: the key's update and the frame after it. The pictures passed on the
// way are not in memory: no frame waits for one.
func BenchmarkHoldDownPreview(b *testing.B) {
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := benchPictureModel(b, n, 120, 40, layout{preview: true})
			m.list.setCursor(0)
			var tm tea.Model = m
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%1000 == 0 {
					mm := tm.(Model)
					mm.list.setCursor(0)
					tm = mm
				}
				tm, _ = tm.Update(down)
				_ = tm.View()
				i++
			}
		})
	}
}
