package browse

// Tests of the grid screen, driven through its Update with key presses and
// with the replies its commands would deliver, so that every step is
// deterministic; commands are run only against a local stub service that
// answers every request with a 404. This file holds the shared helpers and
// the tests of model.go (size, keys, close, $metadata, styles).

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// fixedNow is the clock of every test.
var fixedNow = time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)

const testSet = "Crm_Sales_SalesOrders"

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

// twoCols are the columns of numberedRows.
var twoCols = []string{"DocumentNo", "Notes"}

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
		rows[i] = odata.RowOf(o)
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

// testEnv is the Env of an ERP.net session with client c (nil: nothing is
// reached), prefs kept in memory; notices go to status.
func testEnv(c *odata.Client, status *screen.Status) *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(status)
	env.Ctx = context.Background()
	env.Client = c
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = fixedNow
	env.Spinner = "⠋"
	env.Profile, env.Instance, env.ClientID = "acme", "https://acme.my.erp.net", "acme.my.erp.net/odx"
	env.Language, env.PageSize = "EN", 50
	env.Dialect = odata.ERPNet
	env.Prefs, _ = state.Load("")
	return env
}

// press sends key presses (see kp) and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(kp(k))
	}
	return cmd
}

// send gives m each message in turn and returns the last one's command.
func send(m *Model, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = m.Update(msg)
	}
	return cmd
}

// open is the grid of testSet at 80×21 (the body of an 80×24 terminal)
// with its first page (rows under cols, the page's count, next link)
// delivered, and the count request answered: with count, or with an error
// when count is -1. The posts so far are drained.
func open(t testing.TB, env *screen.Env, rows []odata.Row, cols []string, count int64, next string) *Model {
	t.Helper()
	m := New(env, odata.Query{Set: testSet}, []string{testSet}, -1, false)
	m.SetSize(80, 21)
	_ = m.Init() // not run: the test delivers the replies
	b := m.cur
	page := &odata.Page{Columns: cols, Rows: rows, Count: count, NextLink: next}
	send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, page: page, tail: page})
	if count >= 0 {
		send(m, countLoadedMsg{seq: b.seq, count: count})
	} else {
		send(m, countLoadedMsg{seq: b.seq, count: -1, err: testError("no count")})
	}
	if len(b.pages) == 0 {
		t.Fatalf("the first page was not taken")
	}
	env.Drain()
	return m
}

// pageMsg is the reply to the load in flight of r.
func pageMsg(r *result, rows []odata.Row, next string) pageLoadedMsg {
	page := &odata.Page{Columns: twoCols, Rows: rows, Count: -1, NextLink: next}
	return pageLoadedMsg{seq: r.seq, load: r.load, index: r.loading, page: page, tail: page}
}

// view is the screen as the test reads it: what State tells, with the
// status line's left part and the notice.
func view(m *Model, status *screen.Status) screen.State {
	var s screen.State
	m.Fill(&s)
	s.Status = m.Status()
	s.Notice = status.Text
	return s
}

func equalState(a, b screen.State) bool {
	return a.Screen == b.Screen && a.Page == b.Page && a.RowFrom == b.RowFrom && a.RowTo == b.RowTo &&
		a.Count == b.Count && a.Loading == b.Loading && a.Err == b.Err && a.Status == b.Status &&
		a.Notice == b.Notice && a.Cursor == b.Cursor && strings.Join(a.Breadcrumb, "›") == strings.Join(b.Breadcrumb, "›")
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
		status := &screen.Status{}
		m := open(t, testEnv(nil, status), testRows(t, pageJSON), pageColumns, 4, "")
		press(m, tt.keys...)
		if got := view(m, status).Cursor; got != tt.want {
			t.Errorf("keys %q: got cursor %v; want %v", tt.keys, got, tt.want)
		}
	}
}

func TestFinishedLoadReleasesContext(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	live := testctx.New(t)
	env.Ctx = live
	open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	if got := live.Count(); got != 0 {
		t.Errorf("got %d contexts left after the only page arrived; want 0", got)
	}
}

func TestResizeRelayout(t *testing.T) {
	m := open(t, testEnv(nil, &screen.Status{}), testRows(t, pageJSON), pageColumns, 4, "")
	press(m, "s") // a sorted query pending
	if m.pending == nil {
		t.Fatalf("s: no query pending")
	}
	for _, size := range [][2]int{{120, 36}, {50, 11}} {
		m.SetSize(size[0], size[1])
		gw, gh := m.cur.grid.Size()
		pw, ph := m.pending.grid.Size()
		if gw != size[0] || gh != size[1]-1 || pw != gw || ph != gh {
			t.Errorf("at %d×%d: got grid %d×%d, pending grid %d×%d; want both %d×%d (below the breadcrumb)",
				size[0], size[1], gw, gh, pw, ph, size[0], size[1]-1)
		}
	}
}

func TestCloseCancelsLoads(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	live := testctx.New(t)
	env.Ctx = live
	m := open(t, env, numberedRows(1, 50), twoCols, -1, "more")
	press(m, "s") // the prefetch and a sorted query in flight
	if got := live.Count(); got != 2 {
		t.Fatalf("got %d requests in flight; want 2 (the prefetch and the sorted query)", got)
	}
	m.Close()
	if got := live.Count(); got != 0 {
		t.Errorf("got %d requests in flight after Close; want 0", got)
	}
}

