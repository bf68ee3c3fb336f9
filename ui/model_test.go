package ui

// Unit tests of the root model: Update is called directly with key presses
// and with the asynchronous results the commands would deliver, so that
// every step is deterministic; commands are run only against a local stub
// service that answers every request with a 404.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
	uiscreen "github.com/odx-dev/odx/ui/screen"
)

// The token view and the claims print local times: the tests read them in UTC.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// fixedNow is the clock of every test (fed as a tickMsg).
var fixedNow = time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)

const testSet = "Crm_Sales_SalesOrders"

// testSets is an ERP.net-like service document: grouped names, one without
// a group, one with a title, and a function import that is not listed.
var testSets = []odata.Resource{
	{Name: "Crm_Sales_SalesOrders", Kind: odata.KindEntitySet},
	{Name: "Crm_Customers", Kind: odata.KindEntitySet},
	{Name: "Crm_Sales_SalesOrderLines", Kind: odata.KindEntitySet},
	{Name: "General_Products_Products", Kind: odata.KindEntitySet, Title: "Products"},
	{Name: "General_Contacts_Persons", Kind: odata.KindEntitySet},
	{Name: "Logistics_Inventory_StoreTransactions", Kind: odata.KindEntitySet},
	{Name: "Currencies", Kind: odata.KindEntitySet},
	{Name: "GetCurrentUser", Kind: odata.KindFunctionImport},
}

// pageJSON is a page of sales orders with what ERP.net sends: multi-language
// names, amounts, references, nulls, and hostile text.
const pageJSON = `[
 {"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000001)","DocumentNo":"SO-2024-0001",
  "DocumentDate":"2024-01-31T00:00:00Z","Customer":{"@odata.id":"Crm_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"},
  "Description":{"EN":"Apples","BG":"Ябълки"},"Amount":{"Value":"1234.5","Currency":"EUR"},"Notes":"plain"},
 {"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000002)","DocumentNo":"SO-2024-0002",
  "DocumentDate":"2024-02-01T10:30:00Z","Customer":{"@odata.id":"Crm_Customers(1)"},
  "Description":{"BG":"Круши"},"Amount":{"Value":"-7","Currency":"BGN"},"Notes":"\u001b[2J\u001b]0;pwned\u0007"},
 {"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000003)","DocumentNo":"東京-0003",
  "DocumentDate":null,"Customer":null,"Description":{"EN":"🍎 emoji and 日本語"},"Amount":null,"Notes":null},
 {"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000004)","DocumentNo":"SO-2024-0004",
  "DocumentDate":"2024-03-01T08:00:00+02:00","Customer":{"@odata.id":"Crm_Customers(2)"},
  "Description":{"EN":"Line\nbreak"},"Amount":{"Value":"98765432109876543210.99","Currency":"JPY"},
  "Notes":"invoice\u202etxt.exe a\u009b31mb\rc"}
]`

var pageColumns = []string{"DocumentNo", "DocumentDate", "Customer", "Description", "Amount", "Notes"}

// testRows decodes a JSON array of entities as the client would.
func testRows(t testing.TB, s string) []odata.Row {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var objs []map[string]any
	if err := d.Decode(&objs); err != nil {
		t.Fatal(err)
	}
	rows := make([]odata.Row, len(objs))
	for i, o := range objs {
		rows[i] = rowOf(o)
	}
	return rows
}

// numberedRows is n rows numbered from first.
func numberedRows(first, n int) []odata.Row {
	rows := make([]odata.Row, n)
	for i := range rows {
		k := first + i
		rows[i] = odata.Row{
			ID:     testSet + "(" + strconv.Itoa(k) + ")",
			Values: map[string]any{"DocumentNo": "SO-" + strconv.Itoa(k), "Notes": "row " + strconv.Itoa(k)},
		}
	}
	return rows
}

