//go:build interop

package interop

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"
)

// The CAP service again, as OData v2 through SAP's community adapter
// (@cap-js-community/odata-v2-adapter): d.results, __count as a string,
// __metadata with links to another origin (localhost, not 127.0.0.1),
// __deferred navigation, /Date(ms)/ values and v2 literals.

// orderDate is the DocumentDate of order i (server/data.mjs), as odx prints
// a v2 Edm.DateTime: RFC 3339 in UTC.
func orderDate(i int) string {
	return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format(time.RFC3339)
}

// orderTotal is the Total of order i: i·123456789 mod 10^12, four decimals.
func orderTotal(i int) string {
	n := new(big.Int).Mul(big.NewInt(int64(i)), big.NewInt(123456789))
	n.Mod(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(12), nil))
	return decimal4(n.Int64())
}

// orderNo is the number i of a line "Id" of an order ("…-000000000059" → 59).
func orderNo(t *testing.T, id string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(id[strings.LastIndexByte(id, '-')+1:], "%d", &n); err != nil {
		t.Fatalf("order Id %q: %v", id, err)
	}
	return n
}

func TestV2Sets(t *testing.T) {
	out, errOut, code := odxAt(t, srv.ServiceRootV2, srv.ClientSecret, "sets")
	if code != 0 {
		t.Fatalf("odx sets (v2): exit %d, stderr %q", code, errOut)
	}
	if got := strings.Join(strings.Fields(out), " "); got != "Crm_Sales_Customers Crm_Sales_SalesOrders" {
		t.Errorf("odx sets (v2) = %q; want the two entity sets", out)
	}
}

// TestV2GetAll: every order once, its date read as a date (not /Date(…)/),
// decimals exact, and the count from v2's $inlinecount (a string).
func TestV2GetAll(t *testing.T) {
	out, errOut, code := odxAt(t, srv.ServiceRootV2, srv.ClientSecret, "get", "Crm_Sales_SalesOrders", "--all",
		"-o", "ndjson", "--count")
	if code != 0 {
		t.Fatalf("odx get --all (v2): exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut, fmt.Sprint(orders)) {
		t.Errorf("stderr = %q; want the count %d", errOut, orders)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != orders {
		t.Fatalf("lines = %d; want %d", len(lines), orders)
	}
	seen := map[int]bool{}
	for k, line := range lines {
		var row struct {
			Id, DocumentDate, Total string
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("line %d: %v: %s", k+1, err, line)
		}
		i := orderNo(t, row.Id)
		if seen[i] {
			t.Errorf("line %d: order %d came twice", k+1, i)
		}
		seen[i] = true
		if row.DocumentDate != orderDate(i) {
			t.Errorf("order %d DocumentDate = %q; want %q", i, row.DocumentDate, orderDate(i))
		}
		if row.Total != orderTotal(i) {
			t.Errorf("order %d Total = %q; want %q", i, row.Total, orderTotal(i))
		}
	}
}

// TestV2FilterByDate: a filter with a v2 datetime literal selects what the
// data says it should.
func TestV2FilterByDate(t *testing.T) {
	out, errOut, code := odxAt(t, srv.ServiceRootV2, srv.ClientSecret, "get", "Crm_Sales_SalesOrders", "--all",
		"-o", "ndjson", "--select", "Id,DocumentDate", "--filter", "DocumentDate ge datetime'2025-03-01T00:00:00'")
	if code != 0 {
		t.Fatalf("odx get --filter datetime'…' (v2): exit %d, stderr %q", code, errOut)
	}
	want := 0
	for i := 1; i <= orders; i++ {
		if orderDate(i) >= "2025-03-01" {
			want++
		}
	}
	if got := strings.Count(out, "\n"); got != want {
		t.Errorf("rows on or after 1 March = %d; want %d", got, want)
	}
}
