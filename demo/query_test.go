package demo

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	sharedOnce sync.Once
	sharedSrv  *Server
	sharedTok  string
)

// shared returns one server and token for read-only query tests.
func shared(t *testing.T) (*Server, string) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedSrv = NewServer(Options{TokenTTL: 3600e9})
		sharedTok = getToken(t, sharedSrv, "")
	})
	return sharedSrv, sharedTok
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestSelect(t *testing.T) {
	s, tok := shared(t)
	defaults := []string{"@odata.id", "Active", "CreationTime", "CreditLimit", "CustomerSince", "DiscountPercent", "ExternalRef", "GracePeriodDays", "Name", "Notes", "Number", "Party", "SalesPerson", "State"}
	tests := []struct{ sel, want string }{
		{"", strings.Join(defaults, ",")},
		{"*", strings.Join(defaults, ",")},
		{"default", strings.Join(defaults, ",")},
		{"default,Id", strings.Join(append(slices.Clone(defaults), "Id"), ",")},
		{"Id", "@odata.id,Id"},
		{"Number, Name", "@odata.id,Name,Number"},
	}
	for _, tt := range tests {
		path := "Crm_Sales_Customers?$top=2"
		if tt.sel != "" {
			path += "&$select=" + tt.sel
		}
		p := getPage(t, s, tok, path)
		for _, row := range p.Value {
			ks := keysOf(row)
			sort.Strings(ks)
			want := strings.Split(tt.want, ",")
			sort.Strings(want)
			if strings.Join(ks, ",") != strings.Join(want, ",") {
				t.Errorf("$select=%s: got keys %v; want %v", tt.sel, ks, want)
			}
			if id, ok := row["Id"].(string); ok && row["@odata.id"] != "Crm_Sales_Customers("+id+")" {
				t.Errorf("$select=%s: Id %s does not match @odata.id %v", tt.sel, id, row["@odata.id"])
			}
			if ref, ok := row["Party"].(map[string]any); ok && (len(ref) != 1 || !strings.HasPrefix(ref["@odata.id"].(string), "General_Contacts_Persons(")) {
				t.Errorf("unexpanded reference: got %v; want {\"@odata.id\":\"General_Contacts_Persons(…)\"}", ref)
			}
		}
	}
	if row := getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=1").Value[0]; row["Lines"] != nil || row["Id"] != nil {
		t.Errorf("default projection of a sales order has Lines or Id: %v", keysOf(row))
	}
	for _, bad := range []string{"Nope", "Lines", "Customer/Number", "Number,,Name"} {
		r := get(t, s, tok, "Crm_Sales_SalesOrders?$select="+bad, "")
		if r.status != 500 {
			t.Errorf("$select=%s: got %d; want 500", bad, r.status)
			continue
		}
		erpError(t, r)
	}
}

func TestOrderBy(t *testing.T) {
	s, tok := shared(t)
	p := getPage(t, s, tok, "Crm_Sales_Customers?$top=3&$orderby=Number desc&$select=Number")
	if got := []any{p.Value[0]["Number"], p.Value[2]["Number"]}; got[0] != "C-002600" || got[1] != "C-002598" {
		t.Errorf("$orderby=Number desc: got %v; want C-002600 … C-002598", got)
	}
	p = getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=500&$orderby=DocumentDate desc,DocumentNo&$select=DocumentDate,DocumentNo")
	for k := 1; k < len(p.Value); k++ {
		a, b := p.Value[k-1], p.Value[k]
		ad, bd := a["DocumentDate"].(string), b["DocumentDate"].(string)
		if ad < bd || ad == bd && a["DocumentNo"].(string) > b["DocumentNo"].(string) {
			t.Fatalf("row %d out of order: %v then %v", k, a, b)
		}
	}
	for _, tt := range []struct{ q, typ, msg string }{
		{"Name", "NotSupportedException", "property Name is not orderable"},
		{"Party", "NotSupportedException", "not orderable"},
		{"Number sideways", "ODataException", "not valid"},
		{"Nope", "ODataException", "Nope"},
	} {
		r := get(t, s, tok, "Crm_Sales_Customers?$top=1&$orderby="+tt.q, "")
		if r.status != 500 {
			t.Errorf("$orderby=%s: got %d; want 500", tt.q, r.status)
			continue
		}
		if msg, typ := erpError(t, r); typ != tt.typ || !strings.Contains(msg, tt.msg) {
			t.Errorf("$orderby=%s: got %s %q; want %s containing %q", tt.q, typ, msg, tt.typ, tt.msg)
		}
	}
}

func count(t *testing.T, s *Server, tok, set, filter string) int {
	t.Helper()
	r := get(t, s, tok, set+"/$count?$filter="+filter, "")
	if r.status != 200 {
		t.Fatalf("%s/$count?$filter=%s: got %d %s; want 200", set, filter, r.status, r.body)
	}
	n, err := strconv.Atoi(string(r.body))
	if err != nil {
		t.Fatalf("/$count body %q is not a number", r.body)
	}
	return n
}

