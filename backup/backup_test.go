package backup

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var day = time.Date(2024, 3, 9, 23, 30, 0, 0, time.UTC)

func checkName(t *testing.T, name string) {
	t.Helper()
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\:*?"<>|`) || strings.Contains(name, "..") {
		t.Errorf("unsafe name %q", name)
	}
	if len(name) > maxName+6 || !utf8.ValidString(name) {
		t.Errorf("name %q: %d bytes or invalid UTF-8", name, len(name))
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") || reserved(name) {
		t.Errorf("name %q ends badly or is reserved", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			t.Errorf("name %q has a control character", name)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		id, title, ext, want string
	}{
		{"abc123", "A red panda!", "jpg", "2024-03-09_abc123_A-red-panda.jpg"},
		{"abc123", "", "mp4", "2024-03-09_abc123_untitled.mp4"},
		{"abc123", "🐱🐱", "mp4", "2024-03-09_abc123_untitled.mp4"},
		{"abc123", "Ñandú corriendo", "", "2024-03-09_abc123_Ñandú-corriendo"},
		{"../../etc", "../passwd", "JPG", "2024-03-09_etc_passwd.jpg"},
		{"a/b", `a\b:c*d?e"f<g>h|i`, "png", "2024-03-09_a-b_a-b-c-d-e-f-g-h-i.png"},
		{"CON", "nul.txt", "gif", "2024-03-09__CON_nul-txt.gif"},
		{"x", "trailing dots...", "e.x.t!", "2024-03-09_x_trailing-dots.ext"},
		{"x", "\x1b[31mred\x00\n", "jpg", "2024-03-09_x_31mred.jpg"},
	}
	for _, tt := range tests {
		got := Name(day, tt.id, tt.title, tt.ext)
		if got != tt.want {
			t.Errorf("Name(%q, %q, %q) = %q, want %q", tt.id, tt.title, tt.ext, got, tt.want)
		}
		checkName(t, got)
		if again := Name(day, tt.id, tt.title, tt.ext); again != got {
			t.Error("not stable")
		}
	}
	long := strings.Repeat("東京の夜景🐱", 40)
	got := Name(day, "id1", long, "jpeg")
	checkName(t, got)
	if len(got) > maxName || !strings.HasPrefix(got, "2024-03-09_id1_東京") || !strings.HasSuffix(got, ".jpeg") {
		t.Errorf("a long title: %q (%d bytes)", got, len(got))
	}
	if got := Name(time.Time{}, "id", "t", "jpg"); got != "0000-00-00_id_t.jpg" {
		t.Errorf("no date: %q", got)
	}
	if got := AlbumImageName(3, "img9", "CON", "png"); got != "03_img9__CON.png" && got != "03_img9_CON.png" {
		checkName(t, got)
	}
	for _, s := range []string{"con", "LPT1", "com9.txt", "Aux"} {
		if !reserved(s) {
			t.Errorf("%q not reserved", s)
		}
	}
}

func FuzzName(f *testing.F) {
	f.Add("abc", "A title", "jpg")
	f.Add("../x", "..", "")
	f.Add("\xff", "\x00CON", "...")
	f.Fuzz(func(t *testing.T, id, title, ext string) {
		checkName(t, Name(day, id, title, ext))
		if got, ok := IDOfName(Name(day, id, title, ext)); ok && strings.ContainsAny(got, "/\\") {
			t.Errorf("IDOfName read %q, a path", got)
		}
		checkName(t, AlbumImageName(7, id, title, ext))
	})
}

