package store

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
)

// The tree walk below judges a file before bbolt maps it (check) and reads
// back what can still be read from a damaged one (salvage). It uses only
// the bounds-checked reads of pageFile, visits each page at most once (a
// cycle or a page shared by two parents is damage, not an endless loop),
// and gives up on a subtree, not the walk, when a page is bad.

// maxDepth bounds the page tree and the bucket nesting: bbolt's trees are a
// handful of levels deep, so anything deeper is a loop in damaged pages.
const maxDepth = 64

// maxProblems caps the problems a walk remembers; the count goes on.
const maxProblems = 20

// walker visits every bucket, key and value of the tree that the file's
// meta page points to.
type walker struct {
	pf       *pageFile
	seen     map[uint64]bool
	stack    []uint64 // the pages from the root to where the walk is
	problems []string
	damaged  int // problems found, including those not remembered
	budget   int // elements left to visit: a sound file has at most one per 16 bytes

	// values makes the walk read every value (salvage); without it only
	// the values of bucket headers are read and the rest bounds-checked.
	values bool
	// enter, when set, decides whether to descend into a bucket.
	enter func(path [][]byte) bool
	// emit receives each key and value (value nil unless values is set).
	emit func(path [][]byte, key, value []byte)
	// bucket is told of each bucket before its contents.
	bucket func(path [][]byte)
}

func newWalker(pf *pageFile) *walker {
	return &walker{pf: pf, seen: map[uint64]bool{}, budget: int(pf.size/elementSize) + 16}
}

