//go:build interop

package interop

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
)

func TestServiceDocument(t *testing.T) {
	c, _ := newClient(t)
	res, err := c.ServiceDocument(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range res {
		if r.IsEntitySet() {
			names = append(names, r.Name)
		}
	}
	if want := []string{"Crm_Sales_Customers", "Crm_Sales_SalesOrders"}; !slices.Equal(names, want) {
		t.Errorf("entity sets = %q; want %q", names, want)
	}
}

func TestMetadataOfCAP(t *testing.T) {
	c, _ := newClient(t)
	c.MetadataCache = state.NewMetadataCache(t.TempDir())
	m, err := c.Metadata(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ set, key, nav, target string }{
		{"Crm_Sales_Customers", "Id", "Orders", "Crm_Sales_SalesOrders"},
		{"Crm_Sales_SalesOrders", "Id", "Customer", "Crm_Sales_Customers"},
	} {
		et, ok := m.SetType(tc.set)
		if !ok {
			t.Errorf("SetType(%s) not found", tc.set)
			continue
		}
		if got := et.Key(); !slices.Equal(got, []string{tc.key}) {
			t.Errorf("%s key = %q; want [%s]", tc.set, got, tc.key)
		}
		if ts, ok := m.NavigationTarget(tc.set, tc.nav); !ok || ts.Name != tc.target {
			t.Errorf("%s/%s target = %v, %v; want %s", tc.set, tc.nav, ts, ok, tc.target)
		}
	}
	et, _ := m.SetType("Crm_Sales_Customers")
	for name, want := range map[string]string{"BigNumber": "Edm.Int64", "CreditLimit": "Edm.Decimal", "Id": "Edm.Guid", "CreatedOn": "Edm.DateTimeOffset"} {
		if p, ok := et.Property(name); !ok || p.Type != want {
			t.Errorf("property %s type = %v; want %s", name, p, want)
		}
	}
	if p, _ := et.Property("CreditLimit"); p.Precision != 19 || p.Scale != 4 {
		t.Errorf("CreditLimit precision/scale = %d/%d; want 19/4", p.Precision, p.Scale)
	}
	nav, ok := et.NavigationProperty("Orders")
	if !ok || !nav.Collection || nav.Partner != "Customer" {
		t.Errorf("Orders = %+v; want a collection with partner Customer", nav)
	}
	so, _ := m.SetType("Crm_Sales_SalesOrders")
	// CAP adds the foreign key of a managed association as a property.
	if _, ok := so.Property("Customer_Id"); !ok {
		t.Errorf("Crm_Sales_SalesOrders has no Customer_Id property")
	}
}

// str returns a row value as text: strings as is, numbers by their digits.
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return "<nil>"
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func TestQueryOptions(t *testing.T) {
	c, _ := newClient(t)
	for _, tc := range []struct {
		name      string
		q         odata.Query
		wantRows  int
		wantCount int64
		check     func(t *testing.T, p *odata.Page)
	}{
		{"select", odata.Query{Set: "Crm_Sales_Customers", Select: []string{"Id", "Number"}, Top: 3}, 3, -1,
			func(t *testing.T, p *odata.Page) {
				if got := p.Rows[0].Keys; !slices.Equal(got, []string{"Id", "Number"}) {
					t.Errorf("properties = %q; want [Id Number]", got)
				}
			}},
		{"filter", odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq 'C-00042' or startswith(Name,'Клиент 10')", Top: 50}, 13, -1,
			func(t *testing.T, p *odata.Page) {
				for _, r := range p.Rows {
					n, name := str(r.Values["Number"]), str(r.Values["Name"])
					if n != "C-00042" && !strings.HasPrefix(name, "Клиент 10") {
						t.Errorf("row %s %q does not match the filter", n, name)
					}
				}
			}},
		{"orderby", odata.Query{Set: "Crm_Sales_Customers", OrderBy: []string{"Number desc"}, Select: []string{"Number"}, Top: 2}, 2, -1,
			func(t *testing.T, p *odata.Page) {
				if a, b := str(p.Rows[0].Values["Number"]), str(p.Rows[1].Values["Number"]); a != customerNumber(3000) || b != customerNumber(2999) {
					t.Errorf("first numbers = %s, %s; want %s, %s", a, b, customerNumber(3000), customerNumber(2999))
				}
			}},
		{"top and skip", odata.Query{Set: "Crm_Sales_Customers", OrderBy: []string{"Number"}, Top: 5, Skip: 10}, 5, -1,
			func(t *testing.T, p *odata.Page) {
				if got := str(p.Rows[0].Values["Number"]); got != customerNumber(11) {
					t.Errorf("first number = %s; want %s", got, customerNumber(11))
				}
			}},
		{"count", odata.Query{Set: "Crm_Sales_Customers", Filter: "Active eq true", Count: true, Top: 1}, 1, 2000, nil},
		{"expand to one", odata.Query{Set: "Crm_Sales_SalesOrders", Expand: []string{"Customer($select=Number)"}, OrderBy: []string{"DocumentNo"}, Top: 2}, 2, -1,
			func(t *testing.T, p *odata.Page) {
				cu, ok := p.Rows[1].Values["Customer"].(map[string]any)
				if !ok || str(cu["Number"]) != customerNumber(2) {
					t.Errorf("expanded customer = %v; want Number %s", p.Rows[1].Values["Customer"], customerNumber(2))
				}
			}},
		{"expand to many", odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq 'C-00001'", Expand: []string{"Orders($select=DocumentNo;$orderby=DocumentNo)"}}, 1, -1,
			func(t *testing.T, p *odata.Page) {
				os, _ := p.Rows[0].Values["Orders"].([]any)
				if len(os) != orders/50 {
					t.Errorf("orders of C-00001 = %d; want %d", len(os), orders/50)
				}
			}},
		{"key path", odata.Query{Set: "Crm_Sales_Customers(" + customerID(7) + ")/Orders", Select: []string{"DocumentNo"}, OrderBy: []string{"DocumentNo"}}, orders / 50, -1,
			func(t *testing.T, p *odata.Page) {
				if got := str(p.Rows[0].Values["DocumentNo"]); got != "SO-00007" {
					t.Errorf("first order = %s; want SO-00007", got)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := c.Page(ctx(t), tc.q)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if len(p.Rows) != tc.wantRows {
				t.Fatalf("rows = %d; want %d", len(p.Rows), tc.wantRows)
			}
			if p.Count != tc.wantCount {
				t.Errorf("count = %d; want %d", p.Count, tc.wantCount)
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestCount(t *testing.T) {
	c, _ := newClient(t)
	for _, tc := range []struct {
		q    odata.Query
		want int64
	}{
		{odata.Query{Set: "Crm_Sales_Customers"}, customers},
		{odata.Query{Set: "Crm_Sales_Customers", Filter: "Active eq false"}, customers / 3},
		{odata.Query{Set: "Crm_Sales_SalesOrders"}, orders},
	} {
		n, err := c.Count(ctx(t), tc.q)
		if err != nil {
			t.Fatalf("Count(%s %q): %v", tc.q.Set, tc.q.Filter, err)
		}
		if n != tc.want {
			t.Errorf("Count(%s %q) = %d; want %d", tc.q.Set, tc.q.Filter, n, tc.want)
		}
	}
}

func TestODataErrorFromCAP(t *testing.T) {
	c, _ := newClient(t)
	for _, tc := range []struct {
		q      odata.Query
		status int
		code   string
	}{
		{odata.Query{Set: "Nope"}, 404, "404"},
		{odata.Query{Set: "Crm_Sales_Customers", Filter: "Nope eq 1"}, 400, "400"},
	} {
		_, err := c.Page(ctx(t), tc.q)
		var oe *odata.Error
		if !errors.As(err, &oe) {
			t.Errorf("%s %q: error %v (%T); want an *odata.Error", tc.q.Set, tc.q.Filter, err, err)
			continue
		}
		if oe.Status != tc.status || oe.Code != tc.code || oe.Message == "" {
			t.Errorf("%s %q: status %d code %q message %q; want %d, code %q and the server's message", tc.q.Set, tc.q.Filter, oe.Status, oe.Code, oe.Message, tc.status, tc.code)
		}
	}
}

// TestNextLinkPaging walks a query whose $top exceeds CAP's page size: the
// server cuts each page and sends a relative next link with its own
// percent-encoded $skiptoken, which odx must follow as sent.
func TestNextLinkPaging(t *testing.T) {
	c, _ := newClient(t)
	q := odata.Query{Set: "Crm_Sales_Customers", Select: []string{"Id"}, OrderBy: []string{"Number"}, Top: 250}
	p, err := c.Page(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != pageMax || p.NextLink == "" {
		t.Fatalf("first page: %d rows, next link %q; want %d rows and a link", len(p.Rows), p.NextLink, pageMax)
	}
	if !strings.HasPrefix(p.NextLink, srv.ServiceRoot+"Crm_Sales_Customers?") || !strings.Contains(p.NextLink, "skiptoken") {
		t.Errorf("next link = %q; want an absolute link under the service root with a $skiptoken", p.NextLink)
	}
	seen := len(p.Rows)
	for {
		p, err = c.Next(ctx(t), p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Next after %d rows: %v", seen, err)
		}
		seen += len(p.Rows)
	}
	if seen != customers {
		t.Errorf("rows walked = %d; want %d", seen, customers)
	}

	pg := c.Pager(q)
	var sizes []int
	for {
		p, err := pg.Next(ctx(t))
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Pager.Next: %v", err)
		}
		sizes = append(sizes, len(p.Rows))
	}
	if len(sizes) != 12 || sizes[0] != 250 || sizes[11] != 250 {
		t.Errorf("pager page sizes = %v; want 12 pages of 250 (server pages of %d filled up to $top)", sizes, pageMax)
	}
}
