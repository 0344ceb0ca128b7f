package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// listOptions are the flags of `imgfav list`.
type listOptions struct {
	sort   string
	pages  int
	all    bool
	format string
}

// listCommand is `imgfav list`: favorites for scripts.
func listCommand(ctx context.Context, e env, args []string) error {
	var c config
	var lo listOptions
	fs := newFlagSet("list", "imgfav list [--sort newest|oldest] [--pages N | --all] [--format table|json|urls]", &c, e.stdout, func(fs *flag.FlagSet) {
		fs.IntVar(&lo.pages, "pages", 1, "how many pages to print (about 60 favorites each)")
		fs.BoolVar(&lo.all, "all", false, "every page, up to the end of the list")
		fs.StringVar(&lo.format, "format", "table", "table, json or urls")
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	switch lo.format {
	case "table", "json", "urls":
	default:
		return usageError{fmt.Sprintf("unknown format %q (want table, json or urls)", lo.format)}
	}
	pagesSet := false
	fs.Visit(func(f *flag.Flag) { pagesSet = pagesSet || f.Name == "pages" })
	if lo.all && pagesSet {
		return usageError{"--pages and --all cannot be used together"}
	}
	if lo.pages < 1 {
		return usageError{"--pages must be at least 1"}
	}
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.learnAccount(ctx); err != nil {
		return err
	}
	tok := a.client.Token()
	if tok.AccessToken == "" {
		return errors.New("not logged in: run 'imgfav login' (or set IMGFAV_ACCESS_TOKEN)")
	}
	sort := a.startSort()
	items, fetchErr := fetchForList(ctx, a.client, tok.Username, sort, lo, progressTo(e))
	if err := writeList(e.stdout, a.client, items, lo.format, e.isTerminal(), terminalWidth(e)); err != nil {
		return err
	}
	return fetchErr
}

// fetchForList fetches the requested pages in order, each once, stopping
// at the empty page. On an error it returns what it has with the error.
func fetchForList(ctx context.Context, c *imgur.Client, account string, sort imgur.Sort, lo listOptions, progress func(page, items int)) ([]imgur.Item, error) {
	seen := map[string]bool{}
	var items []imgur.Item
	for page := 0; lo.all || page < lo.pages; page++ {
		p, err := c.Favorites(ctx, account, page, sort)
		if err != nil {
			return items, err
		}
		if len(p.Items) == 0 {
			break
		}
		for _, it := range p.Items {
			if !seen[it.ID] {
				seen[it.ID] = true
				items = append(items, it)
			}
		}
		if progress != nil {
			progress(page+1, len(items))
		}
	}
	if progress != nil {
		progress(-1, len(items))
	}
	return items, nil
}

// progressTo reports pages on stderr, on one rewritten line, when stderr is
// a terminal.
func progressTo(e env) func(page, items int) {
	if e.stderrIsTerminal == nil || !e.stderrIsTerminal() {
		return nil
	}
	return func(page, items int) {
		if page < 0 {
			fmt.Fprint(e.stderr, "\r\x1b[K")
			return
		}
		fmt.Fprintf(e.stderr, "\r\x1b[Kfetched %d pages, %d favorites…", page, items)
	}
}

// listItem is one favorite in JSON: stable snake_case fields.
type listItem struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	Datetime     string `json:"datetime"`
	Type         string `json:"type"`
	IsAlbum      bool   `json:"is_album"`
	ImagesCount  int    `json:"images_count"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	Size         int64  `json:"size"`
	Views        int64  `json:"views"`
	NSFW         bool   `json:"nsfw"`
	PageURL      string `json:"page_url"`
	MediaURL     string `json:"media_url"`
	ThumbnailURL string `json:"thumbnail_url"`
	AccountURL   string `json:"account_url"`
}

func writeList(w io.Writer, c *imgur.Client, items []imgur.Item, format string, isTerminal bool, width int) error {
	switch format {
	case "json":
		out := make([]listItem, len(items))
		for i, it := range items {
			out[i] = listItem{
				ID: it.ID, Title: it.Title, Description: it.Description,
				Datetime: it.Posted().UTC().Format(time.RFC3339), Type: it.Type, IsAlbum: it.IsAlbum,
				ImagesCount: it.ImagesCount, Width: it.Width, Height: it.Height, Size: it.Size, Views: it.Views,
				NSFW: it.IsNSFW(), PageURL: imgur.PageURL(it), MediaURL: c.MediaURL(it),
				ThumbnailURL: c.ThumbnailURL(it, imgur.ThumbMedium), AccountURL: it.AccountURL,
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "urls":
		var b strings.Builder
		for _, it := range items {
			b.WriteString(imgur.PageURL(it))
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return writeTable(w, items, isTerminal, width)
}

// writeTable prints DATE, KIND, VIEWS, ID and TITLE columns. On a terminal
// the title is cut to the width; piped, lines are whole.
func writeTable(w io.Writer, items []imgur.Item, isTerminal bool, width int) error {
	var b strings.Builder
	const head = "DATE        KIND    VIEWS  ID        TITLE"
	b.WriteString(head + "\n")
	for _, it := range items {
		kind := it.Kind()
		if it.IsAlbum {
			kind = "alb " + strconv.Itoa(max(it.ImagesCount, len(it.Images)))
		}
		title := it.Title
		if title == "" {
			title = "untitled"
		}
		if it.IsNSFW() {
			title = "[nsfw] " + title
		}
		line := fmt.Sprintf("%-10s  %-6s %6s  %-8s  ", it.Posted().Local().Format("2006-01-02"), kind, shortViews(it.Views), it.ID)
		if isTerminal && width > len(line)+4 {
			title = ansi.Truncate(title, width-len(line)-1, "…")
		}
		b.WriteString(line + title + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shortViews(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.FormatInt(n, 10)
}

func terminalWidth(e env) int {
	if e.width == nil {
		return 0
	}
	return e.width()
}
