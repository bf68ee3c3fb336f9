//go:build interop

package interop

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// odx profile against CAP's own $apply answers: the counts per value and the
// totals odx shows are the server's.

type profileOut struct {
	Kind     string `json:"kind"`
	Rows     int64  `json:"rows"`
	Nulls    int64  `json:"nulls"`
	Distinct int64  `json:"distinct"`
	Values   []struct {
		Raw   any   `json:"raw"`
		Count int64 `json:"count"`
	} `json:"values"`
	Stats []struct {
		Count         int64
		Min, Max, Sum string
	} `json:"stats"`
}

func profileOf(t *testing.T, set, column string) profileOut {
	t.Helper()
	out, errOut, code := odx(t, srv.ClientSecret, "profile", set, column, "-o", "json")
	if code != 0 {
		t.Fatalf("odx profile %s %s: exit %d, stderr %q", set, column, code, errOut)
	}
	var p profileOut
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("odx profile -o json: %v\n%s", err, out)
	}
	return p
}

// applyRows asks CAP for set?$apply=apply and returns its rows.
func applyRows(t *testing.T, set, apply string) []map[string]any {
	t.Helper()
	_, src := newClient(t)
	code, _, body := rawGet(t, src, srv.ServiceRoot+set+"?$apply="+url.PathEscape(apply), nil)
	if code != 200 {
		t.Fatalf("CAP $apply=%s: HTTP %d: %s", apply, code, body)
	}
	var res struct{ Value []map[string]any }
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	if err := d.Decode(&res); err != nil {
		t.Fatalf("CAP $apply answer: %v", err)
	}
	return res.Value
}

func TestProfileCountsAreCAPs(t *testing.T) {
	p := profileOf(t, "Crm_Sales_SalesOrders", "Customer_Id")
	groups := applyRows(t, "Crm_Sales_SalesOrders", "groupby((Customer_Id),aggregate($count as n))")
	want := map[string]string{}
	for _, g := range groups {
		want[g["Customer_Id"].(string)] = string(g["n"].(json.Number))
	}
	if p.Kind != "categorical" || p.Rows != orders || p.Nulls != 0 || p.Distinct != int64(len(want)) {
		t.Errorf("profile: kind %s, %d rows, %d nulls, %d distinct; want categorical, %d, 0, %d", p.Kind, p.Rows, p.Nulls, p.Distinct, orders, len(want))
	}
	if len(p.Values) == 0 {
		t.Fatal("the profile lists no values")
	}
	for _, v := range p.Values {
		id, _ := v.Raw.(string)
		if got, ok := want[id]; !ok || got != jsonInt(v.Count) {
			t.Errorf("value %q: odx counts %d; CAP's groupby says %q", id, v.Count, got)
		}
	}
}

func TestProfileTotalsAreCAPs(t *testing.T) {
	p := profileOf(t, "Crm_Sales_SalesOrders", "Total")
	agg := applyRows(t, "Crm_Sales_SalesOrders", "aggregate(Total with sum as s,Total with min as lo,Total with max as hi)")
	if len(agg) != 1 || len(p.Stats) != 1 {
		t.Fatalf("CAP aggregate rows %d, odx stats %d; want 1 and 1", len(agg), len(p.Stats))
	}
	st, a := p.Stats[0], agg[0]
	for _, c := range []struct{ name, got, want string }{
		{"sum", st.Sum, string(a["s"].(json.Number))},
		{"min", st.Min, string(a["lo"].(json.Number))},
		{"max", st.Max, string(a["hi"].(json.Number))},
	} {
		if c.got != c.want {
			t.Errorf("%s of Total: odx %q; CAP %q", c.name, c.got, c.want)
		}
	}
	if st.Count != orders {
		t.Errorf("count = %d; want %d", st.Count, orders)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
