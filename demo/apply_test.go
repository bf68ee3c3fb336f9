package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"testing"
)

// applyPage fetches Set?$apply=… (plus extra options) and returns the groups.
func applyPage(t *testing.T, set, apply, extra string) []map[string]any {
	t.Helper()
	s, tok := shared(t)
	return getPage(t, s, tok, set+"?$apply="+url.QueryEscape(apply)+extra).Value
}

// allRows fetches every row of a set (no $top: no paging).
func allRows(t *testing.T, set, extra string) []map[string]any {
	t.Helper()
	s, tok := shared(t)
	return getPage(t, s, tok, set+"?"+extra).Value
}

func TestApplyGroupByCount(t *testing.T) {
	want := map[string]int64{}
	for _, r := range allRows(t, setCustomers, "$select=State") {
		want[r["State"].(string)]++
	}
	got := map[string]int64{}
	for _, g := range applyPage(t, setCustomers, "groupby((State),aggregate($count as Count))", "") {
		if ks := strings.Join(keysOf(g), ","); ks != "Count,State" {
			t.Fatalf("group keys: got %s; want Count,State", ks)
		}
		got[g["State"].(string)], _ = g["Count"].(json.Number).Int64()
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("counts per State: got %v; want %v", got, want)
	}
}

func TestApplyGroupByTwoAndFilter(t *testing.T) {
	want := map[string]int{}
	for _, r := range allRows(t, setCustomers, "$select=State,Active&$filter="+url.QueryEscape("State in ('Active','OnHold')")) {
		want[fmt.Sprint(r["State"], r["Active"])]++
	}
	for _, tt := range []struct{ apply, extra string }{
		{"filter(State in ('Active','OnHold'))/groupby((State,Active))", ""},
		{"groupby((State,Active))", "&$filter=" + url.QueryEscape("State in ('Active','OnHold')")},
	} {
		gs := applyPage(t, setCustomers, tt.apply, tt.extra)
		got := map[string]int{}
		for _, g := range gs {
			got[fmt.Sprint(g["State"], g["Active"])]++
		}
		if len(gs) != len(want) || len(got) != len(want) {
			t.Errorf("%s%s: got groups %v; want one per %v", tt.apply, tt.extra, got, want)
		}
	}
}

// TestApplyAmountPerCurrency checks sum/min/max/$count over an Amount, one
// row per currency and one for the null amounts, against the rows themselves.
func TestApplyAmountPerCurrency(t *testing.T) {
	type acc struct {
		n             int64
		sum, min, max *big.Rat
	}
	want := map[string]*acc{}
	for _, r := range allRows(t, setCustomers, "$select=CreditLimit") {
		cur := "<null>"
		var v *big.Rat
		if m, ok := r["CreditLimit"].(map[string]any); ok {
			cur = m["Currency"].(string)
			v, _ = new(big.Rat).SetString(string(m["Value"].(json.Number)))
		}
		a := want[cur]
		if a == nil {
			a = &acc{sum: new(big.Rat)}
			want[cur] = a
		}
		a.n++
		if v != nil {
			a.sum.Add(a.sum, v)
			if a.min == nil || v.Cmp(a.min) < 0 {
				a.min = v
			}
			if a.max == nil || v.Cmp(a.max) > 0 {
				a.max = v
			}
		}
	}
	gs := applyPage(t, setCustomers, "aggregate(CreditLimit with sum as S,$count as C,CreditLimit with min as Lo,CreditLimit with max as Hi)", "")
	if len(gs) != len(want) {
		t.Fatalf("groups: got %d; want %d (one per currency and one for nulls)", len(gs), len(want))
	}
	for _, g := range gs {
		s, ok := g["S"].(map[string]any)
		if !ok {
			if g["S"] != nil || g["Lo"] != nil {
				t.Errorf("null group: got %v; want S and Lo null", g)
			}
			if n, _ := g["C"].(json.Number).Int64(); n != want["<null>"].n {
				t.Errorf("null group count: got %d; want %d", n, want["<null>"].n)
			}
			continue
		}
		cur := s["Currency"].(string)
		w := want[cur]
		for name, wv := range map[string]*big.Rat{"S": w.sum, "Lo": w.min, "Hi": w.max} {
			m := g[name].(map[string]any)
			got, _ := new(big.Rat).SetString(string(m["Value"].(json.Number)))
			if got.Cmp(wv) != 0 || m["Currency"] != cur {
				t.Errorf("%s %s: got %v %v; want %s %s", cur, name, got.FloatString(2), m["Currency"], wv.FloatString(2), cur)
			}
		}
		if n, _ := g["C"].(json.Number).Int64(); n != w.n {
			t.Errorf("%s count: got %d; want %d", cur, n, w.n)
		}
	}
}

