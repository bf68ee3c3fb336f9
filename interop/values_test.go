//go:build interop

package interop

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// TestAllRowsWithRenewal walks every customer through odata.Client.All with
// $top above CAP's page size, while tokens live 2 s: every row comes once, every
// Int64 and Decimal keeps its digits, and the source renews its token on the way.
func TestAllRowsWithRenewal(t *testing.T) {
	c, src := newClient(t)
	q := odata.Query{Set: "Crm_Sales_Customers", OrderBy: []string{"Number"}, Top: 150}
	seen := make(map[string]bool, customers)
	i := 0
	for row, err := range c.All(ctx(t), q) {
		if err != nil {
			t.Fatalf("All after %d rows: %v", i, err)
		}
		i++
		id := str(row.Values["Id"])
		if seen[id] {
			t.Errorf("row %s came twice", id)
		}
		seen[id] = true
		if id != customerID(i) {
			t.Fatalf("row %d Id = %s; want %s", i, id, customerID(i))
		}
		for name, want := range map[string]string{
			"BigNumber":   bigNumber(i),
			"CreditLimit": creditLimit(i),
			"Name":        customerName(i),
		} {
			if got := str(row.Values[name]); got != want {
				t.Errorf("row %d %s = %s; want %s", i, name, got, want)
			}
		}
		if i%500 == 0 {
			// Let the token expire now and then, as a slow reader would.
			waitTokenExpiry(t, src)
		}
	}
	if len(seen) != customers {
		t.Errorf("rows = %d; want %d", len(seen), customers)
	}
	st := src.Stats()
	if st.TokensFetched < 2 {
		t.Errorf("tokens fetched = %d; want ≥ 2 over a walk outliving several tokens", st.TokensFetched)
	}
	t.Logf("tokens fetched %d, re-authentications %d, replays %d", st.TokensFetched, st.Reauthentications, st.Replays)
}

// TestWireNumbers records how CAP puts Int64 and Decimal on the wire, and
// checks that odx's writers give back exactly those digits.
func TestWireNumbers(t *testing.T) {
	c, src := newClient(t)
	url := srv.ServiceRoot + "Crm_Sales_Customers?$top=3&$select=BigNumber,CreditLimit&$orderby=Number"
	for _, accept := range []string{"application/json", "application/json;IEEE754Compatible=true"} {
		status, h, body := rawGet(t, src, url, map[string][]string{"Accept": {accept}})
		if status != 200 {
			t.Fatalf("Accept %s: status %d", accept, status)
		}
		var doc struct {
			Value []map[string]json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		// CAP 10 sends both as strings whatever the Accept header says.
		if got, want := string(doc.Value[0]["BigNumber"]), `"`+bigNumber(1)+`"`; got != want {
			t.Errorf("Accept %s: BigNumber on the wire = %s; want %s", accept, got, want)
		}
		if got, want := string(doc.Value[0]["CreditLimit"]), `"`+creditLimit(1)+`"`; got != want {
			t.Errorf("Accept %s: CreditLimit on the wire = %s; want %s", accept, got, want)
		}
		t.Logf("Accept %s → Content-Type %s", accept, h.Get("Content-Type"))
	}

	p, err := c.Page(ctx(t), odata.Query{Set: "Crm_Sales_Customers", Select: []string{"BigNumber", "CreditLimit"}, OrderBy: []string{"Number"}, Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := odata.NewNDJSONWriter(&buf)
	for _, r := range p.Rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for i, line := range lines {
		// CAP adds the key to every $select, after the properties asked for.
		want := `{"BigNumber":"` + bigNumber(i+1) + `","CreditLimit":"` + creditLimit(i+1) + `","Id":"` + customerID(i+1) + `"}`
		if line != want {
			t.Errorf("ndjson line %d = %s; want %s", i+1, line, want)
		}
	}
}
