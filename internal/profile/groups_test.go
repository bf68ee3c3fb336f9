package profile

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// groupsEssence is the groups as comparable text, in their order.
func groupsEssence(g *Groups) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rows %d\n", g.Rows)
	for _, gr := range g.Groups {
		fmt.Fprintf(&b, "%s = %s %s (%d)\n", strings.Join(gr.Labels, " / "), gr.Value, gr.Unit, gr.Count)
	}
	return b.String()
}

// TestGroupsEqualRows: the groups the demo computes with $apply equal the
// groups of every row of the set, computed in the client.
func TestGroupsEqualRows(t *testing.T) {
	c := demoClient(t)
	c.SetDialect(odata.ERPNet)
	ctx := context.Background()
	m, err := c.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	col := func(set, name string) Column {
		cl, err := ColumnOf(m, set, name)
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	const orders = "Crm_Sales_SalesOrders"
	for _, tt := range []struct {
		name, set, filter string
		spec              GroupSpec
	}{
		{"orders by customer, sum", orders, "", GroupSpec{Keys: []Column{col(orders, "Customer")}, Method: Sum, Of: col(orders, "TotalAmount")}},
		{"orders by state and priority, count", orders, "", GroupSpec{Keys: []Column{col(orders, "State"), col(orders, "Priority")}, Method: Count}},
		{"orders by month, max", orders, "State eq 'Closed'", GroupSpec{Keys: []Column{col(orders, "DocumentDate")}, Method: Max, Of: col(orders, "TotalAmount")}},
		{"customers by state, average", "Crm_Sales_Customers", "", GroupSpec{Keys: []Column{col("Crm_Sales_Customers", "State")}, Method: Average, Of: col("Crm_Sales_Customers", "GracePeriodDays")}},
		{"customers by sales person, min", "Crm_Sales_Customers", "Active eq true", GroupSpec{Keys: []Column{col("Crm_Sales_Customers", "SalesPerson")}, Method: Min, Of: col("Crm_Sales_Customers", "CreditLimit")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ComputeGroups(ctx, c, m, tt.set, tt.filter, tt.spec, nil)
			if err != nil {
				t.Fatal(err)
			}
			requests := 1
			if tt.spec.Method == Average {
				requests = 2 // ERP.net has no average: a sum, and the nulls counted
			}
			if got.Sampled || got.Apply == "" || len(got.Requests) != requests {
				t.Fatalf("got sampled %v, $apply %q, %d requests; want the server's groups in %d", got.Sampled, got.Apply, len(got.Requests), requests)
			}
			var rows []odata.Row
			for r, err := range c.All(ctx, odata.Query{Set: tt.set, Filter: tt.filter, Top: 1000}) {
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, r)
			}
			want := GroupRows(tt.set, tt.filter, tt.spec, rows)
			if g, w := groupsEssence(got), groupsEssence(want); g != w {
				t.Errorf("server:\n%.600s\nwant (from %d rows):\n%.600s", g, len(rows), w)
			}
		})
	}
}

