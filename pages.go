package main

import (
	"context"
	"sync"

	"imgfav/imgur"
)

// pageResult is one fetched page.
type pageResult struct {
	page    int
	items   []imgur.Item
	skipped int
	err     error
}

// collectPages gets pages from 0 on, up to jobs at a time, and takes them
// in order, de-duplicated, until the page limit or the end of the list:
// an empty page, or one that adds no favorite not already seen (a server
// that repeats its last page must not be asked forever); a page whose
// items were all unreadable is not the end. Each page is asked for once;
// after the end, at most jobs-1 requests were sent past it, and after a
// failure (a 429 included) no request is sent at all. It returns the
// items, the last page it took, how many items were unreadable, and the
// error that stopped it.
//
// Page 0 is asked for alone, before the others.
func collectPages(ctx context.Context, lo listOptions, get func(ctx context.Context, page int) ([]imgur.Item, int, error), progress func(page, items int)) ([]imgur.Item, int, int, error) {
	jobs := max(lo.jobs, 1)
	results := make(chan pageResult)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // the requests past the end, cancelled, are gone before it returns
	defer cancel()
	fetch := func(page int) {
		items, skipped, err := get(ctx, page)
		select {
		case results <- pageResult{page, items, skipped, err}:
		case <-ctx.Done(): // the run ended: nobody takes this page
		}
	}
	c := pageCollector{lo: lo, seen: map[string]bool{}, waiting: map[int]pageResult{}}
	next, inflight := 0, 0
	for {
		// The window: never more than jobs pages ahead of the next one to
		// take, so at most jobs-1 are asked for past the end. Page 0 goes
		// alone: the client drops the cached pages after it when it
		// changed, which must not happen after they were fetched anew.
		window := jobs
		if c.page == 0 {
			window = 1
		}
		for !c.done && inflight < window && next < c.page+window && (lo.all || next < lo.pages) && !c.failed {
			page := next
			wg.Go(func() { fetch(page) })
			next++
			inflight++
		}
		if inflight == 0 || c.done {
			break
		}
		r := <-results
		inflight--
		c.take(r, progress)
		if c.failed && c.done {
			break
		}
	}
	if progress != nil {
		progress(-1, len(c.items))
	}
	return c.items, c.page, c.skipped, c.err
}

// pageCollector takes pages in order as they arrive in any order.
type pageCollector struct {
	lo      listOptions
	seen    map[string]bool
	items   []imgur.Item
	waiting map[int]pageResult // arrived before their turn
	page    int                // the next page to take
	skipped int
	run     int // pages in a row whose items were all unreadable
	done    bool
	failed  bool // a request failed: send no more
	err     error
}

// take files r and takes every page now in turn.
func (c *pageCollector) take(r pageResult, progress func(page, items int)) {
	if r.err != nil {
		c.failed = true
	}
	c.waiting[r.page] = r
	for !c.done {
		r, ok := c.waiting[c.page]
		if !ok {
			return
		}
		delete(c.waiting, c.page)
		if c.takeOne(r) {
			c.done = true
			return
		}
		c.page++
		if progress != nil {
			progress(c.page, len(c.items))
		}
		if !c.lo.all && c.page >= c.lo.pages {
			c.done = true
		}
	}
}

// takeOne applies one page in its turn; it reports whether the list ends
// there.
func (c *pageCollector) takeOne(r pageResult) (end bool) {
	if r.err != nil {
		c.err = r.err
		return true
	}
	c.skipped += r.skipped
	if len(r.items) == 0 && r.skipped > 0 && c.run < imgur.MaxUnreadableRun {
		c.run++
		return false
	}
	c.run = 0
	before := len(c.items)
	for _, it := range r.items {
		if c.lo.until != nil && c.lo.until(it) {
			return true
		}
		if !c.seen[it.ID] {
			c.seen[it.ID] = true
			c.items = append(c.items, it)
		}
	}
	return len(c.items) == before
}
