package browse

// Tests of a query's own $top and $skip (a go-to URL's): the grid shows at
// most $top rows from row $skip+1, pages them in pages of at most the page
// size, and says so in the status line.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// openLimited is the grid of testSet?$top=top&$skip=skip at 80×21, its
// first page not yet delivered.
func openLimited(env *screen.Env, top, skip int) *Model {
	m := New(env, odata.Query{Set: testSet, Top: top, Skip: skip}, []string{testSet}, -1, false)
	m.SetSize(80, 21)
	return m
}

// lastRequest runs cmd against the stub and returns the $top and $skip of
// the last request it made ("" when absent).
func lastRequest(t *testing.T, m *Model, stub *stubService, cmd tea.Cmd) (top, skip string) {
	t.Helper()
	replies(t, m, cmd)
	reqs := stub.requests()
	if len(reqs) == 0 {
		t.Fatalf("the command made no request; want one")
	}
	u, err := url.Parse(reqs[len(reqs)-1])
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	return q.Get("$top"), q.Get("$skip")
}

// firstDocumentNo is the DocumentNo of the first row shown.
func firstDocumentNo(m *Model) string {
	p := m.cur.pages[m.cur.current]
	if len(p.Rows) == 0 {
		return ""
	}
	return fmt.Sprint(p.Rows[0].Values["DocumentNo"])
}

func TestLimitOnePage(t *testing.T) {
	tests := []struct {
		name       string
		top, skip  int
		count      int64 // the server's total, -1: unknown
		served     int   // rows the server sends for the first page
		wantTop    string
		wantSkip   string
		wantRows   int
		wantFrom   int
		wantStatus string
	}{
		{"top 10", 10, 0, -1, 10, "10", "", 10, 1,
			"Crm_Sales_SalesOrders · rows 1–10 · top 10 · page 1/1"},
		{"top 10 of a counted set", 10, 0, 2600, 10, "10", "", 10, 1,
			"Crm_Sales_SalesOrders · rows 1–10 of 2,600 · top 10 · page 1/1"},
		{"skip 20 top 10", 10, 20, 2600, 10, "10", "20", 10, 21,
			"Crm_Sales_SalesOrders · rows 21–30 of 2,600 · top 10 · skip 20 · page 1/1"},
		{"a server sending more than $top", 10, 20, -1, 50, "10", "20", 10, 21,
			"Crm_Sales_SalesOrders · rows 21–30 · top 10 · skip 20 · page 1/1"},
		{"top beyond the set", 10, 20, 25, 5, "10", "20", 5, 21,
			"Crm_Sales_SalesOrders · rows 21–25 of 25 · top 10 · skip 20 · page 1/1"},
		{"skip only", 0, 20, 25, 5, "50", "20", 5, 21,
			"Crm_Sales_SalesOrders · rows 21–25 of 25 · skip 20 · page 1/1"},
		{"skip beyond the set", 10, 5000, 2600, 0, "10", "5000", 0, 0,
			"Crm_Sales_SalesOrders · no rows of 2,600 · top 10 · skip 5,000 · page 1/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub, client := newStub(t)
			status := &screen.Status{}
			m := openLimited(testEnv(client, status), tt.top, tt.skip)
			b := m.cur
			top, skip := lastRequest(t, m, stub, m.load(b, 0, false))
			if top != tt.wantTop || skip != tt.wantSkip {
				t.Errorf("first request: got $top=%q $skip=%q; want $top=%q $skip=%q", top, skip, tt.wantTop, tt.wantSkip)
			}
			if tt.count >= 0 {
				send(m, countLoadedMsg{seq: b.seq, count: tt.count})
			}
			send(m, pageMsg(b, numberedRows(tt.skip+1, tt.served), "more"))
			if b.loading != -1 {
				t.Errorf("after the only page: got page index %d loading; want nothing more asked", b.loading)
			}
			st := view(m, status)
			if got := len(b.pages[0].Rows); got != tt.wantRows {
				t.Errorf("got %d rows shown; want %d", got, tt.wantRows)
			}
			if st.RowFrom != tt.wantFrom {
				t.Errorf("got first row %d; want %d", st.RowFrom, tt.wantFrom)
			}
			if want := fmt.Sprintf("SO-%d", tt.skip+1); tt.wantRows > 0 && firstDocumentNo(m) != want {
				t.Errorf("got first row %s; want %s", firstDocumentNo(m), want)
			}
			if got := strings.TrimSuffix(st.Status, " · 0 ms"); got != tt.wantStatus {
				t.Errorf("got status %q; want %q", got, tt.wantStatus)
			}
			if cmd := press(m, "n"); cmd != nil || status.Text != "this is the last page" {
				t.Errorf("n: got notice %q, command %v; want %q and nothing asked", status.Text, cmd != nil, "this is the last page")
			}
		})
	}
}

