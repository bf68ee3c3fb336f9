package record

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/ui/screen"
)

// Search in the record's fields (key /): the text typed is looked for,
// ignoring case, in each entry's name, label and value as shown; the
// cursor goes to the first match from where it is, ctrl+n and ctrl+p to
// the next and previous. Enter closes the line and keeps the matches
// (ctrl+n/p go on working, marked names show them); esc clears them.

// fieldSearch is the record's search: its line while it is typed, and the
// entries that match.
type fieldSearch struct {
	input   textinput.Model
	typing  bool   // the line has the keyboard
	lower   string // the term, lower-cased, matches were found for
	matches []int  // indexes of the entries that match, in order
}

// openSearch opens an empty search line.
func (m *Model) openSearch() {
	in := screen.NewLineInput("/", "", m.env.Styles)
	in.Placeholder = "name or value"
	m.search = &fieldSearch{input: in, typing: true}
}

// searchKey gives the open search line a key or a blink.
func (m *Model) searchKey(msg tea.Msg) tea.Cmd {
	s := m.search
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Back):
			m.search = nil
			return nil
		case key.Matches(k, m.keys.Accept):
			s.typing = false
			s.input.Blur()
			if len(s.matches) == 0 { // nothing to go on to: the search ends
				m.search = nil
			}
			return nil
		case key.Matches(k, m.keys.SearchNext):
			m.stepMatch(1)
			return nil
		case key.Matches(k, m.keys.SearchPrev):
			m.stepMatch(-1)
			return nil
		}
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if l := strings.ToLower(s.input.Value()); l != s.lower {
		s.lower = l
		m.findMatches()
		m.jumpMatch()
	}
	return cmd
}

// findMatches lists the entries that hold the term.
func (m *Model) findMatches() {
	s := m.search
	s.matches = nil
	if strings.TrimSpace(s.lower) == "" {
		return
	}
	for i, e := range m.entries {
		if strings.Contains(m.entryText(e), s.lower) {
			s.matches = append(s.matches, i)
		}
	}
}

// entryText is what the search looks in: the entry's name, label and
// value as shown, lower-cased.
func (m *Model) entryText(e entry) string {
	v := ""
	if e.value != nil {
		v = e.valueText(m.env.Language)
	}
	return strings.ToLower(e.name + "\x00" + e.label + "\x00" + v)
}

// jumpMatch moves the cursor to the first match at or after it (wrapping).
func (m *Model) jumpMatch() {
	s := m.search
	if len(s.matches) == 0 {
		return
	}
	at := s.matches[0]
	for _, i := range s.matches {
		if i >= m.cursor {
			at = i
			break
		}
	}
	m.cursor = at
	m.follow()
}

// stepMatch moves the cursor to the next (dir 1) or previous (dir -1)
// match, wrapping around.
func (m *Model) stepMatch(dir int) {
	s := m.search
	if s == nil || len(s.matches) == 0 {
		return
	}
	n := len(s.matches)
	k := -1
	for j, i := range s.matches {
		if i == m.cursor {
			k = j
		}
	}
	switch {
	case k >= 0:
		k = (k + dir + n) % n
	case dir > 0:
		k = 0
		for j, i := range s.matches {
			if i > m.cursor {
				k = j
				break
			}
		}
	default:
		k = n - 1
		for j := n - 1; j >= 0; j-- {
			if s.matches[j] < m.cursor {
				k = j
				break
			}
		}
	}
	m.cursor = s.matches[k]
	m.follow()
}

// matched reports whether entry i matches the search.
func (m *Model) matched(i int) bool {
	if m.search == nil {
		return false
	}
	for _, j := range m.search.matches {
		if j == i {
			return true
		}
	}
	return false
}

// matchCount is "2/5" (the cursor's match of how many), "–/5" when the
// cursor is on no match, "no match", or "" without a term.
func (m *Model) matchCount() string {
	s := m.search
	switch {
	case s == nil || strings.TrimSpace(s.lower) == "":
		return ""
	case len(s.matches) == 0:
		return "no match"
	}
	for j, i := range s.matches {
		if i == m.cursor {
			return fmt.Sprintf("%d/%d", j+1, len(s.matches))
		}
	}
	return fmt.Sprintf("–/%d", len(s.matches))
}

// searchLine draws the open search line in w cells.
func (m *Model) searchLine(w int) string {
	st := m.env.Styles
	s := m.search
	in := screen.SizedInput(s.input, max(1, min(ansi.StringWidth(s.input.Prompt+s.input.Value())+6, w/2)))
	line := in.View()
	if c := m.matchCount(); c != "" {
		line += " " + st.Notice.Render(c)
	}
	k := m.keys
	line += "  " + st.Dim.Render(k.SearchNext.Help().Key+"/"+k.SearchPrev.Help().Key+" next/previous · enter keep · esc close")
	return ansi.Truncate(line, w, "…")
}
