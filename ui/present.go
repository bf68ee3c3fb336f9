package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/odx-dev/odx/internal/termtext"
)

// Presenter mode (--present, P) is for demos on a projector or a shared
// screen: a high-contrast theme, a key-cast line naming the last keys
// pressed, the instance host and client id partly masked, no token in the
// token view and no request URLs (which carry customer data) in the status
// line.

// keycastLen is how many keys the key-cast line remembers.
const keycastLen = 6

// presentStyles turns styles into their high-contrast form: bold text,
// pure black or white, and a strongly marked cursor.
func presentStyles(st Styles, isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	fg := ld(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF"))
	bg := ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#000000"))
	accent := ld(lipgloss.Color("#0000CC"), lipgloss.Color("#FFFF00"))
	st.Header = lipgloss.NewStyle().Background(fg).Foreground(bg).Bold(true)
	st.Badge = st.Header
	st.Title = lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true)
	st.Crumb = lipgloss.NewStyle().Foreground(fg).Bold(true)
	st.Status = lipgloss.NewStyle().Foreground(fg).Bold(true)
	st.Dim = lipgloss.NewStyle().Foreground(fg)
	st.Group = lipgloss.NewStyle().Foreground(fg)
	st.Label = lipgloss.NewStyle().Foreground(accent).Bold(true)
	st.Selected = lipgloss.NewStyle().Reverse(true).Bold(true)
	st.Grid.Header = st.Grid.Header.Bold(true).Underline(true)
	st.Grid.Cursor = lipgloss.NewStyle().Reverse(true).Bold(true)
	st.Grid.CursorRow = lipgloss.NewStyle().Bold(true).Underline(true)
	return st
}

// maskMiddle keeps the ends of s and hides the middle: "acme.my.erp.net"
// reads "acm…net", enough to recognise, not enough to copy.
func maskMiddle(s string) string {
	r := []rune(s)
	if len(r) <= 6 {
		return strings.Repeat("•", len(r))
	}
	keep := min(4, len(r)/4)
	return string(r[:keep]) + "…" + string(r[len(r)-keep:])
}

// allBindings lists every key with its action name, for the key-cast line.
func (k KeyMap) allBindings() []key.Binding {
	return []key.Binding{
		k.Quit, k.ForceQuit, k.Back, k.Help, k.Token, k.Open, k.Filter,
		k.NextPage, k.PrevPage, k.FirstRow, k.LastRow, k.FirstCol, k.LastCol,
		k.HalfDown, k.HalfUp, k.Reload, k.Up, k.Down, k.Left, k.Right,
		k.Columns, k.Sort, k.FilterEdit, k.FilterCell, k.FilterClear, k.Expand,
		k.SearchNext, k.SearchPrev, k.GoTo, k.History, k.Export, k.CopyCell,
		k.CopyRow, k.CopyCurl, k.Present, k.Log, k.Retry,
	}
}

// keycast records a key press with its action name.
func (m *Model) keycast(msg tea.KeyPressMsg) {
	if !m.present {
		return
	}
	name := msg.String()
	for _, b := range m.keys.allBindings() {
		if key.Matches(msg, b) {
			name += " " + b.Help().Desc
			break
		}
	}
	m.cast = append(m.cast, name)
	if len(m.cast) > keycastLen {
		m.cast = m.cast[len(m.cast)-keycastLen:]
	}
}

// keycastLine renders the last keys, newest on the right.
func (m Model) keycastLine(w int) string {
	line := " ⌨  " + strings.Join(m.cast, "  ›  ")
	return m.styles.Title.Render(fit(termtext.Sanitize(line), w))
}

// setPresent switches presenter mode on or off.
func (m *Model) setPresent(on bool) {
	m.present = on
	m.cast = nil
	st := NewStyles(m.isDark)
	if on {
		st = presentStyles(st, m.isDark)
	}
	m.applyStyles(st)
}

// applyStyles installs a new set of styles everywhere they are held.
func (m *Model) applyStyles(st Styles) {
	*m.styles = st
	m.help.Styles = st.Help
	m.sets.list.Styles.Title = st.Title
	for _, f := range m.stack {
		if f.browse != nil {
			f.browse.grid.SetStyles(st.Grid)
		}
	}
}

// shownHost is the instance host for the header: masked when presenting.
func (m Model) shownHost() string {
	h := termtext.Sanitize(hostOf(m.opts.Instance))
	if m.present {
		return maskMiddle(h)
	}
	return h
}
