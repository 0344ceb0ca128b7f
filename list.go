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

	"imgfav/backup"
	"imgfav/imgur"
	"imgfav/search"
	"imgfav/tui"
)

// listOptions are the flags of `imgfav list`.
type listOptions struct {
	pages  int
	all    bool
	format string
	cached bool
	filter string
	query  search.Query // --filter, parsed
	jobs   int
	// folderArg is --folder (a name or an id); folder the favorite
	// folder it names, once resolved (0: all the favorites).
	folderArg string
	folder    int64
	// until, when set, ends the list at the first favorite it accepts
	// (a backup that meets one it already holds); that one is not kept.
	until func(imgur.Item) bool
}

// listCommand is `imgfav list`: favorites for scripts.
func listCommand(ctx context.Context, e env, args []string) error {
	var c config
	var lo listOptions
	fs := newFlagSet("list", "imgfav list [--sort newest|oldest] [--pages N | --all] [--format table|json|urls] [--filter QUERY] [--folder NAME|ID] [--cached] [--jobs N]", &c, e.stdout, listSettings, func(fs *flag.FlagSet) {
		fs.IntVar(&lo.pages, "pages", 1, "`N`: how many pages to print (about 60 favorites each)")
		fs.BoolVar(&lo.all, "all", false, "every page, up to the end of the list")
		fs.StringVar(&lo.format, "format", "table", "`FORMAT`: table, json or urls")
		fs.BoolVar(&lo.cached, "cached", false, "print what the cache holds, without contacting Imgur")
		fs.IntVar(&lo.jobs, "jobs", 4, "`N`: how many pages to request at once")
		folderFlag(fs, &lo.folderArg)
		fs.StringVar(&lo.filter, "filter", "", "`QUERY`: only the favorites it matches, in the language of the browser's / (words, \"a phrase\", -word, ~fuzzy, tag: user: type: nsfw)")
	})
	scriptSort(fs)
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if err := lo.check(fs); err != nil {
		return err
	}
	if err := notEmpty(fs, "folder"); err != nil {
		return err
	}
	c.waitNotes, c.cachedOnly, c.bulk = e.stderr, lo.cached, lo.all
	reportConfig(e, c)
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	a.tell(e.stderr)
	// Scripts get a fixed order: the browser's last sort does not apply.
	sort := imgur.SortNewest
	if c.sort != "" {
		sort, _ = imgur.ParseSort(c.sort) // parseFlags checked it
	}
	var items []imgur.Item
	if lo.cached {
		items, err = listCached(a, sort, lo)
	} else {
		items, err = listOnline(ctx, e, a, sort, lo)
	}
	a.settle() // before the output: a reader that stops early (| head) ends the process
	return printList(e, a, items, lo, err)
}

// printList prints the items --filter keeps, and err, the error that
// ended the fetch: what came before it is printed.
func printList(e env, a *app, items []imgur.Item, lo listOptions, err error) error {
	all := len(items)
	items = filterItems(items, lo.query)
	if !lo.query.Empty() && !lo.all && err == nil && all >= lo.pages*favoritesPage {
		// Only the pages fetched were searched, all full: there may be more.
		fmt.Fprintf(e.stderr, "imgfav: searched the first %d favorites (--pages %d); --all searches every one\n", all, lo.pages)
	}
	if len(items) > 0 || err == nil {
		if werr := writeList(e.stdout, a.client, items, lo.format, e.isTerminal(), terminalWidth(e)); werr != nil {
			return werr
		}
	}
	return err
}

// favoritesPage is how many favorites a page of Imgur's holds: fewer
// than that a page, and the list ended there.
const favoritesPage = 60

// maxJobs bounds --jobs: Imgur's credits are shared by every request.
const maxJobs = 16

// filterItems keeps the items q matches, in order.
func filterItems(items []imgur.Item, q search.Query) []imgur.Item {
	if q.Empty() {
		return items
	}
	var out []imgur.Item
	for _, it := range items {
		if q.Matches(search.Prepare(tui.SearchDoc(it))) {
			out = append(out, it)
		}
	}
	return out
}

