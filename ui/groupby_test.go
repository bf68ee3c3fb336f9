package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
)

// TestGroupByIsTwoKeysAndAChoice: on the demo, a group-by of the sales
// orders by customer with their sum is ctrl+g, one choice (→: the sum)
// and enter from the grid's Customer column; enter on a group opens its
// orders, esc comes back.
func TestGroupByIsTwoKeysAndAChoice(t *testing.T) {
	_, _, c := uitest.DemoClient(t, demo.Options{TokenTTL: time.Hour}, nil)
	opts := testOpts()
	opts.Client = c
	m := newTestModel(opts)
	m = settleMeta(t, m, m.stack[0].Init())
	for i := 0; i < 10 && !strings.HasPrefix(ansi.Strip(m.statusLine(80)), " Crm_Sales_SalesOrders "); i++ {
		m, _ = press(m, "down")
	}
	var setup, n int
	m = pressMeta(t, m, &setup, "enter")
	if st := m.State(); st.Screen != "browse" || !st.Metadata {
		t.Fatalf("the sales orders: got screen %q, $metadata %v; want the grid with $metadata", st.Screen, st.Metadata)
	}
	m = pressMeta(t, m, &setup, "C", "C", "u", "s", "t", "o", "m", "e", "r", "enter") // the cursor to Customer
	keys := []string{"ctrl+g", "right", "enter"}
	m = pressMeta(t, m, &n, keys...)
	if n != 3 {
		t.Errorf("got %d keys; want two keys (ctrl+g, enter) and one choice (→)", n)
	}
	st := m.State()
	v := viewText(m)
	if st.Screen != "groupby" || st.Loading || st.Err != "" {
		t.Fatalf("after %v: got screen %q (loading %v, error %q); want the groups\n%s", keys, st.Screen, st.Loading, st.Err, v)
	}
	for _, want := range []string{"by Customer: sum of TotalAmount", "$apply=groupby((Customer),aggregate(TotalAmount with sum", "CUSTOMER", "BGN "} {
		if !strings.Contains(v, want) {
			t.Errorf("the groups lack %q:\n%s", want, v)
		}
	}
	m = pressSettle(t, m, "enter")
	if st := m.State(); st.Screen != "browse" || !strings.Contains(st.Query, "Customer eq 'Crm_Sales_Customers(") {
		t.Errorf("enter on a group: got screen %q, query %q; want the grid of the customer's orders", st.Screen, st.Query)
	}
	m, _ = press(m, "esc")
	if st := m.State(); st.Screen != "groupby" {
		t.Errorf("esc on the group's orders: got screen %q; want the groups", st.Screen)
	}
}

// TestGroupByWithoutApply: the stub service has no $apply: the groups are
// of the rows loaded, and say so.
func TestGroupByWithoutApply(t *testing.T) {
	m, _ := started(t, testOpts())
	m = openGrid(t, m)
	m, _ = press(m, "right") // DocumentNo
	m = pressSettle(t, m, "ctrl+g", "enter")
	st := m.State()
	if st.Screen != "groupby" || st.Err != "" {
		t.Fatalf("ctrl+g enter: got screen %q, error %q; want the groups", st.Screen, st.Err)
	}
	if v := viewText(m); !strings.Contains(v, "from the 4 rows loaded, not the whole set") || !strings.Contains(v, "SO-2024-0001") {
		t.Errorf("the groups do not say they are of the rows loaded:\n%s", v)
	}
}

// TestGroupByExport: the export job pages the group-by's $apply query like
// any other and writes every group.
func TestGroupByExport(t *testing.T) {
	_, _, c := uitest.DemoClient(t, demo.Options{TokenTTL: time.Hour}, nil)
	c.SetDialect(odata.ERPNet)
	ctx := context.Background()
	meta, err := c.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	state, _ := profile.ColumnOf(meta, "Crm_Sales_SalesOrders", "State")
	prio, _ := profile.ColumnOf(meta, "Crm_Sales_SalesOrders", "Priority")
	g, err := profile.ComputeGroups(ctx, c, meta, "Crm_Sales_SalesOrders", "", profile.GroupSpec{Keys: []profile.Column{state, prio}, Method: profile.Count}, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "groups.csv")
	rows, _, err := writePaged(ctx, c, g.Query, 7, "csv", path, "EN", func(int64) {})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if rows != int64(len(g.Groups)) || len(lines) != len(g.Groups)+1 || lines[0] != "State,Priority,Count" {
		t.Errorf("got %d rows, %d lines, header %q; want the %d groups and a header State,Priority,Count", rows, len(lines), lines[0], len(g.Groups))
	}
}