// TestLimitPages pages $top=120 with a page size of 50: 50, 50, then the
// 20 left, asked for exactly, and no more.
func TestLimitPages(t *testing.T) {
	stub, client := newStub(t)
	status := &screen.Status{}
	m := openLimited(testEnv(client, status), 120, 0)
	b := m.cur
	if b.size != 50 || b.last != 2 {
		t.Fatalf("got page size %d, last page index %d; want 50 and 2", b.size, b.last)
	}
	link := func(skip int) string { return fmt.Sprintf("%s%s?$top=50&$skip=%d", stub.root, testSet, skip) }
	steps := []struct {
		name     string
		key      string // pressed before the page arrives ("" none)
		wantTop  string
		wantSkip string
		rows     int
		next     string
		show     bool // the page arrives as the one shown (else a prefetch)
	}{
		{"first page", "", "50", "", 50, link(50), true},
		{"second page, prefetched from the first's link", "", "50", "50", 50, link(100), false},
		{"last page, the 20 left", "n", "20", "100", 50, link(150), false},
	}
	cmd := m.load(b, 0, false)
	for _, s := range steps {
		if s.key != "" {
			cmd = press(m, s.key)
		}
		top, skip := lastRequest(t, m, stub, cmd)
		if top != s.wantTop || skip != s.wantSkip {
			t.Errorf("%s: got $top=%q $skip=%q; want $top=%q $skip=%q", s.name, top, skip, s.wantTop, s.wantSkip)
		}
		msg := pageMsg(b, numberedRows(b.loading*50+1, s.rows), s.next)
		msg.prefetch = !s.show
		cmd = send(m, msg)
	}
	if cmd != nil || b.loading != -1 {
		t.Errorf("after the last page arrived: got page index %d loading; want nothing more asked", b.loading)
	}
	press(m, "n")
	st := view(m, status)
	if st.Page != 3 || st.RowFrom != 101 || st.RowTo != 120 || len(b.pages[2].Rows) != 20 {
		t.Errorf("on the last page: got page %d rows %d–%d (%d shown); want page 3 rows 101–120 (20 shown)",
			st.Page, st.RowFrom, st.RowTo, len(b.pages[2].Rows))
	}
	if !strings.Contains(st.Status, "top 120 · page 3/3") {
		t.Errorf("got status %q; want it to say top 120 · page 3/3", st.Status)
	}
	if cmd := press(m, "n"); cmd != nil || status.Text != "this is the last page" {
		t.Errorf("n on the last page: got notice %q, command %v; want %q", status.Text, cmd != nil, "this is the last page")
	}
	// A count arriving late keeps the last page at the limit.
	send(m, countLoadedMsg{seq: b.seq, count: 2600})
	if b.last != 2 || b.shown() != 120 {
		t.Errorf("after a count of 2,600: got last page index %d, %d rows to show; want 2 and 120", b.last, b.shown())
	}
}

// TestLimitKept: the limit stays in the query typed — its request text,
// a reload, the export dialog's total and the copied curl command.
func TestLimitKept(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := openLimited(env, 10, 20)
	b := m.cur
	send(m, pageMsg(b, numberedRows(21, 10), "more"), countLoadedMsg{seq: b.seq, count: 2600})

	if got, want := m.requestText(b.query), testSet+"?$top=10&$skip=20"; got != want {
		t.Errorf("got request text %q; want %q", got, want)
	}
	if got := m.requestText(odata.Query{Set: testSet}); !strings.Contains(got, "$top=50") {
		t.Errorf("got request text %q without a limit; want the page size, $top=50", got)
	}
	if got := b.shown(); got != 10 {
		t.Errorf("got %d rows for the export dialog; want 10", got)
	}

	press(m, m.KeyMap().Reload.Keys()[0])
	if nb := m.cur; nb == b || nb.limit != 10 || nb.offset != 20 || nb.query.Top != 10 || nb.query.Skip != 20 {
		t.Errorf("after a reload: got limit %d offset %d; want 10 and 20", nb.limit, nb.offset)
	}
}

func TestLimitCurl(t *testing.T) {
	_, client := newStub(t)
	status := &screen.Status{}
	m := openLimited(testEnv(client, status), 70, 20)
	b := m.cur
	_ = m.load(b, 0, false) // not run: the test delivers the replies
	send(m, pageMsg(b, numberedRows(21, 50), "more"))
	send(m, pageMsg(b, numberedRows(71, 20), "more")) // the prefetch of the last 20
	press(m, "n")
	cmd := press(m, m.KeyMap().CopyCurl.Keys()[0])
	if cmd == nil {
		t.Fatalf("copy as curl gave no command; want the clipboard's")
	}
	got := fmt.Sprint(cmd())
	if !strings.Contains(got, "%24top=20") && !strings.Contains(got, "$top=20") {
		t.Errorf("got curl %s; want $top=20 (the rows of the last page)", got)
	}
	if !strings.Contains(got, "%24skip=70") && !strings.Contains(got, "$skip=70") {
		t.Errorf("got curl %s; want $skip=70 (20 skipped, then a page of 50)", got)
	}
}
