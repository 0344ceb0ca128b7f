package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// renderHelp is the full-screen help: every binding of the screen.
func renderHelp(st *Styles, keys help.KeyMap, width, height int) string {
	h := help.New()
	h.Styles = st.Help
	h.ShowAll = true
	h.SetWidth(max(width-4, 10))
	title := st.Title.Render("Keys") + st.Muted.Render("  (? or esc to close)")
	body := lipgloss.JoinVertical(lipgloss.Left, "", "  "+title, "", lipgloss.NewStyle().PaddingLeft(2).Render(h.View(keys)))
	return lipgloss.NewStyle().MaxWidth(width).MaxHeight(height).Render(body)
}
