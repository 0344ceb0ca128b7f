package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// thread is a post's comments: three at the top, the first with two
// replies (one of them deleted, one with a reply of its own).
func thread() []imgur.Comment {
	at := testNow.Add(-3 * time.Hour).Unix()
	return []imgur.Comment{
		{ID: 1, Author: "ann", Text: "first comment", Points: 12, Datetime: at, Children: []imgur.Comment{
			{ID: 11, Deleted: true, Datetime: at},
			{ID: 12, Author: "bob", Text: "a reply", Points: 1, Datetime: at, Children: []imgur.Comment{
				{ID: 121, Author: "cy", Text: "deeper", Points: -2, Datetime: at},
			}},
		}},
		{ID: 2, Author: "dee", Text: "second\n\nwith two paragraphs", Points: 3, Datetime: at},
		{ID: 3, Author: "eve", Text: strings.Repeat("long ", 30), Points: 1500, Datetime: testNow.Add(-400 * 24 * time.Hour).Unix()},
	}
}

func loadedComments(t *testing.T, w, h int) commentsModel {
	t.Helper()
	it := imgur.Item{ID: "post1", Title: "A post", InGallery: true}
	m := newCommentsModel(NewStyles(true), nil, it, func() time.Time { return testNow })
	m.SetSize(w, h)
	m.gen, m.loading = 1, true
	return m.loaded(commentsLoadedMsg{id: "post1", sort: imgur.CommentsBest, gen: 1, comments: thread()})
}

func plain(s string) string { return ansi.Strip(s) }

func TestCommentsFoldAndUnfold(t *testing.T) {
	m := loadedComments(t, 80, 30)
	if len(m.blocks) != 3 {
		t.Fatalf("%d comments shown, want the 3 of the first level", len(m.blocks))
	}
	v := plain(m.View())
	for _, want := range []string{"6 comments", "ann · 12 pts · 3h · ▸ 2 replies", "dee · 3 pts", "eve · 1.5k pts · 1y"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "a reply") {
		t.Fatal("replies show before enter")
	}
	m, _ = m.Update(keyMsg("enter"))
	if len(m.blocks) != 5 || m.blocks[1].depth != 1 {
		t.Fatalf("after enter: %d blocks, want 5 with the replies at depth 1", len(m.blocks))
	}
	v = plain(m.View())
	for _, want := range []string{"▾ 2 replies", "  [deleted] · ", "(deleted)", "bob · 1 pt · 3h · ▸ 1 reply"} {
		if !strings.Contains(v, want) {
			t.Errorf("unfolded view lacks %q:\n%s", want, v)
		}
	}
	m, _ = m.Update(keyMsg("j"))
	m, _ = m.Update(keyMsg("enter")) // the deleted reply has none: nothing happens
	if len(m.blocks) != 5 {
		t.Fatalf("enter on a comment without replies changed the thread: %d blocks", len(m.blocks))
	}
	m, _ = m.Update(keyMsg("j"))
	m, _ = m.Update(keyMsg("enter"))
	if len(m.blocks) != 6 || m.blocks[3].c.ID != 121 || m.blocks[3].depth != 2 {
		t.Fatalf("the reply's reply: %d blocks", len(m.blocks))
	}
	m, _ = m.Update(keyMsg("g"))
	m, _ = m.Update(keyMsg("enter")) // fold the first again: its whole subtree goes
	if len(m.blocks) != 3 {
		t.Fatalf("folding: %d blocks, want 3", len(m.blocks))
	}
}

func TestCommentsCursorScrolls(t *testing.T) {
	m := loadedComments(t, 40, 9)
	for range 2 {
		m, _ = m.Update(keyMsg("j"))
	}
	b := m.blocks[m.cursor]
	if b.start < m.offset || b.start >= m.offset+m.rows() {
		t.Fatalf("the selected comment starts at line %d, outside the view [%d, %d)", b.start, m.offset, m.offset+m.rows())
	}
	v := plain(m.View())
	if !strings.Contains(v, "▌ eve") {
		t.Fatalf("the selected comment is not marked:\n%s", v)
	}
	if lines := strings.Split(v, "\n"); len(lines) > 9 {
		t.Fatalf("%d lines in a 9-line view", len(lines))
	}
	m, _ = m.Update(keyMsg("g"))
	if m.offset != 0 || m.cursor != 0 {
		t.Fatalf("g: cursor %d offset %d", m.cursor, m.offset)
	}
}