// kp is a key press: a key name ("enter", "esc", "down", "ctrl+c", …) or
// one character.
func kp(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	if c, ok := strings.CutPrefix(s, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// first is the first key of a binding, for kp.
func first(b key.Binding) string { return b.Keys()[0] }

// send gives the model each message in turn and returns it with the last
// message's command.
func send(m Model, msgs ...tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, msg := range msgs {
		var tm tea.Model
		tm, cmd = m.Update(msg)
		m = tm.(Model)
	}
	return m, cmd
}

// press sends key presses (see kp) and returns the last command.
func press(m Model, keys ...string) (Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, k := range keys {
		m, cmd = send(m, kp(k))
	}
	return m, cmd
}

// liveCtx is a parent context that counts the children derived from it
// with context.WithCancel and not yet cancelled: the requests in flight.
type liveCtx struct {
	context.Context // cancellable, so that Done is not nil
	live            atomic.Int64
}

func newLiveCtx(t testing.TB) *liveCtx {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &liveCtx{Context: ctx}
}

// Value hides the embedded context from context.WithCancel, which would
// otherwise register its children there directly.
func (c *liveCtx) Value(any) any { return nil }

// AfterFunc is what context.WithCancel uses to hook a child to a parent
// that is not one of its own; the returned stop runs when the child ends.
func (c *liveCtx) AfterFunc(f func()) func() bool {
	c.live.Add(1)
	stop := context.AfterFunc(c.Context, f)
	var once sync.Once
	return func() bool {
		once.Do(func() { c.live.Add(-1) })
		return stop()
	}
}

// testOpts are the options of a model that reaches nothing.
func testOpts() Options {
	return Options{Profile: "acme", Instance: "https://acme.my.erp.net", ClientID: "acme.my.erp.net/odx", PageSize: 50}
}

// newTestModel is an 80×24 explorer at fixedNow.
func newTestModel(opts Options) Model {
	m, _ := send(New(opts), tea.WindowSizeMsg{Width: 80, Height: 24}, tickMsg(fixedNow))
	return m
}

// withSets lists testSets, with the first set's count.
func withSets(t testing.TB, m Model) Model {
	t.Helper()
	m, _ = send(m, setsLoadedMsg{seq: 1, sets: testSets}, setCountMsg{name: "Crm_Customers", count: 12345})
	if m.sets.total != 7 {
		t.Fatalf("sets listed: %d; want 7", m.sets.total)
	}
	return m
}

// openBrowse moves the set cursor to testSet, presses enter and feeds the
// first page (rows, count) to the browse screen.
func openBrowse(t testing.TB, m Model, rows []odata.Row, cols []string, count int64, next string) Model {
	t.Helper()
	m = withSets(t, m)
	for name, _ := m.sets.selected(); name != testSet; name, _ = m.sets.selected() {
		m, _ = press(m, "down")
	}
	m, _ = press(m, "enter")
	b := m.top().browse
	if b == nil {
		t.Fatalf("enter on %s: screen %v; want a browse screen", testSet, m.top().screen)
	}
	page := &odata.Page{Columns: cols, Rows: rows, Count: count, NextLink: next}
	m, _ = send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, page: page, tail: page})
	// The count request (its own context) answers too: a total, or an error
	// when the test has none.
	if count >= 0 {
		m, _ = send(m, countLoadedMsg{seq: b.seq, count: count})
	} else {
		m, _ = send(m, countLoadedMsg{seq: b.seq, count: -1, err: testError("no count")})
	}
	return m
}

