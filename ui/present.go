package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// Presenter mode (--present, P) is for demos on a projector or a shared
// screen: a high-contrast theme, a key-cast line naming the last keys
// pressed, the instance host and client id partly masked, no token in the
// token view and no request URLs (which carry customer data) in the status
// line.

// keycastLen is how many keys the key-cast line remembers.
const keycastLen = 6

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

// keycast records a key press with its action name.
func (m *Model) keycast(msg tea.KeyPressMsg) {
	if !m.present {
		return
	}
	name := msg.String()
	for _, b := range m.keys.All() {
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
	st := styles.New(m.isDark)
	if on {
		st = styles.Present(st, m.isDark)
	}
	m.applyStyles(st)
}

// applyStyles installs a new set of styles everywhere they are held.
func (m *Model) applyStyles(st styles.Styles) {
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