func TestCommentsSortCyclesAndRefetches(t *testing.T) {
	m := loadedComments(t, 80, 20)
	m, cmd := m.Update(keyMsg("s"))
	if m.sort != imgur.CommentsTop {
		t.Fatalf("s: sort %s, want top", m.sort)
	}
	if msg := cmd(); msg != (commentsReloadMsg{}) {
		t.Fatalf("s reported %#v, want a reload", msg)
	}
	// An answer for the old request is dropped.
	m.gen, m.loading = 2, true
	stale := m.loaded(commentsLoadedMsg{id: "post1", sort: imgur.CommentsBest, gen: 1, comments: nil})
	if !stale.loading {
		t.Fatal("an answer to an older request was applied")
	}
	m = m.loaded(commentsLoadedMsg{id: "post1", sort: imgur.CommentsTop, gen: 2, comments: thread()[1:]})
	if len(m.blocks) != 2 || !strings.Contains(plain(m.View()), "top first") {
		t.Fatalf("after the top answer: %d blocks\n%s", len(m.blocks), plain(m.View()))
	}
}

func TestCommentsStates(t *testing.T) {
	tests := []struct {
		name string
		it   imgur.Item
		msg  *commentsLoadedMsg
		want string
	}{
		{"not in the gallery", imgur.Item{ID: "x"}, nil, "not in Imgur's gallery"},
		{"404", imgur.Item{ID: "x", InGallery: true}, &commentsLoadedMsg{id: "x", gen: 1,
			err: fmt.Errorf("fetch comments: %w", &imgur.APIError{StatusCode: 404, Kind: imgur.ErrNotFound})}, "not in Imgur's gallery"},
		{"failure", imgur.Item{ID: "x", InGallery: true}, &commentsLoadedMsg{id: "x", gen: 1,
			err: fmt.Errorf("fetch comments: %w", imgur.ErrUnreachable)}, "cannot reach Imgur — r tries again"},
		{"none yet", imgur.Item{ID: "x", InGallery: true}, &commentsLoadedMsg{id: "x", gen: 1}, "no comments yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newCommentsModel(NewStyles(true), nil, tt.it, func() time.Time { return testNow })
			m.SetSize(60, 10)
			if tt.msg != nil {
				m.gen, m.loading = 1, true
				m = m.loaded(*tt.msg)
			}
			if v := plain(m.View()); !strings.Contains(v, tt.want) {
				t.Fatalf("view lacks %q:\n%s", tt.want, v)
			}
			if tt.name == "not in the gallery" && m.Start(nil, nil) != nil {
				t.Fatal("a post outside the gallery asks Imgur")
			}
		})
	}
}

// BenchmarkCommentsView is one frame of a 2 000-comment thread, every
// reply unfolded, the cursor in the middle: the frame renders only the
// lines in view.
func BenchmarkCommentsView(b *testing.B) {
	var cs []imgur.Comment
	for i := range 500 {
		c := imgur.Comment{ID: int64(i * 10), Author: "someone", Text: strings.Repeat("words of a comment ", 8), Points: int64(i)}
		for j := range 3 {
			c.Children = append(c.Children, imgur.Comment{ID: int64(i*10 + j + 1), Author: "reply", Text: "a reply"})
		}
		cs = append(cs, c)
	}
	m := newCommentsModel(NewStyles(true), nil, imgur.Item{ID: "p", InGallery: true}, func() time.Time { return testNow })
	m.SetSize(120, 39)
	m.gen = 1
	m = m.loaded(commentsLoadedMsg{id: "p", gen: 1, comments: cs})
	for i := range cs {
		m.open[cs[i].ID] = true
	}
	m.layout()
	m.moveTo(len(m.blocks) / 2)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}