// pageMsg is the reply to the load in flight on the browse screen.
func pageMsg(b *browseModel, rows []odata.Row, next string) pageLoadedMsg {
	page := &odata.Page{Columns: []string{"DocumentNo", "Notes"}, Rows: rows, Count: -1, NextLink: next}
	return pageLoadedMsg{seq: b.seq, load: b.load, index: b.loading, page: page, tail: page}
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

// run runs a command and the commands of the batches it returns, each on
// its own goroutine as Bubble Tea would, and returns the messages that came
// within wait (ticks and blinks do not).
func run(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		batch, ok := msg.(tea.BatchMsg)
		if !ok {
			return []tea.Msg{msg}
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		var out []tea.Msg
		for _, c := range batch {
			wg.Go(func() {
				msgs := run(c, wait)
				mu.Lock()
				out = append(out, msgs...)
				mu.Unlock()
			})
		}
		wg.Wait()
		return out
	case <-time.After(wait):
		return nil
	}
}

// quick is long enough for a command that needs no network, and short
// enough to give up on ticks and blinks; slow is for requests to the stub.
const (
	quick = 100 * time.Millisecond
	slow  = 5 * time.Second
)

// quits reports whether a command is tea.Quit or a batch holding it. A
// quit comes at once: the wait is short.
func quits(cmd tea.Cmd) bool {
	if cmd != nil && reflect.ValueOf(cmd).Pointer() == reflect.ValueOf(tea.Quit).Pointer() {
		return true
	}
	for _, msg := range run(cmd, 20*time.Millisecond) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// testError is an error of the client's kind: one sentence, cause and next step.
type testError string

func (e testError) Error() string { return string(e) }

var errNotFound error = testError(`the server answered 404 Not Found: "Resource not found." Check the entity set name.`)

func TestGridCursorKeys(t *testing.T) {
	// Columns: Id (frozen key, from @odata.id), then the page's six.
	tests := []struct {
		keys []string
		want [2]int
	}{
		{nil, [2]int{0, 0}},
		{[]string{"down"}, [2]int{1, 0}},
		{[]string{"down", "down", "up"}, [2]int{1, 0}},
		{[]string{"j", "j", "j", "j", "j"}, [2]int{3, 0}}, // stops at the last row
		{[]string{"G"}, [2]int{3, 0}},
		{[]string{"G", "k", "g"}, [2]int{0, 0}},
		{[]string{"right"}, [2]int{0, 1}},
		{[]string{"right", "l", "left"}, [2]int{0, 1}},
		{[]string{"end"}, [2]int{0, 6}},
		{[]string{"end", "right"}, [2]int{0, 6}},
		{[]string{"end", "home"}, [2]int{0, 0}},
		{[]string{"h"}, [2]int{0, 0}},
	}
	for _, tt := range tests {
		m := openBrowse(t, newTestModel(testOpts()), testRows(t, pageJSON), pageColumns, 4, "")
		m, _ = press(m, tt.keys...)
		if got := m.State().Cursor; got != tt.want {
			t.Errorf("keys %q: cursor %v; want %v", tt.keys, got, tt.want)
		}
	}
}

func TestPaging(t *testing.T) {
	stub, client := newStub(t)
	opts := testOpts()
	opts.Client = client
	next := stub.root + testSet + "?$top=50&$skip=50"
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, next)
	b := m.top().browse

	// Page 1 is shown; page 2 is prefetched.
	m, cmd := send(m, countLoadedMsg{seq: b.seq, count: 120})
	if st := m.State(); st.Page != 1 || st.RowFrom != 1 || st.RowTo != 50 || st.Count != 120 || st.Loading {
		t.Fatalf("after the first page: page %d rows %d–%d of %d loading %v; want page 1 rows 1–50 of 120, not loading",
			st.Page, st.RowFrom, st.RowTo, st.Count, st.Loading)
	}
	if cmd != nil {
		t.Errorf("a count reply returned a command; want none")
	}
	if b.loading != 1 {
		t.Fatalf("page in flight after the first page: %d; want 1 (the prefetch)", b.loading)
	}
	prefetch := pageMsg(b, numberedRows(51, 50), stub.root+testSet+"?$top=50&$skip=100")
	prefetch.prefetch = true

	// p on the first page does nothing.
	before := m.State()
	m, cmd = press(m, "p")
	if st := m.State(); cmd != nil || st.Page != 1 || st.Notice != before.Notice || b.wanted != 0 {
		t.Errorf("p on page 1: page %d, wanted %d, command %v; want page 1, nothing asked", st.Page, b.wanted+1, cmd != nil)
	}

	// The prefetched page arrives: still page 1, nothing more to load.
	m, cmd = send(m, prefetch)
	if st := m.State(); st.Page != 1 || cmd != nil {
		t.Errorf("after the prefetch: page %d, command %v; want page 1 and no command", st.Page, cmd != nil)
	}

	// n shows the cached page at once and prefetches the one after it.
	m, cmd = press(m, "n")
	if st := m.State(); st.Page != 2 || st.RowFrom != 51 || st.RowTo != 100 || st.Loading || st.Cursor[0] != 0 {
		t.Errorf("n: page %d rows %d–%d loading %v cursor row %d; want page 2 rows 51–100 at once, cursor on row 0",
			st.Page, st.RowFrom, st.RowTo, st.Loading, st.Cursor[0])
	}
	if cmd == nil || b.loading != 2 {
		t.Fatalf("n: page in flight %d, command %v; want the prefetch of page 3", b.loading, cmd != nil)
	}
	msgs := run(cmd, slow)
	if len(msgs) != 1 {
		t.Fatalf("the prefetch command gave %d messages; want 1", len(msgs))
	}
	if got, ok := msgs[0].(pageLoadedMsg); !ok || got.index != 2 || !got.prefetch || got.seq != b.seq {
		t.Errorf("the prefetch command gave %#v; want a prefetch of page index 2 for seq %d", msgs[0], b.seq)
	}
	// Page 3 is read from page 2's next link.
	if reqs := stub.requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0], "$skip=100") {
		t.Errorf("requests %q; want one, to page 2's next link ($skip=100)", reqs)
	}

	// p goes back to the cached page 1 at once, the cursor on its last row.
	m, cmd = press(m, "p")
	if st := m.State(); st.Page != 1 || st.Cursor[0] != 49 || st.Loading {
		t.Errorf("p: page %d cursor row %d loading %v; want page 1 at once, cursor on row 49", st.Page, st.Cursor[0], st.Loading)
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
			m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 4), []string{"DocumentNo", "Notes"}, tt.count, tt.next)
			m, cmd := press(m, "n")
			st := m.State()
			if st.Notice != "this is the last page" {
				t.Errorf("n on the last page: notice %q; want %q", st.Notice, "this is the last page")
			}
			if cmd != nil || st.Page != 1 || st.Loading {
				t.Errorf("n on the last page: page %d loading %v command %v; want page 1, nothing loading", st.Page, st.Loading, cmd != nil)
			}
			if !strings.Contains(st.Status, "page 1/1") {
				t.Errorf("status %q; want it to say page 1/1", st.Status)
			}
			m, _ = send(m, tickMsg(fixedNow.Add(uiscreen.NoticeTTL)))
			if got := m.State().Notice; got != "" {
				t.Errorf("notice after %v: %q; want it gone", uiscreen.NoticeTTL, got)
			}
		})
	}
}

