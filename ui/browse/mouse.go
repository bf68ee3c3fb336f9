package browse

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/screen"
)

// The mouse on the grid (the root gives it with y counted from the body's
// first line, the breadcrumb): a click on a cell moves the cursor there, a
// second click on the same row within doubleClick opens its record, a
// click on a column's header sorts by it (again: descending, then not),
// the wheel moves the cursor wheelRows rows (sideways: a column).

// doubleClick is the longest time between the two clicks of a double click.
const doubleClick = 500 * time.Millisecond

// wheelRows is how many rows one turn of the wheel moves.
const wheelRows = 3

// now is the clock of double clicks (tests replace it).
var now = time.Now

// click is a left click on a row: when, and on which row of which page.
type click struct {
	at        time.Time
	seq, page int
	row       int
	valid     bool
}

// mouse handles a mouse message on the grid.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	b := m.cur
	if b.err != nil || len(b.pages) == 0 {
		return nil
	}
	ev := msg.Mouse()
	switch msg.(type) {
	case tea.MouseWheelMsg:
		row, col := b.grid.Cursor()
		switch ev.Button {
		case tea.MouseWheelUp:
			b.grid.SetCursor(max(0, row-wheelRows), col)
		case tea.MouseWheelDown:
			b.grid.SetCursor(min(b.grid.Len()-1, row+wheelRows), col)
		case tea.MouseWheelLeft, tea.MouseWheelRight:
			k := tea.KeyPressMsg{Code: tea.KeyRight} // the grid's column moves
			if ev.Button == tea.MouseWheelLeft {
				k = tea.KeyPressMsg{Code: tea.KeyLeft}
			}
			var cmd tea.Cmd
			b.grid, cmd = b.grid.Update(k)
			return cmd
		}
		return nil
	case tea.MouseClickMsg:
		if ev.Button != tea.MouseLeft {
			return nil
		}
		return m.click(ev.X, ev.Y)
	}
	return nil
}

// click handles a left click at x, y of the body.
func (m *Model) click(x, y int) tea.Cmd {
	b := m.cur
	gy := y - 1 - len(m.queryLines()) // the breadcrumb and the query line(s) are above the grid
	if m.searching || gy < 0 {
		m.lastClick = click{}
		return nil
	}
	row, col, header, ok := b.grid.HitTest(x, gy)
	if !ok {
		m.lastClick = click{}
		return nil
	}
	if header {
		m.lastClick = click{}
		if b.static || col < 0 || col >= len(b.cols) {
			return nil
		}
		name := b.cols[col].Name
		if ok, notice := canSort(m.env.Meta, screen.SetName(b.query.Set), name); !ok {
			m.env.Notice(notice, false)
			return nil
		}
		b.grid.SetCursor(b.gridRow(), col)
		q := b.query
		q.OrderBy = nextSort(q.OrderBy, name)
		return m.runQuery(q, false)
	}
	if col < 0 { // the row numbers or a gutter: the row, on the cursor's column
		_, col = b.grid.Cursor()
	}
	b.grid.SetCursor(row, col)
	t := now()
	last := m.lastClick
	m.lastClick = click{at: t, seq: b.seq, page: b.current, row: row, valid: true}
	if last.valid && last.seq == b.seq && last.page == b.current && last.row == row && t.Sub(last.at) <= doubleClick {
		m.lastClick = click{}
		m.openRecord()
	}
	return nil
}

// gridRow is the row of the grid's cursor.
func (b *result) gridRow() int {
	r, _ := b.grid.Cursor()
	return r
}
