package browse

// Tests of the grid's keys (keys.go): retry and esc, opening a record,
// the shaping keys, and the page search, which is the grid's own.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// viewText is the view without styles.
func viewText(m *Model) string { return ansi.Strip(m.View()) }

// failedFirst is a grid of Crm_Customers (counted by the set list) whose
// first page failed with errNotFound.
func failedFirst(t *testing.T, env *screen.Env) *Model {
	t.Helper()
	m := New(env, odata.Query{Set: "Crm_Customers"}, []string{"Crm_Customers"}, 12345, false)
	m.SetSize(80, 21)
	_ = m.Init() // not run
	send(m, pageLoadedMsg{seq: m.cur.seq, load: m.cur.load, index: 0, err: errNotFound})
	return m
}

func TestErrorInPlace(t *testing.T) {
	stub, client := newStub(t)
	status := &screen.Status{}
	env := testEnv(client, status)
	m := failedFirst(t, env)
	st := view(m, status)
	if st.Err != errNotFound.Error() || st.Loading {
		t.Errorf("after a failed load: got error %q, loading %v; want %q, not loading", st.Err, st.Loading, errNotFound.Error())
	}
	text := viewText(m)
	for _, want := range []string{"✗ the server answered 404", "r retry · esc back"} {
		if !strings.Contains(text, want) {
			t.Errorf("the view after a failed load does not show %q:\n%s", want, text)
		}
	}

	cmd := press(m, "r")
	if st := view(m, status); st.Err != "" || !st.Loading || cmd == nil {
		t.Fatalf("r: got error %q, loading %v, command %v; want the error gone and the page loading again", st.Err, st.Loading, cmd != nil)
	}
	msgs := replies(t, m, cmd)
	if len(msgs) != 1 {
		t.Fatalf("the retry gave %d messages; want 1", len(msgs))
	}
	send(m, msgs[0])
	if st := view(m, status); st.Err == "" || strings.ContainsAny(st.Err, "\n{") {
		t.Errorf("got error %q from the stub's 404; want one sentence, no body dump", st.Err)
	}
	if reqs := stub.requests(); len(reqs) != 1 || !strings.Contains(reqs[0], "/Crm_Customers?") {
		t.Errorf("got requests %q; want one for Crm_Customers", reqs)
	}

	// A failed prefetch is not shown: it is tried again when wanted.
	m = open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, -1, "more")
	b := m.cur
	send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 1, err: errNotFound, prefetch: true})
	if st := view(m, status); st.Err != "" || st.RowTo != 50 {
		t.Errorf("after a failed prefetch: got error %q, rows to %d; want page 1 shown, no error", st.Err, st.RowTo)
	}
	cmd = press(m, "n")
	if cmd == nil || b.loading != 1 || !view(m, status).Loading {
		t.Errorf("n after a failed prefetch: got page %d loading; want page index 1 asked again", b.loading)
	}
}

func TestEscCancelsLoading(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	live := testctx.New(t)
	env.Ctx = live
	m := open(t, env, numberedRows(1, 50), twoCols, -1, "more")
	b := m.cur
	press(m, "n", "n")
	inFlight := pageMsg(b, numberedRows(101, 50), "more")
	before := live.Count()
	press(m, "esc")
	st := view(m, status)
	if posts := env.Drain(); len(posts) != 0 || st.Loading || st.Page != 1 || st.Notice != "cancelled" {
		t.Errorf("esc while page 3 loads: got posts %v, page %d, loading %v, notice %q; want to stay on page 1, not loading, notice cancelled",
			posts, st.Page, st.Loading, st.Notice)
	}
	if got := live.Count(); got != before-1 {
		t.Errorf("esc left %d requests in flight; want the load cancelled", got-before+1)
	}
	if send(m, inFlight); view(m, status).Page != 1 {
		t.Errorf("the cancelled load's reply was shown: got page %d; want page 1", view(m, status).Page)
	}

	// With no page yet, esc goes back; the root closes the grid, which
	// cancels the load.
	m = New(env, odata.Query{Set: "Crm_Customers"}, []string{"Crm_Customers"}, 12345, false)
	before = live.Count()
	_ = m.Init() // not run
	press(m, "esc")
	if posts := env.Drain(); len(posts) != 1 || posts[0] != (screen.Back{}) {
		t.Fatalf("esc during the first load: got posts %#v; want screen.Back", posts)
	}
	m.Close()
	if got := live.Count(); got != before {
		t.Errorf("esc during the first load, then Close: %d requests left in flight; want the load cancelled", got-before)
	}
}

