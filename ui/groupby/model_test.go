package groupby

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// status is the notices of testEnv's screens.
var status = &screen.Status{}

// testEnv is the Env of a session with the demo instance (ERP.net's
// dialect, $metadata loaded).
func testEnv(t *testing.T) *screen.Env {
	t.Helper()
	_, _, c := uitest.DemoClient(t, demo.Options{TokenTTL: time.Hour}, nil)
	c.SetDialect(odata.ERPNet)
	st := styles.New(true)
	env := screen.NewEnv(status)
	env.Ctx, env.Client, env.Styles, env.Keys = context.Background(), c, &st, screen.DefaultKeyMap()
	env.Dialect, env.Spinner, env.Language = odata.ERPNet, "⣾", "EN"
	var err error
	if env.Meta, err = c.Metadata(env.Ctx); err != nil {
		t.Fatal(err)
	}
	return env
}

// deliver runs cmd, a command of m, and gives its reply to m.
func deliver(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("got no command; want the computation")
	}
	r, ok := cmd().(screen.Reply)
	if !ok || r.To != m.ID() {
		t.Fatalf("got %#v; want a screen.Reply to %d", r, m.ID())
	}
	m.Update(r.Msg)
}

func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(uitest.Key(k))
	}
	return cmd
}

const orders = "Crm_Sales_SalesOrders"

// TestOrdersByCustomer: from the grid's Customer column, → and enter
// give the customers by their orders' sum; enter opens a customer's orders.
func TestOrdersByCustomer(t *testing.T) {
	env := testEnv(t)
	m := New(env, odata.Query{Set: orders}, "Customer", nil, []string{orders})
	m.SetSize(80, 21)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "by         ‹ Customer ›") || !strings.Contains(v, "› aggregate  ‹ count ›") {
		t.Fatalf("chooser: got\n%s\nwant Customer first and the focus on the aggregate", v)
	}
	press(m, "right")
	cmd := press(m, "enter")
	if !m.loading || !strings.Contains(ansi.Strip(m.View()), "grouping Crm_Sales_SalesOrders by Customer") {
		t.Errorf("while loading: got %q; want progress", ansi.Strip(m.View()))
	}
	deliver(t, m, cmd)
	if m.err != nil {
		t.Fatal(m.err)
	}
	g := m.groups
	if g.Aggregate != "sum of TotalAmount" || g.Rows != 10000 || g.Apply != "groupby((Customer),aggregate(TotalAmount with sum as TotalAmount_sum,$count as Count))" {
		t.Errorf("got %q of %d rows by $apply %q; want the sum of the 10,000 orders", g.Aggregate, g.Rows, g.Apply)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "$apply=groupby((Customer)") || !strings.Contains(v, "█") {
		t.Errorf("groups: got\n%s\nwant the $apply and bars", v)
	}
	top := g.Groups[0]
	if top.Unit == "" || !strings.Contains(v, top.Labels[0][:20]) || strings.Count(top.Labels[0], "-") == 4 {
		t.Errorf("first group %+v: want a customer's name and a currency", top)
	}
	press(m, "enter")
	msgs := env.Drain()
	oq, ok := msgs[0].(screen.OpenQuery)
	if !ok || !strings.HasPrefix(oq.Query.Filter, "Customer eq 'Crm_Sales_Customers(") {
		t.Fatalf("enter: got %#v; want the grid of the customer's orders", msgs)
	}
	n, err := env.Client.Count(env.Ctx, oq.Query)
	if err != nil || n < top.Count {
		t.Errorf("the customer's orders: got %d (%v); want at least the %d of the group", n, err, top.Count)
	}
	if cmd := press(m, "u"); cmd == nil || !strings.Contains(status.Text, "as curl") {
		t.Error("u: got no clipboard command; want the $apply as curl")
	}
	press(m, "e")
	msgs = env.Drain()
	if len(msgs) != 1 {
		t.Fatalf("e: got %v; want the export dialog", msgs)
	}
	if d, ok := msgs[0].(screen.OpenDialog); !ok || d.Dialog.Kind() != dialog.KindExport {
		t.Errorf("e: got %#v; want the export dialog", msgs[0])
	}
	press(m, "esc")
	if msgs := env.Drain(); len(msgs) != 1 || msgs[0] != (screen.Back{}) {
		t.Errorf("esc: got %v; want Back", msgs)
	}
}

// grouped is the group-by of set by key with the aggregate at index agg
// of the chooser, computed, at w×h.
func grouped(t *testing.T, env *screen.Env, set, key string, agg, w, h int) *Model {
	t.Helper()
	m := New(env, odata.Query{Set: set}, key, nil, []string{set})
	m.SetSize(w, h)
	for range agg {
		press(m, "right")
	}
	deliver(t, m, press(m, "enter"))
	if m.err != nil {
		t.Fatal(m.err)
	}
	return m
}

