package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// This file reads bbolt's on-disk format with ordinary, bounds-checked
// reads (never bbolt's mmap), so that a damaged file can be judged and
// salvaged without the SIGBUS or runaway recursion that bbolt itself would
// hit on it. The layout is bbolt's (go.etcd.io/bbolt/internal/common),
// in the machine's byte order, which is little-endian on every platform
// imgfav ships for:
//
//	page header (16 bytes): id u64 · flags u16 · count u16 · overflow u32
//	meta (64 bytes, after the header): magic u32 · version u32 · pageSize u32 ·
//	    flags u32 · root bucket {root u64, sequence u64} · freelist u64 ·
//	    pgid (high-water mark) u64 · txid u64 · checksum u64 (FNV-64a of the rest)
//	branch element (16 bytes): pos u32 · ksize u32 · pgid u64
//	leaf element (16 bytes): flags u32 · pos u32 · ksize u32 · vsize u32
//	    (pos counts from the element itself; flag 1 marks a bucket, whose
//	    value is {root u64, sequence u64}, followed by an inline page when
//	    root is 0)
//	freelist: count u16 in the header, or 0xFFFF and the count as the first u64;
//	    then that many page ids

const (
	pageHeaderSize = 16
	elementSize    = 16
	metaSize       = 64
	bucketHeader   = 16

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	flagBucket   = 0x01

	boltMagic   = 0xED0CDAED
	boltVersion = 2
	noFreelist  = ^uint64(0)
)

var le = binary.LittleEndian

// boltMeta is one meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64 // page of the root bucket
	freelist uint64
	hwm      uint64 // pages in use: every page id is below it
	txid     uint64
}

// pageFile is a bbolt file opened for inspection.
type pageFile struct {
	r     io.ReaderAt
	size  int64
	ps    int64
	meta  boltMeta
	metas [2]error // why each meta page is unusable; nil when valid
	// meta0 and meta1 are the two meta pages as read (zero when invalid).
	meta0, meta1 boltMeta
}

var errNotBolt = errors.New("not a bbolt database")

// openPageFile reads both meta pages and picks the one bbolt would use: the
// valid one with the higher transaction id.
func openPageFile(r io.ReaderAt, size int64) (*pageFile, error) {
	pf := &pageFile{r: r, size: size}
	m0, err0 := pf.readMeta(0, 0)
	m1, err1 := pf.readMeta1(m0, err0)
	pf.metas = [2]error{err0, err1}
	pf.meta0, pf.meta1 = m0, m1
	switch {
	case err0 == nil && (err1 != nil || m0.txid >= m1.txid):
		pf.meta = m0
	case err1 == nil:
		pf.meta = m1
	default:
		return nil, fmt.Errorf("%w: %v", errNotBolt, err0)
	}
	pf.ps = int64(pf.meta.pageSize)
	return pf, nil
}

// readMeta1 reads the second meta page. Its offset is the page size, which
// the first meta page gives when it is valid; otherwise the usual sizes are
// tried.
func (pf *pageFile) readMeta1(m0 boltMeta, err0 error) (boltMeta, error) {
	if err0 == nil {
		return pf.readMeta(int64(m0.pageSize), 1)
	}
	err := errNotBolt
	for _, ps := range []int64{int64(os.Getpagesize()), 4096, 8192, 16384, 65536, 1024, 2048, 512} {
		m, merr := pf.readMeta(ps, 1)
		if merr == nil && int64(m.pageSize) == ps {
			return m, nil
		}
		if ps == int64(os.Getpagesize()) {
			err = merr
		}
	}
	return boltMeta{}, err
}

// readMeta reads meta page n, assuming page size ps, and validates it.
func (pf *pageFile) readMeta(ps int64, n int64) (boltMeta, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := pf.r.ReadAt(buf, ps*n); err != nil {
		return boltMeta{}, fmt.Errorf("meta page %d: %w", n, errTruncated)
	}
	id, flags := le.Uint64(buf), le.Uint16(buf[8:])
	m := buf[pageHeaderSize:]
	h := fnv.New64a()
	h.Write(m[:56])
	switch {
	case le.Uint32(m) != boltMagic:
		return boltMeta{}, fmt.Errorf("meta page %d: bad magic", n)
	case le.Uint32(m[4:]) != boltVersion:
		return boltMeta{}, fmt.Errorf("meta page %d: version %d", n, le.Uint32(m[4:]))
	case le.Uint64(m[56:]) != h.Sum64():
		return boltMeta{}, fmt.Errorf("meta page %d: bad checksum", n)
	case id != uint64(n) || flags != flagMeta:
		return boltMeta{}, fmt.Errorf("meta page %d: bad header", n)
	}
	meta := boltMeta{
		pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		hwm: le.Uint64(m[40:]), txid: le.Uint64(m[48:]),
	}
	if ps := meta.pageSize; ps < 512 || ps > 1<<16 || ps&(ps-1) != 0 {
		return boltMeta{}, fmt.Errorf("meta page %d: page size %d", n, ps)
	}
	if meta.hwm < 2 || meta.root < 2 || meta.root >= meta.hwm ||
		(meta.freelist != noFreelist && (meta.freelist < 2 || meta.freelist >= meta.hwm)) {
		return boltMeta{}, fmt.Errorf("meta page %d: page ids out of range", n)
	}
	return meta, nil
}