func TestEscOnFailedPageReturnsToPageShown(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 50), twoCols, -1, "more")
	b := m.cur
	press(m, "n", "n") // page 3 wanted
	send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: b.loading, err: errNotFound})
	if st := view(m, status); st.Err == "" || st.Page != 1 {
		t.Fatalf("page 3 failed: got error %q on page %d; want the error in place, page 1 under it", st.Err, st.Page)
	}
	if !strings.Contains(viewText(m), "✗ the server answered 404") {
		t.Errorf("the failed page is not shown in place:\n%s", viewText(m))
	}
	cmd := press(m, "esc")
	st := view(m, status)
	if posts := env.Drain(); cmd != nil || len(posts) != 0 || st.Err != "" || st.Page != 1 || st.RowTo != 50 {
		t.Errorf("esc on the failed page: got posts %v, error %q, page %d rows to %d; want page 1 shown again, nothing posted",
			posts, st.Err, st.Page, st.RowTo)
	}
	if !strings.Contains(viewText(m), "SO-1") || m.KeyMap().Retry.Enabled() {
		t.Errorf("after esc: got the grid without page 1 or r still on:\n%s", viewText(m))
	}
	// n goes on from the page shown.
	press(m, "n")
	if b.wanted != 1 {
		t.Errorf("n after esc: got page index %d wanted; want 1", b.wanted)
	}
	// esc cancels that load, then, with nothing to cancel, goes back.
	press(m, "esc")
	if posts := env.Drain(); len(posts) != 0 || status.Text != "cancelled" {
		t.Errorf("esc while page 2 loads: got posts %#v, notice %q; want it cancelled", posts, status.Text)
	}
	press(m, "esc")
	if posts := env.Drain(); len(posts) != 1 || posts[0] != (screen.Back{}) {
		t.Errorf("esc with nothing to cancel: got posts %#v; want screen.Back", posts)
	}
}

func TestEnterOpensRecord(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	press(m, "down", "enter")
	posts := env.Drain()
	if len(posts) != 1 {
		t.Fatalf("enter on row 2: got posts %#v; want one OpenRecord", posts)
	}
	rec, ok := posts[0].(screen.OpenRecord)
	if !ok || rec.Set != testSet || rec.Row.Values["DocumentNo"] != "SO-2024-0002" || strings.Join(rec.Crumb, " › ") != testSet {
		t.Errorf("enter on row 2: got %#v; want OpenRecord of SO-2024-0002 in %s under the grid's crumb", posts[0], testSet)
	}
	// Not from an error page.
	m = failedFirst(t, env)
	env.Drain()
	if press(m, "enter"); len(env.Drain()) != 0 {
		t.Errorf("enter on an error page posted something; want nothing")
	}
}

func TestShapeKeysOpenDialogs(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	press(m, "f")
	posts := env.Drain()
	if len(posts) != 1 {
		t.Fatalf("f: got posts %#v; want one OpenDialog", posts)
	}
	if d, ok := posts[0].(screen.OpenDialog); !ok {
		t.Errorf("f: got %#v; want screen.OpenDialog", posts[0])
	} else if _, ok := d.Dialog.(*dialog.Filter); !ok {
		t.Errorf("f: got dialog %T; want *dialog.Filter", d.Dialog)
	}
	// Columns and expand need $metadata; clearing needs a filter.
	for _, tt := range []struct{ key, notice string }{
		{"c", "columns need $metadata, which has not arrived yet"},
		{"x", "this set has no navigation properties to expand"},
		{"F", "no filter to clear"},
	} {
		if cmd := press(m, tt.key); cmd != nil || status.Text != tt.notice || len(env.Drain()) != 0 {
			t.Errorf("%s: got notice %q; want %q, nothing started", tt.key, status.Text, tt.notice)
		}
	}
}

