package ui

import "github.com/charmbracelet/x/ansi"

// State is a read-only summary of what the explorer shows, for end-to-end
// tests and tools that drive it.
type State struct {
	Screen     string   // "sets", "browse", "record" or "token"
	Breadcrumb []string // of the browse or record screen
	Sets       int      // entity sets listed
	Page       int      // page shown, from 1
	RowFrom    int      // first row number shown, from 1 (0: none)
	RowTo      int
	Count      int64  // total rows of the query, -1 when unknown
	Loading    bool   // the page asked for is still loading
	Err        string // the error shown in place of the screen's content
	Status     string // the status line's left part, without styles
	Notice     string // the transient notice, if any
	Cursor     [2]int // grid cursor: row in the page, column
	Record     int    // properties listed on the record screen
	Scopes     []string
	Reauths    int64  // re-authentications after a 401
	Fetched    int64  // tokens fetched
	Metadata   bool   // $metadata has arrived
	Query      string // the grid's request, decoded: Set?$filter=…
	Modal      bool   // an editor or picker has the keyboard
	EditorErr  string // the server's error shown beside the filter editor
}

// State returns the summary of the explorer's current state.
func (m Model) State() State {
	f := m.stack[len(m.stack)-1]
	s := State{Sets: m.sets.total, Count: -1, Notice: m.status.text, Metadata: m.meta != nil}
	switch f.screen {
	case screenSets:
		s.Screen = "sets"
		if m.setsErr != nil {
			s.Err = oneLine(m.setsErr)
		}
	case screenBrowse:
		b := f.browse
		s.Screen = "browse"
		s.Breadcrumb = b.crumb
		s.Page = b.current + 1
		s.RowFrom, s.RowTo = b.rowRange()
		s.Count = b.count
		s.Loading = b.busy()
		if b.err != nil {
			s.Err = oneLine(b.err)
		}
		s.Cursor[0], s.Cursor[1] = b.grid.Cursor()
		s.Query = m.requestText(b.query)
	case screenRecord:
		s.Screen = "record"
		s.Breadcrumb = f.record.crumb
		s.Record = len(f.record.entries)
	case screenLog:
		s.Screen = "log"
	case screenToken:
		s.Screen = "token"
		if m.token.err != nil {
			s.Err = oneLine(m.token.err)
		}
		s.Scopes = m.token.info.Scopes
	}
	s.Modal = m.modal != modalNone || m.dlg != nil
	if m.modal == modalFilter && m.filter != nil {
		s.EditorErr = m.filter.err
	}
	s.Status = ansi.Strip(m.statusLine(max(20, m.width)))
	if m.opts.Auth != nil {
		st := m.opts.Auth.Stats()
		s.Reauths, s.Fetched = st.Reauthentications, st.TokensFetched
	}
	return s
}
