package ui

// The harness of the root's tests: a stub OData service that serves the
// test data, and helpers that press keys and run the commands a key
// returns, feeding the screens' replies back as Bubble Tea would.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
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

// service is a stub OData service: a service document, counts, pages of
// entities (each set's rows paged by $top and $skip, with a next link while
// rows remain) and fixed answers for other paths. It records the requests.
type service struct {
	root   string // the service root URL
	mu     sync.Mutex
	sets   []odata.Resource
	rows   map[string]string // set → JSON array of entities
	counts map[string]string // set → /$count body
	fixed  map[string]string // path?query → JSON body (200)
	errs   map[string]string // path → error message of a 500
	reqs   []string
}

// newService is a service with testSets, pageJSON as the test set's first
// page (of 1,234 counted; pages after the first hold numbered rows; a next
// link follows a full page) and a count for Crm_Customers. Anything else
// answers 404.
func newService(t testing.TB) (*service, *odata.Client) {
	t.Helper()
	s := &service{
		sets:   testSets,
		rows:   map[string]string{testSet: pageJSON},
		counts: map[string]string{testSet: "1234", "Crm_Customers": "12345"},
		fixed:  map[string]string{},
		errs:   map[string]string{},
	}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.root = srv.URL + "/api/domain/odata/"
	c, err := odata.NewClient(s.root, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func (s *service) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.URL.RequestURI())
	path := strings.TrimPrefix(r.URL.Path, "/api/domain/odata/")
	w.Header().Set("Content-Type", "application/json")
	notFound := func() {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"code":"404","message":"Resource not found."}}`))
	}
	if r.URL.Query().Has("$apply") { // a server without the aggregation extension
		w.WriteHeader(http.StatusNotImplemented)
		_, _ = w.Write([]byte(`{"error":{"code":"501","message":"$apply is not supported."}}`))
		return
	}
	if msg, ok := s.errs[path]; ok {
		w.WriteHeader(http.StatusInternalServerError)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "500", "message": msg}})
		return
	}
	if body, ok := s.fixed[path+"?"+r.URL.RawQuery]; ok {
		_, _ = w.Write([]byte(body))
		return
	}
	switch {
	case path == "":
		var vs []map[string]string
		for _, set := range s.sets {
			kind := "EntitySet"
			if set.Kind == odata.KindFunctionImport {
				kind = "FunctionImport"
			}
			vs = append(vs, map[string]string{"name": set.Name, "url": set.Name, "kind": kind, "title": set.Title})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"value": vs})
	case strings.HasSuffix(path, "/$count"):
		n, ok := s.counts[strings.TrimSuffix(path, "/$count")]
		if !ok {
			notFound()
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(n))
	default:
		rows, ok := s.rows[path]
		if !ok {
			notFound()
			return
		}
		skip, _ := strconv.Atoi(r.URL.Query().Get("$skip"))
		top, _ := strconv.Atoi(r.URL.Query().Get("$top"))
		var page []json.RawMessage
		if skip == 0 {
			_ = json.Unmarshal([]byte(rows), &page)
		} else {
			for i := range top {
				page = append(page, json.RawMessage(fmt.Sprintf(`{"@odata.id":"%s(%d)","DocumentNo":"SO-%d","Notes":"row %d"}`,
					path, skip+i+1, skip+i+1, skip+i+1)))
			}
		}
		out := map[string]any{"value": page}
		if n, _ := strconv.Atoi(s.counts[path]); top > 0 && len(page) == top && skip+top < n {
			q := r.URL.Query()
			q.Set("$skip", strconv.Itoa(skip+top))
			out["@odata.nextLink"] = s.root + path + "?" + q.Encode()
		}
		_ = json.NewEncoder(w).Encode(out)
	}
}

// requests lists the requests so far.
func (s *service) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// answer makes the service answer path?query with body.
func (s *service) answer(pathQuery, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixed[pathQuery] = body
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

// settle runs cmd and feeds back the screens' replies it brings, then runs
// the commands those return, until none is left: every request to the
// stub service answered and shown. Other messages (clipboard, quit) are
// dropped.
func settle(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for range 50 {
		var replies []tea.Msg
		for _, msg := range run(cmd, slow) {
			if _, ok := msg.(screen.Reply); ok {
				replies = append(replies, msg)
			}
		}
		if len(replies) == 0 {
			return m
		}
		var cmds []tea.Cmd
		for _, r := range replies {
			var c tea.Cmd
			m, c = send(m, r)
			cmds = append(cmds, c)
		}
		cmd = tea.Batch(cmds...)
	}
	t.Fatal("the commands did not settle after 50 rounds")
	return m
}

// pressSettle presses keys, settling after each.
func pressSettle(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = press(m, k)
		m = settle(t, m, cmd)
	}
	return m
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
			if msg == nil {
				return nil
			}
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

// slow bounds a command that asks the stub service or the demo (a $apply
// over 10,000 orders under the race detector on a busy machine takes
// seconds); a command that answers returns at once, so the bound costs
// nothing when all is well.
const slow = 30 * time.Second

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

// testOpts are the options of a model that reaches nothing.
func testOpts() Options {
	return Options{Profile: "acme", Instance: "https://acme.my.erp.net", ClientID: "acme.my.erp.net/odx", PageSize: 50}
}

// newTestModel is an 80×24 explorer at fixedNow.
func newTestModel(opts Options) Model {
	m, _ := send(New(opts), tea.WindowSizeMsg{Width: 80, Height: 24}, tickMsg(fixedNow))
	return m
}

// started is an 80×24 explorer on the stub service with the set list
// loaded (and Crm_Customers, under the cursor, counted).
func started(t testing.TB, opts Options) (Model, *service) {
	t.Helper()
	s, c := newService(t)
	opts.Client = c
	m := newTestModel(opts)
	m = settle(t, m, m.stack[0].Init())
	if st := m.State(); st.Sets != 7 || !strings.Contains(st.Status, "Crm_Customers") {
		t.Fatalf("set list: %d sets, status %q; want 7 sets, Crm_Customers selected", st.Sets, st.Status)
	}
	return m, s
}

// openGrid opens the test set from the set list, its first page loaded.
func openGrid(t testing.TB, m Model) Model {
	t.Helper()
	for i := 0; i < 10 && !strings.HasPrefix(ansi.Strip(m.statusLine(80)), " "+testSet); i++ {
		m, _ = press(m, "down")
	}
	m = pressSettle(t, m, "enter")
	if st := m.State(); st.Screen != "browse" || st.RowTo != 4 {
		t.Fatalf("enter on %s: screen %q, rows to %d; want the grid, 4 rows", testSet, st.Screen, st.RowTo)
	}
	return m
}

// viewText is the view without styles.
func viewText(m Model) string { return ansi.Strip(m.View().Content) }

// ansiStripLine is one drawn line without styles.
func ansiStripLine(s string) string { return ansi.Strip(s) }

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
