package ui

import (
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/ui/screen"
)

// State is a read-only summary of what the explorer shows, for end-to-end
// tests and tools that drive it.
type State = screen.State

// State returns the summary of the explorer's current state.
func (m Model) State() State {
	s := State{Sets: len(m.env.SetNames), Count: -1, Notice: m.status.Text, Metadata: m.env.Meta != nil, Profile: m.env.Profile}
	m.top().Fill(&s)
	if m.dialog != nil {
		s.Modal = true
		if e, ok := m.dialog.(interface{ Err() string }); ok {
			s.EditorErr = e.Err()
		}
	}
	s.Status = ansi.Strip(m.statusLine(max(20, m.width)))
	if m.opts.Auth != nil {
		st := m.opts.Auth.Stats()
		s.Reauths, s.Fetched = st.Reauthentications, st.TokensFetched
	}
	return s
}