func TestApplyComputeAndReference(t *testing.T) {
	years := map[string]int64{}
	for _, r := range allRows(t, setCustomers, "$select=CustomerSince") {
		y := "<nil>"
		if d, ok := r["CustomerSince"].(string); ok {
			y = d[:4]
		}
		years[y]++
	}
	got := map[string]int64{}
	for _, g := range applyPage(t, setCustomers, "compute(year(CustomerSince) as Y)/groupby((Y),aggregate($count as C))", "") {
		n, _ := g["C"].(json.Number).Int64()
		got[fmt.Sprint(map[bool]any{true: "<nil>", false: g["Y"]}[g["Y"] == nil])] = n
	}
	if fmt.Sprint(got) != fmt.Sprint(years) {
		t.Errorf("customers per year: got %v; want %v", got, years)
	}
	gs := applyPage(t, setOrders, "compute(yearmonth(DocumentDate) as M,date(DocumentDate) as D)/groupby((M,D,Customer),aggregate(Customer with countdistinct as N))", "&$top=3&$count=true")
	if len(gs) != 3 {
		t.Fatalf("$top=3: got %d groups; want 3", len(gs))
	}
	for _, g := range gs {
		m := g["M"].(json.Number).String()
		if d := g["D"].(string); len(m) != 6 || d[:4]+d[5:7] != m {
			t.Errorf("yearmonth %s and date %s disagree", m, d)
		}
		if id, _ := g["Customer"].(map[string]any)["Id"].(string); len(id) != 36 {
			t.Errorf("reference key: got %v; want {\"Id\": guid}", g["Customer"])
		}
		if g["N"].(json.Number).String() != "1" {
			t.Errorf("countdistinct of a key: got %v; want 1", g["N"])
		}
	}
}

func TestApplyEmptyAggregate(t *testing.T) {
	gs := applyPage(t, setCustomers, "filter(Number eq 'none')/aggregate($count as C,GracePeriodDays with sum as S)", "")
	if len(gs) != 1 || gs[0]["C"].(json.Number).String() != "0" || gs[0]["S"] != nil {
		t.Errorf("aggregate over no rows: got %v; want one row with C 0 and S null", gs)
	}
	if gs := applyPage(t, setCustomers, "filter(Number eq 'none')/groupby((State))", ""); len(gs) != 0 {
		t.Errorf("groupby over no rows: got %v; want none", gs)
	}
}

func TestApplyRefused(t *testing.T) {
	s, tok := shared(t)
	for _, tt := range []struct{ q, typ, msg string }{
		{"$apply=groupby((State),aggregate(CreditLimit with average as A))", "NotSupportedException", "'average' is not supported"},
		{"$apply=groupby((State))&$orderby=Number", "NotSupportedException", "OData $orderby is not supported together with $apply groupby."},
		{"$apply=groupby((CreditLimit))", "NotSupportedException", "not a dimension"},
		{"$apply=aggregate(Notes with max as M)", "NotSupportedException", "measures"},
		{"$apply=aggregate(CreditLimit/Value with sum as S)", "NotSupportedException", "aggregate CreditLimit itself"},
		{"$apply=groupby((State))/filter(Active)", "NotSupportedException", "last transformation"},
		{"$apply=topcount(3,GracePeriodDays)", "NotSupportedException", "topcount"},
		{"$apply=groupby((Nope))", "ODataException", "Nope"},
		{"$apply=groupby((State))&$select=State", "NotSupportedException", "$select"},
		{"$apply=compute(year(Number) as Y)/groupby((Y))", "ODataException", "date"},
		{"$apply=aggregate($count as State)", "ODataException", "alias"},
	} {
		r := get(t, s, tok, "Crm_Sales_Customers?"+strings.ReplaceAll(tt.q, "$count as", "%24count%20as"), "")
		if r.status != 500 {
			t.Errorf("%s: got %d; want 500", tt.q, r.status)
			continue
		}
		if msg, typ := erpError(t, r); typ != tt.typ || !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: got %s %q; want %s containing %q", tt.q, typ, msg, tt.typ, tt.msg)
		}
	}
}

// FuzzApply checks that no $apply crashes the parser or the evaluator, and
// that every failure is a clean ERP error.
func FuzzApply(f *testing.F) {
	for _, seed := range []string{
		"groupby((State),aggregate($count as Count))", "aggregate(CreditLimit with sum as S,$count as C)",
		"filter(Active)/compute(yearmonth(CreationTime) as M)/groupby((M,Party),aggregate(GracePeriodDays with max as X))",
		"groupby((Id))", "compute(date(CustomerSince) as D)/groupby((D))", "aggregate(DiscountPercent with min as m, ExternalRef with sum as s)",
	} {
		f.Add(seed)
	}
	set := demoData().byName[setCustomers]
	f.Fuzz(func(t *testing.T, in string) {
		pl, err := parseApply(set, in)
		if err == nil {
			pl.respond("/", &query{set: set, top: 5, hasTop: true}, set.rows[:200], false)
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.msg == "" {
			t.Fatalf("apply %q: got %v; want an ERP error with a message", in, err)
		}
	})
}
