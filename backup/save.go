package backup

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Source opens a favorite's media for reading.
type Source interface {
	Media(ctx context.Context, id, url string) (io.ReadCloser, error)
}

// MaxFile bounds one saved file: Imgur's largest videos are a fraction.
const MaxFile = 2 << 30

// partSuffix marks a file still being written: a run killed in the middle
// leaves no partial file under a final name, and the next run writes it
// again from the start.
const partSuffix = ".part"

// SaveFile saves the media at url as dir/rel (rel slash-separated),
// unless that file already exists. It writes a temporary file of its own
// beside it (NAME.*.part: two runs into one directory do not write into
// each other's) and renames it when complete: whole, and for a JPEG, PNG
// or GIF ending as one does, so a body cut short is not kept as saved. It
// reports whether it wrote the file.
func SaveFile(ctx context.Context, src Source, dir, rel, id, url string) (bool, error) {
	final := filepath.Join(dir, filepath.FromSlash(rel))
	switch fi, err := os.Lstat(final); {
	case err != nil: // not there: saved below
	case fi.Mode().IsRegular() && fi.Size() > 0:
		return false, nil // saved before
	case fi.IsDir():
		return false, fmt.Errorf("save %s: a directory is in the way", rel)
	}
	// An empty file or a link in its place is replaced by the media.
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	removeStaleParts(final)
	body, err := src.Media(ctx, id, url)
	if err != nil {
		return false, err
	}
	defer body.Close()
	f, err := os.CreateTemp(filepath.Dir(final), filepath.Base(final)+".*"+partSuffix)
	if err != nil {
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	part := f.Name()
	lockPart(f)
	err = copyWhole(f, body, final)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(part, 0o644) // CreateTemp's 0600: a saved picture is the user's like any download
	}
	if err == nil {
		err = os.Rename(part, final)
	}
	if err != nil {
		os.Remove(part)
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	return true, nil
}

// copyWhole copies body into f, at most MaxFile bytes, and checks that
// what came is whole for final's kind.
func copyWhole(f *os.File, body io.Reader, final string) error {
	n, err := io.Copy(f, io.LimitReader(body, MaxFile+1))
	switch {
	case err != nil:
		return err
	case n > MaxFile:
		return errors.New("over 2 GiB")
	case n == 0:
		return errors.New("empty answer")
	}
	tail := make([]byte, min(n, 16))
	if _, err := f.ReadAt(tail, n-int64(len(tail))); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(final))
	if !endsWhole(ext, tail) || ext == ".mp4" && !mp4Whole(f, n) {
		return fmt.Errorf("cut short after %d bytes (run it again)", n)
	}
	return f.Sync()
}

// endsWhole reports whether tail, a file's last bytes, ends the file as
// its format does: JPEG with its end-of-image marker, PNG with IEND, GIF
// with its trailer (trailing zeros allowed). Other kinds cannot be told
// cheaply and pass.
func endsWhole(ext string, tail []byte) bool {
	t := bytes.TrimRight(tail, "\x00")
	switch ext {
	case ".jpg", ".jpeg":
		return bytes.HasSuffix(t, []byte{0xff, 0xd9})
	case ".png":
		return bytes.Contains(tail, []byte("IEND"))
	case ".gif":
		return bytes.HasSuffix(t, []byte{0x3b})
	}
	return true
}

// mp4Whole reports whether an MP4 (ISO BMFF) file of n bytes is whole:
// its top-level boxes, each with its size in its header, end exactly at
// its end, where a file cut short ends inside one. A file that does not
// start as an MP4 does (an "ftyp" box) cannot be told and passes.
func mp4Whole(r io.ReaderAt, n int64) bool {
	var hdr [16]byte
	if _, err := r.ReadAt(hdr[:8], 0); err != nil || string(hdr[4:8]) != "ftyp" {
		return true
	}
	off := int64(0)
	for boxes := 0; off < n; boxes++ {
		if boxes > maxMP4Boxes || n-off < 8 {
			return false
		}
		if _, err := r.ReadAt(hdr[:8], off); err != nil {
			return false
		}
		size := int64(binary.BigEndian.Uint32(hdr[:4]))
		switch {
		case size == 0:
			return true // the last box, to the end of the file
		case size == 1: // a 64-bit size follows the type
			if n-off < 16 {
				return false
			}
			if _, err := r.ReadAt(hdr[8:16], off+8); err != nil {
				return false
			}
			big := binary.BigEndian.Uint64(hdr[8:16])
			if big < 16 || big > uint64(n-off) {
				return false
			}
			size = int64(big)
		case size < 8:
			return false
		}
		off += size
	}
	return off == n
}

// maxMP4Boxes bounds the top-level boxes walked: real files have a few.
const maxMP4Boxes = 10000

// removeStaleParts removes the temporary files of final that killed runs
// left behind (NAME.part of earlier versions too); one that another run
// is writing stays.
func removeStaleParts(final string) {
	matches, _ := filepath.Glob(globEscape(final) + ".*" + partSuffix)
	for _, m := range append(matches, final+partSuffix) {
		removeIfUnused(m)
	}
}

// globEscape escapes the characters filepath.Glob treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\\`, r) && (r != '\\' || filepath.Separator != '\\') {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WriteFileAtomic writes data to path through a temporary file and a
// rename, so a reader never sees half of it.
func WriteFileAtomic(path string, data []byte) error {
	part := path + partSuffix
	if err := os.WriteFile(part, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(part, path); err != nil {
		os.Remove(part)
		return err
	}
	return nil
}

// CheckDir makes dir if need be and checks that files can be written in
// it, before anything is fetched for it: a backup into a directory it
// cannot write must not download everything first.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make the backup directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".imgfav-check-*")
	if err != nil {
		return fmt.Errorf("cannot write in the backup directory %s: %w", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// CopyFrom puts the file rel (slash-separated, relative) of the directory
// from into dir when from holds it whole (a regular file with something
// in it) and dir does not: a hard link, else a copy written whole or not
// at all. It reports whether it did; a folder's backup takes the main
// backup's files so, instead of downloading them again.
func CopyFrom(from, dir, rel string) (bool, error) {
	p := filepath.FromSlash(rel)
	if !filepath.IsLocal(p) {
		return false, nil
	}
	src, dst := filepath.Join(from, p), filepath.Join(dir, p)
	if fi, err := os.Lstat(src); err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return false, nil
	}
	if _, err := os.Lstat(dst); err == nil {
		return false, nil // SaveFile decides about what is in the way
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	if os.Link(src, dst) == nil {
		return true, nil
	}
	return true, copyWholeFile(src, dst)
}

// copyWholeFile copies src to dst through a temporary file renamed when
// complete.
func copyWholeFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	// Named as SaveFile names its temporary files, so that a run killed
	// here leaves nothing the next one does not clear.
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*"+partSuffix)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = io.Copy(tmp, in)
	if err == nil {
		err = tmp.Chmod(0o644) // as SaveFile's files: CreateTemp makes 0600
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
