package profile

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
)

// demoClient starts the demo instance and returns a client with a token.
func demoClient(t *testing.T) *odata.Client {
	t.Helper()
	s := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	t.Cleanup(s.Close)
	cc := clientcredentials.Config{ClientID: s.ClientID(), ClientSecret: s.ClientSecret(),
		TokenURL: s.URL + "/id/connect/token", AuthStyle: oauth2.AuthStyleInParams, Scopes: []string{"read"}}
	hc := &http.Client{Transport: &oauth2.Transport{Source: cc.TokenSource(context.Background()), Base: http.DefaultTransport}}
	c, err := odata.NewClient(s.URL+"/api/domain/odata/", hc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// essence is what the server and the rows must agree on.
func essence(p *Profile) string {
	var vals []string
	for _, v := range p.Values {
		vals = append(vals, fmt.Sprintf("%s=%d", v.Value, v.Count))
	}
	st, _ := json.Marshal(p.Stats)
	hist, _ := json.Marshal(p.Hist)
	return fmt.Sprintf("rows %d nulls %d distinct %d others %d\nvalues %v\nstats %s\nhist %s", p.Rows, p.Nulls, p.Distinct, p.Others, vals, st, hist)
}

// TestComputeEqualsRows: the profile the server computes with $apply equals
// the profile of every row of the set, for each kind of column.
func TestComputeEqualsRows(t *testing.T) {
	c := demoClient(t)
	ctx := context.Background()
	m, err := c.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ set, col, filter string }{
		{"Crm_Sales_Customers", "State", ""},
		{"Crm_Sales_Customers", "Active", "State eq 'Active'"},
		{"Crm_Sales_Customers", "SalesPerson", ""},
		{"Crm_Sales_Customers", "CreditLimit", ""},
		{"Crm_Sales_Customers", "GracePeriodDays", ""},
		{"Crm_Sales_Customers", "DiscountPercent", "Active eq true"},
		{"Crm_Sales_Customers", "CustomerSince", ""},
		{"Crm_Sales_Customers", "CreationTime", ""},
		{"General_Products_Products", "GrossWeight", ""},
		{"Crm_Sales_SalesOrderLines", "Quantity", ""},
	} {
		t.Run(tt.col, func(t *testing.T) {
			col, err := ColumnOf(m, tt.set, tt.col)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Compute(ctx, c, tt.set, col, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got.Sampled {
				t.Fatalf("got a sampled profile; want the server's")
			}
			var rows []odata.Row
			for r, err := range c.All(ctx, odata.Query{Set: tt.set, Filter: tt.filter, Select: []string{tt.col}, Top: 1000}) {
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, r)
			}
			want := FromRows(tt.set, col, tt.filter, rows)
			if g, w := essence(got), essence(want); g != w {
				t.Errorf("server:\n%s\nwant (from %d rows):\n%s", g, len(rows), w)
			}
		})
	}
}

// TestFallbackWithoutApply: a server that answers $apply with 400 gets a
// profile of the first page, which says so.
func TestFallbackWithoutApply(t *testing.T) {
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Has("$apply") {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"code":"","message":"The query parameter '$apply' is not supported."}}`)
			return
		}
		fmt.Fprint(w, `{"value":[{"S":"a","N":3},{"S":"b","N":1.5},{"S":"a","N":null},{"S":null,"N":7}]}`)
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compute(context.Background(), c, "Items", Column{Name: "S", Type: "Edm.String"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Sampled || p.Loaded != 4 || !strings.Contains(p.Note(), "from the 4 rows loaded, not the whole set") {
		t.Errorf("got sampled %v, loaded %d, note %q; want the 4 rows said plainly", p.Sampled, p.Loaded, p.Note())
	}
	if got := essence(p); !strings.HasPrefix(got, "rows 4 nulls 1 distinct 2 others 0\nvalues [a=2 b=1]") {
		t.Errorf("got %s; want a=2 b=1 and one null", got)
	}
	if len(queries) != 2 || !strings.Contains(queries[0], "$apply=") || !strings.Contains(queries[1], "$select=S") {
		t.Errorf("requests: got %q; want the $apply, then one page", queries)
	}
	queries = nil
	loaded := []odata.Row{odata.RowOf(map[string]any{"S": "z"})}
	p, err = ComputeWith(context.Background(), c, nil, "Items", Column{Name: "S", Type: "Edm.String"}, "", loaded)
	if err != nil || p.Loaded != 1 || len(queries) != 1 || p.Values[0].Value != "z" {
		t.Errorf("with rows loaded: got %+v, %v after %q; want the loaded row's profile and no page fetched", p, err, queries)
	}
	p, err = Compute(context.Background(), c, "Items", Column{Name: "N", Type: "Edm.Double", Kind: Numeric}, "")
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Stats[0]; p.Nulls != 1 || st.Min != "1.5" || st.Max != "7" || st.Sum != "11.5" || st.Avg != "3.833333" {
		t.Errorf("numbers from rows: got nulls %d %+v; want 1 null, min 1.5, max 7, sum 11.5, average 3.833333", p.Nulls, st)
	}
}

func TestLines(t *testing.T) {
	p := &Profile{Set: "S", Column: "State", Type: "NS.State", Kind: "categorical", Rows: 10, Nulls: 1, Distinct: 23,
		Values: []Value{{Value: "Active", Count: 6}, {Value: "Closed", Count: 1}}, Others: 2}
	want := []string{
		"S · State (NS.State, categorical)",
		"10 rows · 1 null · 23 distinct",
		"computed by the server with $apply over the whole set",
		"",
		"VALUE        COUNT   SHARE",
		"Active           6   60.0%  ################################", // 60 cells wide
		"Closed           1   10.0%  #####",
		"(21 others)      2   20.0%  ###########",
		"(null)           1   10.0%  #####",
	}
	got := p.Lines(Style{Width: 60, Plain: true})
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m := &Profile{Set: "S", Column: "Limit", Type: "Erp.Amount", Kind: "measure", Rows: 3,
		Stats: []Stats{{Unit: "EUR", Count: 3, Min: "1", Max: "1000.5", Sum: "1001.5", Avg: "333.833333"}}}
	if got := strings.Join(m.Lines(Style{}), "\n"); !strings.Contains(got, "EUR       3  1.00  1,000.50  1,001.50   333.83") {
		t.Errorf("amount statistics: got\n%s\nwant cents and grouped thousands", got)
	}
}

func TestHistogramBounds(t *testing.T) {
	vals := []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	p := FromRows("S", Column{Name: "N", Type: "Edm.Int32", Kind: Numeric}, "", rowsOf("N", vals))
	var got []string
	var n int64
	for _, b := range p.Hist {
		got = append(got, b.Low+"-"+b.High)
		n += b.Count
	}
	if strings.Join(got, " ") != "0-2 3-4 5-6 7-8 9-10 11-11" || n != 12 {
		t.Errorf("buckets of 0..11: got %v (%d values); want 0-2 3-4 5-6 7-8 9-10 11-11 holding 12", got, n)
	}
	one := FromRows("S", Column{Name: "N", Type: "Edm.Int32", Kind: Numeric}, "", rowsOf("N", []int64{5, 5}))
	if len(one.Hist) != 1 || one.Hist[0].Count != 2 {
		t.Errorf("one value: got %+v; want one bucket of 2", one.Hist)
	}
}

func rowsOf(col string, vals []int64) []odata.Row {
	var rows []odata.Row
	for _, v := range vals {
		rows = append(rows, odata.RowOf(map[string]any{col: json.Number(fmt.Sprint(v))}))
	}
	return rows
}

// TestBarsScaleToValues: "(N others)" and "(null)" do not set the bars'
// scale: the largest value fills the width, and a larger others or null
// bar is cut there, ending in › (> with plain bars).
func TestBarsScaleToValues(t *testing.T) {
	bars := []bar{{label: "A", n: 14}, {label: "B", n: 7}, {label: "(300 others)", n: 1900, aside: true}, {label: "(null)", n: 3, aside: true}}
	for _, plain := range []bool{false, true} {
		ch, more := "█", "›"
		if plain {
			ch, more = "#", ">"
		}
		lines := drawBars("VALUE", append([]bar(nil), bars...), 1924, Style{Width: 60, Plain: plain})
		width := func(i int) int { return strings.Count(lines[i], ch) }
		if a, b := width(1), width(2); a < 20 || b != (a+1)/2 && b != a/2 {
			t.Errorf("plain %v: A %d cells, B %d; want A the full room and B half of it:\n%s", plain, a, b, strings.Join(lines, "\n"))
		}
		if others := lines[3]; !strings.HasSuffix(others, more) || strings.Count(others, ch) != width(1)-1 {
			t.Errorf("plain %v: others %q; want cut at the full width (%d cells) ending in %s", plain, others, width(1), more)
		}
		if null, want := lines[4], (3*width(1)+7)/14; strings.Count(null, ch) != want {
			t.Errorf("plain %v: null %q; want 3 of 14's scale (%d cells of %d)", plain, null, want, width(1))
		}
	}
}
