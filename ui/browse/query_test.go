package browse

// Tests of the pending query (query.go): a changed query replaces the grid
// only when its first page arrives, applies only to its grid, keeps the
// cursor's column, is dropped by esc and by another screen on top, comes
// up in the styles of the moment, and reopens the filter editor when the
// server refuses its filter.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// firstPage is the reply with the first page of r: rows under twoCols.
func firstPage(r *result, rows []odata.Row) pageLoadedMsg {
	page := &odata.Page{Columns: twoCols, Rows: rows, Count: -1}
	return pageLoadedMsg{seq: r.seq, load: r.load, index: 0, page: page, tail: page}
}

func TestPendingQueryOnlyForItsGrid(t *testing.T) {
	_, c := newStub(t)
	status := &screen.Status{}
	env := testEnv(c, status)
	m := open(t, env, numberedRows(1, 3), twoCols, 3, "")
	orig := m.cur
	send(m, dialog.FilterApplied{Filter: "DocumentNo eq 'SO-1'"})
	pending := m.pending
	if pending == nil || m.cur != orig {
		t.Fatalf("a filter applied: got pending %v, grid replaced %v; want a pending query, the grid kept", pending != nil, m.cur != orig)
	}
	if want := "→ " + testSet + "?$filter=DocumentNo eq 'SO-1'&$top=50"; status.Text != want {
		t.Errorf("got notice %q; want the request %q", status.Text, want)
	}
	// Another screen opens before the page arrives: the change is dropped.
	press(m, "enter")
	if posts := env.Drain(); len(posts) != 1 {
		t.Fatalf("enter: got posts %#v; want OpenRecord", posts)
	}
	send(m, screen.Blur{}) // the root pushed the record over the grid
	if m.pending != nil {
		t.Errorf("another screen on top left the pending query in place")
	}
	send(m, firstPage(pending, numberedRows(1, 1)))
	send(m, screen.Focus{}) // the record popped
	if m.cur != orig || m.cur.query.Filter != "" || len(env.Drain()) != 0 {
		t.Errorf("back on the grid: got filter %q (grid replaced %v); want the original grid, unfiltered, nothing posted",
			m.cur.query.Filter, m.cur != orig)
	}
}

func TestPendingQueryKeepsCursorColumn(t *testing.T) {
	_, c := newStub(t)
	status := &screen.Status{}
	m := open(t, testEnv(c, status), numberedRows(1, 3), twoCols, 3, "")
	press(m, "right", "right") // onto Notes
	if col := m.cur.grid.CurrentColumn().Name; col != "Notes" {
		t.Fatalf("got the cursor on %q; want Notes", col)
	}
	press(m, "s")
	nb := m.pending
	if nb == nil || strings.Join(nb.query.OrderBy, ",") != "Notes" {
		t.Fatalf("s on Notes: got pending %v; want a query sorted by Notes", nb != nil)
	}
	send(m, firstPage(nb, numberedRows(1, 3)))
	if m.cur != nb {
		t.Fatalf("the sorted grid did not replace the old one")
	}
	if col := nb.grid.CurrentColumn().Name; col != "Notes" {
		t.Errorf("got the cursor on %q after the sort; want Notes", col)
	}
	if head := strings.Split(ansi.Strip(nb.grid.View()), "\n")[0]; !strings.Contains(head, "Notes ▲") {
		t.Errorf("got header %q; want Notes marked ascending (▲)", head)
	}
}

func TestEscDropsPendingQuery(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	live := testctx.New(t)
	env.Ctx = live
	m := open(t, env, numberedRows(1, 3), twoCols, 3, "")
	orig := m.cur
	before := live.Count()
	press(m, "s")
	pending := m.pending
	press(m, "esc")
	if m.pending != nil || m.cur != orig || status.Text != "cancelled; the grid shows the last result" || len(env.Drain()) != 0 {
		t.Errorf("esc with a query pending: got pending %v, notice %q; want it dropped, the grid kept, nothing posted",
			m.pending != nil, status.Text)
	}
	if got := live.Count(); got != before {
		t.Errorf("esc left %d requests in flight; want the pending load cancelled", got-before)
	}
	send(m, firstPage(pending, numberedRows(1, 1)))
	if m.cur != orig {
		t.Errorf("the dropped query's page replaced the grid")
	}
}