func (w *walker) problem(format string, args ...any) {
	w.damaged++
	if len(w.problems) < maxProblems {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

// walkRoot walks the root bucket, whose keys are the top-level buckets.
func (w *walker) walkRoot() {
	w.walkPage(nil, w.pf.meta.root, 0)
}

// walkPage walks the branch or leaf page id of the bucket at path.
func (w *walker) walkPage(path [][]byte, id uint64, depth int) {
	if depth > maxDepth {
		w.problem("page %d: tree deeper than %d", id, maxDepth)
		return
	}
	p, err := w.pf.readPage(id)
	if err != nil {
		w.problem("%v", err)
		return
	}
	for i := id; i <= id+p.overflow; i++ {
		if w.seen[i] {
			w.problem("page %d: reached twice", i)
			return
		}
		w.seen[i] = true
	}
	w.stack = append(w.stack, id)
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()
	switch p.flags {
	case flagBranch:
		w.walkBranch(path, &p, depth)
	case flagLeaf:
		w.walkLeaf(path, &p, p.data, depth)
	default:
		w.problem("page %d: flags %#x where a branch or leaf belongs", id, p.flags)
	}
}

// walkBranch walks the children of a branch page, in key order.
func (w *walker) walkBranch(path [][]byte, p *page, depth int) {
	if p.count == 0 {
		w.problem("page %d: a branch without children", p.id)
		return
	}
	if err := w.fits(p, p.data, false); err != nil {
		w.problem("%v", err)
		return
	}
	var prev []byte
	for i := range p.count {
		eo := uint64(pageHeaderSize + i*elementSize)
		head, err := w.pf.extent(p, eo, eo+elementSize)
		if err != nil {
			w.problem("%v", err)
			return
		}
		pos, ksize, child := uint64(le.Uint32(head)), uint64(le.Uint32(head[4:])), le.Uint64(head[8:])
		key, err := w.pf.extent(p, eo+pos, eo+pos+ksize)
		if err != nil {
			w.problem("%v", err)
			return
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			w.problem("page %d: keys out of order", p.id)
			return
		}
		prev = key
		w.walkPage(path, child, depth+1)
	}
}

// walkLeaf walks the elements of a leaf page; data is the page itself, or
// the bytes of an inline bucket's page.
func (w *walker) walkLeaf(path [][]byte, p *page, data []byte, depth int) {
	if err := w.fits(p, data, true); err != nil {
		w.problem("%v", err)
		return
	}
	var prev []byte
	for i := range p.count {
		if w.budget--; w.budget < 0 {
			w.problem("more elements than the file can hold")
			return
		}
		key, value, isBucket, err := w.element(p, data, i)
		if err != nil {
			w.problem("%v", err)
			return
		}
		if isBucket && p.id == 0 {
			w.problem("a bucket inside an inline bucket")
			return
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			w.problem("page %d: keys out of order", p.id)
			return
		}
		prev = key
		if isBucket {
			w.walkBucket(path, key, value, depth)
			continue
		}
		if w.emit != nil {
			w.emit(path, key, value)
		}
	}
}

// maxKeySize is bbolt's limit on a key.
const maxKeySize = 32768

// fits checks that a page's elements, keys and values add up to no more
// than the page holds. In a sound page they never overlap, so a damaged or
// hostile page cannot make the walk (or a salvage) read the same bytes
// over and over: the work is bounded by the file's size.
func (w *walker) fits(p *page, data []byte, leaf bool) error {
	limit := uint64(len(data))
	if p.id != 0 {
		limit = (p.overflow + 1) * uint64(w.pf.ps)
	}
	total := uint64(pageHeaderSize + p.count*elementSize)
	if total > limit {
		return fmt.Errorf("page %d: %d elements do not fit", p.id, p.count)
	}
	heads, err := w.bytesAt(p, data, pageHeaderSize, total)
	if err != nil {
		return err
	}
	for i := range p.count {
		e := heads[i*elementSize:]
		ksize, vsize := uint64(le.Uint32(e[4:])), uint64(0)
		if leaf {
			ksize, vsize = uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
		}
		if ksize == 0 || ksize > maxKeySize {
			return fmt.Errorf("page %d: a key of %d bytes", p.id, ksize)
		}
		if total += ksize + vsize; total > limit {
			return fmt.Errorf("page %d: keys and values overflow the page", p.id)
		}
	}
	return nil
}

// element returns the key and value of leaf element i. Values are read
// only when the walk wants them, or when they are a bucket's header.
func (w *walker) element(p *page, data []byte, i int) (key, value []byte, isBucket bool, err error) {
	eo := uint64(pageHeaderSize + i*elementSize)
	head, err := w.bytesAt(p, data, eo, eo+elementSize)
	if err != nil {
		return nil, nil, false, err
	}
	flags, pos := le.Uint32(head), uint64(le.Uint32(head[4:]))
	ksize, vsize := uint64(le.Uint32(head[8:])), uint64(le.Uint32(head[12:]))
	if flags&^flagBucket != 0 {
		return nil, nil, false, fmt.Errorf("page %d: element flags %#x", p.id, flags)
	}
	isBucket = flags&flagBucket != 0
	if key, err = w.bytesAt(p, data, eo+pos, eo+pos+ksize); err != nil {
		return nil, nil, false, err
	}
	vfrom, vto := eo+pos+ksize, eo+pos+ksize+vsize
	if !isBucket && !w.values {
		_, err = w.bytesAt(p, data, vto, vto) // bounds only
		return key, nil, false, err
	}
	value, err = w.bytesAt(p, data, vfrom, vto)
	return key, value, isBucket, err
}

// bytesAt reads [from, to) of a page, or of an inline page's bytes.
func (w *walker) bytesAt(p *page, data []byte, from, to uint64) ([]byte, error) {
	if p.id != 0 {
		return w.pf.extent(p, from, to)
	}
	if from > to || to > uint64(len(data)) {
		return nil, fmt.Errorf("inline page: element past its end")
	}
	return data[from:to], nil
}

// walkBucket walks the sub-bucket name, whose header (and inline page)
// is value.
func (w *walker) walkBucket(path [][]byte, name, value []byte, depth int) {
	if len(value) < bucketHeader {
		w.problem("bucket %q: header of %d bytes", name, len(value))
		return
	}
	sub := append(slices.Clip(path), name)
	if len(sub) > maxDepth/4 {
		w.problem("bucket %q: nested too deep", name)
		return
	}
	if w.enter != nil && !w.enter(sub) {
		return
	}
	if w.bucket != nil {
		w.bucket(sub)
	}
	if root := le.Uint64(value); root != 0 {
		w.walkPage(sub, root, depth+1)
		return
	}
	inline := value[bucketHeader:]
	if len(inline) < pageHeaderSize {
		w.problem("bucket %q: inline page of %d bytes", name, len(inline))
		return
	}
	p := page{flags: le.Uint16(inline[8:]), count: int(le.Uint16(inline[10:]))}
	if p.flags != flagLeaf {
		w.problem("bucket %q: inline page flags %#x", name, p.flags)
		return
	}
	w.walkLeaf(sub, &p, inline, depth+1)
}

// checkFreelist reports free pages that are also in the tree, repeated, or
// out of range: bbolt would hand them out again and overwrite live data.
func (w *walker) checkFreelist() {
	ids, fp, err := w.pf.freelist()
	if err != nil {
		w.problem("%v", err)
		return
	}
	free := make(map[uint64]bool, len(ids))
	for _, id := range ids {
		ownPage := fp.id != 0 && id >= fp.id && id <= fp.id+fp.overflow
		switch {
		case id < 2 || id >= w.pf.meta.hwm:
			w.problem("freelist: page %d outside the file", id)
			return
		case free[id] || w.seen[id] || ownPage:
			w.problem("freelist: page %d is free and in use", id)
			return
		}
		free[id] = true
	}
}

// report is what a check of a whole file found.
type report struct {
	notBolt  error    // set when the file is no bbolt database at all
	problems []string // damage found; none means bbolt can use the file safely
	damaged  int
}

func (r report) healthy() bool { return r.notBolt == nil && r.damaged == 0 }

func (r report) String() string {
	switch {
	case r.notBolt != nil:
		return r.notBolt.Error()
	case r.damaged == 0:
		return "healthy"
	case r.damaged > len(r.problems):
		return fmt.Sprintf("%s (and %d more problems)", r.problems[0], r.damaged-1)
	}
	return r.problems[0]
}

// checkFile judges the file at f: both meta pages, every page below the
// high-water mark present, and a sound tree and freelist.
func checkFile(f io.ReaderAt, size int64) report {
	pf, err := openPageFile(f, size)
	if err != nil {
		return report{notBolt: err}
	}
	w := newWalker(pf)
	if err := pf.sound(); err != nil {
		w.problem("%v", err)
	}
	w.walkRoot()
	w.checkFreelist()
	return report{problems: w.problems, damaged: w.damaged}
}

// checkPath is checkFile on the file at path.
func checkPath(path string) (report, error) {
	f, err := os.Open(path)
	if err != nil {
		return report{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return report{}, err
	}
	return checkFile(f, fi.Size()), nil
}
