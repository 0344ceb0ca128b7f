package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"imgfav/imgur"
)

// notEmpty refuses the named flags given an empty value: --dir "" is a
// mistake (a variable not set), not a wish for the default.
func notEmpty(fs *flag.FlagSet, names ...string) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && slices.Contains(names, f.Name) && strings.TrimSpace(f.Value.String()) == "" {
			err = usageError{msg: "--" + f.Name + " needs a value (it was empty)"}
		}
	})
	return err
}

// folderFlag is --folder, shared by list and backup.
func folderFlag(fs *flag.FlagSet, v *string) {
	fs.StringVar(v, "folder", "", "`NAME|ID`: one favorite folder's favorites (see imgfav folders)")
}

// resolveFolder finds the favorite folder arg names, asking Imgur for the
// folders; "" is all the favorites (0).
func resolveFolder(ctx context.Context, a *app, account, arg string) (imgur.Folder, error) {
	if arg == "" {
		return imgur.Folder{}, nil
	}
	folders, err := a.client.Folders(ctx, account)
	if err != nil {
		if offlineReason(err) != "" { // the cache may know the folder: its pages may stand in
			if cached, ok, _ := a.client.CachedFolders(account); ok {
				return pickFolder(cached, arg)
			}
		}
		return imgur.Folder{}, fmt.Errorf("--folder: folders are unavailable: %w", err)
	}
	return pickFolder(folders, arg)
}

// resolveCachedFolder is resolveFolder from the cache, for --cached.
func resolveCachedFolder(a *app, account, arg string) (imgur.Folder, error) {
	if arg == "" {
		return imgur.Folder{}, nil
	}
	folders, ok, err := a.client.CachedFolders(account)
	if err != nil || !ok {
		return imgur.Folder{}, fmt.Errorf("--folder: the cache holds no folders of %s; run 'imgfav folders' online first", account)
	}
	return pickFolder(folders, arg)
}

// pickFolder is the folder whose id is arg, else whose name is arg (case
// folded), else the one whose name starts with it, if only one does.
func pickFolder(folders []imgur.Folder, arg string) (imgur.Folder, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		for _, f := range folders {
			if f.ID == id {
				return f, nil
			}
		}
	}
	var prefixed []imgur.Folder
	for _, f := range folders {
		if strings.EqualFold(f.Name, arg) {
			return f, nil
		}
		if strings.HasPrefix(strings.ToLower(f.Name), strings.ToLower(arg)) {
			prefixed = append(prefixed, f)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0], nil
	}
	names := make([]string, len(folders))
	for i, f := range folders {
		names[i] = strconv.Quote(f.Name)
	}
	if len(folders) == 0 {
		return imgur.Folder{}, fmt.Errorf("--folder: no folder %q: the account has no favorite folders", imgur.CleanLine(arg))
	}
	what := "no folder"
	if len(prefixed) > 1 {
		what = "more than one folder starts with"
	}
	return imgur.Folder{}, fmt.Errorf("--folder: %s %q (folders: %s)", what, imgur.CleanLine(arg), strings.Join(names, ", "))
}

// foldersCommand is `imgfav folders`: the account's favorite folders, one
// a line (id, name), for --folder and for scripts.
func foldersCommand(ctx context.Context, e env, args []string) error {
	var c config
	var format string
	var cached bool
	fs := newFlagSet("folders", "imgfav folders [--format table|json] [--cached]", &c, e.stdout, foldersSettings, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "table", "`FORMAT`: table or json")
		fs.BoolVar(&cached, "cached", false, "print the folders the cache holds, without contacting Imgur")
	})
	if err := parseFlags(fs, &c, args, e.getenv); err != nil {
		return err
	}
	if format != "table" && format != "json" {
		return usageError{msg: fmt.Sprintf("--format: unknown format %q (want table or json)", format)}
	}
	c.cachedOnly = cached
	reportConfig(e, c)
	a, err := openApp(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	a.tell(e.stderr)
	folders, err := listFolders(ctx, a, cached)
	if err != nil {
		return err
	}
	return writeFolders(e.stdout, folders, format, e.isTerminal())
}

// listFolders asks Imgur for the folders, or reads them from the cache.
func listFolders(ctx context.Context, a *app, cached bool) ([]imgur.Folder, error) {
	if cached {
		account, err := a.cachedAccount()
		if err != nil {
			return nil, err
		}
		folders, ok, err := a.client.CachedFolders(account)
		if err != nil || !ok {
			return nil, fmt.Errorf("the cache holds no folders of %s; run 'imgfav folders' online first", account)
		}
		return folders, nil
	}
	if err := a.learnAccount(ctx); err != nil {
		return nil, err
	}
	tok := a.client.Token()
	if tok.AccessToken == "" {
		return nil, errors.New("not logged in: run 'imgfav login' (or set IMGFAV_ACCESS_TOKEN)")
	}
	folders, err := a.client.Folders(ctx, tok.Username)
	if err != nil {
		return nil, fmt.Errorf("folders are unavailable: %w", err)
	}
	return folders, nil
}

// folderJSON is one folder in JSON.
type folderJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Cover string `json:"cover,omitempty"`
	Link  string `json:"link,omitempty"`
}

// writeFolders prints the folders, one a line: id and name (with a
// header on a terminal), or JSON.
func writeFolders(w io.Writer, folders []imgur.Folder, format string, isTerminal bool) error {
	if format == "json" {
		out := make([]folderJSON, len(folders))
		for i, f := range folders {
			out[i] = folderJSON{ID: f.ID, Name: f.Name, Cover: f.CoverHash, Link: f.Link}
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // "Recipes & food", not \u0026
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	var b strings.Builder
	if isTerminal {
		b.WriteString("ID          NAME\n")
	}
	for _, f := range folders {
		fmt.Fprintf(&b, "%-10d  %s\n", f.ID, f.Name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
