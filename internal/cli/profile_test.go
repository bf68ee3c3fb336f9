package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestProfileCommand(t *testing.T) {
	out, _ := odxDemo(t, "profile", "Crm_Sales_Customers", "State")
	for _, want := range []string{
		"Crm_Sales_Customers · State (Erp.Crm_Sales_CustomerState, categorical)",
		"2,600 rows · 0 null · 4 distinct",
		"computed by the server with $apply over the whole set",
		"VALUE    COUNT   SHARE",
		"Active   1,733   66.7%  ####",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("odx profile … State lacks %q:\n%s", want, out)
		}
	}

	out, _ = odxDemo(t, "profile", "Crm_Sales_Customers", "SalesPerson", "--width", "100")
	if lines := strings.Split(out, "\n"); len(lines) < 7 || strings.Count(lines[6], "-") >= 4 {
		t.Errorf("odx profile … SalesPerson: got %q; want the sales people by name, not by key", lines)
	}

	js, _ := odxDemo(t, "profile", "Crm_Sales_Customers", "CreditLimit", "--filter", "State eq 'Active'", "-o", "json")
	var p struct {
		Rows, Nulls int64
		Stats       []struct {
			Unit  string
			Count int64
			Sum   string
		}
	}
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatalf("-o json: %v\n%s", err, js)
	}
	n := p.Nulls
	for _, st := range p.Stats {
		n += st.Count
		if st.Unit == "" || st.Sum == "" {
			t.Errorf("-o json: got statistics %+v; want a currency and a sum", st)
		}
	}
	if p.Rows != 1733 || n != p.Rows || len(p.Stats) < 2 {
		t.Errorf("-o json: got %d rows, %d counted over %d currencies; want 1733 of the active customers, each counted once", p.Rows, n, len(p.Stats))
	}

	csv, _ := odxDemo(t, "profile", "Crm_Sales_Customers", "GracePeriodDays", "-o", "csv")
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); lines[0] != "low,high,count,share" || len(lines) != 11 {
		t.Errorf("-o csv: got %q; want a header and 10 buckets", lines)
	}
}

func TestProfileUsage(t *testing.T) {
	for _, args := range [][]string{
		{"profile", "Crm_Sales_Customers", "--demo"},
		{"profile", "Crm_Sales_Customers", "Nope", "--demo"},
		{"profile", "Crm_Sales_Customers", "Name", "--demo"},
		{"profile", "Crm_Sales_Customers", "State", "-o", "xml", "--demo"},
	} {
		code, _, errb := odx(t, args...)
		if code != exitUsage || !strings.HasPrefix(errb, "odx: ") {
			t.Errorf("odx %s: got exit %d, stderr %q; want %d and one line", strings.Join(args, " "), code, errb, exitUsage)
		}
	}
}
