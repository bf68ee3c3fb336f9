package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Actions on the grid that take data out: export all pages, copy a cell, a
// row or the request. They work on the browse screen on top of the stack.

// gridAction handles the keys of these actions; ok is false for other keys.
func (m *Model) gridAction(msg tea.KeyPressMsg, b *browseModel) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(msg, m.keys.Export):
		if b.static {
			return m.status.Notify(m.now, "export works on entity sets; open the set itself to export it", false), true
		}
		if len(b.pages) == 0 || b.err != nil {
			return m.status.Notify(m.now, "export starts from a grid that has loaded; wait for the first page or press r", false), true
		}
		d := newExportDialog(b.query.Set, b.count, m.now, m.styles, m.keys)
		m.dlg = &d
		return nil, true
	case key.Matches(msg, m.keys.CopyCell):
		col, row := b.grid.CurrentColumn(), b.grid.CurrentRow()
		if row == nil {
			return nil, true
		}
		text, notice := copyCell(col.Name, row[col.Name], col.Type, m.opts.Language)
		return tea.Batch(copyCmd(text), m.status.Notify(m.now, notice, false)), true
	case key.Matches(msg, m.keys.CopyRow):
		p, okp := b.pages[b.current]
		r, _ := b.grid.Cursor()
		if !okp || r < 0 || r >= len(p.Rows) {
			return nil, true
		}
		s, err := rowJSON(p.Rows[r])
		if err != nil {
			return m.status.Notify(m.now, "cannot copy the row: "+oneLine(err), true), true
		}
		return tea.Batch(copyCmd(s), m.status.Notify(m.now, rowNotice(len(s)), false)), true
	case key.Matches(msg, m.keys.CopyCurl):
		if b.static {
			return m.status.Notify(m.now, "this grid came from an $expand; copy the request from the record's set", false), true
		}
		q := b.query
		q.Top = b.size
		q.Skip = b.starts[b.current]
		u, err := m.opts.Client.URL(q)
		if err != nil {
			return m.status.Notify(m.now, oneLine(err), true), true
		}
		return tea.Batch(copyCmd(curlCommand(u)), m.status.Notify(m.now, curlNotice, false)), true
	}
	return nil, false
}

// dialogKey gives the export dialog every message while it is open.
func (m Model) dialogMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	d, cmd, res := m.dlg.update(msg)
	m.dlg = &d
	switch res {
	case dialogCancel:
		m.dlg = nil
	case dialogAccept:
		format, path := d.choice()
		m.dlg = nil
		if b := m.top().browse; b != nil {
			m.exportFrom = b.seq
			cmd = tea.Batch(cmd, m.export.start(m.ctx, m.opts.Client, b.query, format, path, b.count))
		}
	}
	return m, cmd
}

// onExport takes the export job's progress and its end.
func (m Model) onExport(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd, done := m.export.update(msg)
	if done {
		text, isErr := m.export.notice()
		m.status.Notify(m.now, text, isErr)
	}
	return m, cmd
}
