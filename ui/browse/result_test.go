package browse

// Tests of paging (result.go with the page keys of keys.go): the page
// after the one shown is prefetched, one load at a time, superseded
// replies are dropped. The helpers at the end run the grid's commands
// against a stub service and count the requests in flight.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

func TestPaging(t *testing.T) {
	stub, client := newStub(t)
	status := &screen.Status{}
	next := stub.root + testSet + "?$top=50&$skip=50"
	m := open(t, testEnv(client, status), numberedRows(1, 50), twoCols, -1, next)
	b := m.cur

	// Page 1 is shown; page 2 is prefetched.
	cmd := send(m, countLoadedMsg{seq: b.seq, count: 120})
	if st := view(m, status); st.Page != 1 || st.RowFrom != 1 || st.RowTo != 50 || st.Count != 120 || st.Loading {
		t.Fatalf("after the first page: got page %d rows %d–%d of %d loading %v; want page 1 rows 1–50 of 120, not loading",
			st.Page, st.RowFrom, st.RowTo, st.Count, st.Loading)
	}
	if cmd != nil {
		t.Errorf("a count reply returned a command; want none")
	}
	if b.loading != 1 {
		t.Fatalf("got page %d in flight after the first page; want 1 (the prefetch)", b.loading)
	}
	prefetch := pageMsg(b, numberedRows(51, 50), stub.root+testSet+"?$top=50&$skip=100")
	prefetch.prefetch = true

	// p on the first page does nothing.
	before := view(m, status)
	cmd = press(m, "p")
	if st := view(m, status); cmd != nil || st.Page != 1 || st.Notice != before.Notice || b.wanted != 0 {
		t.Errorf("p on page 1: got page %d, wanted %d, command %v; want page 1, nothing asked", st.Page, b.wanted+1, cmd != nil)
	}

	// The prefetched page arrives: still page 1, nothing more to load.
	cmd = send(m, prefetch)
	if st := view(m, status); st.Page != 1 || cmd != nil {
		t.Errorf("after the prefetch: got page %d, command %v; want page 1 and no command", st.Page, cmd != nil)
	}

	// n shows the cached page at once and prefetches the one after it.
	cmd = press(m, "n")
	if st := view(m, status); st.Page != 2 || st.RowFrom != 51 || st.RowTo != 100 || st.Loading || st.Cursor[0] != 0 {
		t.Errorf("n: got page %d rows %d–%d loading %v cursor row %d; want page 2 rows 51–100 at once, cursor on row 0",
			st.Page, st.RowFrom, st.RowTo, st.Loading, st.Cursor[0])
	}
	if cmd == nil || b.loading != 2 {
		t.Fatalf("n: got page %d in flight, command %v; want the prefetch of page 3", b.loading, cmd != nil)
	}
	msgs := replies(t, m, cmd)
	if len(msgs) != 1 {
		t.Fatalf("the prefetch command gave %d messages; want 1", len(msgs))
	}
	if got, ok := msgs[0].(pageLoadedMsg); !ok || got.index != 2 || !got.prefetch || got.seq != b.seq {
		t.Errorf("the prefetch command gave %#v; want a prefetch of page index 2 for seq %d", msgs[0], b.seq)
	}
	// Page 3 is read from page 2's next link.
	if reqs := stub.requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0], "$skip=100") {
		t.Errorf("got requests %q; want one, to page 2's next link ($skip=100)", reqs)
	}

	// p goes back to the cached page 1 at once, the cursor on its last row.
	cmd = press(m, "p")
	if st := view(m, status); st.Page != 1 || st.Cursor[0] != 49 || st.Loading {
		t.Errorf("p: got page %d cursor row %d loading %v; want page 1 at once, cursor on row 49", st.Page, st.Cursor[0], st.Loading)
	}
	if cmd != nil {
		t.Errorf("p to a cached page returned a command; want none")
	}
}

func TestLastPageNotice(t *testing.T) {
	tests := []struct {
		name  string
		count int64
		next  string
	}{
		{"count says one page", 4, "more"},
		{"no next link", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := &screen.Status{}
			m := open(t, testEnv(nil, status), numberedRows(1, 4), twoCols, tt.count, tt.next)
			cmd := press(m, "n")
			st := view(m, status)
			if st.Notice != "this is the last page" {
				t.Errorf("n on the last page: got notice %q; want %q", st.Notice, "this is the last page")
			}
			if cmd != nil || st.Page != 1 || st.Loading {
				t.Errorf("n on the last page: got page %d loading %v command %v; want page 1, nothing loading", st.Page, st.Loading, cmd != nil)
			}
			if !strings.Contains(st.Status, "page 1/1") {
				t.Errorf("got status %q; want it to say page 1/1", st.Status)
			}
			status.Expire(fixedNow.Add(screen.NoticeTTL))
			if got := status.Text; got != "" {
				t.Errorf("got notice %q after %v; want it gone", got, screen.NoticeTTL)
			}
		})
	}
}

