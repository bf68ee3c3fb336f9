package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/browse"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// settleMeta is settle that also feeds back the $metadata the root loads
// once the sets are listed, and the related-records picker's replies, as
// Bubble Tea would.
func settleMeta(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for range 50 {
		var back []tea.Msg
		for _, msg := range run(cmd, slow) {
			switch msg.(type) {
			case screen.Reply, metadataLoadedMsg, related.Counted, related.Loaded: // the picker's replies are not tagged
				back = append(back, msg)
			}
		}
		if len(back) == 0 {
			return m
		}
		var cmds []tea.Cmd
		for _, msg := range back {
			var c tea.Cmd
			m, c = send(m, msg)
			cmds = append(cmds, c)
		}
		cmd = tea.Batch(cmds...)
	}
	t.Fatal("the commands did not settle after 50 rounds")
	return m
}

// pressMeta presses keys, settling after each (settleMeta), and counts
// them in *n.
func pressMeta(t testing.TB, m Model, n *int, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = press(m, k)
		m = settleMeta(t, m, cmd)
		*n++
	}
	return m
}

// TestCustomerToItsSalesOrders: on the demo, from the customers' grid, a
// customer's sales orders are three keys away — enter (the record), G (its
// last entry: "← Crm_Sales_SalesOrders by Customer"), enter (the orders
// whose Customer is this one) — and what opens is exactly those orders.
func TestCustomerToItsSalesOrders(t *testing.T) {
	_, _, c := demoClient(t, demo.Options{}, nil)
	opts := testOpts()
	opts.Client = c
	m := newTestModel(opts)
	m = settleMeta(t, m, m.stack[0].Init())
	if !m.State().Metadata {
		t.Fatal("$metadata did not arrive after the set list")
	}
	for i := 0; i < 10 && !strings.HasPrefix(ansi.Strip(m.statusLine(80)), " Crm_Sales_Customers"); i++ {
		m, _ = press(m, "down")
	}
	var setup int
	m = pressMeta(t, m, &setup, "enter")
	if st := m.State(); st.Screen != "browse" || st.RowTo == 0 {
		t.Fatalf("enter on Crm_Sales_Customers: screen %q, %d rows; want the customers' grid", st.Screen, st.RowTo)
	}

	keys := 0
	m = pressMeta(t, m, &keys, "enter")
	if st := m.State(); st.Screen != "record" {
		t.Fatalf("enter on a customer: screen %q; want its record", st.Screen)
	}
	crumb := m.State().Breadcrumb
	m = pressMeta(t, m, &keys, "G")
	v := viewText(m)
	_, counted, ok := strings.Cut(v, "← Crm_Sales_SalesOrders by Customer · ")
	if !ok {
		t.Fatalf("the customer's record, at its end:\n%s\nwant the entry ← Crm_Sales_SalesOrders by Customer, counted", v)
	}
	counted, _, _ = strings.Cut(counted, "  ")
	m = pressMeta(t, m, &keys, "enter")
	st := m.State()
	if keys > 4 {
		t.Errorf("customer → its sales orders took %d keys; want ≤ 4", keys)
	}
	if st.Screen != "browse" || st.Err != "" {
		t.Fatalf("after %d keys: screen %q, error %q; want the grid of the customer's orders", keys, st.Screen, st.Err)
	}
	if !strings.HasPrefix(st.Query, "Crm_Sales_SalesOrders?") || !strings.Contains(st.Query, "$filter=Customer eq 'Crm_Sales_Customers(") {
		t.Errorf("the orders' query: %q; want Crm_Sales_SalesOrders filtered by Customer eq 'Crm_Sales_Customers(…)'", st.Query)
	}
	// The filter names the customer whose record was open, and the demo
	// kept some of its orders, not all.
	_, rest, _ := strings.Cut(st.Query, "Crm_Sales_Customers(")
	guid, _, _ := strings.Cut(rest, ")")
	cust, err := c.Entity(context.Background(), "Crm_Sales_Customers("+guid+")")
	if err != nil {
		t.Fatalf("reading the customer of the filter: %v", err)
	}
	if no, _ := cust.Values["Number"].(string); no == "" || no != crumb[len(crumb)-1] {
		t.Errorf("the filter's customer is %q; want the record's, %q", no, crumb[len(crumb)-1])
	}
	all, err := c.Count(context.Background(), odata.Query{Set: "Crm_Sales_SalesOrders"})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d rows", st.Count); counted != want {
		t.Errorf("the record counted %q; want %q, as the grid", counted, want)
	}
	if st.Count <= 0 || st.Count >= all {
		t.Errorf("the customer's orders: %d of %d; want some, not all", st.Count, all)
	}
	t.Logf("customer → its sales orders: %d keys from the customers' grid; %s; %d orders", keys, st.Query, st.Count)
}

// keysNotIDs is a transport that makes the demo a server sending keys
// instead of @odata.id, as a minimal-metadata OData v4 service does: an
// entity's @odata.id becomes its Id, an unexpanded reference is dropped.
type keysNotIDs struct {
	next http.RoundTripper
	n    *atomic.Int64 // the JSON replies rewritten
}

