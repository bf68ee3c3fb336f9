package odata

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
)

func TestApplyString(t *testing.T) {
	for _, tt := range []struct {
		a    Apply
		want string
	}{
		{GroupBy([]string{"State"}, Count("Count")), "groupby((State),aggregate($count as Count))"},
		{GroupBy([]string{"State", "Active"}), "groupby((State,Active))"},
		{AggregateAll(Sum("CreditLimit", "S"), Min("X", "Lo"), Max("X", "Hi"), CountDistinct("P", "D")),
			"aggregate(CreditLimit with sum as S,X with min as Lo,X with max as Hi,P with countdistinct as D)"},
		{GroupBy([]string{"Y"}, Count("C")).Where("Active"), "filter(Active)/groupby((Y),aggregate($count as C))"},
		{Apply{Compute: []string{"year(D) as Y"}, GroupBy: []string{"Y"}}, "compute(year(D) as Y)/groupby((Y))"},
	} {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("got %s; want %s", got, tt.want)
		}
	}
}

func TestForDialectAverages(t *testing.T) {
	a := GroupBy([]string{"State"}, Average("Limit", "Avg"), Count("N"))
	if got := a.ForDialect(GenericV4.ApplyLimits()).String(); got != "groupby((State),aggregate(Limit with average as Avg,$count as N))" {
		t.Errorf("generic v4: got %s; want average kept", got)
	}
	erp := a.ForDialect(ERPNet.ApplyLimits()).String()
	if want := "groupby((State),aggregate(Limit with sum as Avg_sum,$count as Avg_count,$count as N))"; erp != want {
		t.Errorf("ERP.net: got %s; want %s", erp, want)
	}
	rows := []Row{
		RowOf(map[string]any{"State": "A", "Avg_sum": json.Number("10"), "Avg_count": json.Number("4"), "N": json.Number("4")}),
		RowOf(map[string]any{"State": "B", "Avg_sum": map[string]any{"Value": "7.5", "Currency": "EUR"}, "Avg_count": json.Number("3")}),
		RowOf(map[string]any{"State": "C", "Avg_sum": nil, "Avg_count": json.Number("0")}),
	}
	Averages(a, rows)
	for i, want := range []string{"2.5", "map[Currency:EUR Value:2.5]", "<nil>"} {
		if got := fmt.Sprint(rows[i].Values["Avg"]); got != want {
			t.Errorf("row %d average: got %s; want %s", i, got, want)
		}
		if _, left := rows[i].Values["Avg_sum"]; left || strings.Contains(strings.Join(rows[i].Keys, ","), "_sum") {
			t.Errorf("row %d: got the parts still there (%v); want them removed", i, rows[i].Keys)
		}
	}
}

func TestSortGroups(t *testing.T) {
	rows := []Row{
		RowOf(map[string]any{"K": "a", "V": json.Number("9")}),
		RowOf(map[string]any{"K": "b", "V": nil}),
		RowOf(map[string]any{"K": "c", "V": "10.5"}),
		RowOf(map[string]any{"K": "d", "V": map[string]any{"Value": "1", "Currency": "EUR"}}),
	}
	SortGroups(rows, "V", true)
	var got []string
	for _, r := range rows {
		got = append(got, r.Values["K"].(string))
	}
	if strings.Join(got, "") != "cadb" {
		t.Errorf("sorted by V desc: got %v; want c a d b (nulls last)", got)
	}
}

func TestApplyUnsupported(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&Error{Status: 400}, true}, {&Error{Status: 501}, true}, {&Error{Status: 404}, false},
		{&Error{Status: 401}, false}, {&Error{Status: 500}, false}, {fmt.Errorf("x: %w", &Error{Status: 405}), true},
		{context.Canceled, false},
	} {
		if got := ApplyUnsupported(tt.err); got != tt.want {
			t.Errorf("%v: got %v; want %v", tt.err, got, tt.want)
		}
	}
}