func TestHoldingNextKeepsOneLoad(t *testing.T) {
	opts := testOpts()
	live := newLiveCtx(t)
	opts.Context = live
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
	b := m.top().browse
	if b.loading != 1 {
		t.Fatalf("page in flight after the first page: %d; want 1 (the prefetch)", b.loading)
	}
	// base counts the prefetch (and, while TestFinishedLoadReleasesContext
	// is skipped, the finished first load's context).
	base := live.live.Load()
	for i := 1; i <= 5; i++ {
		m, _ = press(m, "n")
		if got := live.live.Load(); got != base {
			t.Errorf("after %d × n: %d requests in flight; want %d, one load at a time", i, got-base+1, 1)
		}
		if st := m.State(); st.Page != 1 || !st.Loading {
			t.Errorf("after %d × n: page %d loading %v; want page 1 still shown while page %d loads", i, st.Page, st.Loading, i+1)
		}
	}
	if b.wanted != 5 || b.loading != 5 {
		t.Fatalf("after 5 × n: wanted %d, loading %d; want page index 5 wanted and loading", b.wanted, b.loading)
	}
	m, cmd := send(m, pageMsg(b, numberedRows(251, 50), "more"))
	if st := m.State(); st.Page != 6 || st.RowFrom != 251 || st.RowTo != 300 || st.Loading {
		t.Errorf("the wanted page arrived: page %d rows %d–%d loading %v; want page 6 rows 251–300", st.Page, st.RowFrom, st.RowTo, st.Loading)
	}
	if cmd == nil || b.loading != 6 {
		t.Errorf("after page 6: page in flight %d; want the prefetch of page 7", b.loading)
	}
}

func TestFinishedLoadReleasesContext(t *testing.T) {
	opts := testOpts()
	live := newLiveCtx(t)
	opts.Context = live
	m := openBrowse(t, newTestModel(opts), testRows(t, pageJSON), pageColumns, 4, "")
	if got := live.live.Load(); got != 0 {
		t.Errorf("contexts left after the only page arrived: %d; want 0", got)
	}
	m, _ = press(m, "enter", "G", "enter")
	_, _ = send(m, relatedLoadedMsg{seq: m.relSeq, nav: "Customer", rows: testRows(t, `[{"@odata.id":"Crm_Customers(1)","Number":"C-1"}]`)})
	if got := live.live.Load(); got != 0 {
		t.Errorf("contexts left after the related rows arrived: %d; want 0", got)
	}
}

