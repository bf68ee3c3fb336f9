package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View draws the header, the top screen (with the dialog over it), the
// status line and the help.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	if !m.opts.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion // clicks, releases, wheel (mouse.go)
	}
	v.WindowTitle = "odx · " + m.shownHost()
	return v
}

func (m Model) render() string {
	w := max(20, m.width)
	bodyH := m.bodyH()
	var body []string
	switch {
	case m.showHelp:
		body = screen.FitLines(m.fullHelp(bodyH), w, bodyH)
	case m.dialog != nil:
		body = screen.FitLines(m.dialog.View(m.top().View(), m.width, bodyH), w, bodyH)
	case fitted(m.top()) && w == m.width:
		body = screen.PadLines(m.top().View(), bodyH) // drawn to size: nothing to measure
	default:
		body = screen.FitLines(m.top().View(), w, bodyH)
	}
	lines := make([]string, 0, bodyH+4)
	lines = append(lines, m.header(w))
	lines = append(lines, body...)
	if m.env.Present {
		lines = append(lines, m.keycastLine(w))
	}
	lines = append(lines, m.statusLine(w), m.helpLine(w))
	return strings.Join(lines, "\n")
}

// header is the top bar: where we are and the token badge.
func (m Model) header(w int) string {
	st := m.env.Styles
	left := " odx"
	if m.opts.Profile != "" {
		left += " · " + termtext.Sanitize(m.opts.Profile)
	}
	left += " · " + m.shownHost()
	badge := ""
	if !m.expiry.IsZero() {
		left := m.expiry.Sub(m.env.Now)
		style := st.Badge
		if left < 60e9 {
			style = st.BadgeWarn
		}
		badge = style.Render("token " + screen.FormatLeft(left) + " ")
	}
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(badge)
	if gap < 1 {
		left = ansi.Truncate(left, max(0, w-ansi.StringWidth(badge)-1), "…")
		gap = max(0, w-ansi.StringWidth(left)-ansi.StringWidth(badge))
	}
	return st.Header.Render(left+strings.Repeat(" ", gap)) + badge
}

// statusKeep is how much of the screen's part of the status line (the set
// and its row counts) an information notice never hides.
const statusKeep = 44

// statusLine: what the screen is showing (and a spinner while loading) on
// the left, the transient notice on the right.
func (m Model) statusLine(w int) string {
	st := m.env.Styles
	left := m.top().Status()
	if m.export.active() {
		left = m.export.view(max(20, w-ansi.StringWidth(m.status.View(st))-4))
	}
	left = " " + st.Status.Render(left)
	right := m.status.View(st)
	rw := ansi.StringWidth(right)
	// An information notice gives way to what the screen shows, up to
	// statusKeep cells (the set and its row counts); an error does not.
	keep := min(ansi.StringWidth(left), statusKeep)
	if m.status.IsError {
		keep = 2
	}
	if rw > w-keep-2 {
		right = ansi.Truncate(right, max(0, w-keep-2), "…")
		rw = ansi.StringWidth(right)
	}
	if ansi.StringWidth(left)+rw+1 > w {
		left = ansi.Truncate(left, max(0, w-rw-2), "…")
	}
	gap := max(1, w-ansi.StringWidth(left)-rw-1)
	return left + strings.Repeat(" ", gap) + right
}

// keys is what help shows: the open dialog's keys, else the top screen's.
func (m Model) keys() help.KeyMap {
	if m.dialog != nil {
		return m.dialog.Help()
	}
	return m.top().Help()
}

func (m Model) helpLine(w int) string {
	h := m.help
	h.SetWidth(w - 1)
	return " " + h.ShortHelpView(m.keys().ShortHelp())
}

func (m Model) fullHelp(h int) string {
	hm := m.help
	hm.SetWidth(0) // each group is measured alone, then laid out below
	avail := max(20, m.width-4)
	var rows, line []string
	lineW := 0
	for _, g := range m.top().Help().FullHelp() {
		block := hm.FullHelpView([][]key.Binding{g})
		bw := lipgloss.Width(block) + 4
		if lineW+bw > avail && len(line) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, line...))
			line, lineW = nil, 0
		}
		line = append(line, lipgloss.NewStyle().PaddingRight(4).Render(block))
		lineW += bw
	}
	if len(line) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, line...))
	}
	st := m.env.Styles
	lines := strings.Split("\n "+st.Title.Render("Keys")+"\n\n"+screen.Indent(strings.Join(rows, "\n\n"), "  "), "\n")
	if len(lines) > h { // too tall for the terminal: ↑/↓ scroll it
		off := min(m.helpOff, len(lines)-h+1)
		lines = append(lines[off:off+h-1], st.Dim.Render(fmt.Sprintf("  ↑/↓ more keys (%d–%d of %d lines)", off+1, off+h-1, len(lines))))
	}
	return strings.Join(lines, "\n")
}

// fitted reports whether s draws its body to size by itself.
func fitted(s screen.Screen) bool {
	f, ok := s.(screen.Fitted)
	return ok && f.Fitted()
}
