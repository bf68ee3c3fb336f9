package dialog

import (
	"fmt"
	"strings"
	"testing"
)

var gotoSets = []string{
	"Crm_Sales_Customers", "Crm_Sales_SalesOrders", "Crm_Sales_SalesOrderLines", "Crm_Invoicing_Invoices",
	"General_Contacts_Parties", "General_Contacts_Persons", "General_Products_Products", "Logistics_Inventory_Stores",
	"Customs",
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