func TestStaleRepliesDropped(t *testing.T) {
	tests := []struct {
		name  string
		reply func(b *browseModel) pageLoadedMsg
	}{
		{"old load number", func(b *browseModel) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(51, 50), "more")
			msg.load--
			return msg
		}},
		{"old sequence", func(b *browseModel) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(51, 50), "more")
			msg.seq--
			return msg
		}},
		{"page not asked for", func(b *browseModel) pageLoadedMsg {
			msg := pageMsg(b, numberedRows(101, 50), "more")
			msg.index = 2
			return msg
		}},
		{"old error", func(b *browseModel) pageLoadedMsg {
			return pageLoadedMsg{seq: b.seq, load: b.load - 1, index: 0, err: errNotFound}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
			m, _ = press(m, "n") // page 2 wanted, on its way
			b := m.top().browse
			before, loading, load := m.State(), b.loading, b.load
			m, cmd := send(m, tt.reply(b))
			if after := m.State(); !equalState(after, before) {
				t.Errorf("state after a stale reply: %+v; want it unchanged: %+v", after, before)
			}
			if cmd != nil || b.loading != loading || b.load != load || len(b.pages) != 1 {
				t.Errorf("after a stale reply: loading %d (load %d), %d pages cached, command %v; want loading %d (load %d), 1 page, no command",
					b.loading, b.load, len(b.pages), cmd != nil, loading, load)
			}
		})
	}

	t.Run("reply to the query before a reload", func(t *testing.T) {
		m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
		old := m.top().browse
		stale := pageMsg(old, numberedRows(51, 50), "more")
		m, _ = press(m, first(DefaultKeyMap().Reload))
		if m.top().browse == old || old.loading != -1 {
			t.Fatalf("reload kept the old query loading; want a new one")
		}
		m, _ = send(m, stale)
		if st := m.State(); !st.Loading || st.RowTo != 0 {
			t.Errorf("after the old query's reply: rows to %d, loading %v; want nothing shown, still loading", st.RowTo, st.Loading)
		}
	})
}

func equalState(a, b State) bool {
	return a.Screen == b.Screen && a.Page == b.Page && a.RowFrom == b.RowFrom && a.RowTo == b.RowTo &&
		a.Count == b.Count && a.Loading == b.Loading && a.Err == b.Err && a.Status == b.Status &&
		a.Notice == b.Notice && a.Cursor == b.Cursor && strings.Join(a.Breadcrumb, "›") == strings.Join(b.Breadcrumb, "›")
}

func TestErrorInPlace(t *testing.T) {
	stub, client := newStub(t)
	opts := testOpts()
	opts.Client = client
	m, _ := press(withSets(t, newTestModel(opts)), "enter")
	b := m.top().browse
	m, _ = send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, err: errNotFound})
	st := m.State()
	if st.Err != errNotFound.Error() || st.Loading {
		t.Errorf("after a failed load: error %q, loading %v; want %q, not loading", st.Err, st.Loading, errNotFound.Error())
	}
	view := viewText(m)
	for _, want := range []string{"✗ the server answered 404", "r retry · esc back"} {
		if !strings.Contains(view, want) {
			t.Errorf("view after a failed load does not show %q:\n%s", want, view)
		}
	}

	m, cmd := press(m, "r")
	if st := m.State(); st.Err != "" || !st.Loading || cmd == nil {
		t.Fatalf("r: error %q, loading %v, command %v; want the error gone and the page loading again", st.Err, st.Loading, cmd != nil)
	}
	msgs := run(cmd, slow)
	if len(msgs) != 1 {
		t.Fatalf("the retry gave %d messages; want 1", len(msgs))
	}
	m, _ = send(m, msgs[0])
	if st := m.State(); st.Err == "" || strings.ContainsAny(st.Err, "\n{") {
		t.Errorf("error from the stub's 404: %q; want one sentence, no body dump", st.Err)
	}
	if reqs := stub.requests(); len(reqs) != 1 || !strings.Contains(reqs[0], "/Crm_Customers?") {
		t.Errorf("requests %q; want one for Crm_Customers", reqs)
	}

	// A failed prefetch is not shown: it is tried again when wanted.
	m = openBrowse(t, newTestModel(testOpts()), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
	b = m.top().browse
	m, _ = send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 1, err: errNotFound, prefetch: true})
	if st := m.State(); st.Err != "" || st.RowTo != 50 {
		t.Errorf("after a failed prefetch: error %q, rows to %d; want page 1 shown, no error", st.Err, st.RowTo)
	}
	m, cmd = press(m, "n")
	if cmd == nil || b.loading != 1 || !m.State().Loading {
		t.Errorf("n after a failed prefetch: loading %d; want page index 1 asked again", b.loading)
	}
}