// check checks the flags together, and parses --filter.
func (lo *listOptions) check(fs *flag.FlagSet) error {
	switch lo.format {
	case "table", "json", "urls":
	default:
		return usageError{msg: fmt.Sprintf("--format: unknown format %q (want table, json or urls)", lo.format)}
	}
	pagesSet := false
	fs.Visit(func(f *flag.Flag) { pagesSet = pagesSet || f.Name == "pages" })
	if lo.all && pagesSet {
		return usageError{msg: "--pages and --all cannot be used together"}
	}
	if lo.pages < 1 {
		return usageError{msg: "--pages must be at least 1"}
	}
	if lo.jobs < 1 || lo.jobs > maxJobs {
		return usageError{msg: fmt.Sprintf("--jobs must be between 1 and %d", maxJobs)}
	}
	q, err := search.Parse(lo.filter)
	if err != nil {
		return usageError{msg: "--filter: " + err.Error()}
	}
	lo.query = q
	return nil
}

// listOnline fetches the pages from Imgur. When Imgur cannot be reached
// (or is down, or out of credits) and the cache holds the pages, it prints
// those instead, with a note on stderr saying how old they are.
func listOnline(ctx context.Context, e env, a *app, sort imgur.Sort, lo listOptions) (_ []imgur.Item, err error) {
	if err := a.learnAccount(ctx); err != nil {
		return nil, err
	}
	tok := a.client.Token()
	if tok.AccessToken == "" {
		return nil, errors.New("not logged in: run 'imgfav login' (or set IMGFAV_ACCESS_TOKEN); --cached prints what the cache holds")
	}
	f, err := resolveFolder(ctx, a, tok.Username, lo.folderArg)
	if err != nil {
		return nil, a.refused(err)
	}
	lo.folder = f.ID
	items, failed, skipped, err := fetchForList(ctx, a.client, tok.Username, sort, lo, progressTo(e))
	if skipped > 0 {
		fmt.Fprintf(e.stderr, "imgfav: skipped %d favorite(s) that Imgur sent unreadable\n", skipped)
	}
	why := offlineReason(err)
	cache := pageCache{a.client}
	if why == "" {
		return items, a.refused(err)
	}
	if _, ok, _ := cache.CachedPage(tok.Username, lo.folder, sort, failed); !ok {
		return items, err // the cache cannot stand in for the page that failed
	}
	// The pages fetched before the failure are in the cache too.
	cached, fetched := readCached(cache, tok.Username, sort, lo)
	fmt.Fprintf(e.stderr, "imgfav: %s — showing cached favorites from %s\n", why, ago(time.Since(fetched)))
	return cached, nil
}

// offlineReason names a failure that the cache can stand in for, in a few
// words; "" for any other.
func offlineReason(err error) string {
	var rle *imgur.RateLimitError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, imgur.ErrUnreachable):
		return "offline"
	case errors.Is(err, imgur.ErrUnavailable):
		return "Imgur is unavailable"
	case errors.As(err, &rle):
		return "no API credits left"
	}
	return ""
}

// scriptSort words --sort for list and backup, whose default is newest,
// not the browser's last sort.
func scriptSort(fs *flag.FlagSet) {
	fs.Lookup("sort").Usage = "`ORDER`: newest or oldest (default newest: scripts get a fixed order) ($IMGFAV_SORT)"
}

// listCached prints what the cache holds, without a request.
func listCached(a *app, sort imgur.Sort, lo listOptions) ([]imgur.Item, error) {
	account, err := a.cachedAccount()
	if err != nil {
		return nil, err
	}
	f, err := resolveCachedFolder(a, account, lo.folderArg)
	if err != nil {
		return nil, err
	}
	lo.folder = f.ID
	items, _ := readCached(pageCache{a.client}, account, sort, lo)
	if len(items) == 0 && f.ID != 0 {
		return nil, fmt.Errorf("the cache holds no %s favorites of %s's folder %s; run 'imgfav list --folder %d' online first",
			sort, account, imgur.CleanLine(f.Name), f.ID)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("the cache holds no %s favorites of %s; run 'imgfav list' online first", sort, account)
	}
	return items, nil
}

// cachedAccount is the account whose cache --cached reads: the login's
// (or the environment token's, when known), else the last one logged out.
func (a *app) cachedAccount() (string, error) {
	if name := a.client.Token().Username; name != "" {
		return name, nil
	}
	if a.cacheOf != "" {
		return a.cacheOf, nil
	}
	if a.cfg.envToken != nil {
		return "", errors.New("the account of IMGFAV_ACCESS_TOKEN is not known yet; set IMGFAV_USERNAME to read its cache")
	}
	if last, err := a.store.LoggedOut(); err == nil && last != "" {
		return last, nil
	}
	return "", errors.New("not logged in, and no account's cache to read")
}