func TestHoldingNextKeepsOneLoad(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	live := testctx.New(t)
	env.Ctx = live
	m := open(t, env, numberedRows(1, 50), twoCols, -1, "more")
	b := m.cur
	if b.loading != 1 {
		t.Fatalf("got page %d in flight after the first page; want 1 (the prefetch)", b.loading)
	}
	base := live.Count() // the prefetch
	for i := 1; i <= 5; i++ {
		press(m, "n")
		if got := live.Count(); got != base {
			t.Errorf("after %d × n: got %d requests in flight; want %d, one load at a time", i, got-base+1, 1)
		}
		if st := view(m, status); st.Page != 1 || !st.Loading {
			t.Errorf("after %d × n: got page %d loading %v; want page 1 still shown while page %d loads", i, st.Page, st.Loading, i+1)
		}
	}
	if b.wanted != 5 || b.loading != 5 {
		t.Fatalf("after 5 × n: got wanted %d, loading %d; want page index 5 wanted and loading", b.wanted, b.loading)
	}
	cmd := send(m, pageMsg(b, numberedRows(251, 50), "more"))
	if st := view(m, status); st.Page != 6 || st.RowFrom != 251 || st.RowTo != 300 || st.Loading {
		t.Errorf("the wanted page arrived: got page %d rows %d–%d loading %v; want page 6 rows 251–300", st.Page, st.RowFrom, st.RowTo, st.Loading)
	}
	if cmd == nil || b.loading != 6 {
		t.Errorf("after page 6: got page %d in flight; want the prefetch of page 7", b.loading)
	}
}

func TestStaleRepliesDropped(t *testing.T) {
	tests := []struct {
		name  string
		reply func(b *result) pageLoadedMsg
	}{
		{"old load number", func(b *result) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(51, 50), "more")
			msg.load--
			return msg
		}},
		{"old sequence", func(b *result) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(51, 50), "more")
			msg.seq--
			return msg
		}},
		{"page not asked for", func(b *result) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(101, 50), "more")
			msg.index = 2
			return msg
		}},
		{"old error", func(b *result) pageLoadedMsg {
			return pageLoadedMsg{seq: b.seq, load: b.load - 1, index: 0, err: errNotFound}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := &screen.Status{}
			m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, -1, "more")
			press(m, "n") // page 2 wanted, on its way
			b := m.cur
			before, loading, load := view(m, status), b.loading, b.load
			cmd := send(m, tt.reply(b))
			if after := view(m, status); !equalState(after, before) {
				t.Errorf("got state %+v after a stale reply; want it unchanged: %+v", after, before)
			}
			if cmd != nil || b.loading != loading || b.load != load || len(b.pages) != 1 {
				t.Errorf("after a stale reply: got loading %d (load %d), %d pages cached, command %v; want loading %d (load %d), 1 page, no command",
					b.loading, b.load, len(b.pages), cmd != nil, loading, load)
			}
		})
	}

	t.Run("reply to the query before a reload", func(t *testing.T) {
		status := &screen.Status{}
		m := open(t, testEnv(nil, status), numberedRows(1, 50), twoCols, -1, "more")
		old := m.cur
		stale := pageMsg(old, numberedRows(51, 50), "more")
		press(m, m.KeyMap().Reload.Keys()[0])
		if m.cur == old || old.loading != -1 {
			t.Fatalf("reload kept the old query loading; want a new one")
		}
		send(m, stale)
		if st := view(m, status); !st.Loading || st.RowTo != 0 {
			t.Errorf("after the old query's reply: got rows to %d, loading %v; want nothing shown, still loading", st.RowTo, st.Loading)
		}
	})
}

func TestFailedLoadAsksNothingMore(t *testing.T) {
	status := &screen.Status{}
	m := New(testEnv(nil, status), odata.Query{Set: testSet}, []string{testSet}, -1, false)
	_ = m.Init()
	b := m.cur
	cmd := send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, err: errNotFound})
	if cmd != nil || b.loading != -1 {
		t.Errorf("after the first page failed: got page index %d loading, command %v; want nothing asked until r", b.loading, cmd != nil)
	}
	if st := view(m, status); st.Err == "" {
		t.Errorf("got no error shown; want the 404")
	}
}