func TestFilterCounts(t *testing.T) {
	s, tok := shared(t)
	c := setCustomers
	firstID := getPage(t, s, tok, "Crm_Sales_Customers?$top=2&$select=Id").Value
	id0, id1 := firstID[0]["Id"].(string), firstID[1]["Id"].(string)
	tests := []struct {
		set, filter string
		want        int
	}{
		{c, "Number eq 'C-000042'", 1},
		{c, "Number eq 'c-000042'", 1}, // string values compare case-insensitively (SQL collation)
		{c, "Number ge 'C-002591'", 10},
		{c, "Number le 'C-000005'", 5},
		{c, "Number in ('C-000001','C-000002','C-999999')", 2},
		{c, "Number ge 'C-000010' and Number le 'C-000019'", 10},
		{c, "(Number ge 'C-000010') and ((Number le 'C-000019'))", 10},
		{c, "startswith(Number,'c-00001')", 10},
		{c, "endswith(Number,'00')", 26},
		{c, "contains(Number,'-00000')", 9},
		{c, "ExternalRef eq 9007199254740993", 1},
		{c, "ExternalRef eq 9007199254740993L", 1},
		{c, "ExternalRef ge 9007199254740993", 2340},
		{c, "ExternalRef eq null", 260},
		{c, "Id eq " + id0, 1},
		{c, "Id in (" + id0 + "," + id1 + ")", 2},
		{c, "Id eq '" + strings.ToUpper(id0) + "'", 1},
		{c, "DiscountPercent ge 0 and DiscountPercent le 25", count(t, s, tok, c, "DiscountPercent ge 0")},
		{c, "DiscountPercent ge 25.001", 0},
		{c, "DiscountPercent le -0.01", 0},
	}
	for _, tt := range tests {
		if got := count(t, s, tok, tt.set, tt.filter); got != tt.want {
			t.Errorf("%s?$filter=%s: got %d rows; want %d", tt.set, tt.filter, got, tt.want)
		}
	}
	pairs := [][2]string{ // each pair must select the same rows
		{"Active", "Active eq true"},
		{"State eq 'Blocked'", "State eq Erp.Crm_Sales_CustomerState'Blocked'"},
		{"State in ('Blocked','Closed')", "State ge 'Blocked'"},
		{"CreditLimitValue ge 1000", "CreditLimitValue ge 1000.00M"},
	}
	for _, p := range pairs {
		if a, b := count(t, s, tok, c, p[0]), count(t, s, tok, c, p[1]); a != b || a == 0 {
			t.Errorf("%q gave %d rows, %q gave %d; want the same, non-zero", p[0], a, p[1], b)
		}
	}
	if a, b := count(t, s, tok, c, "Active eq true"), count(t, s, tok, c, "Active eq false"); a+b != nCustomers {
		t.Errorf("Active true %d + false %d: got %d; want %d", a, b, a+b, nCustomers)
	}
}

// TestFilterResults checks that every returned row satisfies the filter.
func TestFilterResults(t *testing.T) {
	s, tok := shared(t)
	order := getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=1&$select=Customer").Value[0]
	custRef := order["Customer"].(map[string]any)["@odata.id"].(string)
	custID := strings.TrimSuffix(strings.TrimPrefix(custRef, "Crm_Sales_Customers("), ")")
	tests := []struct {
		path string
		ok   func(map[string]any) bool
	}{
		{"Crm_Sales_Customers?$filter=contains(Name,'РЕКА')", func(r map[string]any) bool { return mlContains(r["Name"], "река") }},
		{"Crm_Sales_Customers?$filter=contains(Name,'river')", func(r map[string]any) bool { return mlContains(r["Name"], "river") }},
		{"Crm_Sales_Customers?$filter=contains(Name,'株式会社')", func(r map[string]any) bool { return mlContains(r["Name"], "株式会社") }},
		{"Crm_Sales_Customers?$filter=DiscountPercent ge 24.5", func(r map[string]any) bool { return num(r["DiscountPercent"]) >= 24.5 }},
		{"Crm_Sales_Customers?$filter=DiscountPercent eq 12.5M", func(r map[string]any) bool { return num(r["DiscountPercent"]) == 12.5 }},
		{"Crm_Sales_Customers?$filter=CreditLimitValue ge 400000", func(r map[string]any) bool { return num(r["CreditLimit"].(map[string]any)["Value"]) >= 4e5 }},
		{"Crm_Sales_Customers?$filter=CustomerSince ge 2020-01-01", func(r map[string]any) bool { return r["CustomerSince"].(string) >= "2020-01-01" }},
		{"Crm_Sales_Customers?$filter=CustomerSince eq null", func(r map[string]any) bool { return r["CustomerSince"] == nil }},
		{"Crm_Sales_Customers?$filter=CreationTime ge 2024-01-31T10:00:00Z", func(r map[string]any) bool { return r["CreationTime"].(string) >= "2024-01-31" }},
		{"Crm_Sales_Customers?$filter=CreationTime le 2016-06-01T00:00:00%2B02:00", func(r map[string]any) bool { return r["CreationTime"].(string)[:10] <= "2016-05-31" }},
		{"Crm_Sales_Customers?$filter=State in ('Blocked','OnHold')", func(r map[string]any) bool { return r["State"] == "Blocked" || r["State"] == "OnHold" }},
		{"Crm_Sales_SalesOrders?$filter=Customer eq '" + custRef + "'", func(r map[string]any) bool { return r["Customer"].(map[string]any)["@odata.id"] == custRef }},
		{"Crm_Sales_SalesOrders?$filter=Customer eq " + custID, func(r map[string]any) bool { return r["Customer"].(map[string]any)["@odata.id"] == custRef }},
		{"Crm_Sales_SalesOrders?$filter=DocumentDate eq 2020-05-08T13:45:00Z", func(r map[string]any) bool { return r["DocumentDate"] == "2020-05-08T00:00:00Z" }},
		{"Crm_Sales_SalesOrders?$filter=State eq 'Released' and TotalAmountValue le 100", func(r map[string]any) bool {
			return r["State"] == "Released" && num(r["TotalAmount"].(map[string]any)["Value"]) <= 100
		}},
		{"General_Contacts_Persons?$filter=LastName eq 'O''Brien'", func(r map[string]any) bool { return r["LastName"] == "O'Brien" }},
		{"General_Products_Products?$filter=StandardLotSizeValue ge 250.5 and Active", func(r map[string]any) bool {
			return num(r["StandardLotSize"].(map[string]any)["Value"]) >= 250.5 && r["Active"] == true
		}},
		{"General_Products_Products?$filter=GrossWeight le 10.5", func(r map[string]any) bool { return num(r["GrossWeight"]) <= 10.5 }},
	}
	for _, tt := range tests {
		p := getPage(t, s, tok, tt.path)
		if len(p.Value) == 0 {
			t.Errorf("%s: got no rows; want some", tt.path)
		}
		for _, r := range p.Value {
			if !tt.ok(r) {
				t.Errorf("%s: row %v does not satisfy the filter", tt.path, r)
				break
			}
		}
	}
}

