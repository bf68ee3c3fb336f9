package browse

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// searchResult is what a key did to the page search.
type searchResult int

const (
	searchNone   searchResult = iota // still searching: keep routing keys here
	searchKeep                       // close the search line, keep the highlights (ctrl+n/p go on working)
	searchServer                     // turn the search into a server filter: see serverFilter
	searchCancel                     // close and clear the highlights
)

// pageSearch finds text in the rows already loaded (key /): every cell as
// the grid shows it, ignoring case. It moves the grid's cursor and marks the
// matching cells.
type pageSearch struct {
	input   textinput.Model
	offer   bool   // enter was pressed: offering the server filter
	filter  string // the server filter offered, "" when none fits
	lower   string // the term, lower-cased, matches were found for
	matches []grid.Pos
	cur     int // index into matches of the cursor's match, -1 none
	dialect odata.Dialect
	st      *styles.Styles
	keys    screen.KeyMap

	// The query searched, for the server filter offered: its set's
	// $metadata (nil when not known), the set and its expansions.
	meta   *odata.Model
	set    string
	expand []string
	// raw is the row under the cursor as the server sent it (the grid
	// shows a Dataverse formatted value in place of the raw one); nil:
	// the grid's row is the raw row.
	raw func() map[string]any
}

// newPageSearch returns an empty search line; the dialect shapes the server
// filter it offers (see searchFilter).
func newPageSearch(d odata.Dialect, st *styles.Styles, keys screen.KeyMap) pageSearch {
	in := screen.NewLineInput("/", "", st)
	in.Placeholder = "text in this page"
	return pageSearch{input: in, cur: -1, dialect: d, st: st, keys: keys}
}

// term is the text searched for, as typed.
func (s pageSearch) term() string { return s.input.Value() }

// update handles a message while the search line is open. Typing searches
// again and moves the cursor to the first match from where it is; ctrl+n and
// ctrl+p go to the next and previous match; enter offers a server filter on
// the cursor's column, and a second enter takes it (searchServer); esc
// closes, clearing the highlights while typing and keeping them after enter.
// Another key after enter closes the line too (searchKeep) and is not used:
// the caller may give it to the grid.
func (s pageSearch) update(msg tea.Msg, g *grid.Model) (pageSearch, tea.Cmd, searchResult) {
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		switch {
		case key.Matches(k, s.keys.SearchNext):
			s.step(g, 1)
			return s, nil, searchNone
		case key.Matches(k, s.keys.SearchPrev):
			s.step(g, -1)
			return s, nil, searchNone
		}
	}
	if s.offer {
		switch {
		case !isKey:
			return s, nil, searchNone
		case key.Matches(k, s.keys.Accept) && s.filter != "":
			return s, nil, searchServer
		case key.Matches(k, s.keys.Accept):
			return s, nil, searchNone
		}
		return s, nil, searchKeep
	}
	if isKey {
		switch {
		case key.Matches(k, s.keys.Back):
			s.clear(g)
			return s, nil, searchCancel
		case key.Matches(k, s.keys.Accept):
			if strings.TrimSpace(s.term()) == "" {
				s.clear(g)
				return s, nil, searchCancel
			}
			s.offer = true
			s.filter = s.offerFor(g)
			s.input.Blur()
			return s, nil, searchNone
		}
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if strings.ToLower(s.term()) != s.lower {
		s.find(g)
		s.jump(g)
	}
	return s, cmd, searchNone
}

// refresh searches again after the grid got new rows (SetData clears the
// marks), keeping the cursor where it is.
func (s *pageSearch) refresh(g *grid.Model) { s.find(g) }

// clear removes the highlights and forgets the matches.
func (s *pageSearch) clear(g *grid.Model) {
	s.matches, s.cur, s.lower = nil, -1, ""
	g.SetMarks(nil, s.st.Match)
}

// find lists the matching cells row by row, left to right as shown, and
// marks them.
func (s *pageSearch) find(g *grid.Model) {
	s.lower = strings.ToLower(s.term())
	s.matches = g.Find(s.lower)
	s.cur = -1
	if len(s.matches) == 0 {
		g.SetMarks(nil, s.st.Match)
		return
	}
	s.cur = s.indexAt(g)
	g.MarkCells(s.matches, s.st.Match)
}

// indexAt is the index of the match under the grid's cursor, or -1.
func (s *pageSearch) indexAt(g *grid.Model) int {
	row, col := g.Cursor()
	for i, m := range s.matches {
		if m.Row == row && m.Col == col {
			return i
		}
	}
	return -1
}

// jump moves the cursor to the first match at or after it (wrapping).
func (s *pageSearch) jump(g *grid.Model) {
	if len(s.matches) == 0 {
		return
	}
	if s.cur >= 0 {
		return
	}
	s.cur = s.after(g)
	g.SetCursor(s.matches[s.cur].Row, s.matches[s.cur].Col)
}

// after is the index of the first match after the cursor in reading order,
// wrapping to the first.
func (s *pageSearch) after(g *grid.Model) int {
	row, col := g.Cursor()
	pos := g.DisplayPos(col)
	for i, m := range s.matches {
		if m.Row > row || m.Row == row && g.DisplayPos(m.Col) > pos {
			return i
		}
	}
	return 0
}

// step moves the grid's cursor to the next (dir 1) or previous (dir -1)
// match, wrapping around, and returns its row and column (an index into
// SetData's columns); ok is false when nothing matches.
func (s *pageSearch) step(g *grid.Model, dir int) (row, col int, ok bool) {
	if len(s.matches) == 0 {
		return 0, 0, false
	}
	n := len(s.matches)
	if cur := s.indexAt(g); cur >= 0 {
		s.cur = (cur + dir + n) % n
	} else {
		s.cur = s.after(g)
		if dir < 0 {
			s.cur = (s.cur - 1 + n) % n
		}
	}
	m := s.matches[s.cur]
	g.SetCursor(m.Row, m.Col)
	if s.offer {
		s.filter = s.offerFor(g)
	}
	return m.Row, m.Col, true
}

// count is "3/17": the cursor's match and the number of matches ("–/17"
// when the cursor is elsewhere, "no match" when nothing matches).
func (s pageSearch) count() string {
	switch {
	case strings.TrimSpace(s.lower) == "":
		return ""
	case len(s.matches) == 0:
		return "no match"
	case s.cur < 0:
		return fmt.Sprintf("–/%d", len(s.matches))
	}
	return fmt.Sprintf("%d/%d", s.cur+1, len(s.matches))
}

// serverFilter is the filter offered after enter, "" when the cursor's
// column cannot be searched on the server.
func (s pageSearch) serverFilter() string { return s.filter }

// view draws the search line in w cells.
func (s pageSearch) view(w int) string {
	s.input = screen.SizedInput(s.input, max(1, min(ansi.StringWidth(s.input.Prompt+s.term())+6, w/2)))
	line := s.input.View()
	if c := s.count(); c != "" {
		line += " " + s.st.Notice.Render(c)
	}
	var hint string
	switch {
	case s.offer && s.filter != "":
		hint = "enter: $filter=" + termtext.Sanitize(s.filter) + " · esc keep marks"
	case s.offer:
		hint = "this column cannot be searched on the server; ctrl+n/ctrl+p to another · esc keep marks"
	default:
		hint = s.keys.SearchNext.Help().Key + "/" + s.keys.SearchPrev.Help().Key + " next/previous · enter server filter · esc close"
	}
	line += "  " + s.st.Dim.Render(hint)
	return ansi.Truncate(line, w, "…")
}
