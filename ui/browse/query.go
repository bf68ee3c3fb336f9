package browse

import (
	"net/url"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
)

// A changed query (columns, sort, filter, expand) runs as a pending result:
// the grid keeps the last good result until the new first page arrives; a
// server error is shown next to the filter editor (or as a notice) and the
// last good result stays on screen.

// runQuery loads q as a pending replacement of the result shown. fromFilter
// marks a query from the filter editor or filter by cell.
func (m *Model) runQuery(q odata.Query, fromFilter bool) tea.Cmd {
	m.dropPending()
	nb := m.newResult(q)
	nb.meta = m.env.Meta
	m.pending, m.pendingFilter = nb, fromFilter
	if !m.env.Present {
		m.env.Notice("→ "+m.requestText(q), false)
	}
	return m.load(nb, 0, false)
}

// dropPending abandons a changed query still loading.
func (m *Model) dropPending() {
	if m.pending != nil {
		m.pending.stop()
		m.pending = nil
	}
}

// onPending files the first page of the pending query: on success it
// replaces the result shown (and is remembered), on error the last good
// result stays.
func (m *Model) onPending(msg pageLoadedMsg) tea.Cmd {
	nb := m.pending
	if !nb.loaded(msg) {
		return nil
	}
	fromFilter := m.pendingFilter
	m.pending = nil
	if msg.err != nil {
		if fromFilter {
			m.openFilter(nb.query.Filter, screen.OneLine(msg.err))
			return nil
		}
		m.env.NoticeErr(msg.err)
		return nil
	}
	// Keep the cursor on the column it was on.
	old := m.cur
	_, oldCol := old.grid.Cursor()
	if oldCol >= 0 && oldCol < len(old.cols) {
		for i, c := range nb.cols {
			if c.Name == old.cols[oldCol].Name {
				nb.grid.SetCursor(0, i)
			}
		}
	}
	old.stop()
	m.cur = nb
	if fromFilter {
		m.env.Post(screen.CloseDialog{Kind: "filter"})
	}
	m.refreshSearch()
	return tea.Batch(m.count(nb), m.load(nb, 1, true), m.remember(nb.query))
}

// remember records a query that ran in the history and its set's layout,
// and saves the state file in the background.
func (m *Model) remember(q odata.Query) tea.Cmd {
	p := m.env.Prefs
	if p == nil {
		return nil
	}
	p.AddHistory(m.env.Profile, q)
	return m.rememberLayout(q)
}

// rememberLayout records the layout of q's set — its columns, sort and
// expansions, and the grid's widths and frozen columns — and saves the
// state file in the background.
func (m *Model) rememberLayout(q odata.Query) tea.Cmd {
	p := m.env.Prefs
	if p == nil || m.cur.static {
		return nil
	}
	gl := m.cur.grid.Layout()
	p.SetLayout(m.env.Profile, screen.SetName(q.Set), state.Layout{Columns: q.Columns, OrderBy: q.OrderBy, Expand: q.Expand,
		Widths: gl.Widths, Frozen: gl.Frozen})
	write, err := p.Saver()
	if err != nil {
		m.env.NoticeErr(err)
		return nil
	}
	return screen.Tag(m.id, func() tea.Msg { return prefsSavedMsg{err: write()} })
}

// restoreWidths gives the grid of r the set's saved widths and frozen
// columns.
func restoreWidths(env *screen.Env, r *result) {
	if env.Prefs == nil {
		return
	}
	if l, ok := env.Prefs.Layout(env.Profile, screen.SetName(r.query.Set)); ok && (len(l.Widths) > 0 || l.Frozen != "") {
		r.grid.SetLayout(grid.Layout{Widths: l.Widths, Frozen: l.Frozen})
	}
}

// restoreLayout applies a set's saved columns, sort and expansions.
func restoreLayout(env *screen.Env, q *odata.Query) {
	if env.Prefs == nil {
		return
	}
	set := screen.SetName(q.Set)
	l, ok := env.Prefs.Layout(env.Profile, set)
	if !ok {
		return
	}
	if len(q.OrderBy) == 0 { // a go-to URL's own sort and expansions win
		q.OrderBy = l.OrderBy
	}
	if len(q.Expand) == 0 {
		q.Expand = l.Expand
	}
	if len(l.Columns) > 0 && env.Meta != nil {
		props := dialog.ColumnProps(env.Meta, set, l.Columns)
		q.Columns = l.Columns
		q.Select = dialog.SelectFor(props, l.Columns, env.Dialect)
	}
}

// requestText is the request of q as a person reads it: the URL relative
// to the service root, percent-decoded and sanitised. A query's own $top
// (a limit) stays; without one it says the page size.
func (m *Model) requestText(q odata.Query) string {
	if q.Top <= 0 {
		q.Top = m.env.PageSize
	}
	s := q.Set
	if raw := q.RawQuery(); raw != "" {
		if dec, err := url.QueryUnescape(raw); err == nil {
			raw = dec
		}
		s += "?" + raw
	}
	return termtext.Sanitize(s)
}
