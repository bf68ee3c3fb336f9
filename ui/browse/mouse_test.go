package browse

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
)

// cellX is an x of the body over column col of g (an index into SetData's
// columns), found with HitTest on the header; -1 when none.
func cellX(g *grid.Model, col int) int {
	w, _ := g.Size()
	for x := range w {
		if _, c, header, ok := g.HitTest(x, 0); ok && header && c == col {
			return x
		}
	}
	return -1
}

// colIndex is the index of the column named name in the page shown.
func colIndex(t *testing.T, b *result, name string) int {
	t.Helper()
	for i, c := range b.cols {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

// leftClick is a left click at x, y of the body.
func leftClick(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

func TestClickMovesTheCursor(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 10), twoCols, 10, "")
	b := m.cur
	notes := colIndex(t, b, "Notes")
	x := cellX(&b.grid, notes)
	if x < 0 {
		t.Fatal("the Notes column is not drawn")
	}
	// Body line 0 is the breadcrumb, 1 the grid's header, 2 its first row.
	send(m, leftClick(x, 2+3))
	if r, c := b.grid.Cursor(); r != 3 || c != notes {
		t.Errorf("click on row 4's Notes: cursor %d,%d; want 3,%d", r, c, notes)
	}
	if got := env.Drain(); len(got) != 0 {
		t.Errorf("one click posted %v; want nothing", got)
	}
	send(m, leftClick(x, 2+3)) // the second click of a double click
	posts := env.Drain()
	if len(posts) != 1 {
		t.Fatalf("double click: posted %v; want the record", posts)
	}
	if o, ok := posts[0].(screen.OpenRecord); !ok || o.Row.Values["DocumentNo"] != "SO-4" {
		t.Errorf("double click on row 4: posted %#v; want OpenRecord of SO-4", posts[0])
	}
	send(m, leftClick(x, 0)) // the breadcrumb
	send(m, leftClick(x, 40))
	if r, _ := b.grid.Cursor(); r != 3 {
		t.Errorf("clicks on the breadcrumb and below the rows moved the cursor to row %d; want it on 3", r)
	}
}

func TestSlowClicksAreNoDoubleClick(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := open(t, env, numberedRows(1, 10), twoCols, 10, "")
	x := cellX(&m.cur.grid, colIndex(t, m.cur, "Notes"))
	clock := time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)
	now = func() time.Time { return clock }
	t.Cleanup(func() { now = time.Now })
	send(m, leftClick(x, 3))
	clock = clock.Add(doubleClick + time.Millisecond)
	send(m, leftClick(x, 3))
	if got := env.Drain(); len(got) != 0 {
		t.Errorf("two clicks %v apart posted %v; want no record opened", doubleClick+time.Millisecond, got)
	}
	send(m, leftClick(x, 4)) // then another row at once: not a double click either
	if got := env.Drain(); len(got) != 0 {
		t.Errorf("clicks on two rows posted %v; want no record opened", got)
	}
}

func TestHeaderClickSorts(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 10), twoCols, 10, "")
	x := cellX(&m.cur.grid, colIndex(t, m.cur, "DocumentNo"))
	send(m, leftClick(x, 1))
	if m.pending == nil || strings.Join(m.pending.query.OrderBy, ",") != "DocumentNo" {
		t.Fatalf("click on the DocumentNo header: pending %v; want a query sorted by DocumentNo", m.pending != nil)
	}
	send(m, pageMsg(m.pending, numberedRows(1, 10), ""))
	send(m, leftClick(x, 2)) // the query line is under the breadcrumb now
	if m.pending == nil || strings.Join(m.pending.query.OrderBy, ",") != "DocumentNo desc" {
		t.Errorf("a second click on the header: want DocumentNo desc")
	}
}

func TestWheelMovesRows(t *testing.T) {
	m := open(t, testEnv(nil, &screen.Status{}), numberedRows(1, 10), twoCols, 10, "")
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if r, _ := m.cur.grid.Cursor(); r != 2*wheelRows {
		t.Errorf("wheel down twice: row %d; want %d", r, 2*wheelRows)
	}
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if r, _ := m.cur.grid.Cursor(); r != wheelRows {
		t.Errorf("wheel down twice, up once: row %d; want %d", r, wheelRows)
	}
	for range 5 {
		send(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	}
	if r, _ := m.cur.grid.Cursor(); r != 9 {
		t.Errorf("wheel past the last row: row %d; want 9, the last", r)
	}
}
