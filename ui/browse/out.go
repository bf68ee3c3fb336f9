package browse

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// Actions on the grid that take data out: export all pages, copy a cell, a
// row or the request.

// outKey handles the keys of these actions; ok is false for other keys.
func (m *Model) outKey(msg pressed) (cmd tea.Cmd, ok bool) {
	b, k, env := m.cur, m.keys, m.env
	switch {
	case key.Matches(msg, k.Export):
		if len(b.pages) == 0 || b.err != nil {
			env.Notice("export starts from a grid that has loaded; wait for the first page or press r", false)
			return nil, true
		}
		env.Post(screen.OpenDialog{Dialog: dialog.NewExport(env, b.query, b.shown())})
		return nil, true
	case key.Matches(msg, k.CopyCell):
		col, row := b.grid.CurrentColumn(), b.rawRow()
		if row == nil {
			return nil, true
		}
		text, notice := screen.CopyValue("cell "+col.Name, row[col.Name], env.Language)
		env.Notice(notice, false)
		return copyCmd(text), true
	case key.Matches(msg, k.CopyRow):
		p, okp := b.pages[b.current]
		r, _ := b.grid.Cursor()
		if !okp || r < 0 || r >= len(p.Rows) {
			return nil, true
		}
		s, err := screen.RowJSON(p.Rows[r])
		if err != nil {
			env.Notice("cannot copy the row: "+screen.OneLine(err), true)
			return nil, true
		}
		env.Notice(screen.RowNotice(len(s)), false)
		return copyCmd(s), true
	case key.Matches(msg, k.CopyCurl):
		q := b.query // the page shown, within the query's limit and offset
		q.Top = b.pageTop(b.current)
		q.Skip = b.offset + b.starts[b.current]
		u, err := env.Client.URL(q)
		if err != nil {
			env.NoticeErr(err)
			return nil, true
		}
		env.Notice(curlNotice, false)
		return copyCmd(m.env.CurlCommand(u)), true
	}
	return nil, false
}
