package tui

import (
	"testing"

	"imgfav/imgur"
)

func TestPageOfUnreadableItemsIsNotTheEnd(t *testing.T) {
	f := newFeed()
	f.appendPage(0, []imgur.Item{{ID: "a"}, {ID: "b"}}, 0)
	f.appendPage(1, nil, 60) // every item of page 1 unreadable
	if f.complete || f.next != 2 {
		t.Fatalf("after an unreadable page: complete=%v next=%d; want more to load from page 2", f.complete, f.next)
	}
	f.appendPage(2, []imgur.Item{{ID: "c"}}, 1)
	if f.complete || len(f.items) != 3 || f.next != 3 {
		t.Fatalf("after a readable page: complete=%v items=%d next=%d", f.complete, len(f.items), f.next)
	}
	for n := 3; n < 3+imgur.MaxUnreadableRun; n++ {
		f.appendPage(n, nil, 60)
		if f.complete {
			t.Fatalf("ended after %d unreadable pages in a row, want %d allowed", n-2, imgur.MaxUnreadableRun)
		}
	}
	f.appendPage(3+imgur.MaxUnreadableRun, nil, 60)
	if !f.complete {
		t.Fatal("a server sending unreadable pages forever is paged forever")
	}
}