// replies runs cmd and the commands of the batches it returns, each on a
// goroutine of its own as Bubble Tea would, and returns the messages of
// the replies to m, in no set order. Every command of the grid returns
// (the stub answers at once), so it waits for all of them.
func replies(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		out  []tea.Msg
		walk func(c tea.Cmd)
	)
	walk = func(c tea.Cmd) {
		defer wg.Done()
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				wg.Add(1)
				go walk(c)
			}
		case screen.Reply:
			mu.Lock()
			defer mu.Unlock()
			if msg.To != m.ID() {
				t.Errorf("got a reply to screen %d; want one to %d", msg.To, m.ID())
				return
			}
			out = append(out, msg.Msg)
		}
	}
	wg.Add(1)
	go walk(cmd)
	wg.Wait()
	return out
}

// stubService is an OData service that answers every request with a 404
// and records the requests.
type stubService struct {
	root string // the service root URL
	mu   sync.Mutex
	reqs []string
}

func newStub(t testing.TB) (*stubService, *odata.Client) {
	s := &stubService{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.URL.RequestURI())
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"code":"404","message":"Resource not found."}}`))
	}))
	t.Cleanup(srv.Close)
	s.root = srv.URL + "/api/domain/odata/"
	c, err := odata.NewClient(s.root, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func (s *stubService) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// dataverseAccounts is a Dataverse-shaped page asked for with
// Prefer: odata.include-annotations="OData.Community.Display.V1.FormattedValue".
const dataverseAccounts = `{"@odata.context":"$metadata#accounts","value":[
{"accountid":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","name":"Fabrikam",
 "statuscode@OData.Community.Display.V1.FormattedValue":"Active","statuscode":1,
 "revenue@OData.Community.Display.V1.FormattedValue":"$1,000,000.00","revenue":1000000,
 "_parentaccountid_value@OData.Community.Display.V1.FormattedValue":"Contoso",
 "_parentaccountid_value":"7f9619ff-8b86-d011-b42d-00cf4fc964ff"},
{"accountid":"8f9619ff-8b86-d011-b42d-00cf4fc964ff","name":"Plain","statuscode":2,"revenue":null,"_parentaccountid_value":null}]}`

// TestFormattedValuesShown: the grid shows Dataverse's formatted values
// where the server sent them (read from an httptest server through the
// client's decoder), while filter-by-cell uses the raw value.
func TestFormattedValuesShown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(dataverseAccounts))
	}))
	t.Cleanup(srv.Close)
	c, err := odata.NewClient(srv.URL+"/api/data/v9.2/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(context.Background(), odata.Query{Set: "accounts"})
	if err != nil {
		t.Fatal(err)
	}
	status := &screen.Status{}
	env := testEnv(c, status)
	env.Dialect = odata.GenericV4
	m := open(t, env, p.Rows, []string{"name", "statuscode", "revenue"}, 2, "")
	v := m.View()
	for _, want := range []string{"Active", "$1,000,000.00", "Fabrikam"} {
		if !strings.Contains(v, want) {
			t.Errorf("the grid does not show %q; got\n%s", want, v)
		}
	}
	if strings.Contains(v, "1000000") {
		t.Errorf("the grid shows the raw revenue 1000000; want its formatted value; got\n%s", v)
	}
	b := m.cur
	if !b.grid.CursorToColumn("statuscode") {
		t.Fatal("no statuscode column")
	}
	if got := b.rawRow()["statuscode"]; got != json.Number("1") {
		t.Errorf("rawRow statuscode got %v; want the raw 1", got)
	}
	press(m, "=")
	if m.pending == nil || m.pending.query.Filter != "statuscode eq 1" {
		var f string
		if m.pending != nil {
			f = m.pending.query.Filter
		}
		t.Errorf("filter by the statuscode cell got %q; want %q (the raw value)", f, "statuscode eq 1")
	}
}

// TestFormattedValueSearchOffer: the page search finds a formatted value
// ("Active"), but the server filter it offers is judged by the raw value (a
// number: no contains), not by the text shown.
func TestFormattedValueSearchOffer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(dataverseAccounts))
	}))
	t.Cleanup(srv.Close)
	c, err := odata.NewClient(srv.URL+"/api/data/v9.2/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(context.Background(), odata.Query{Set: "accounts"})
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(c, &screen.Status{})
	env.Dialect = odata.GenericV4
	m := open(t, env, p.Rows, []string{"name", "statuscode", "revenue"}, 2, "")
	press(m, "/")
	for _, r := range "Active" {
		press(m, string(r))
	}
	press(m, "enter")
	if m.search == nil || m.cur.grid.CurrentColumn().Name != "statuscode" {
		t.Fatalf("/Active enter: search %v, cursor on %q; want the match on statuscode", m.search != nil, m.cur.grid.CurrentColumn().Name)
	}
	if f := m.search.filter; strings.Contains(f, "contains") {
		t.Errorf("the offer on statuscode (a number shown as Active) is %q; want no contains", f)
	}
}
