package ui

import "github.com/charmbracelet/x/ansi"


// State returns the summary of the explorer's current state.
func (m Model) State() State {
	f := m.stack[len(m.stack)-1]
	s := State{Sets: m.sets.total, Count: -1, Notice: m.status.Text, Metadata: m.meta != nil}
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
