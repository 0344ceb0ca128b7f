package backup

import (
	"html/template"
	"io"
	"net/url"
	"path"
	"strings"
	"time"
)

// WriteIndex writes index.html: an offline page of the entries, in the
// order given, each with its picture (or video) from the saved files, its
// title, date and kind, links to the local files and to Imgur, and a note
// when Imgur no longer has it. It has no script; a Content-Security-Policy
// allows only local pictures and media and inline style; every string is
// escaped by html/template; only relative paths are used, so it works
// from a file:// URL.
func WriteIndex(w io.Writer, title string, entries []Entry, generated time.Time) error {
	cards := make([]card, len(entries))
	for i, e := range entries {
		cards[i] = newCard(e)
	}
	return indexPage.Execute(w, struct {
		Title     string
		Count     int
		Generated string
		Cards     []card
	}{title, len(entries), generated.Format("2006-01-02 15:04 MST"), cards})
}

type card struct {
	Title, Date, Kind string
	NSFW, Gone        bool
	Picture, Video    template.URL // the first saved file, shown
	Files             []link
	Page              template.URL // "" when not an http(s) URL
}

type link struct {
	Name string
	Href template.URL
}

func newCard(e Entry) card {
	c := card{Title: e.Title, Kind: e.Kind, NSFW: e.NSFW, Gone: e.Gone}
	if c.Title == "" {
		c.Title = "untitled"
	}
	if t := e.Posted(); !t.IsZero() {
		c.Date = t.UTC().Format("2006-01-02")
	}
	if u, err := url.Parse(e.PageURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		c.Page = template.URL(u.String())
	}
	for i, f := range e.Files {
		href := localHref(f)
		c.Files = append(c.Files, link{Name: path.Base(f), Href: href})
		if i > 0 {
			continue
		}
		switch strings.ToLower(path.Ext(f)) {
		case ".jpg", ".jpeg", ".png", ".gif", ".webp":
			c.Picture = href
		case ".mp4", ".webm":
			c.Video = href
		}
	}
	return c
}

// localHref is a relative URL of a saved file: each segment escaped, so
// that '#', '?' or ':' in a name stay part of it.
func localHref(rel string) template.URL {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return template.URL("./" + strings.Join(segs, "/"))
}

var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #656d76; --card: #f6f8fa; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8b949e; --card: #161b22; --accent: #58a6ff; } }
body { margin: 0; padding: 1rem; background: var(--bg); color: var(--fg); font: 14px/1.4 system-ui, sans-serif; }
header { margin-bottom: 1rem; } header p { color: var(--muted); margin: .2rem 0; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 1rem; }
article { background: var(--card); border-radius: 8px; overflow: hidden; display: flex; flex-direction: column; }
.pic { height: 200px; display: flex; align-items: center; justify-content: center; background: #0003; overflow: hidden; }
.pic img, .pic video { max-width: 100%; max-height: 200px; }
.nsfw .pic img, .nsfw .pic video { filter: blur(16px); transition: filter .2s; }
.nsfw .pic:hover img, .nsfw .pic:hover video { filter: none; }
.text { padding: .5rem .7rem .7rem; } h2 { font-size: 1rem; margin: 0 0 .3rem; overflow-wrap: anywhere; }
.meta, .files { color: var(--muted); font-size: .85rem; } a { color: var(--accent); }
.tag { background: #cf222e; color: #fff; border-radius: 4px; padding: 0 .3rem; font-size: .75rem; }
.gone { color: #cf222e; }
</style>
</head>
<body>
<header><h1>{{.Title}}</h1><p>{{.Count}} favorites · saved {{.Generated}}</p></header>
<main>
{{- range .Cards}}
<article{{if .NSFW}} class="nsfw"{{end}}>
<div class="pic">{{if .Picture}}<img src="{{.Picture}}" alt="" loading="lazy">{{else if .Video}}<video src="{{.Video}}" controls preload="metadata"></video>{{end}}</div>
<div class="text">
<h2>{{if .NSFW}}<span class="tag">NSFW</span> {{end}}{{.Title}}</h2>
<p class="meta">{{.Date}} · {{.Kind}}{{if .Page}} · <a href="{{.Page}}">on Imgur</a>{{end}}</p>
{{- if .Gone}}<p class="gone">gone from Imgur</p>{{end}}
<p class="files">{{range $i, $f := .Files}}{{if $i}} · {{end}}<a href="{{$f.Href}}">{{$f.Name}}</a>{{end}}</p>
</div>
</article>
{{- end}}
</main>
</body>
</html>
`))