func TestPendingFilterRefusedOrAccepted(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 3), twoCols, 3, "")
	orig := m.cur

	// Refused: the editor opens again with the server's answer; the grid stays.
	send(m, dialog.FilterApplied{Filter: "Notes ne 'x'"})
	p := m.pending
	send(m, pageLoadedMsg{seq: p.seq, load: p.load, index: 0, err: testError("the server refused ne\nat position 6")})
	posts := env.Drain()
	if len(posts) != 1 {
		t.Fatalf("a refused filter: got posts %#v; want the filter editor again", posts)
	}
	d, _ := posts[0].(screen.OpenDialog)
	f, ok := d.Dialog.(*dialog.Filter)
	if !ok || f.Err() != "the server refused ne at position 6" || m.cur != orig || m.pending != nil {
		t.Errorf("a refused filter: got %#v; want a filter editor with the answer on one line, the grid kept", posts[0])
	}

	// A refused sort is a notice.
	press(m, "s")
	p = m.pending
	send(m, pageLoadedMsg{seq: p.seq, load: p.load, index: 0, err: errNotFound})
	if !status.IsError || status.Text != errNotFound.Error() || m.cur != orig || len(env.Drain()) != 0 {
		t.Errorf("a refused sort: got notice %q (error %v); want the error as a notice, the grid kept", status.Text, status.IsError)
	}

	// Accepted: the grid is replaced and the editor closed.
	send(m, dialog.FilterApplied{Filter: "Notes eq 'row 1'"})
	p = m.pending
	send(m, firstPage(p, numberedRows(1, 1)))
	posts = env.Drain()
	if m.cur != p || len(posts) != 1 || posts[0] != (screen.CloseDialog{Kind: dialog.KindFilter}) {
		t.Errorf("an accepted filter: got posts %#v (grid replaced %v); want the editor closed, the grid replaced", posts, m.cur == p)
	}
	if h := env.Prefs.History(env.Profile); len(h) == 0 || !strings.HasPrefix(h[0].Query, "$filter=Notes%20eq") {
		t.Errorf("got history %v; want the accepted filter remembered first", h)
	}
}

// TestStylesReachPendingGrid is issue 11's second bug: the grid of a query
// still loading when the look changed (P, or the terminal's background
// becoming known) came up in the old styles.
func TestStylesReachPendingGrid(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 3), twoCols, 3, "")
	press(m, "right", "s") // sort by DocumentNo: pending
	p := m.pending
	if p == nil {
		t.Fatalf("s: no query pending")
	}
	*env.Styles = styles.Present(styles.New(true), true)
	send(m, screen.StylesChanged{})
	send(m, firstPage(p, numberedRows(1, 3)))
	if m.cur != p {
		t.Fatalf("the pending page did not replace the grid")
	}

	// The same grid drawn in the old and in the new styles.
	old, present := p.grid, p.grid
	old.SetStyles(styles.New(true).Grid)
	present.SetStyles(env.Styles.Grid)
	if old.View() == present.View() {
		t.Fatalf("the grid draws the same in both styles; the test cannot tell them apart")
	}
	if got := p.grid.View(); got != present.View() {
		t.Errorf("the grid of the query that was loading draws in the old styles:\n%q\nwant\n%q", got, present.View())
	}

	// A grid opened in the new styles with the same query and cursor draws
	// the same screen.
	ref := New(env, p.query, []string{testSet}, -1, false)
	ref.SetSize(80, 21)
	_ = ref.Init()
	send(ref, firstPage(ref.cur, numberedRows(1, 3)))
	press(ref, "right")
	if got, want := m.View(), ref.View(); got != want {
		t.Errorf("got view\n%q\nwant the grid in presenter styles\n%q", got, want)
	}
}
