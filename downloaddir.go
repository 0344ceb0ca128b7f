package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// defaultDownloadDir is $IMGFAV_DOWNLOAD_DIR, else imgfav in the user's
// download folder: $XDG_DOWNLOAD_DIR, else the one user-dirs.dirs names
// (where desktops keep it, often translated: ~/Téléchargements), else
// ~/Downloads.
func defaultDownloadDir(getenv func(string) string) string {
	if d := getenv("IMGFAV_DOWNLOAD_DIR"); d != "" {
		return expandHome(d) // quoted, the shell left ~ alone
	}
	if d := getenv("XDG_DOWNLOAD_DIR"); d != "" {
		return filepath.Join(d, "imgfav")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		} else {
			home = "."
		}
	}
	if d := userDirsDownload(getenv, home); d != "" {
		return filepath.Join(d, "imgfav")
	}
	return filepath.Join(home, "Downloads", "imgfav")
}

// userDirsDownload is the download folder that xdg-user-dirs wrote in
// $XDG_CONFIG_HOME/user-dirs.dirs (XDG_DOWNLOAD_DIR="$HOME/Downloads"),
// or "" when there is none: no file, no such line, a value that is
// neither absolute nor under $HOME, or the home folder itself (which
// means the folder is turned off).
func userDirsDownload(getenv func(string) string, home string) string {
	cfg := getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		cfg = filepath.Join(home, ".config")
	}
	f, err := os.Open(filepath.Join(cfg, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || strings.TrimSpace(key) != "XDG_DOWNLOAD_DIR" {
			continue
		}
		v := strings.Trim(strings.TrimSpace(value), `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok {
			v = home + rest
		}
		v = filepath.Clean(v)
		if !filepath.IsAbs(v) || v == filepath.Clean(home) {
			return ""
		}
		return v
	}
	return ""
}