func TestBreadcrumbsAndBack(t *testing.T) {
	stub, client := newStub(t)
	opts := testOpts()
	opts.Client = client
	m := openBrowse(t, newTestModel(opts), testRows(t, pageJSON), pageColumns, 4, "")
	crumbs := func(m Model) string { return strings.Join(m.State().Breadcrumb, " › ") }

	m, _ = press(m, "down", "enter")
	if st := m.State(); st.Screen != "record" || crumbs(m) != testSet+" › SO-2024-0002" {
		t.Fatalf("enter on row 2: screen %q, crumbs %q; want record, %q", st.Screen, crumbs(m), testSet+" › SO-2024-0002")
	}
	if _, cmd := press(m, "q"); quits(cmd) {
		t.Errorf("q on the record screen quit; want q to quit only from the set list")
	}

	// The last entry is the Customer reference: enter opens it.
	m, cmd := press(m, "G", "enter")
	if cmd == nil || m.relSeq == 0 || !strings.Contains(m.State().Status, "opening") {
		t.Fatalf("enter on Customer: command %v, status %q; want the related load started", cmd != nil, m.State().Status)
	}
	msgs := run(cmd, slow)
	want := "/api/domain/odata/Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000002)?$expand=Customer"
	if reqs := stub.requests(); len(reqs) != 1 || reqs[0] != want {
		t.Errorf("related request %q; want %q", reqs, want)
	}
	// The stub's 404 comes back as a notice; the record stays.
	if m2, _ := send(m, msgs...); m2.State().Screen != "record" || !strings.Contains(m2.State().Notice, "404") {
		t.Errorf("a failed related load: screen %q, notice %q; want the record, a notice about the 404", m2.State().Screen, m2.State().Notice)
	}
	customer := testRows(t, `[{"@odata.id":"Crm_Customers(1)","Number":"C-000042","Name":"Acme Ltd"}]`)
	m, _ = send(m, relatedLoadedMsg{seq: m.relSeq, nav: "Customer", rows: customer})
	if st := m.State(); st.Screen != "browse" || crumbs(m) != testSet+" › SO-2024-0002 › Customer" || st.RowTo != 1 {
		t.Fatalf("related rows: screen %q crumbs %q rows to %d; want browse, %q, 1 row",
			st.Screen, crumbs(m), st.RowTo, testSet+" › SO-2024-0002 › Customer")
	}
	if m2, cmd := press(m, "n"); cmd != nil || m2.State().Notice != "" {
		t.Errorf("n on related rows: command %v, notice %q; want nothing", cmd != nil, m2.State().Notice)
	}
	if _, cmd := press(m, "q"); quits(cmd) {
		t.Errorf("q on a browse screen quit; want q to quit only from the set list")
	}

	for _, want := range []string{"record " + testSet + " › SO-2024-0002", "browse " + testSet, "sets "} {
		m, _ = press(m, "esc")
		if got := m.State().Screen + " " + crumbs(m); got != want {
			t.Errorf("esc: %q; want %q", got, want)
		}
	}
	m, cmd = press(m, "esc")
	if m.State().Screen != "sets" || quits(cmd) {
		t.Errorf("esc on the set list: screen %q; want to stay, not quit", m.State().Screen)
	}
	if _, cmd := press(m, "q"); !quits(cmd) {
		t.Errorf("q on the set list did not quit")
	}
}

func TestEscCancelsLoading(t *testing.T) {
	opts := testOpts()
	live := newLiveCtx(t)
	opts.Context = live
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
	b := m.top().browse
	m, _ = press(m, "n", "n")
	inFlight := pageMsg(b, numberedRows(101, 50), "more")
	before := live.live.Load()
	m, _ = press(m, "esc")
	st := m.State()
	if st.Screen != "browse" || st.Loading || st.Page != 1 || st.Notice != "cancelled" {
		t.Errorf("esc while page 3 loads: screen %q page %d loading %v notice %q; want browse, page 1, not loading, notice cancelled",
			st.Screen, st.Page, st.Loading, st.Notice)
	}
	if got := live.live.Load(); got != before-1 {
		t.Errorf("esc left %d requests in flight; want the load cancelled", got-before+1)
	}
	if m, _ = send(m, inFlight); m.State().Page != 1 {
		t.Errorf("the cancelled load's reply was shown: page %d; want page 1", m.State().Page)
	}
	// With no page yet, esc cancels and goes back.
	m, _ = press(withSets(t, newTestModel(opts)), "enter")
	before = live.live.Load()
	m, _ = press(m, "esc")
	if st := m.State(); st.Screen != "sets" || live.live.Load() != before-1 {
		t.Errorf("esc during the first load: screen %q; want the set list and the load cancelled", st.Screen)
	}
}

