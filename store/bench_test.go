package store

import (
	"bytes"
	"fmt"
	"testing"
)

// samplePage is a favorites samplePage of typical size (about 60 items).
var samplePage = bytes.Repeat([]byte(`{"id":"abcdefg","title":"A title of usual length","views":12345},`), 900)

func BenchmarkCacheGet(b *testing.B) {
	s, _ := openTemp(b)
	for i := range 50 {
		_ = s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), `W/"etag"`, samplePage)
	}
	b.SetBytes(int64(len(samplePage)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := s.GetCached("bob", "favorites/newest/000025"); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkCachePut(b *testing.B) {
	s, _ := openTemp(b)
	b.SetBytes(int64(len(samplePage)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i%50), `W/"etag"`, samplePage); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkStoreOp is the cost of one operation now that each opens and
// closes the file (so that several imgfav processes can share it): the
// price of a cursor read, a setting write, and a cached page read.
func BenchmarkStoreOp(b *testing.B) {
	s, _ := openTemp(b)
	s.noSync = true // measure the open/close, not the disk's fsync
	for i := range 50 {
		_ = s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), `W/"etag"`, samplePage)
	}
	_ = s.SetCursor("bob", "newest", Cursor{Index: 3, ID: "abc"})
	b.Run("read-cursor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Cursor("bob", "newest"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write-cursor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.SetCursor("bob", "newest", Cursor{Index: 4, ID: "abd"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read-page", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(samplePage)))
		for b.Loop() {
			if _, _, ok := s.GetCached("bob", "favorites/newest/000025"); !ok {
				b.Fatal("miss")
			}
		}
	})
}

// BenchmarkRewriteCached is f's cost in the store: one favorite taken out
// of a cache of 100 000 favorites (1 700 pages of both sorts), all but one
// page skipped by a scan for the id.
func BenchmarkRewriteCached(b *testing.B) {
	s, _ := openTemp(b)
	for i := range 1700 {
		page := samplePage
		if i == 850 {
			page = append(bytes.Clone(samplePage), `{"id":"victim1"}`...)
		}
		if err := s.PutCached("bob", fmt.Sprintf("favorites/newest/%06d", i), `W/"etag"`, page); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		err := s.RewriteCached("bob", []string{"favorites/", "folder/"}, []byte(`"victim1"`), func(_ string, body []byte) []byte {
			return body // rewritten as it was: the benchmark's next round finds it again
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