// readCached reads the cached pages as listing would fetch them, and the
// time the oldest of them was fetched.
func readCached(cache pageCache, account string, sort imgur.Sort, lo listOptions) ([]imgur.Item, time.Time) {
	var oldest time.Time
	items, _, _, _ := collectPages(context.Background(), lo, func(_ context.Context, page int) ([]imgur.Item, int, error) {
		p, ok, err := cache.CachedPage(account, lo.folder, sort, page)
		if err != nil || !ok {
			return nil, 0, err // the end of what the cache holds
		}
		if oldest.IsZero() || p.Fetched.Before(oldest) {
			oldest = p.Fetched
		}
		return p.Items, 0, nil
	}, nil)
	return items, oldest
}

// fetchForList fetches the requested pages in order, each once. On an
// error it returns what it has, the page that failed and the error. It
// also counts the items Imgur sent that could not be read.
func fetchForList(ctx context.Context, c *imgur.Client, account string, sort imgur.Sort, lo listOptions, progress func(page, items int)) ([]imgur.Item, int, int, error) {
	return collectPages(ctx, lo, func(ctx context.Context, page int) ([]imgur.Item, int, error) {
		var p imgur.Page
		var err error
		if lo.folder != 0 {
			p, err = c.FolderFavorites(ctx, account, lo.folder, page, sort)
		} else {
			p, err = c.Favorites(ctx, account, page, sort)
		}
		return p.Items, p.Skipped, err
	}, progress)
}

// ago says how long ago, for the offline note: "3 hours ago".
func ago(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit + " ago"
		}
		return strconv.Itoa(n) + " " + unit + "s ago"
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute")
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour")
	}
	return plural(int(d.Hours()/24), "day")
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
		fmt.Fprintf(e.stderr, "\r\x1b[Kfetched %s, %s…", counted(page, "page"), counted(items, "favorite"))
	}
}

func writeList(w io.Writer, c *imgur.Client, items []imgur.Item, format string, isTerminal bool, width int) error {
	switch format {
	case "json":
		out := make([]backup.Meta, len(items))
		for i, it := range items {
			out[i] = favoriteMeta(c, it)
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // titles as they are: "&", "<" are not \u0026, \u003c
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

// favoriteMeta is a favorite's metadata for scripts: list --format json,
// and each line of a backup's manifest.
func favoriteMeta(c *imgur.Client, it imgur.Item) backup.Meta {
	return backup.Meta{
		ID: it.ID, Title: it.Title, Description: it.Description,
		Datetime: it.Posted().UTC().Format(time.RFC3339), Type: it.Type, IsAlbum: it.IsAlbum,
		ImagesCount: imagesCount(it), Width: it.Width, Height: it.Height, Size: it.Size, Views: it.Views,
		NSFW: it.IsNSFW(), PageURL: imgur.PageURL(it), MediaURL: c.MediaURL(it),
		ThumbnailURL: c.ThumbnailURL(it, imgur.ThumbMedium), AccountURL: it.AccountURL,
		Tags: tagNames(it.Tags),
	}
}

// tagNames are tags as Imgur shows them: the display name, else the name.
func tagNames(tags []imgur.Tag) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if l := t.Label(); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// imagesCount is images_count in JSON: an album's size, null when Imgur did
// not say; 0 for an image.
func imagesCount(it imgur.Item) *int {
	n, known := it.AlbumSize()
	if !known && it.IsAlbum {
		return nil
	}
	return &n
}

// writeTable prints DATE, KIND, VIEWS, ID and TITLE columns. On a terminal
// the title is cut to the width; piped, lines are whole.
func writeTable(w io.Writer, items []imgur.Item, isTerminal bool, width int) error {
	var b strings.Builder
	fit := func(line string) string {
		if isTerminal && width > 1 && ansi.StringWidth(line) > width-1 {
			return ansi.Truncate(line, width-1, "…") // a narrow terminal: cut, never wrapped
		}
		return line
	}
	const head = "DATE        KIND    VIEWS  ID        TITLE"
	b.WriteString(fit(head) + "\n")
	for _, it := range items {
		kind := it.Kind()
		if n, known := it.AlbumSize(); known {
			kind = "alb " + strconv.Itoa(n)
		} else if it.IsAlbum {
			kind = "alb ?"
		}
		title := it.Title
		if title == "" {
			title = imgur.Untitled
		}
		if it.IsNSFW() {
			title = "[nsfw] " + title
		}
		line := fmt.Sprintf("%-10s  %-6s %6s  %-8s  ", it.Posted().Local().Format("2006-01-02"), kind, tui.ShortCount(it.Views), it.ID)
		b.WriteString(fit(line+title) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func terminalWidth(e env) int {
	if e.width == nil {
		return 0
	}
	return e.width()
}
