package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
)

var gotoSets = []string{
	"Crm_Sales_Customers", "Crm_Sales_SalesOrders", "Crm_Sales_SalesOrderLines", "Crm_Invoicing_Invoices",
	"General_Contacts_Parties", "General_Contacts_Persons", "General_Products_Products", "Logistics_Inventory_Stores",
	"Customs",
}

func gotoOn(keys ...string) (gotoLine, editResult) {
	g := newGoTo(gotoSets, shapeStyles(), DefaultKeyMap())
	res := editNone
	for _, k := range keys {
		if txt, ok := strings.CutPrefix(k, `"`); ok {
			for _, m := range typed(txt) {
				g, _, res = g.update(m)
			}
			continue
		}
		g, _, res = g.update(qk(k))
	}
	return g, res
}

func TestFuzzyTop(t *testing.T) {
	tests := []struct {
		pattern string
		want    string
	}{
		{"cust", "Customs Crm_Sales_Customers"},
		{"Crm_Sales_C", "Crm_Sales_Customers"},
		{"salesorder", "Crm_Sales_SalesOrders Crm_Sales_SalesOrderLines"},
		{"sales order", "Crm_Sales_SalesOrders Crm_Sales_SalesOrderLines"},
		{"gcp", "General_Contacts_Parties General_Contacts_Persons General_Products_Products"},
		{"pers", "General_Contacts_Persons"},
		{"zzz", ""},
		{"", ""},
		{"s", "Crm_Sales_Customers Crm_Sales_SalesOrders Crm_Sales_SalesOrderLines Logistics_Inventory_Stores Customs"},
		{"stor", "Logistics_Inventory_Stores Crm_Sales_Customers"}, // word start, then letters in order (cuSTOmeRs)
		{"inv", "Crm_Invoicing_Invoices Logistics_Inventory_Stores"},
	}
	for _, tt := range tests {
		if got := strings.Join(fuzzyTop(gotoSets, tt.pattern, 5), " "); got != tt.want {
			t.Errorf("fuzzyTop(%q) = %q; want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestGoToCompletion(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{`"cust`, "tab"}, "Customs"},
		{[]string{`"cust`, "tab", "tab"}, "Crm_Sales_Customers"},
		{[]string{`"cust`, "tab", "tab", "tab"}, "Customs"},
		{[]string{`"cust?$top=5`, "tab"}, "Customs?$top=5"},
		{[]string{`"salesord`, "tab", "tab", `"?$top=1`}, "Crm_Sales_SalesOrderLines?$top=1"},
		{[]string{`"zzz`, "tab"}, "zzz"},
		{[]string{`"Customs('x')`, "tab"}, "Customs('x')"},
	}
	for _, tt := range tests {
		if g, _ := gotoOn(tt.keys...); g.input.Value() != tt.want {
			t.Errorf("after %q: %q; want %q", tt.keys, g.input.Value(), tt.want)
		}
	}
	g, _ := gotoOn(`"s`)
	v := ansi.Strip(g.view(200))
	if !strings.Contains(v, "tab: Crm_Sales_Customers · Crm_Sales_SalesOrders · Crm_Sales_SalesOrderLines · Logistics_Inventory_Stores · Customs") {
		t.Errorf("view lists %q; want the top 5 candidates", v)
	}
	if strings.Count(v, "General_") > 0 {
		t.Errorf("view lists more than 5 candidates: %q", v)
	}
}

func TestGoToEnter(t *testing.T) {
	g, res := gotoOn(`"Crm_Sales_Customers?$filter=Number eq '1'&$top=10`, "enter")
	if res != editApply {
		t.Fatalf("enter: %d; want apply", res)
	}
	want := odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq '1'", Top: 10}
	if q := g.query(); !reflect.DeepEqual(q, want) {
		t.Errorf("query: %+v; want %+v", q, want)
	}
	g, res = gotoOn(`"Nope`, "enter")
	if res != editNone || !strings.Contains(ansi.Strip(g.view(120)), "Nope is not an entity set of this service") {
		t.Errorf("enter on an unknown set: %d, %q; want none and an error", res, ansi.Strip(g.view(120)))
	}
	g, _ = gotoOn(`"Nope`, "enter", "backspace")
	if strings.Contains(ansi.Strip(g.view(120)), "not an entity set") {
		t.Errorf("the error stays after an edit")
	}
	g, res = gotoOn(`"Customs?$top=x`, "enter")
	if res != editNone || !strings.Contains(ansi.Strip(g.view(120)), "$top must be a whole number") {
		t.Errorf("enter with a bad $top: %d, %q", res, ansi.Strip(g.view(120)))
	}
	if _, res = gotoOn("enter"); res != editCancel {
		t.Errorf("enter on an empty line: %d; want cancel", res)
	}
	if _, res = gotoOn(`"Cust`, "esc"); res != editCancel {
		t.Errorf("esc: %d; want cancel", res)
	}
	// Without a service document any set goes.
	g = newGoTo(nil, shapeStyles(), DefaultKeyMap())
	for _, m := range typed("People('o''neil')/Trips") {
		g, _, _ = g.update(m)
	}
	if g, _, res = g.update(qk("enter")); res != editApply || g.query().Set != "People('o''neil')/Trips" {
		t.Errorf("enter with no set list: %d, %q", res, g.query().Set)
	}
}

// BenchmarkFuzzyTop ranks 600 set names (an ERP.net instance has about 590)
// for one keystroke of the go-to line. Target: under 1 ms.
func BenchmarkFuzzyTop(b *testing.B) {
	names := make([]string, 0, 600)
	for i := range 600 {
		names = append(names, fmt.Sprintf("%s_%s_Things%03d", []string{"Crm", "General", "Logistics", "Finance"}[i%4], []string{"Sales", "Contacts", "Inventory", "Ledger", "Products"}[i%5], i))
	}
	b.ReportAllocs()
	for b.Loop() {
		fuzzyTop(names, "salthing1", gotoCandidates)
	}
}
