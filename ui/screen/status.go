package screen

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/styles"
)

// NoticeTTL is how long a transient notice stays on the status line.
const NoticeTTL = 4 * time.Second

// Status holds the transient notice of the status line (re-authenticated,
// cancelled, last page…); it fades after NoticeTTL.
type Status struct {
	// Text is the notice shown, "" when none; IsError marks a failure.
	Text    string
	IsError bool
	until   time.Time
}

// Notify shows a notice; the returned command is nil (the one-second tick
// fades it), kept so that callers read as actions. The text is sanitised
// here, whatever the caller did: a notice often names what the server
// calls things (a set, a column, a function).
func (s *Status) Notify(now time.Time, text string, isError bool) tea.Cmd {
	s.Text, s.IsError, s.until = termtext.Sanitize(text), isError, now.Add(NoticeTTL)
	if isError {
		s.until = now.Add(2 * NoticeTTL)
	}
	return nil
}

// Expire clears a notice whose time is up.
func (s *Status) Expire(now time.Time) {
	if s.Text != "" && !now.Before(s.until) {
		s.Text = ""
	}
}

// View renders the notice.
func (s Status) View(st *styles.Styles) string {
	if s.Text == "" {
		return ""
	}
	if s.IsError {
		return st.Error.Render(s.Text)
	}
	return st.Notice.Render(s.Text)
}
