package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// Presenter mode (--present, P) is for demos on a projector or a shared
// screen: a high-contrast theme, a key-cast line naming the last keys
// pressed, the instance host and client id partly masked, no token in the
// token view and no request URLs (which carry customer data) in the status
// line.

// keycastLen is how many keys the key-cast line remembers.
const keycastLen = 6

// keycast records a key press (named ks) with the name of what it does: the first
// enabled binding of the top screen's live key map that matches it. Keys
// typed into a dialog or a screen's text input are recorded as typed.
func (m *Model) keycast(ks string) {
	if !m.env.Present {
		return
	}
	name := ks
	if m.dialog == nil && !m.top().Capturing() {
		for _, b := range m.top().KeyMap().All() {
			if matches(ks, b) {
				name += " " + b.Help().Desc
				break
			}
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
	return m.env.Styles.Title.Render(screen.Fit(termtext.Sanitize(line), w))
}

// setPresent switches presenter mode on or off and gives every screen the
// new styles (StylesChanged).
func (m *Model) setPresent(on bool) tea.Cmd {
	m.env.Present = on
	m.cast = nil
	st := styles.New(m.isDark)
	if on {
		st = styles.Present(st, m.isDark)
	}
	*m.env.Styles = st
	m.help.Styles = st.Help
	m.frame.restyled()
	return m.broadcast(screen.StylesChanged{})
}

// shownHost is the instance host for the header: masked when presenting.
func (m Model) shownHost() string {
	c := m.frame
	k := hostKey{ok: true, instance: m.opts.Instance, present: m.env.Present}
	if k != c.host {
		h := termtext.Sanitize(screen.HostOf(m.opts.Instance))
		if m.env.Present {
			h = screen.MaskMiddle(h)
		}
		c.host, c.hostOut, c.titleOut = k, h, "odx · "+h
	}
	return c.hostOut
}

// title is the window's title: odx and the host shown.
func (m Model) title() string {
	m.shownHost()
	return m.frame.titleOut
}
