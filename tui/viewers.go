package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"imgfav/imgur"
)

// Viewers are the programs the configuration names for opening a
// favorite ([open] in config.toml), by kind: "image", "gif", "video",
// "album", or "page" for its Imgur page. o and O use them where one is
// set, else the browser.
type Viewers interface {
	// Has reports whether a program is set for kind, and whether it
	// takes a local file rather than a URL.
	Has(kind string) (ok, needsFile bool)
	// Open starts kind's program on url (and file, for {file}); it
	// returns once the program started, and returns the program's name.
	Open(kind, url, file string) (name string, err error)
}

// viewerKind is the [open] entry that opens it: its page, or its media
// by kind.
func viewerKind(it imgur.Item, media bool) string {
	if !media {
		return "page"
	}
	return it.Kind()
}

// viewCmd opens it with the configured program for kind. A program that
// takes a file gets the saved copy, saved first when there is none yet.
func viewCmd(ctx context.Context, v Viewers, dl Downloader, it imgur.Item, kind, url string, needsFile bool) tea.Cmd {
	return func() tea.Msg {
		file := ""
		if needsFile {
			var err error
			if file, err = localCopy(ctx, dl, it); err != nil {
				return openedMsg{url: url, err: err}
			}
		}
		name, err := v.Open(kind, url, file)
		return openedMsg{url: url, via: name, file: file, err: err}
	}
}

// localCopy is the saved copy of it, saving it first if needed.
func localCopy(ctx context.Context, dl Downloader, it imgur.Item) (string, error) {
	if dl == nil {
		return "", errors.New("the viewer takes a file, and saving is not possible here")
	}
	if p, ok := dl.SavedCopy(it); ok {
		return p, nil
	}
	res, err := dl.Download(ctx, it)
	if err != nil {
		return "", err
	}
	if p, ok := dl.SavedCopy(it); ok {
		return p, nil
	}
	if res.Gone {
		return "", imgur.ErrGone
	}
	return "", errors.New("the saved copy was not found")
}
