package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"imgfav/imgur"
)

// listModel is the favorites list. It renders only the rows on screen, so
// a frame costs the same with 100 000 favorites as with 100.
type listModel struct {
	styles Styles
	keys   listKeys

	account string
	sort    imgur.Sort
	gen     int // bumped on reload: results of older requests are dropped

	items    []imgur.Item
	seen     map[string]bool
	cursor   int
	offset   int // index of the first visible row
	loading  bool
	complete bool
	err      string

	width, height int
}

func newListModel(st Styles, account string, sort imgur.Sort) listModel {
	return listModel{styles: st, keys: newListKeys(), account: account, sort: sort, seen: map[string]bool{}, loading: true}
}

func (m listModel) Init() tea.Cmd { return nil }

func (m *listModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clamp()
}

func (m *listModel) SetStyles(st Styles) { m.styles = st }

// rows is the number of item rows that fit under the header.
func (m listModel) rows() int { return max(m.height-2, 1) }

// reload forgets the loaded pages and starts from page 0.
func (m listModel) reload() listModel {
	m.gen++
	m.items, m.seen = nil, map[string]bool{}
	m.cursor, m.offset = 0, 0
	m.loading, m.complete, m.err = true, false, ""
	return m
}

// loaded applies a page that belongs to this list; others are dropped.
func (m listModel) loaded(msg favoritesLoadedMsg) (listModel, tea.Cmd) {
	if msg.req.gen != m.gen || msg.req.account != m.account || msg.req.sort != m.sort {
		return m, nil
	}
	m.loading = false
	if msg.err != nil {
		m.err = oneLine(msg.err)
		return m, nil
	}
	m.err = ""
	if len(msg.page.Items) == 0 {
		m.complete = true
	}
	for _, it := range msg.page.Items {
		if !m.seen[it.ID] {
			m.seen[it.ID] = true
			m.items = append(m.items, it)
		}
	}
	m.clamp()
	return m, nil
}

func (m listModel) Update(msg tea.Msg) (listModel, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	page := m.rows()
	switch {
	case key.Matches(km, m.keys.Up):
		m.cursor--
	case key.Matches(km, m.keys.Down):
		m.cursor++
	case key.Matches(km, m.keys.PageUp):
		m.cursor -= page
	case key.Matches(km, m.keys.PageDown):
		m.cursor += page
	case key.Matches(km, m.keys.HalfUp):
		m.cursor -= page / 2
	case key.Matches(km, m.keys.HalfDown):
		m.cursor += page / 2
	case key.Matches(km, m.keys.Top):
		m.cursor = 0
	case key.Matches(km, m.keys.Bottom):
		m.cursor = len(m.items) - 1
	}
	m.clamp()
	return m, nil
}

// clamp keeps the cursor on an item and the window around the cursor.
func (m *listModel) clamp() {
	m.cursor = min(max(m.cursor, 0), max(len(m.items)-1, 0))
	rows := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(max(m.offset, 0), max(len(m.items)-rows, 0))
}

func (m listModel) View() string {
	st := m.styles
	var b strings.Builder
	header := st.Title.Render(" "+m.account+"'s favorites") + st.Muted.Render(" · "+string(m.sort)+" first")
	b.WriteString(ansi.Truncate(header, m.width, "…"))
	b.WriteString("\n\n")
	rows := m.rows()
	end := min(m.offset+rows, len(m.items))
	for i := m.offset; i < end; i++ {
		b.WriteString(m.row(i))
		b.WriteByte('\n')
	}
	if shown := end - m.offset; shown < rows {
		switch {
		case m.loading:
			b.WriteString(st.Muted.Render("   loading…"))
		case m.err != "":
			b.WriteString(st.Error.Render(ansi.Truncate("   "+m.err, m.width, "…")))
		case m.complete && len(m.items) == 0:
			b.WriteString(st.Muted.Render("   no favorites yet"))
		case m.complete:
			b.WriteString(st.Muted.Render(fmt.Sprintf("   all %d favorites", len(m.items))))
		}
	}
	return b.String()
}

// factsWidth is the width of the right-aligned date and views.
const factsWidth = len("2006-01-02") + 1 + 7

// row renders item i to exactly the list's width.
func (m listModel) row(i int) string {
	st := m.styles
	it := m.items[i]
	kind := kindLabel(it)
	title := it.Title
	untitled := title == ""
	if untitled {
		title = "untitled"
	}
	nsfw := ""
	if it.IsNSFW() {
		nsfw = "NSFW "
	}
	facts := ""
	if m.width >= 50 {
		facts = fmt.Sprintf("%s %7s", it.Posted().Local().Format("2006-01-02"), shortCount(it.Views)+" ◉")
	}
	titleW := max(m.width-3-kindWidth-1-len(nsfw)-len(facts)-2, 1)
	title = ansi.Truncate(title, titleW, "…")
	pad := titleW - ansi.StringWidth(title)

	mark := "   "
	if i == m.cursor {
		mark = " ▸ "
	}
	titleStyle := st.Row
	if untitled {
		titleStyle = st.Muted
	}
	line := mark + st.Kind.Render(fmt.Sprintf("%-*s", kindWidth, kind)) + " " + st.NSFW.Render(nsfw) +
		titleStyle.Render(title) + strings.Repeat(" ", pad) + "  " + st.Muted.Render(facts)
	if i == m.cursor {
		return st.Selected.Render(ansi.Strip(line))
	}
	return line
}

const kindWidth = 6

// kindLabel is the row's kind marker: img, gif, video, or album with its
// image count.
func kindLabel(it imgur.Item) string {
	switch it.Kind() {
	case "album":
		n := it.ImagesCount
		if n == 0 {
			n = len(it.Images)
		}
		if n > 999 {
			return "alb999+"[:kindWidth]
		}
		return "alb " + strconv.Itoa(n)
	case "video":
		return "video"
	case "gif":
		return "gif"
	}
	return "img"
}

// shortCount renders 1234567 as 1.2M.
func shortCount(n int64) string {
	switch {
	case n >= 1_000_000_000:
		return fmt.Sprintf("%.1fB", float64(n)/1e9)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%dk", n/1000)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return strconv.FormatInt(n, 10)
}