// TestGroupsGolden: the groups as drawn at 80×24 and 200×50 (the body
// between the header and the status lines), in presenter mode and with
// plain bars (NO_COLOR).
func TestGroupsGolden(t *testing.T) {
	env := testEnv(t)
	for _, tt := range []struct {
		name, set, key string
		agg, w, h      int
		present, plain bool
	}{
		{"customers_by_state_80x24", "Crm_Sales_Customers", "State", 1, 80, 21, false, false},
		{"customers_by_state_200x50", "Crm_Sales_Customers", "State", 1, 200, 47, false, false},
		{"orders_by_customer_80x24", orders, "Customer", 1, 80, 21, false, false},
		{"orders_by_customer_200x50", orders, "Customer", 1, 200, 47, false, false},
		{"orders_by_state_presenter_80x24", orders, "State", 0, 80, 21, true, true},
		{"orders_by_state_presenter_200x50", orders, "State", 0, 200, 47, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env.Present, noColor = tt.present, tt.plain
			defer func() { env.Present, noColor = false, false }()
			m := grouped(t, env, tt.set, tt.key, tt.agg, tt.w, tt.h)
			v := ansi.Strip(m.View())
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > tt.w {
					t.Errorf("line %d is %d cells wide; want at most %d: %q", i+1, w, tt.w, l)
				}
			}
			golden.RequireEqual(t, []byte(v))
		})
	}
}

// TestChooser: ↑↓ move between the lines, ←→ change them round, a second
// column cannot be the first; the keys say what works.
func TestChooser(t *testing.T) {
	env := testEnv(t)
	m := New(env, odata.Query{Set: orders, Filter: "State eq 'Closed'"}, "TotalAmount", nil, []string{orders})
	if got := m.spec().Label(); got != "sum of TotalAmount" || m.line != lineBy {
		t.Errorf("on an amount column: got %q, line %d; want its sum chosen and the focus on the key", got, m.line)
	}
	press(m, "down", "right")
	if s := m.spec(); len(s.Keys) != 2 || s.Keys[1].Name == s.Keys[0].Name {
		t.Errorf("then by: got %+v; want a second, other column", s.Keys)
	}
	press(m, "left")
	if s := m.spec(); len(s.Keys) != 1 {
		t.Errorf("then by back to none: got %+v", s.Keys)
	}
	if !m.keys.Accept.Enabled() || m.keys.Open.Enabled() || m.keys.Export.Enabled() {
		t.Error("chooser: want enter to group, and no export yet")
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "under $filter: State eq 'Closed'") {
		t.Errorf("chooser: got\n%s\nwant the grid's filter said", v)
	}
	press(m, "esc")
	if msgs := env.Drain(); len(msgs) != 1 || msgs[0] != (screen.Back{}) {
		t.Errorf("esc on the chooser: got %v; want Back", msgs)
	}
}

// TestCancelAndChooseAgain: esc cancels the request in flight (its reply
// dropped), ctrl+g goes back to the chooser, r runs it again.
func TestCancelAndChooseAgain(t *testing.T) {
	env := testEnv(t)
	m := New(env, odata.Query{Set: orders}, "State", nil, []string{orders})
	cmd := press(m, "enter")
	press(m, "esc")
	if m.loading || m.err == nil || len(env.Drain()) != 0 {
		t.Errorf("esc while loading: got loading %v, err %v; want it cancelled, no Back", m.loading, m.err)
	}
	deliver(t, m, cmd)
	if m.groups != nil {
		t.Error("the cancelled computation's reply was shown")
	}
	deliver(t, m, press(m, "r"))
	if m.groups == nil || len(m.groups.Groups) != 6 {
		t.Fatalf("r: got %+v; want the 6 states", m.groups)
	}
	press(m, "ctrl+g")
	if !m.choosing || m.keys.Open.Enabled() {
		t.Error("ctrl+g on the groups: want the chooser again")
	}
}

// TestLoadedRowsWithoutMetadata: without $metadata the columns come from
// the rows loaded.
func TestLoadedRowsWithoutMetadata(t *testing.T) {
	env := testEnv(t)
	env.Meta = nil
	rows := []odata.Row{
		odata.RowOf(map[string]any{"S": "a", "N": 1.5, "A": map[string]any{"Value": 2.0, "Currency": "EUR"}}),
		odata.RowOf(map[string]any{"S": "b", "N": nil, "A": nil}),
	}
	m := New(env, odata.Query{Set: "X"}, "S", rows, nil)
	var aggs []string
	for _, a := range m.opts.aggs {
		aggs = append(aggs, a.label())
	}
	if len(m.opts.keys) != 1 || m.opts.keys[0].Name != "S" || strings.Join(aggs, ",") != "count,sum of A,sum of N,average of A,average of N,min of A,min of N,max of A,max of N" {
		t.Errorf("got keys %+v, aggregates %v; want S, and N and A aggregated", m.opts.keys, aggs)
	}
}
