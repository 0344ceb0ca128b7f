package tui

import (
	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"sort"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The harness's fakes: a clock whose timers fire when the test says, the
// HTTP cache in memory, and settings in memory.

// fakeClock is the harness's time: Now for the model, and timers that
// fire only when the test advances the clock, so that a fade or the end
// of a pause is a step the test takes, not a wait.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	fn func(time.Time) tea.Msg
}

func newFakeClock() *fakeClock { return &fakeClock{now: testNow} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Tick is the model's tea.Tick: the timer starts when the command runs,
// as a command that is dropped starts none.
func (c *fakeClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	at := c.Now().Add(d)
	return func() tea.Msg {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.timers = append(c.timers, fakeTimer{at: at, fn: fn})
		return nil
	}
}

// advance moves the clock on by d and returns the messages of the timers
// due by then, in time order.
func (c *fakeClock) advance(d time.Duration) []tea.Msg {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
	var due []tea.Msg
	for len(c.timers) > 0 && !c.timers[0].at.After(c.now) {
		due = append(due, c.timers[0].fn(c.timers[0].at))
		c.timers = c.timers[1:]
	}
	return due
}

// pending is how many timers are armed.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// memCache is the client's HTTP cache, in memory; CachedPage reads it
// back through the client (set once the client is made), as main's
// adapter does.
type memCache struct {
	imgurtest.Cache
	client *imgur.Client
}

func (c *memCache) CachedPage(account string, folder int64, sort imgur.Sort, page int) (CachedPage, bool, error) {
	read := func() (imgur.CachedPage, bool, error) { return c.client.CachedFavorites(account, sort, page) }
	if folder != 0 {
		read = func() (imgur.CachedPage, bool, error) {
			return c.client.CachedFolderFavorites(account, folder, sort, page)
		}
	}
	p, ok, err := read()
	if err != nil || !ok {
		return CachedPage{}, false, err
	}
	return CachedPage{Page: page, Items: p.Items, Fetched: testNow.Add(-3 * time.Hour)}, true, nil
}

// memSettings remembers the sort, cursors and folders. Commands run on
// other goroutines: it locks, as the store does.
type memSettings struct {
	mu      sync.Mutex
	sort    imgur.Sort
	sorts   map[string]imgur.Sort // by account
	cursors map[string][2]string
	folders map[string]imgur.Folder
	seen    map[string][]string
	// noPreview and grid are the layout of every account without its
	// own in layouts.
	noPreview, grid bool
	layouts         map[string]layout
	layoutSaves     int
}

func (s *memSettings) Layout(account string) (preview, grid bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.layouts[account]; ok {
		return l.preview, l.grid
	}
	return !s.noPreview, s.grid
}

func (s *memSettings) SetLayout(account string, preview, grid bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.layouts == nil {
		s.layouts = map[string]layout{}
	}
	s.layouts[account] = layout{preview: preview, grid: grid}
	s.layoutSaves++
	return nil
}

// layoutOf is the account's saved layout.
func (s *memSettings) layoutOf(account string) layout {
	p, g := s.Layout(account)
	return layout{preview: p, grid: g}
}

func (s *memSettings) SetLastSort(account string, sort imgur.Sort) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sort = sort
	if s.sorts == nil {
		s.sorts = map[string]imgur.Sort{}
	}
	s.sorts[account] = sort
	return nil
}

func (s *memSettings) LastSort(account string) (imgur.Sort, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sort, ok := s.sorts[account]
	return sort, ok
}

func (s *memSettings) Folder(account string) imgur.Folder {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.folders[account]
}

func (s *memSettings) Seen(account string, sort imgur.Sort) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, ok := s.seen[account+"/"+string(sort)]
	return ids, ok
}

func (s *memSettings) SetSeen(account string, sort imgur.Sort, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string][]string{}
	}
	s.seen[account+"/"+string(sort)] = ids
	return nil
}

func (s *memSettings) SetFolder(account string, f imgur.Folder) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.folders == nil {
		s.folders = map[string]imgur.Folder{}
	}
	s.folders[account] = f
	return nil
}

func cursorKey(account string, folder int64, sort imgur.Sort) string {
	if folder != 0 {
		return account + "/" + itoa(int(folder)) + string(sort)
	}
	return account + string(sort)
}

func (s *memSettings) Cursor(account string, folder int64, sort imgur.Sort) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cursors[cursorKey(account, folder, sort)]
	n := 0
	for _, ch := range c[0] {
		n = n*10 + int(ch-'0')
	}
	return n, c[1]
}

func (s *memSettings) SetCursor(account string, folder int64, sort imgur.Sort, index int, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cursors == nil {
		s.cursors = map[string][2]string{}
	}
	s.cursors[cursorKey(account, folder, sort)] = [2]string{itoa(index), id}
	return nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