func mlContains(v any, sub string) bool {
	for _, s := range v.(map[string]any) {
		if strings.Contains(strings.ToLower(s.(string)), sub) {
			return true
		}
	}
	return false
}

func num(v any) float64 {
	f, _ := strconv.ParseFloat(string(v.(json.Number)), 64)
	return f
}

func TestFilterErrors(t *testing.T) {
	s, tok := shared(t)
	tests := []struct{ filter, typ, mention string }{
		{"Number eq 'a' or Number eq 'b'", "NotSupportedException", "'or'"},
		{"Number ne 'a'", "NotSupportedException", "'ne'"},
		{"Number gt 'a'", "NotSupportedException", "'gt'"},
		{"Number lt 'a'", "NotSupportedException", "'lt'"},
		{"not Active", "NotSupportedException", "'not'"},
		{"GracePeriodDays add 1 eq 2", "NotSupportedException", "add"},
		{"tolower(Number) eq 'a'", "NotSupportedException", "tolower"},
		{"contains(Number,'1') eq true", "NotSupportedException", "function"},
		{"Name eq 'Acme'", "NotSupportedException", "multi-language"},
		{"CreditLimit eq 5", "NotSupportedException", "CreditLimitValue"},
		{"Party/FirstName eq 'Ivan'", "NotSupportedException", "Party/FirstName"},
		{"Number eq GracePeriodDays", "NotSupportedException", "another property"},
		{"Nope eq 1", "ODataException", "Nope"},
		{"number eq 'C-000001'", "ODataException", "number"},
		{"Number eq 5", "ODataException", "Number"},
		{"GracePeriodDays eq 'x'", "ODataException", "number"},
		{"State eq 'Sleeping'", "ODataException", "Sleeping"},
		{"State eq Erp.General_DocumentState'New'", "ODataException", "General_DocumentState"},
		{"CustomerSince ge 2024-02-30", "ODataException", "2024-02-30"},
		{"GracePeriodDays ge null", "ODataException", "null"},
		{"Number eq", "ODataException", "ends too early"},
		{"(Number eq 'a'", "ODataException", "not closed"},
		{"Number eq 'a", "ODataException", "not closed"},
		{"Number eq 'a')", "ODataException", ")"},
		{"GracePeriodDays", "ODataException", "not Boolean"},
		{"Number in ()", "ODataException", "empty"},
		{"", "ODataException", "empty"},
	}
	for _, tt := range tests {
		r := get(t, s, tok, "Crm_Sales_Customers?$top=1&$filter="+strings.ReplaceAll(tt.filter, "'", "%27"), "")
		if r.status != 500 {
			t.Errorf("$filter=%s: got %d; want 500", tt.filter, r.status)
			continue
		}
		if msg, typ := erpError(t, r); typ != tt.typ || !strings.Contains(msg, tt.mention) {
			t.Errorf("$filter=%s: got %s %q; want %s mentioning %q", tt.filter, typ, msg, tt.typ, tt.mention)
		}
	}
}
