package demo

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	s, tok := shared(t)
	p := getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=20&$select=DocumentNo&$expand=Customer($select=Number,Name),Lines")
	for _, r := range p.Value {
		c := r["Customer"].(map[string]any)
		if ks := strings.Join(keysOf(c), ","); ks != "@odata.id,Name,Number" {
			t.Fatalf("expanded Customer($select=Number,Name): got keys %s; want @odata.id,Name,Number", ks)
		}
		lines := r["Lines"].([]any)
		if len(lines) < 1 || len(lines) > 5 {
			t.Errorf("order %v has %d lines; want 1–5", r["DocumentNo"], len(lines))
		}
		for _, l := range lines {
			l := l.(map[string]any)
			q := l["Quantity"].(map[string]any)
			if _, ok := q["Unit"].(string); !ok || q["Value"] == nil {
				t.Errorf("line Quantity: got %v; want {Value, Unit}", q)
			}
			if ref := l["Product"].(map[string]any)["@odata.id"].(string); !strings.HasPrefix(ref, "General_Products_Products(") {
				t.Errorf("line Product: got %s; want a General_Products_Products reference", ref)
			}
			if l["SalesOrder"].(map[string]any)["@odata.id"] != r["@odata.id"] {
				t.Errorf("line SalesOrder %v does not point back to %v", l["SalesOrder"], r["@odata.id"])
			}
		}
	}

	p = getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=50&$select=DocumentNo&$expand=Lines($select=LineNo;$top=1;$count=true;$orderby=LineNo desc)")
	for _, r := range p.Value {
		lines := r["Lines"].([]any)
		n, _ := r["Lines@odata.count"].(json.Number).Int64()
		if len(lines) != 1 || n < 1 || n > 5 {
			t.Fatalf("Lines($top=1;$count=true): got %d lines, count %d; want 1 line and a count of 1–5", len(lines), n)
		}
		l := lines[0].(map[string]any)
		if ks := strings.Join(keysOf(l), ","); ks != "@odata.id,LineNo" {
			t.Errorf("Lines($select=LineNo): got keys %s", ks)
		}
		if got, _ := l["LineNo"].(json.Number).Int64(); got != 10*n {
			t.Errorf("Lines($orderby=LineNo desc;$top=1): got LineNo %d; want %d", got, 10*n)
		}
	}

	p = getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=3&$select=DocumentNo&$expand=Lines($filter=LineNo eq 10;$expand=Product($select=PartNumber,Name))")
	for _, r := range p.Value {
		lines := r["Lines"].([]any)
		if len(lines) != 1 {
			t.Fatalf("Lines($filter=LineNo eq 10): got %d lines; want 1", len(lines))
		}
		prod := lines[0].(map[string]any)["Product"].(map[string]any)
		if pn, _ := prod["PartNumber"].(string); !strings.HasPrefix(pn, "PN-") || prod["Name"] == nil {
			t.Errorf("nested expand Product: got %v; want PartNumber and Name", prod)
		}
	}

	for _, bad := range []string{"Customer($top=1)", "Number", "Customer,Customer", "Lines($select=Nope)", "Lines($top=1", "Lines(top=1)", "Customer/Party"} {
		r := get(t, s, tok, "Crm_Sales_SalesOrders?$top=1&$expand="+bad, "")
		if r.status != 500 {
			t.Errorf("$expand=%s: got %d; want 500", bad, r.status)
			continue
		}
		erpError(t, r)
	}
}