func TestSearchTakesEveryKey(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	press(m, "/")
	if !m.Capturing() {
		t.Fatalf("/ did not open the search line")
	}
	before := m.cur.wanted
	press(m, "q", "n", "f", "r")
	if got := m.search.term(); got != "qnfr" || !m.Capturing() || m.cur.wanted != before || len(env.Drain()) != 0 {
		t.Errorf("after typing q n f r: got term %q, capturing %v; want the term %q, nothing else done", got, m.Capturing(), "qnfr")
	}
	press(m, "esc")
	if m.Capturing() || m.search != nil {
		t.Errorf("esc while typing: the search line is still open")
	}
}

// customers are the rows of a related grid: as many rows and columns as
// the sales orders, so that the matches of a search on those would land
// on its cells.
const customersJSON = `[
 {"@odata.id":"Crm_Customers(1)","Number":"C-1","Name":"Acme Ltd","City":"Sofia","Phone":"1","Email":"a@x","Notes":"n"},
 {"@odata.id":"Crm_Customers(2)","Number":"C-2","Name":"Globex","City":"Plovdiv","Phone":"2","Email":"b@x","Notes":"n"},
 {"@odata.id":"Crm_Customers(3)","Number":"C-3","Name":"Initech","City":"Varna","Phone":"3","Email":"c@x","Notes":"n"},
 {"@odata.id":"Crm_Customers(4)","Number":"C-4","Name":"Umbrella","City":"Burgas","Phone":"4","Email":"d@x","Notes":"n"}
]`

// TestSearchIsTheGridsOwn is issue 11's first bug: the page search lived
// on the root, so that after a related grid was pushed, ctrl+n walked the
// previous grid's matches over the new grid's cells.
func TestSearchIsTheGridsOwn(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	orders := open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	press(orders, "/")
	for _, r := range "so-2024" {
		press(orders, string(r))
	}
	press(orders, "enter", "esc") // offer, then keep the marks
	if orders.Capturing() || orders.search == nil || len(orders.search.matches) != 3 {
		t.Fatalf("search so-2024: got capturing %v, search %v; want the line closed, 3 matches kept", orders.Capturing(), orders.search != nil)
	}
	if r, c := orders.cur.grid.Cursor(); r != 0 || c != 1 {
		t.Fatalf("search so-2024: got cursor %d,%d; want 0,1 (SO-2024-0001)", r, c)
	}

	related := NewStatic(env, "Crm_Customers", testRows(t, customersJSON), []string{testSet, "SO-2024-0001", "Customer"})
	related.SetSize(80, 21)
	if related.KeyMap().SearchNext.Enabled() || related.KeyMap().SearchPrev.Enabled() {
		t.Errorf("a new grid has ctrl+n/ctrl+p enabled; want them off until it has a search of its own")
	}
	for _, k := range []string{"ctrl+n", "ctrl+p"} {
		if cmd := press(related, k); cmd != nil {
			t.Errorf("%s on the new grid: got a command; want nothing", k)
		}
		if r, c := related.cur.grid.Cursor(); r != 0 || c != 0 {
			t.Errorf("%s on the new grid: got cursor %d,%d; want 0,0, unchanged", k, r, c)
		}
	}
	if related.search != nil || len(related.cur.grid.Find("so-2024")) != 0 {
		t.Errorf("the new grid has a search or marks; want none")
	}

	// The first grid's search still works on it.
	for _, step := range []struct {
		key  string
		row  int
		name string
	}{{"ctrl+n", 1, "SO-2024-0002"}, {"ctrl+n", 3, "SO-2024-0004"}, {"ctrl+n", 0, "SO-2024-0001"}, {"ctrl+p", 3, "SO-2024-0004"}} {
		press(orders, step.key)
		if r, c := orders.cur.grid.Cursor(); r != step.row || c != 1 {
			t.Errorf("%s on the first grid: got cursor %d,%d; want %d,1 (%s)", step.key, r, c, step.row, step.name)
		}
	}
}
