package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
// unless that file already exists. It writes rel+".part" first and renames
// it when complete. It reports whether it wrote the file.
func SaveFile(ctx context.Context, src Source, dir, rel, id, url string) (bool, error) {
	final := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(final); err == nil {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	body, err := src.Media(ctx, id, url)
	if err != nil {
		return false, err
	}
	defer body.Close()
	part := final + partSuffix
	f, err := os.Create(part)
	if err != nil {
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	n, err := io.Copy(f, io.LimitReader(body, MaxFile+1))
	if err == nil && n > MaxFile {
		err = errors.New("over 2 GiB")
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n == 0 {
		err = errors.New("empty answer")
	}
	if err != nil {
		os.Remove(part)
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	if err := os.Rename(part, final); err != nil {
		os.Remove(part)
		return false, fmt.Errorf("save %s: %w", rel, err)
	}
	return true, nil
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