// IDOfName reads back the id of every name Name gives a favorite with an
// Imgur-like id, and nothing from other names.
func TestIDOfName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want string
	}{
		{Name(day, "aBc12", "A red panda", "jpg"), "aBc12"},
		{Name(day, "aBc12", "", "mp4"), "aBc12"},
		{Name(day, "KGEtO", "an album", ""), "KGEtO"},
		{Name(time.Time{}, "x9", "old", "png"), "x9"},
		{Name(day, "aBc12", strings.Repeat("long title ", 30), "gif"), "aBc12"},
		{Name(day, "aBc12", "A red panda", "jpg") + ".123.part", ""},
		{"manifest.jsonl", ""},
		{"index.html", ""},
		{"folder-1002_Wallpapers", ""},
		{"2026-13-45_abc_x.jpg", ""},
		{"2026-11-01_", ""},
	} {
		got, ok := IDOfName(tc.name)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("IDOfName(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

func TestWriteIndexEscapes(t *testing.T) {
	entries := []Entry{
		{Meta: Meta{ID: "a", Title: `<script>alert(1)</script>`, Datetime: day.Format(time.RFC3339), PageURL: "javascript:alert(1)"},
			Kind: "image", Files: []string{"2024-03-09_a.jpg"}},
		{Meta: Meta{ID: "b", Title: `"><img src=x onerror=alert(1)>`, PageURL: "https://imgur.com/b", NSFW: true},
			Kind: "video", Files: []string{"dir with space/#frag?.mp4"}, Gone: true},
	}
	var b bytes.Buffer
	if err := WriteIndex(&b, "My <favorites>", entries, day); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script", `"><img src=x`, "javascript:", "<img src=x", "My <favorites>"} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html contains %q unescaped", bad)
		}
	}
	for _, good := range []string{"Content-Security-Policy", "default-src 'none'", `href="https://imgur.com/b"`,
		`src="./dir%20with%20space/%23frag%3F.mp4"`, "<video", "gone from Imgur", `class="nsfw"`, `<img src="./2024-03-09_a.jpg"`} {
		if !strings.Contains(page, good) {
			t.Errorf("index.html lacks %q", good)
		}
	}
}

type fakeSource struct {
	body string
	err  error
}

func (s fakeSource) Media(context.Context, string, string) (io.ReadCloser, error) {
	if s.err != nil {
		return nil, s.err
	}
	return io.NopCloser(strings.NewReader(s.body)), nil
}

func TestSaveFile(t *testing.T) {
	dir := t.TempDir()
	wrote, err := SaveFile(context.Background(), fakeSource{body: "pixels\xff\xd9"}, dir, "album/01_x.jpg", "x", "u")
	if err != nil || !wrote {
		t.Fatalf("wrote %v, %v", wrote, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "album", "01_x.jpg")); string(b) != "pixels\xff\xd9" {
		t.Errorf("saved %q", b)
	}
	if wrote, err := SaveFile(context.Background(), fakeSource{err: errors.New("must not be asked")}, dir, "album/01_x.jpg", "x", "u"); wrote || err != nil {
		t.Errorf("a saved file was fetched again: %v %v", wrote, err)
	}
	if _, err := SaveFile(context.Background(), fakeSource{body: ""}, dir, "empty.jpg", "y", "u"); err == nil {
		t.Error("an empty answer was saved")
	}
	if _, err := os.Stat(filepath.Join(dir, "empty.jpg.part")); !os.IsNotExist(err) {
		t.Error("a failed save left its partial file")
	}
	// What is in the way of a file: an empty file or a link is replaced,
	// a directory is an error; none counts as saved before.
	good := fakeSource{body: "pixels\xff\xd9"}
	if err := os.WriteFile(filepath.Join(dir, "zero.jpg"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "album", "01_x.jpg"), filepath.Join(dir, "link.jpg")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.jpg"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zero.jpg", "link.jpg"} {
		wrote, err := SaveFile(context.Background(), good, dir, name, "z", "u")
		fi, _ := os.Lstat(filepath.Join(dir, name))
		if !wrote || err != nil || fi == nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
			t.Errorf("%s: wrote %v, %v; now %v", name, wrote, err, fi)
		}
	}
	if wrote, err := SaveFile(context.Background(), good, dir, "dir.jpg", "d", "u"); wrote || err == nil || !strings.Contains(err.Error(), "a directory is in the way") {
		t.Errorf("a directory in the way: %v, %v", wrote, err)
	}
}

// A picture cut short is not kept under its name: the next run asks again.
func TestSaveFileRefusesACutShortPicture(t *testing.T) {
	for _, tc := range []struct {
		rel, body string
		whole     bool
	}{
		{"a.jpg", "\xff\xd8 half a jpeg", false},
		{"b.jpg", "\xff\xd8 whole\xff\xd9", true},
		{"c.jpeg", "\xff\xd8 whole\xff\xd9\x00\x00", true},
		{"d.png", "\x89PNG half", false},
		{"e.png", "\x89PNG ...IEND\xaeB`\x82", true},
		{"f.gif", "GIF89a half", false},
		{"g.gif", "GIF89a whole;", true},
		{"h.mp4", "ftyp cannot be told", true},
	} {
		dir := t.TempDir()
		wrote, err := SaveFile(context.Background(), fakeSource{body: tc.body}, dir, tc.rel, "x", "u")
		_, statErr := os.Stat(filepath.Join(dir, tc.rel))
		if wrote != tc.whole || (statErr == nil) != tc.whole || (err == nil) != tc.whole {
			t.Errorf("%s: wrote %v, err %v, file there %v", tc.rel, wrote, err, statErr == nil)
		}
		if parts, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(parts) != 0 {
			t.Errorf("%s: left %v", tc.rel, parts)
		}
	}
}

// A temporary file another run is writing stays; one a killed run left
// goes.
func TestStalePartsGoLiveOnesStay(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("file locks as on unix")
	}
	dir := t.TempDir()
	final := filepath.Join(dir, "x.jpg")
	live, err := os.CreateTemp(dir, "x.jpg.*.part")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	lockPart(live)
	dead := final + ".123.part"
	if err := os.WriteFile(dead, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	removeStaleParts(final)
	if _, err := os.Stat(live.Name()); err != nil {
		t.Error("the part another run is writing was removed")
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("the part a killed run left is still there")
	}
}

// An MP4 cut short ends inside one of its boxes; a whole one ends where
// its last box does.
func TestMP4Whole(t *testing.T) {
	box := func(typ string, body int) []byte {
		b := make([]byte, 8+body)
		binary.BigEndian.PutUint32(b, uint32(8+body))
		copy(b[4:], typ)
		return b
	}
	whole := slices.Concat(box("ftyp", 16), box("moov", 300), box("mdat", 5000))
	big := slices.Concat(box("ftyp", 16), []byte{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0, 0x01, 0x10}, make([]byte, 0x110-16))
	toEnd := slices.Concat(box("ftyp", 16), []byte{0, 0, 0, 0, 'm', 'd', 'a', 't'}, make([]byte, 777))
	gif := []byte("GIF89a....;")
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"whole", whole, true},
		{"a 64-bit size", big, true},
		{"a last box to the end", toEnd, true},
		{"not an MP4 (the fake's GIF)", gif, true},
		{"cut in the last box", whole[:len(whole)-1], false},
		{"cut in a header", whole[:24+308+4], false},
		{"cut after the first box", whole[:24], true}, // boxes end at the end: it reads as whole
		{"a box larger than the file", slices.Concat(box("ftyp", 16), []byte{0x7f, 0, 0, 0, 'm', 'd', 'a', 't'}), false},
		{"a size under 8", slices.Concat(box("ftyp", 16), []byte{0, 0, 0, 3, 'm', 'd', 'a', 't'}), false},
	} {
		if got := mp4Whole(bytes.NewReader(tc.data), int64(len(tc.data))); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func FuzzMP4Whole(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x10ftypisom\x00\x00\x00\x00"))
	f.Add([]byte("\x00\x00\x00\x10ftypisom\x00\x00\x00\x01mdat\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		mp4Whole(bytes.NewReader(data), int64(len(data))) // never panics, never loops
	})
}

func TestCopyFrom(t *testing.T) {
	from, dir := t.TempDir(), t.TempDir()
	write := func(root, rel, body string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(from, "a.jpg", "picture")
	write(from, "album/01.png", "image")
	write(from, "empty.jpg", "")
	write(from, "there.jpg", "new")
	write(dir, "there.jpg", "old")
	for _, tc := range []struct {
		rel    string
		copied bool
		want   string // what dir holds after
	}{
		{"a.jpg", true, "picture"},
		{"album/01.png", true, "image"},
		{"empty.jpg", false, ""},    // nothing whole to take
		{"missing.jpg", false, ""},  // not in the main backup
		{"there.jpg", false, "old"}, // SaveFile decides about what is in the way
		{"../a.jpg", false, ""},     // not inside the directory
	} {
		copied, err := CopyFrom(from, dir, tc.rel)
		if err != nil || copied != tc.copied {
			t.Errorf("%s: copied %v, %v; want %v", tc.rel, copied, err, tc.copied)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.rel)))
		if tc.want != "" && string(got) != tc.want || tc.want == "" && !os.IsNotExist(err) && filepath.IsLocal(tc.rel) {
			t.Errorf("%s: dir holds %q (%v), want %q", tc.rel, got, err, tc.want)
		}
	}
	// Where links cannot be made (FAT, exFAT), a copy: whole, as
	// readable as a saved file, no temporary file left.
	dst := filepath.Join(dir, "copied.jpg")
	if err := copyWholeFile(filepath.Join(from, "a.jpg"), dst); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	left, _ := filepath.Glob(filepath.Join(dir, "*"+partSuffix))
	if err != nil || fi.Size() != int64(len("picture")) || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644 || len(left) != 0 {
		t.Errorf("the copy: %v %v, temporary files %v", fi, err, left)
	}
}