func TestCount(t *testing.T) {
	s, tok := shared(t)
	r := get(t, s, tok, "Crm_Sales_Customers?$top=1&$count=true", "")
	if !strings.Contains(string(r.body), `"@odata.count":2600,`) {
		t.Errorf("$count=true: body lacks \"@odata.count\":2600 (a number): %.200s", r.body)
	}
	r = get(t, s, tok, "Crm_Sales_Customers?$top=1&$count=true", "application/json;odata.metadata=minimal;IEEE754Compatible=true")
	if !strings.Contains(string(r.body), `"@odata.count":"2600",`) {
		t.Errorf("$count=true with IEEE754Compatible: body lacks \"@odata.count\":\"2600\": %.200s", r.body)
	}
	r = get(t, s, tok, "Crm_Sales_Customers/$count", "")
	if string(r.body) != "2600" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Errorf("/$count: got %q (%s); want 2600 text/plain", r.body, r.header.Get("Content-Type"))
	}
	p := getPage(t, s, tok, "Crm_Sales_Customers?$top=5&$count=true&$filter=State eq 'Blocked'")
	if want := count(t, s, tok, setCustomers, "State eq 'Blocked'"); p.Count.String() != itoa(want) {
		t.Errorf("@odata.count with $filter: got %s; want %d", p.Count, want)
	}
	if r := get(t, s, tok, "Crm_Sales_Customers?$count=yes", ""); r.status != 500 {
		t.Errorf("$count=yes: got %d; want 500", r.status)
	}
	for set, want := range map[string]string{setOrders: "10000", setCurrencies: "30"} {
		if r := get(t, s, tok, set+"/$count", ""); string(r.body) != want {
			t.Errorf("%s/$count: got %s; want %s", set, r.body, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestTopSkipSkiptoken(t *testing.T) {
	s, tok := shared(t)
	all := getPage(t, s, tok, "Crm_Sales_Customers?$select=Id")
	if len(all.Value) != nCustomers || all.NextLink != "" {
		t.Fatalf("no $top: got %d rows, nextLink %q; want all %d rows and no nextLink", len(all.Value), all.NextLink, nCustomers)
	}
	for k := 1; k < len(all.Value); k++ {
		if all.Value[k-1]["Id"].(string) >= all.Value[k]["Id"].(string) {
			t.Fatalf("rows without $orderby are not in Id order at %d", k)
		}
	}
	tests := []struct {
		path     string
		first    int // index in all of the first row
		n        int
		nextLink bool
	}{
		{"$top=5", 0, 5, true},
		{"$top=0", 0, 0, false},
		{"$skip=2598", 2598, 2, false},
		{"$top=3&$skip=10", 10, 3, true},
		{"$top=3&$skiptoken=" + all.Value[5]["Id"].(string), 6, 3, true},
		{"$top=3&$skiptoken=" + strings.ToUpper(all.Value[5]["Id"].(string)) + "&$skip=2", 8, 3, true},
		{"$top=10&$skip=2595", 2595, 5, false},
	}
	for _, tt := range tests {
		p := getPage(t, s, tok, "Crm_Sales_Customers?$select=Id&"+tt.path)
		if len(p.Value) != tt.n || (p.NextLink != "") != tt.nextLink {
			t.Errorf("%s: got %d rows, nextLink %v; want %d, %v", tt.path, len(p.Value), p.NextLink != "", tt.n, tt.nextLink)
			continue
		}
		if tt.n > 0 && p.Value[0]["Id"] != all.Value[tt.first]["Id"] {
			t.Errorf("%s: first row is not row %d of the set", tt.path, tt.first)
		}
	}
	ordered := getPage(t, s, tok, "Crm_Sales_Customers?$select=Number&$orderby=Number&$top=5&$skip=10")
	if ordered.Value[0]["Number"] != "C-000011" {
		t.Errorf("$orderby=Number&$skip=10: got %v; want C-000011", ordered.Value[0]["Number"])
	}
	for _, bad := range []string{"$top=-1", "$top=x", "$skip=-5", "$skiptoken=abc", "$orderby=Number&$skiptoken=" + all.Value[0]["Id"].(string), "$top=1&$top=2"} {
		if r := get(t, s, tok, "Crm_Sales_Customers?"+bad, ""); r.status != 500 {
			t.Errorf("%s: got %d; want 500", bad, r.status)
		} else {
			erpError(t, r)
		}
	}
}

func TestSearch(t *testing.T) {
	s, tok := shared(t)
	p := getPage(t, s, tok, `Crm_Sales_Customers?$search="C-00004"&$select=Number`)
	if len(p.Value) != 10 {
		t.Errorf(`$search="C-00004": got %d rows; want 10 (C-000040…C-000049)`, len(p.Value))
	}
	p = getPage(t, s, tok, "Crm_Sales_Customers?$search=долина&$select=Name")
	for _, r := range p.Value {
		if !mlContains(r["Name"], "долина") {
			t.Fatalf("$search=долина returned %v", r["Name"])
		}
	}
	if len(p.Value) == 0 {
		t.Errorf("$search=долина: got no rows; want some")
	}
}

func TestIEEE754Compatible(t *testing.T) {
	s, tok := shared(t)
	path := "Crm_Sales_Customers?$filter=ExternalRef eq 9007199254740993&$select=ExternalRef,DiscountPercent,CreditLimit,GracePeriodDays,Number"
	plain := get(t, s, tok, path, "application/json")
	ieee := get(t, s, tok, path, "application/json;odata.metadata=minimal;IEEE754Compatible=true")
	if got := plain.header.Get("Content-Type"); got != contentType(false) {
		t.Errorf("Content-Type: got %q; want %q", got, contentType(false))
	}
	if got := ieee.header.Get("Content-Type"); got != "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=true;charset=utf-8" {
		t.Errorf("Content-Type with IEEE754Compatible=true: got %q", got)
	}
	if !strings.Contains(string(plain.body), `"ExternalRef":9007199254740993,`) {
		t.Errorf("plain: ExternalRef is not the exact JSON number: %s", plain.body)
	}
	var row struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal(ieee.body, &row); err != nil || len(row.Value) != 1 {
		t.Fatalf("IEEE754 body: %v %s", err, ieee.body)
	}
	v := row.Value[0]
	if v["ExternalRef"] != "9007199254740993" {
		t.Errorf("Int64 under IEEE754Compatible: got %#v; want the string \"9007199254740993\"", v["ExternalRef"])
	}
	if _, ok := v["DiscountPercent"].(string); !ok && v["DiscountPercent"] != nil {
		t.Errorf("Decimal under IEEE754Compatible: got %#v; want a string", v["DiscountPercent"])
	}
	if cl, ok := v["CreditLimit"].(map[string]any); ok {
		if _, ok := cl["Value"].(string); !ok {
			t.Errorf("Amount.Value under IEEE754Compatible: got %#v; want a string", cl["Value"])
		}
	}
	if g := v["GracePeriodDays"]; g != nil {
		if _, ok := g.(float64); !ok {
			t.Errorf("Int32 under IEEE754Compatible: got %#v; want a number", g)
		}
	}
	if r := get(t, s, tok, "Crm_Sales_Customers?$top=1&$format=application/json;IEEE754Compatible=true", ""); r.header.Get("Content-Type") != contentType(true) {
		t.Errorf("$format with IEEE754Compatible=true: got Content-Type %q", r.header.Get("Content-Type"))
	}
}

func TestParameters(t *testing.T) {
	s, tok := shared(t)
	if r := get(t, s, tok, "Crm_Sales_Customers?$top=1&IEEE754Compatible=true&foo=bar&CurrentRoleId=x", ""); r.status != 200 {
		t.Errorf("non-$ parameters: got %d; want 200 (ignored)", r.status)
	}
	p := getPage(t, s, tok, "Crm_Sales_Customers?$top=50&options=skipnulls")
	for _, r := range p.Value {
		for k, v := range r {
			if v == nil {
				t.Fatalf("options=skipnulls: %s is null; want it left out", k)
			}
		}
	}
	for _, tt := range []struct{ q, typ string }{
		{"$bogus=1", "ODataException"},
		{"$apply=aggregate(CreditLimit with average as A)", "NotSupportedException"},
		{"$format=xml", "NotSupportedException"},
	} {
		r := get(t, s, tok, "Crm_Sales_Customers?"+tt.q, "")
		if r.status != 500 {
			t.Errorf("%s: got %d; want 500", tt.q, r.status)
			continue
		}
		if _, typ := erpError(t, r); typ != tt.typ {
			t.Errorf("%s: got type %s; want %s", tt.q, typ, tt.typ)
		}
	}
}
