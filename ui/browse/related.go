package browse

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// Related records from a row (key o): the picker of the row's navigation
// properties and of the sets pointing at it (dialog.Related), without
// opening the record. The key is enabled on a grid of a query while the
// row under the cursor has related entries; whether it has is worked out
// once per row (relatedOf).

// relatedOf remembers whether one row of a result has related entries.
type relatedOf struct {
	seq, page, row int
	meta           *odata.Model
	has, known     bool
}

// cursorRow is the row under the grid's cursor on the page shown, ok false
// when there is none.
func (b *result) cursorRow() (odata.Row, int, bool) {
	p, ok := b.pages[b.current]
	if !ok {
		return odata.Row{}, 0, false
	}
	r, _ := b.grid.Cursor()
	if r < 0 || r >= len(p.Rows) {
		return odata.Row{}, 0, false
	}
	return p.Rows[r], r, true
}

// hasRelated reports whether the row under the cursor of a grid of a
// query has related entries.
func (m *Model) hasRelated() bool {
	b := m.cur
	if b.static || b.err != nil {
		return false
	}
	row, r, ok := b.cursorRow()
	if !ok {
		return false
	}
	c := relatedOf{seq: b.seq, page: b.current, row: r, meta: m.env.Meta, known: true}
	if k := m.related; k.known && k.seq == c.seq && k.page == c.page && k.row == c.row && k.meta == c.meta {
		return k.has
	}
	if meta := m.env.Meta; meta != nil { // declared navigation: every row has it, no need to scan $metadata
		if t, ok := meta.SetType(screen.SetName(b.query.Set)); ok && len(t.AllNavigation()) > 0 {
			c.has = true
		}
	}
	c.has = c.has || len(related.Entries(b.query.Set, row, m.env.Meta, m.env.Dialect)) > 0
	m.related = c
	return c.has
}

// openRelated opens the picker of the related records of the row under
// the cursor; its first count starts with it.
func (m *Model) openRelated() tea.Cmd {
	b := m.cur
	row, _, ok := b.cursorRow()
	if !ok {
		return nil
	}
	d := dialog.NewRelated(m.env, b.query.Set, row, slices.Clone(m.crumb))
	if d.Entries() == 0 {
		m.env.Notice("this row has no related records", false)
		return nil
	}
	m.env.Post(screen.OpenDialog{Dialog: d})
	return d.Start() // not tagged: the replies go to the open dialog
}
