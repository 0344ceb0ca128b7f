package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imgfav/imgur/imgurtest"
)

func TestDefaultDownloadDir(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, ".config")
	if err := os.MkdirAll(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, env, userDirs, want string
	}{
		{"nothing set", "", "", filepath.Join(home, "Downloads", "imgfav")},
		{"imgfav's own variable", "IMGFAV_DOWNLOAD_DIR=/d/x", "", "/d/x"},
		{"XDG variable", "XDG_DOWNLOAD_DIR=/d/dl", "", "/d/dl/imgfav"},
		{"user-dirs.dirs under home", "", "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Bureau\"\nXDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n",
			filepath.Join(home, "Téléchargements", "imgfav")},
		{"user-dirs.dirs absolute", "", "XDG_DOWNLOAD_DIR=\"/data/dl\"\n", "/data/dl/imgfav"},
		{"user-dirs.dirs turned off", "", "XDG_DOWNLOAD_DIR=\"$HOME/\"\n", filepath.Join(home, "Downloads", "imgfav")},
		{"user-dirs.dirs relative", "", "XDG_DOWNLOAD_DIR=\"dl\"\n", filepath.Join(home, "Downloads", "imgfav")},
		{"the variable wins over the file", "XDG_DOWNLOAD_DIR=/d/dl", "XDG_DOWNLOAD_DIR=\"/data/dl\"\n", "/d/dl/imgfav"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(cfg, "user-dirs.dirs")
			os.Remove(file)
			if tc.userDirs != "" {
				if err := os.WriteFile(file, []byte(tc.userDirs), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"HOME": home}
			if tc.env != "" {
				k, v, _ := strings.Cut(tc.env, "=")
				env[k] = v
			}
			if got := defaultDownloadDir(func(k string) string { return env[k] }); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A ~ the shell left alone (in quotes, after --dir=) is the home
// directory, as in config.toml.
func TestDownloadDirExpandsHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_DOWNLOAD_DIR"], te.vars["HOME"] = "~/dl", home
	if _, out, _ := te.run(t, "config"); !strings.Contains(out, `download_dir = "`+filepath.Join(home, "dl")+`" (env IMGFAV_DOWNLOAD_DIR)`) {
		t.Errorf("IMGFAV_DOWNLOAD_DIR=~/dl:\n%s", out)
	}
	if got := expandHome("~/x"); got != filepath.Join(home, "x") {
		t.Errorf("--dir=~/x is %q", got)
	}
}