// TestApplyGeneric checks a generic v4 server: the filter goes into the
// pipeline (where $filter would apply after grouping), and next links are
// followed.
func TestApplyGeneric(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") == "2" {
			fmt.Fprint(w, `{"value":[{"State":"B","Count":2}]}`)
			return
		}
		fmt.Fprintf(w, `{"value":[{"State":"A","Count":5}],"@odata.nextLink":"%s/S?page=2"}`, "http://"+r.Host)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Apply(context.Background(), "S", GroupBy([]string{"State"}, Count("Count")), "Active eq true")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].Values["State"] != "B" {
		t.Errorf("rows: got %v; want A then B from the next page", rows)
	}
	if want := "$apply=filter(Active%20eq%20true)/groupby((State),aggregate($count%20as%20Count))"; seen[0] != want {
		t.Errorf("query: got %s; want %s", seen[0], want)
	}
}

// TestApplyDemo checks the groups the demo answers against /$count.
func TestApplyDemo(t *testing.T) {
	c, _ := demoClient(t, demo.Options{TokenTTL: time.Hour})
	ctx := context.Background()
	const set, filter = "Crm_Sales_Customers", "Active eq true"
	u, err := c.ApplyURL(set, GroupBy([]string{"State"}, Count("Count"), Average("GracePeriodDays", "Avg")), filter)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.RawQuery; !strings.HasPrefix(q, "$filter=Active%20eq%20true&$apply=groupby") || strings.Contains(q, "average") {
		t.Errorf("ERP.net URL: got %s; want $filter first and no average", q)
	}
	rows, err := c.Apply(ctx, set, GroupBy([]string{"State"}, Count("Count"), Average("GracePeriodDays", "Avg")), filter)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, r := range rows {
		state := r.Values["State"].(string)
		n, _ := Number(r.Values["Count"])
		want, err := c.Count(ctx, Query{Set: set, Filter: filter + " and State eq '" + state + "'"})
		if err != nil {
			t.Fatal(err)
		}
		if n.Num().Int64() != want {
			t.Errorf("%s: got %s; want %d", state, n.RatString(), want)
		}
		if _, ok := Number(r.Values["Avg"]); !ok {
			t.Errorf("%s: got average %v; want a number derived from sum and count", state, r.Values["Avg"])
		}
		total += want
	}
	all, _ := c.Count(ctx, Query{Set: set, Filter: filter})
	if total != all {
		t.Errorf("sum of groups: got %d; want %d", total, all)
	}
}

// TestApplyText checks $apply text as written: the filter goes first into
// the pipeline on a generic server, into $filter on ERP.net, and the
// columns come in the order the server sent them.
func TestApplyText(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"value":[{"State":"A","N":5},{"State":"B","N":2,"Extra":1}]}`)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	rows, cols, err := c.ApplyText(context.Background(), "S", "groupby((State),aggregate($count as N))", "X eq 1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(cols, ",") != "State,N,Extra" {
		t.Errorf("got %d rows, columns %v; want 2 rows, State,N,Extra", len(rows), cols)
	}
	if want := "$apply=filter(X%20eq%201)/groupby((State),aggregate($count%20as%20N))"; seen[0] != want {
		t.Errorf("query: got %s; want %s", seen[0], want)
	}
	c.SetDialect(ERPNet)
	q := c.ApplyTextQuery("S", "aggregate($count as N)", "X eq 1")
	if q.Filter != "X eq 1" || q.Params.Get("$apply") != "aggregate($count as N)" {
		t.Errorf("ERP.net: got filter %q, $apply %q; want the filter as $filter", q.Filter, q.Params.Get("$apply"))
	}
	if _, _, err := c.ApplyText(context.Background(), "", "aggregate($count as N)", ""); err == nil {
		t.Error("no set: got no error; want one")
	}
}

// TestApplyQuery checks the query an export pages: the pipeline rewritten
// for the dialect as a parameter, the filter where the dialect wants it.
func TestApplyQuery(t *testing.T) {
	c, err := NewClient("http://example.com/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := GroupBy([]string{"State"}, Average("Limit", "Avg"))
	q := c.ApplyQuery("S", a, "X eq 1")
	if q.Filter != "" || q.Params.Get("$apply") != "filter(X eq 1)/groupby((State),aggregate(Limit with average as Avg))" {
		t.Errorf("generic: got %+v; want the filter in the pipeline", q)
	}
	c.SetDialect(ERPNet)
	q = c.ApplyQuery("S", a, "X eq 1")
	if q.Filter != "X eq 1" || strings.Contains(q.Params.Get("$apply"), "average") {
		t.Errorf("ERP.net: got %+v; want $filter and no average", q)
	}
}