// viewText is the view without styles.
func viewText(m Model) string { return ansi.Strip(m.View().Content) }

func TestFailedLoadAsksNothingMore(t *testing.T) {
	m, _ := press(withSets(t, newTestModel(testOpts())), "enter")
	b := m.top().browse
	m, cmd := send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, err: errNotFound})
	if cmd != nil || b.loading != -1 {
		t.Errorf("after the first page failed: page index %d loading, command %v; want nothing asked until r", b.loading, cmd != nil)
	}
	if st := m.State(); st.Err == "" {
		t.Errorf("the error is not shown")
	}
}

func TestHelpToggles(t *testing.T) {
	m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 4), []string{"DocumentNo", "Notes"}, 4, "")
	m, _ = press(m, "?")
	reload := DefaultKeyMap().Reload.Help()
	if words := strings.Join(strings.Fields(viewText(m)), " "); !m.showHelp || !strings.Contains(words, reload.Key+" "+reload.Desc) {
		t.Fatalf("? on the grid: the full help is not shown:\n%s", viewText(m))
	}
	m, _ = press(m, "?")
	if m.showHelp {
		t.Errorf("? again: the full help is still shown")
	}
	m, _ = press(m, "?", "esc")
	if st := m.State(); m.showHelp || st.Screen != "browse" {
		t.Errorf("esc on the help: help shown %v, screen %q; want the help closed, still on the grid", m.showHelp, st.Screen)
	}
}

func TestTokenViewFromAnyScreen(t *testing.T) {
	screens := map[string]func(t *testing.T) Model{
		"sets": func(t *testing.T) Model { return withSets(t, newTestModel(testOpts())) },
		"browse": func(t *testing.T) Model {
			return openBrowse(t, newTestModel(testOpts()), numberedRows(1, 4), []string{"DocumentNo", "Notes"}, 4, "")
		},
		"record": func(t *testing.T) Model {
			m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 4), []string{"DocumentNo", "Notes"}, 4, "")
			m, _ = press(m, "enter")
			return m
		},
	}
	for name, open := range screens {
		t.Run(name, func(t *testing.T) {
			m := open(t)
			before := m.State()
			m, cmd := press(m, "t")
			if st := m.State(); st.Screen != "token" || cmd == nil {
				t.Fatalf("t on %s: screen %q; want the token view, its info asked", name, st.Screen)
			}
			if !strings.Contains(viewText(m), "asking the identity provider") {
				t.Errorf("the token view does not say it is loading:\n%s", viewText(m))
			}
			// Without a token source the view says so.
			m, _ = send(m, run(cmd, slow)...)
			if st := m.State(); !strings.Contains(st.Err, "no token source") {
				t.Errorf("token view without a source: error %q; want it to say there is no token source", st.Err)
			}
			m, _ = press(m, "t") // no second token view
			m, _ = press(m, "esc")
			if after := m.State(); !equalState(after, before) {
				t.Errorf("esc from the token view: %+v; want back to %+v", after, before)
			}
		})
	}
}

func TestFilterTakesEveryKey(t *testing.T) {
	_, client := newStub(t)
	opts := testOpts()
	opts.Client = client
	m := withSets(t, newTestModel(opts))
	m, _ = press(m, "/")
	if !m.sets.filtering() {
		t.Fatalf("/ did not start the filter")
	}
	for _, k := range []string{"q", "t", "?", "r"} {
		var cmd tea.Cmd
		m, cmd = press(m, k)
		if quits(cmd) {
			t.Errorf("%q typed into the filter quit", k)
		}
	}
	if st := m.State(); st.Screen != "sets" || m.showHelp || m.sets.list.FilterValue() != "qt?r" {
		t.Errorf("after typing q t ? r: screen %q, help %v, filter %q; want the set list, no help, filter %q",
			st.Screen, m.showHelp, m.sets.list.FilterValue(), "qt?r")
	}
	// Typing a name filters the list; enter accepts, enter opens.
	m.sets.list.ResetFilter()
	m, _ = press(m, "/")
	for _, k := range "inv" {
		var cmd tea.Cmd
		m, cmd = press(m, string(k))
		m, _ = send(m, run(cmd, quick)...)
	}
	m, _ = press(m, "enter", "enter")
	if st := m.State(); st.Screen != "browse" || strings.Join(st.Breadcrumb, "") != "Logistics_Inventory_StoreTransactions" {
		t.Errorf("filter inv, enter, enter: screen %q crumbs %q; want the browse screen of Logistics_Inventory_StoreTransactions",
			st.Screen, st.Breadcrumb)
	}
}