var (
	reference = regexp.MustCompile(`"[A-Za-z0-9_]+":\{"@odata\.id":"[^"]*"\},?`)
	entityID  = regexp.MustCompile(`"@odata\.id":"[^"(]*\(([^)']*)\)"`)
)

func (s keysNotIDs) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	s.n.Add(1)
	body = entityID.ReplaceAll(reference.ReplaceAll(body, nil), []byte(`"Id":"$1"`))
	body = bytes.ReplaceAll(body, []byte(",}"), []byte("}"))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// TestCustomerToItsSalesOrdersFromTheGrid: on the demo, from the
// customers' grid, a customer's sales orders are three keys away without
// opening the record — o (the row's related records), G (the last entry:
// "← Crm_Sales_SalesOrders by Customer", counted), enter — and what opens
// is exactly those orders, under grid › customer › relation; also on a
// server that sends keys and no @odata.id.
func TestCustomerToItsSalesOrdersFromTheGrid(t *testing.T) {
	var rewritten atomic.Int64
	tests := []struct {
		name   string
		hc     *http.Client
		filter string // what the orders' query must contain
	}{
		{"with @odata.id", nil, "$filter=Customer eq 'Crm_Sales_Customers("},
		{"keys, no @odata.id", &http.Client{Transport: keysNotIDs{http.DefaultTransport, &rewritten}}, "$filter=Customer eq 'Crm_Sales_Customers("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, c := demoClient(t, demo.Options{}, tt.hc)
			opts := testOpts()
			opts.Client = c
			m := newTestModel(opts)
			m = settleMeta(t, m, m.stack[0].Init())
			if !m.State().Metadata {
				t.Fatal("$metadata did not arrive after the set list")
			}
			for i := 0; i < 10 && !strings.HasPrefix(ansi.Strip(m.statusLine(80)), " Crm_Sales_Customers"); i++ {
				m, _ = press(m, "down")
			}
			var setup int
			m = pressMeta(t, m, &setup, "enter")
			if st := m.State(); st.Screen != "browse" || st.RowTo == 0 {
				t.Fatalf("enter on Crm_Sales_Customers: screen %q, %d rows; want the customers' grid", st.Screen, st.RowTo)
			}
			if km := m.top().(*browse.Model).KeyMap(); !km.Related.Enabled() {
				t.Fatalf("on a customer's row: key o disabled; want it enabled (the row has related records)")
			}

			keys := 0
			m = pressMeta(t, m, &keys, "o")
			if st := m.State(); st.Screen != "browse" || !st.Modal {
				t.Fatalf("o on a customer: screen %q, modal %v; want the picker over the grid", st.Screen, st.Modal)
			}
			m = pressMeta(t, m, &keys, "G")
			v := viewText(m)
			_, counted, ok := strings.Cut(v, "← Crm_Sales_SalesOrders by Customer · ")
			if !ok {
				t.Fatalf("the picker, at its end:\n%s\nwant the entry ← Crm_Sales_SalesOrders by Customer, counted", v)
			}
			counted, _, _ = strings.Cut(counted, "  ")
			m = pressMeta(t, m, &keys, "enter")
			st := m.State()
			if keys > 3 {
				t.Errorf("customer → its sales orders took %d keys; want ≤ 3", keys)
			}
			if st.Screen != "browse" || st.Err != "" || st.Modal {
				t.Fatalf("after %d keys: screen %q, error %q, modal %v; want the grid of the customer's orders", keys, st.Screen, st.Err, st.Modal)
			}
			if !strings.HasPrefix(st.Query, "Crm_Sales_SalesOrders?") || !strings.Contains(st.Query, tt.filter) {
				t.Errorf("the orders' query: %q; want Crm_Sales_SalesOrders with %s…", st.Query, tt.filter)
			}
			_, rest, _ := strings.Cut(st.Query, "Crm_Sales_Customers(")
			guid, _, _ := strings.Cut(rest, ")")
			cust, err := c.Entity(context.Background(), "Crm_Sales_Customers("+guid+")")
			if err != nil {
				t.Fatalf("reading the customer of the filter: %v", err)
			}
			crumb := strings.Join(st.Breadcrumb, " › ")
			no, _ := cust.Values["Number"].(string)
			if want := "Crm_Sales_Customers › " + no + " › Crm_Sales_SalesOrders by Customer"; no == "" || crumb != want {
				t.Errorf("got breadcrumb %q; want %q (the customer of the filter)", crumb, want)
			}
			all, err := c.Count(context.Background(), odata.Query{Set: "Crm_Sales_SalesOrders"})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("%d rows", st.Count); counted != want {
				t.Errorf("the picker counted %q; want %q, as the grid", counted, want)
			}
			if st.Count <= 0 || st.Count >= all {
				t.Errorf("the customer's orders: %d of %d; want some, not all", st.Count, all)
			}
			if tt.hc != nil && rewritten.Load() == 0 {
				t.Errorf("no reply went through the transport that drops @odata.id")
			}
			t.Logf("customer → its sales orders: %d keys from the customers' grid; %s; %d orders", keys, st.Query, st.Count)
		})
	}
}