var errTruncated = errors.New("beyond the end of the file")

// complete reports whether the file holds every page below the high-water
// mark: bbolt maps that far and faults on a page that is not there.
func (pf *pageFile) complete() bool {
	return pf.meta.hwm <= uint64(pf.size/pf.ps)
}

// minFileSize is what bbolt reads before it knows the page size.
const minFileSize = 4096

// sound reports what, in the meta pages and the file's length, bbolt
// cannot be trusted to open: both meta pages must be valid and agree on the
// page size (bbolt addresses pages with the first one's), the freelist must
// be stored (imgfav never writes a file without one, and bbolt rebuilds a
// missing one in a goroutine of its own, where no fault can be caught),
// and every page must be in the file.
func (pf *pageFile) sound() error {
	for _, err := range pf.metas {
		if err != nil {
			return err
		}
	}
	switch {
	case pf.meta0.pageSize != pf.meta1.pageSize:
		return fmt.Errorf("the meta pages disagree on the page size (%d, %d)", pf.meta0.pageSize, pf.meta1.pageSize)
	case pf.meta0.freelist == noFreelist || pf.meta1.freelist == noFreelist:
		return errors.New("no freelist page")
	case pf.size < minFileSize || !pf.complete():
		return fmt.Errorf("the file has %d bytes; its pages need %d", pf.size, max(int64(pf.meta.hwm)*pf.ps, minFileSize))
	}
	return nil
}

// page is one page (with its overflow) read into memory.
type page struct {
	id       uint64
	flags    uint16
	count    int
	overflow uint64
	data     []byte // the header and as much of the body as was read
}

// readPage reads the header and first page of page id, checking that the
// page and its overflow lie below the high-water mark and inside the file.
func (pf *pageFile) readPage(id uint64) (page, error) {
	if id < 2 || id >= pf.meta.hwm {
		return page{}, fmt.Errorf("page %d: outside the file's %d pages", id, pf.meta.hwm)
	}
	buf := make([]byte, pf.ps)
	if _, err := pf.r.ReadAt(buf, int64(id)*pf.ps); err != nil {
		return page{}, fmt.Errorf("page %d: %w", id, errTruncated)
	}
	p := page{id: le.Uint64(buf), flags: le.Uint16(buf[8:]), count: int(le.Uint16(buf[10:])),
		overflow: uint64(le.Uint32(buf[12:])), data: buf}
	if p.id != id {
		return page{}, fmt.Errorf("page %d: header says %d", id, p.id)
	}
	if id+p.overflow >= pf.meta.hwm || int64(id+p.overflow+1)*pf.ps > pf.size {
		return page{}, fmt.Errorf("page %d: overflow past the end", id)
	}
	return p, nil
}

// extent returns bytes [from, to) of page p, reading overflow pages as
// needed. The bounds were checked by readPage.
func (pf *pageFile) extent(p *page, from, to uint64) ([]byte, error) {
	limit := (p.overflow + 1) * uint64(pf.ps)
	if from > to || to > limit {
		return nil, fmt.Errorf("page %d: element past the page", p.id)
	}
	if from == to {
		return nil, nil
	}
	if to <= uint64(len(p.data)) {
		return p.data[from:to], nil
	}
	buf := make([]byte, to-from)
	if _, err := pf.r.ReadAt(buf, int64(p.id)*pf.ps+int64(from)); err != nil {
		return nil, fmt.Errorf("page %d: %w", p.id, errTruncated)
	}
	return buf, nil
}

// freelist returns the page ids the file lists as free, and the freelist
// page itself.
func (pf *pageFile) freelist() ([]uint64, page, error) {
	if pf.meta.freelist == noFreelist {
		return nil, page{}, nil
	}
	p, err := pf.readPage(pf.meta.freelist)
	if err != nil {
		return nil, page{}, err
	}
	if p.flags != flagFreelist {
		return nil, page{}, fmt.Errorf("freelist page %d: flags %#x", p.id, p.flags)
	}
	n, start := uint64(p.count), uint64(pageHeaderSize)
	if p.count == 0xFFFF {
		head, err := pf.extent(&p, pageHeaderSize, pageHeaderSize+8)
		if err != nil {
			return nil, page{}, err
		}
		n, start = le.Uint64(head), pageHeaderSize+8
	}
	if n > pf.meta.hwm {
		return nil, page{}, fmt.Errorf("freelist page %d: %d ids for %d pages", p.id, n, pf.meta.hwm)
	}
	raw, err := pf.extent(&p, start, start+8*n)
	if err != nil {
		return nil, page{}, err
	}
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = le.Uint64(raw[8*i:])
	}
	return ids, p, nil
}