func TestResizeRelayout(t *testing.T) {
	m := openBrowse(t, newTestModel(testOpts()), testRows(t, pageJSON), pageColumns, 4, "")
	m, _ = press(m, "enter")
	for _, size := range [][2]int{{120, 40}, {50, 15}} {
		m, _ = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		gw, gh := m.stack[1].browse.grid.Size()
		r := m.stack[2].record
		if gw != size[0] || gh != size[1]-4 || r.width != size[0] || r.height != size[1]-4 {
			t.Errorf("at %d×%d: grid %d×%d, record %d×%d; want both %d×%d", size[0], size[1],
				gw, gh, r.width, r.height, size[0], size[1]-4)
		}
		if w, h := m.sets.list.Width(), m.sets.list.Height(); w != size[0] || h != size[1]-3 {
			t.Errorf("at %d×%d: set list %d×%d; want %d×%d", size[0], size[1], w, h, size[0], size[1]-3)
		}
		if lines := strings.Split(viewText(m), "\n"); len(lines) != size[1] {
			t.Errorf("at %d×%d: the view has %d lines; want %d", size[0], size[1], len(lines), size[1])
		}
	}
}

func TestForceQuitCancelsLoads(t *testing.T) {
	opts := testOpts()
	live := newLiveCtx(t)
	opts.Context = live
	m := openBrowse(t, newTestModel(opts), numberedRows(1, 50), []string{"DocumentNo", "Notes"}, -1, "more")
	before := live.live.Load()
	_, cmd := send(m, tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if !quits(cmd) {
		t.Errorf("ctrl+c on the grid did not quit")
	}
	if got := live.live.Load(); got != before-1 {
		t.Errorf("ctrl+c left the prefetch running (%d contexts live, %d before)", got, before)
	}
}

// salesOrderCSDL declares the test set's type with properties in an order
// other than the payload's.
const salesOrderCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="SalesOrder"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Notes" Type="Edm.String"/>
<Property Name="DocumentNo" Type="Edm.String"/></EntityType>
<EntityContainer Name="Container"><EntitySet Name="Crm_Sales_SalesOrders" EntityType="Erp.SalesOrder"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`

// lateMetadata opens a grid of the test set, then feeds $metadata.
func lateMetadata(t *testing.T) (Model, *browseModel) {
	meta, err := odata.ParseMetadata(strings.NewReader(salesOrderCSDL))
	if err != nil {
		t.Fatal(err)
	}
	m := openBrowse(t, newTestModel(testOpts()), numberedRows(1, 4), []string{"DocumentNo", "Notes"}, 4, "")
	m, _ = send(m, metadataLoadedMsg{model: meta})
	return m, m.top().browse
}

func columnNames(b *browseModel) string {
	var names []string
	for _, c := range b.cols {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

func TestMetadataArrivesLate(t *testing.T) {
	m, b := lateMetadata(t)
	if !b.cols[0].Key || b.cols[0].Name != "Id" || b.cols[0].Type != "Edm.Guid" {
		t.Errorf("columns after $metadata: %q, first %+v; want the Edm.Guid key Id first", columnNames(b), b.cols[0])
	}
	if !m.State().Metadata {
		t.Errorf("State().Metadata is false after $metadata arrived")
	}
	m, _ = send(m, metadataLoadedMsg{err: errors.New("the server answered 500\x1b[31m")})
	if got := m.State().Notice; !strings.HasPrefix(got, "metadata unavailable: the server answered 500") || strings.Contains(got, "\x1b") {
		t.Errorf("notice for a failed $metadata: %q; want it to say so, sanitised", got)
	}
}

func TestMetadataOrdersShownPage(t *testing.T) {
	_, b := lateMetadata(t)
	if got := columnNames(b); got != "Id Notes DocumentNo" {
		t.Errorf("columns after $metadata: %q; want %q, the metadata order", got, "Id Notes DocumentNo")
	}
}
