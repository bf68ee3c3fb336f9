package record

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// demoCustomer is the first customer of the demo, as the grid reads it.
func demoCustomer(t *testing.T, env *screen.Env) odata.Row {
	t.Helper()
	p, err := env.Client.Page(context.Background(), odata.Query{Set: customerSet, Top: 1})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("got %v, %d rows; want the first customer", err, len(p.Rows))
	}
	return p.Rows[0]
}

// TestReverseCounted: the reverse entry under the cursor is counted once,
// with its filter, and the record says how many.
func TestReverseCounted(t *testing.T) {
	env, rec := demoEnv(t)
	env.Dialect = odata.ERPNet
	m := New(env, customerSet, demoCustomer(t, env), []string{customerSet})
	m.SetSize(100, 30)
	cmd := press(m, "G")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "← Crm_Sales_SalesOrders by Customer · ⠋") {
		t.Errorf("while counting:\n%s\nwant the spinner beside the entry", v)
	}
	m.Update(reply(t, m, cmd))
	if uri := rec.last(); !strings.HasPrefix(uri, "/api/domain/odata/Crm_Sales_SalesOrders/$count?$filter=Customer%20eq%20'Crm_Sales_Customers(") {
		t.Errorf("got request %q; want the orders counted, filtered by Customer", uri)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "← Crm_Sales_SalesOrders by Customer · ") || !strings.Contains(v, " rows  enter: open filtered") {
		t.Errorf("counted:\n%s\nwant the count beside the entry", v)
	}
	if cmd := press(m, "up", "down"); cmd != nil {
		t.Errorf("back on the counted entry: got a command; want no second count")
	}
}

// TestReverseCountStops: a count is given up when the cursor moves to
// another reverse entry, when another screen covers the record, and on
// Close; on top again, the record counts anew.
func TestReverseCountStops(t *testing.T) {
	env := reverseEnv(t, odata.GenericV4)
	live := testctx.New(t)
	env.Ctx = live
	env.Client, _ = odata.NewClient("http://127.0.0.1:1/odata/", nil)
	m := New(env, customerSet, testRow(t, customerJSON), []string{customerSet})
	at(t, m, "Crm_Sales_SalesOrders by Customer")
	m.cursor-- // the count starts when the cursor lands on the entry
	first := press(m, "down")
	if first == nil || live.Count() != 1 {
		t.Fatalf("on a reverse entry: %d counts live; want 1", live.Count())
	}
	if press(m, "down"); live.Count() != 1 || m.cntName != "Tags by Customers" {
		t.Errorf("on the next reverse entry: %d counts live, counting %q; want 1, of Tags by Customers", live.Count(), m.cntName)
	}
	m.Update(reply(t, m, first)) // the first count's late reply is dropped
	if _, ok := m.counts["Crm_Sales_SalesOrders by Customer"]; ok {
		t.Errorf("the superseded count was recorded; want it dropped")
	}
	m.Update(screen.Blur{})
	if live.Count() != 0 {
		t.Errorf("covered: %d counts live; want 0", live.Count())
	}
	if _, cmd := m.Update(screen.Focus{}); cmd == nil || live.Count() != 1 {
		t.Errorf("on top again: %d counts live; want the count started again", live.Count())
	}
	m.Close()
	if live.Count() != 0 {
		t.Errorf("closed: %d counts live; want 0", live.Count())
	}
}