// TestGroupClauseOpensTheGroup: the filter of a group (a reference and a
// month) counts as many rows as the group holds.
func TestGroupClauseOpensTheGroup(t *testing.T) {
	c := demoClient(t)
	c.SetDialect(odata.ERPNet)
	ctx := context.Background()
	m, err := c.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const orders = "Crm_Sales_SalesOrders"
	cust, _ := ColumnOf(m, orders, "Customer")
	date, _ := ColumnOf(m, orders, "DocumentDate")
	g, err := ComputeGroups(ctx, c, m, orders, "", GroupSpec{Keys: []Column{cust, date}, Method: Count}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, gr := range g.Groups[:3] {
		clause, err := g.Clause(odata.ERPNet, m, gr)
		if err != nil {
			t.Fatal(err)
		}
		n, err := c.Count(ctx, odata.Query{Set: orders, Filter: clause})
		if err != nil || n != gr.Count {
			t.Errorf("%s: got %d (%v); want %d", clause, n, err, gr.Count)
		}
	}
}

// TestGroupsWithoutApply: a server without $apply gets an enum counted
// one $count per member, and other groups from the rows loaded, said so.
func TestGroupsWithoutApply(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		q := r.URL.Query()
		switch {
		case q.Has("$apply"):
			w.WriteHeader(http.StatusNotImplemented)
			fmt.Fprint(w, `{"error":{"code":"501","message":"no $apply"}}`)
		case strings.HasSuffix(r.URL.Path, "/$count"):
			n := map[string]string{"": "10", "(X eq 1) and (S eq NS.E'A')": "6", "(X eq 1) and (S eq NS.E'B')": "3", "(X eq 1) and (S eq NS.E'C')": "0", "X eq 1": "10"}[q.Get("$filter")]
			if n == "" {
				t.Errorf("unexpected $count filter %q", q.Get("$filter"))
			}
			fmt.Fprint(w, n)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"value":[{"S":"A","N":3},{"S":"B","N":1.5},{"S":"A","N":null}]}`)
		}
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	enum := Column{Name: "S", Type: "NS.E", Members: []string{"A", "B", "C"}}
	g, err := ComputeGroups(context.Background(), c, nil, "Items", "X eq 1", GroupSpec{Keys: []Column{enum}, Method: Count}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsEssence(g); !g.PerMember || got != "rows 10\nA = 6  (6)\nB = 3  (3)\n(null) = 1  (1)\n" {
		t.Errorf("per member: got %v %q; want A 6, B 3 and 1 without a member", g.PerMember, got)
	}
	if n := requests.Load(); n != 5 || len(g.Requests) != 5 {
		t.Errorf("requests: got %d (%d listed); want the $apply, 3 members and the total", n, len(g.Requests))
	}
	p, err := Compute(context.Background(), c, "Items", enum, "X eq 1")
	if err != nil || !p.PerMember || p.Rows != 10 || p.Nulls != 1 || len(p.Values) != 2 || !strings.Contains(p.Note(), "one $count per member") {
		t.Errorf("profile per member: got %+v, %v; want 10 rows, A and B, 1 null", p, err)
	}

	num := Column{Name: "N", Type: "Edm.Double", Kind: Numeric}
	loaded := []odata.Row{odata.RowOf(map[string]any{"S": "A", "N": 2.0}), odata.RowOf(map[string]any{"S": "A", "N": 5.0}), odata.RowOf(map[string]any{"S": "B", "N": 1.0})}
	g, err = ComputeGroups(context.Background(), c, nil, "Items", "", GroupSpec{Keys: []Column{{Name: "S"}}, Method: Sum, Of: num}, loaded)
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsEssence(g); !g.Sampled || got != "rows 3\nA = 7  (2)\nB = 1  (1)\n" || !strings.Contains(g.Note(), "from the 3 rows loaded, not the whole set") {
		t.Errorf("from the rows loaded: got %q, note %q; want A 7, B 1, said plainly", got, g.Note())
	}
	g, err = ComputeGroups(context.Background(), c, nil, "Items", "", GroupSpec{Keys: []Column{{Name: "S"}}, Method: Average, Of: num}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsEssence(g); g.Loaded != 3 || got != "rows 3\nA = 3  (2)\nB = 1.5  (1)\n" {
		t.Errorf("from a page: got %q; want A's average 3 of its one value, B 1.5", got)
	}
}

// TestGroupsSortPerUnit: amounts of different currencies are not compared.
func TestGroupsSortPerUnit(t *testing.T) {
	amt := func(v float64, cur string) map[string]any { return map[string]any{"Value": v, "Currency": cur} }
	rows := []odata.Row{
		odata.RowOf(map[string]any{"C": "x", "A": amt(5, "EUR")}),
		odata.RowOf(map[string]any{"C": "y", "A": amt(900, "JPY")}),
		odata.RowOf(map[string]any{"C": "z", "A": amt(7, "EUR")}),
		odata.RowOf(map[string]any{"C": "x", "A": nil}),
	}
	g := GroupRows("S", "", GroupSpec{Keys: []Column{{Name: "C"}}, Method: Max, Of: Column{Name: "A", Kind: Measure}}, rows)
	if got := groupsEssence(g); got != "rows 4\nz = 7 EUR (1)\nx = 5 EUR (1)\ny = 900 JPY (1)\nx =   (1)\n" {
		t.Errorf("got %q; want EUR (more rows) first, by amount, then JPY, then the null amount", got)
	}
}

// TestNoApplyFromMetadata: a set whose $metadata says it has no $apply
// (Aggregation.ApplySupported, null) is not asked with it.
func TestNoApplyFromMetadata(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
 <edmx:DataServices>
  <Schema Namespace="NS" xmlns="http://docs.oasis-open.org/odata/ns/edm">
   <EntityType Name="Item"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/><Property Name="S" Type="Edm.String"/></EntityType>
   <EntityContainer Name="Svc">
    <EntitySet Name="Items" EntityType="NS.Item">
     <Annotation Term="Org.OData.Aggregation.V1.ApplySupported"><Null/></Annotation>
    </EntitySet>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`
	meta, err := odata.ParseMetadata(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var applied atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("$apply") {
			applied.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"value":[{"S":"a"},{"S":"b"},{"S":"a"}]}`)
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	col, err := ColumnOf(meta, "Items", "S")
	if err != nil {
		t.Fatal(err)
	}
	g, err := ComputeGroups(context.Background(), c, meta, "Items", "", GroupSpec{Keys: []Column{col}, Method: Count}, nil)
	if err != nil || !g.Sampled || groupsEssence(g) != "rows 3\na = 2  (2)\nb = 1  (1)\n" {
		t.Errorf("group-by: got %+v, %v; want a 2, b 1 from the page", g, err)
	}
	p, err := ComputeWith(context.Background(), c, meta, "Items", col, "", nil)
	if err != nil || !p.Sampled || p.Rows != 3 {
		t.Errorf("profile: got %+v, %v; want the 3 rows of the page", p, err)
	}
	if n := applied.Load(); n != 0 {
		t.Errorf("got %d requests with $apply; want none", n)
	}
}

// TestMaxLeavesNullGroupOut: the null group does not set the bars' scale
// while a named group has a value; alone, it does.
func TestMaxLeavesNullGroupOut(t *testing.T) {
	g := &Groups{Groups: []Group{{Keys: []any{nil}, Value: "641"}, {Keys: []any{"Ann"}, Value: "14"}, {Keys: []any{"Bo"}, Value: "7"}}}
	if got := g.Max(""); got == nil || got.RatString() != "14" {
		t.Errorf("Max = %v; want 14, the largest named group", got)
	}
	only := &Groups{Groups: []Group{{Keys: []any{nil}, Value: "641"}}}
	if got := only.Max(""); got == nil || got.RatString() != "641" {
		t.Errorf("Max of the null group alone = %v; want 641", got)
	}
}