func TestKeysFollowTheGrid(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	static := NewStatic(env, testSet, numberedRows(1, 2), []string{testSet, "SO-1", "Lines"})
	failed := New(env, odata.Query{Set: testSet}, []string{testSet}, -1, false)
	_ = failed.Init()
	send(failed, pageLoadedMsg{seq: failed.cur.seq, load: failed.cur.load, err: errNotFound})
	for _, tt := range []struct {
		name                        string
		m                           *Model
		quit, page, shape, retry, q bool
	}{
		{"query", m, false, true, true, false, true},
		{"related rows", static, false, false, false, false, true},
		{"failed", failed, false, true, true, true, true},
	} {
		k := tt.m.KeyMap()
		for _, b := range []struct {
			name      string
			got, want bool
		}{
			{"quit", k.Quit.Enabled(), tt.quit}, {"back", k.Back.Enabled(), true},
			{"token", k.Token.Enabled(), true}, {"log", k.Log.Enabled(), true},
			{"go to", k.GoTo.Enabled(), true}, {"history", k.History.Enabled(), true},
			{"next page", k.NextPage.Enabled(), tt.page}, {"reload", k.Reload.Enabled(), tt.page},
			{"sort", k.Sort.Enabled(), tt.shape}, {"filter", k.FilterEdit.Enabled(), tt.shape},
			{"export", k.Export.Enabled(), tt.shape}, {"retry", k.Retry.Enabled(), tt.retry},
			{"set list filter", k.Filter.Enabled(), false}, {"search", k.Search.Enabled(), true},
			{"next match", k.SearchNext.Enabled(), false},
		} {
			if b.got != b.want {
				t.Errorf("%s grid: got %s enabled %v; want %v", tt.name, b.name, b.got, b.want)
			}
		}
	}
	// q does nothing on a grid (it quits only from the set list), n on
	// related rows neither.
	before := view(m, status)
	if cmd := press(m, "q"); cmd != nil || !equalState(view(m, status), before) || len(env.Drain()) != 0 {
		t.Errorf("q on a grid: something happened; want nothing")
	}
	if cmd := press(static, "n"); cmd != nil || status.Text != "" {
		t.Errorf("n on related rows: got command %v, notice %q; want nothing", cmd != nil, status.Text)
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

// lateMetadata opens a grid of the test set, then gives it $metadata.
func lateMetadata(t *testing.T) *Model {
	meta, err := odata.ParseMetadata(strings.NewReader(salesOrderCSDL))
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(nil, &screen.Status{})
	m := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	env.Meta = meta
	send(m, screen.MetadataLoaded{})
	return m
}

func columnNames(r *result) string {
	var names []string
	for _, c := range r.cols {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

func TestMetadataArrivesLate(t *testing.T) {
	b := lateMetadata(t).cur
	if !b.cols[0].Key || b.cols[0].Name != "Id" || b.cols[0].Type != "Edm.Guid" {
		t.Errorf("got columns %q after $metadata, first %+v; want the Edm.Guid key Id first", columnNames(b), b.cols[0])
	}
}

func TestMetadataOrdersShownPage(t *testing.T) {
	b := lateMetadata(t).cur
	if got := columnNames(b); got != "Id Notes DocumentNo" {
		t.Errorf("got columns %q after $metadata; want %q, the metadata order", got, "Id Notes DocumentNo")
	}
}

// helpText is the keys of bindings, as the help shows them.
func helpText(bs []key.Binding) string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key)
	}
	return strings.Join(out, " ")
}

func TestHelpShowsWhatWorks(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	grid := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	related := NewStatic(env, testSet, numberedRows(1, 2), []string{testSet, "SO-1", "Lines"})
	failed := failedFirst(t, env)
	for _, tt := range []struct {
		name        string
		m           *Model
		short, last string
		groups      int
	}{
		{"query", grid, "enter n/pgdn p/pgup f s c e t esc ?", "t L P ? esc ctrl+c", 5},
		{"related rows", related, "enter t esc ?", "t L P ? esc ctrl+c", 5},
		{"failed", failed, "enter n/pgdn p/pgup f s c e t esc ? r", "t L P ? esc ctrl+c", 5},
	} {
		h := tt.m.Help()
		if got := helpText(h.ShortHelp()); got != tt.short {
			t.Errorf("%s grid: got short help %q; want %q", tt.name, got, tt.short)
		}
		full := h.FullHelp()
		if len(full) != tt.groups || helpText(full[len(full)-1]) != tt.last {
			t.Errorf("%s grid: got %d help groups, the last %q; want %d, the global keys %q last",
				tt.name, len(full), helpText(full[len(full)-1]), tt.groups, tt.last)
		}
	}
	// ctrl+n/ctrl+p show once the grid has a search.
	press(grid, "/", "S", "enter", "esc")
	if shape := helpText(grid.Help().FullHelp()[2]); !strings.Contains(shape, "/ ctrl+n ctrl+p") {
		t.Errorf("got shaping keys %q after a search; want ctrl+n and ctrl+p among them", shape)
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
