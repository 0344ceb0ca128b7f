package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"imgfav/imgur"
)

// counted is n and the word, plural unless n is 1: "1 file", "3 files".
func counted(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// backupTally counts what a run did.
type backupTally struct {
	mu                        sync.Mutex
	saved, kept, gone, failed int
	errs                      []error // the first maxReasons reasons
}

// maxReasons bounds the failures the summary lists one by one.
const maxReasons = 20

func (t *backupTally) add(saved, kept, gone int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.saved, t.kept, t.gone = t.saved+saved, t.kept+kept, t.gone+gone
	if err != nil && !errors.Is(err, context.Canceled) { // interrupted is not failed
		t.failed++
		if len(t.errs) < maxReasons {
			t.errs = append(t.errs, err)
		}
	}
}

// failure reports a run where files failed: the reasons one a line on w
// when there are several, then the error (itself one line).
func (t *backupTally) failure(w io.Writer) error {
	if t.failed == 1 {
		return fmt.Errorf("1 file could not be saved (run it again to retry): %w", t.errs[0])
	}
	for _, err := range t.errs {
		fmt.Fprintf(w, "imgfav: not saved: %s\n", imgur.ErrorLine(err))
	}
	if more := t.failed - len(t.errs); more > 0 {
		fmt.Fprintf(w, "imgfav: not saved: %d more\n", more)
	}
	return fmt.Errorf("%d files could not be saved, for the reasons above (run it again to retry)", t.failed)
}
