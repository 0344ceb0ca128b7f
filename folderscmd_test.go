package main

import (
	"encoding/json"
	"strings"
	"testing"

	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

func TestFoldersAndListFolder(t *testing.T) {
	favs := imgurtest.Generate(200, 3)
	folders := imgurtest.GenerateFolders(favs, 9)
	te, _ := backupEnv(t, favs)
	te.srv.SetFolders(folders)

	code, out, serr := te.run(t, "folders")
	if code != 0 || !strings.HasPrefix(out, "1001        Cats\n1002        Wallpapers\n") || strings.Count(out, "\n") != 4 {
		t.Fatalf("folders: exit %d\n%s%s", code, out, serr)
	}
	code, out, _ = te.run(t, "folders", "--format", "json")
	var got []folderJSON
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 4 || got[3].Name != "Later" || got[3].Cover == "" {
		t.Fatalf("folders json: %d %s", code, out)
	}

	code, out, serr = te.run(t, "list", "--folder", "1002", "--all", "--format", "urls")
	if code != 0 {
		t.Fatalf("list --folder: exit %d %s", code, serr)
	}
	lines := strings.Fields(out)
	if len(lines) != len(folders[1].Items) {
		t.Fatalf("list --folder printed %d favorites, the folder holds %d", len(lines), len(folders[1].Items))
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, "/"+folders[1].Items[i]) {
			t.Fatalf("line %d %q, want %s", i, l, folders[1].Items[i])
		}
	}
	// The folder's pages are cached apart: --cached reads them back.
	code, cached, serr := te.run(t, "list", "--folder", "Wallpapers", "--all", "--format", "urls", "--cached")
	if code != 0 || cached != out {
		t.Fatalf("list --folder --cached: exit %d %s\n%s", code, serr, cached)
	}
	// Offline, the cached folders and pages stand in, as for list itself.
	online := te.vars["IMGFAV_API_URL"]
	te.vars["IMGFAV_API_URL"] = "http://127.0.0.1:9"
	code, off, serr := te.run(t, "list", "--folder", "Wallpapers", "--all", "--format", "urls")
	if code != 0 || off != out || !strings.Contains(serr, "offline") {
		t.Fatalf("list --folder offline: exit %d %q\n%s", code, serr, off)
	}
	if code, _, serr := te.run(t, "list", "--folder", "Cats", "--cached"); code != 1 || !strings.Contains(serr, "folder Cats; run 'imgfav list --folder 1001'") {
		t.Fatalf("list --cached of a folder never listed: exit %d %q", code, serr)
	}
	te.vars["IMGFAV_API_URL"] = online
	te.srv.RefuseFolders(404)
	if code, _, serr := te.run(t, "folders"); code != 1 || !strings.Contains(serr, "folders are unavailable: ") || strings.Count(serr, "\n") != 1 {
		t.Fatalf("refused: exit %d %q", code, serr)
	}
	if code, _, serr := te.run(t, "list", "--folder", "Cats"); code != 1 || !strings.Contains(serr, "--folder: folders are unavailable") {
		t.Fatalf("list --folder refused: exit %d %q", code, serr)
	}
}

func TestAccountsCommand(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(10, 1)})
	code, out, _ := te.run(t, "accounts")
	if code != 0 || !strings.Contains(out, "no stored accounts") {
		t.Fatalf("none: %d %q", code, out)
	}
	other := imgurtest.Generate(4, 2)
	te.srv.AddAccount("Other", 7, other)
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ot, _ := te.srv.LoginAs("Other")
	dt := te.srv.Login()
	for _, l := range []store.Login{{AccessToken: ot.Access, Username: "Other"}, {AccessToken: dt.Access, Username: "demo"}} {
		if err := st.SaveLogin(l); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if code, out, _ := te.run(t, "accounts"); code != 0 || out != "* demo\n  Other\n" {
		t.Fatalf("accounts: %d %q", code, out)
	}
	code, out, serr := te.run(t, "list", "--account", "other", "--format", "urls")
	if code != 0 || strings.Count(out, "\n") != 4 || !strings.Contains(out, other[0].ID) {
		t.Fatalf("list --account other: %d %q %s", code, out, serr)
	}
	if code, out, _ := te.run(t, "accounts"); code != 0 || out != "* demo\n  Other\n" {
		t.Fatalf("--account changed the current account: %q", out)
	}
	if code, _, serr := te.run(t, "list", "--account", "nobody"); code != 1 || !strings.Contains(serr, "no stored login of nobody") {
		t.Fatalf("an unknown account: %d %q", code, serr)
	}
}

// With tokens from the environment, accounts says they are in use.
func TestAccountsSaysTheEnvironmentToken(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{})
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = "t0ken-value", "envuser"
	code, out, _ := te.run(t, "accounts")
	if code != 0 || !strings.Contains(out, "in use: IMGFAV_ACCESS_TOKEN, envuser") || strings.Contains(out, "t0ken") {
		t.Errorf("accounts: %d %q", code, out)
	}
}
