package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// noticeTTL is how long a transient notice stays on the status line.
const noticeTTL = 4 * time.Second

// statusModel holds the transient notice of the status line (re-authenticated,
// cancelled, last page…); it fades after noticeTTL.
type statusModel struct {
	text    string
	isError bool
	until   time.Time
}

// notify shows a notice; the returned command is nil (the one-second tick
// fades it), kept so that callers read as actions.
func (s *statusModel) notify(now time.Time, text string, isError bool) tea.Cmd {
	s.text, s.isError, s.until = text, isError, now.Add(noticeTTL)
	if isError {
		s.until = now.Add(2 * noticeTTL)
	}
	return nil
}

// expire clears a notice whose time is up.
func (s *statusModel) expire(now time.Time) {
	if s.text != "" && !now.Before(s.until) {
		s.text = ""
	}
}

// view renders the notice.
func (s statusModel) view(st *Styles) string {
	if s.text == "" {
		return ""
	}
	if s.isError {
		return st.Error.Render(s.text)
	}
	return st.Notice.Render(s.text)
}
