package browse

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

func TestCellFilter(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name, prop, typ string
		v               any
		lang            string
		want            string
	}{
		{"string", "Number", "Edm.String", "1001", "", "Number eq '1001'"},
		{"quotes doubled", "Name", "Edm.String", "O'Neil's", "", "Name eq 'O''Neil''s'"},
		{"non-ASCII", "City", "Edm.String", "Пловдив & Co", "", "City eq 'Пловдив & Co'"},
		{"guid", "Id", "Edm.Guid", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "Id eq 9f1c2b3a-0000-4000-8000-0123456789ab"},
		{"date", "Day", "Edm.Date", "2024-01-31", "", "Day eq 2024-01-31"},
		{"date-time", "DocumentDate", "Edm.DateTimeOffset", "2020-05-08T00:00:00Z", "", "DocumentDate eq 2020-05-08T00:00:00Z"},
		{"date-time offset", "At", "Edm.DateTimeOffset", "2020-05-08T10:30:00+02:00", "", "At eq 2020-05-08T10:30:00+02:00"},
		{"decimal keeps digits", "Price", "Edm.Decimal", num("12345678901234567890.123456789"), "", "Price eq 12345678901234567890.123456789"},
		{"int32", "Qty", "Edm.Int32", num("-42"), "", "Qty eq -42"},
		{"int64", "Big", "Edm.Int64", num("9223372036854775807"), "", "Big eq 9223372036854775807"},
		{"int64 as string", "Big", "Edm.Int64", "9007199254740993", "", "Big eq 9007199254740993"},
		{"int16", "Small", "Edm.Int16", num("7"), "", "Small eq 7"},
		{"byte", "B", "Edm.Byte", num("255"), "", "B eq 255"},
		{"double", "D", "Edm.Double", num("1.5e3"), "", "D eq 1.5e3"},
		{"boolean", "Active", "Edm.Boolean", true, "", "Active eq true"},
		{"enum", "State", "Erp.DocumentState", "Released", "", "State eq Erp.DocumentState'Released'"},
		{"null", "Notes", "Edm.String", nil, "", "Notes eq null"},
		{"multi-language EN", "Name", "Erp.MultilanguageString", map[string]any{"EN": "Apple 'Red'", "BG": "Ябълка"}, "", "contains(Name,'Apple ''Red''')"},
		{"multi-language shown language", "Name", "Erp.MultilanguageString", map[string]any{"EN": "Apple", "BG": "Ябълка"}, "bg", "contains(Name,'Ябълка')"},
		{"reference", "Party", "Erp.Party", map[string]any{"@odata.id": "General_Contacts_Parties(b8aa0000-0000-4000-8000-000000000001)"}, "", "Party eq 'General_Contacts_Parties(b8aa0000-0000-4000-8000-000000000001)'"},
		{"expanded reference", "Party", "Erp.Party", map[string]any{"@odata.id": "Parties('o''x')", "PartyName": "X"}, "", "Party eq 'Parties(''o''''x'')'"},
		{"amount", "Total", "Erp.Amount", map[string]any{"Value": num("3.55"), "Currency": "USD"}, "", "TotalValue eq 3.55"},
		{"quantity", "Quantity", "Erp.Quantity", map[string]any{"Value": num("5.555"), "Unit": "PCS"}, "", "QuantityValue eq 5.555"},
		{"unknown type number", "N", "", num("12.5"), "", "N eq 12.5"},
		{"unknown type text", "S", "", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "S eq '9f1c2b3a-0000-4000-8000-0123456789ab'"},
		{"key from @odata.id", "Id", "key", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "Id eq 9f1c2b3a-0000-4000-8000-0123456789ab"},
		{"string key from @odata.id", "Code", "key", "A'1", "", "Code eq 'A''1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cellFilter(tt.prop, tt.typ, tt.v, tt.lang, odata.ERPNet)
			if err != nil || got != tt.want {
				t.Errorf("cellFilter(%s, %s, %#v) = %q, %v; want %q", tt.prop, tt.typ, tt.v, got, err, tt.want)
			}
		})
	}
}

func TestCellFilterRefuses(t *testing.T) {
	tests := []struct {
		name, prop, typ string
		v               any
		want            string
	}{
		{"list", "Lines", "", []any{1}, "Lines holds a list"},
		{"object", "Address", "NS.Address", map[string]any{"Street": map[string]any{}, "No": json.Number("1")}, "Address holds an object"},
		{"empty texts", "Name", "", map[string]any{"EN": "", "BG": ""}, "Name has no text"},
		{"bad guid", "Id", "Edm.Guid", "not-a-guid", "cannot be written as a Edm.Guid literal"},
		{"no column", "", "Edm.String", "x", "no column to filter by"},
	}
	for _, tt := range tests {
		got, err := cellFilter(tt.prop, tt.typ, tt.v, "", odata.ERPNet)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: cellFilter = %q, %v; want an error saying %q", tt.name, got, err, tt.want)
		}
	}
	// A reference compares by its URL on ERP.net only.
	ref := map[string]any{"@odata.id": "Customers(1)"}
	got, err := cellFilter("Customer", "NS.Customer", ref, "", odata.GenericV4)
	if err == nil || !strings.Contains(err.Error(), "Customer/Id eq") {
		t.Errorf("a reference on a v4 service: cellFilter = %q, %v; want an error pointing at its key", got, err)
	}
}

func TestAndFilter(t *testing.T) {
	tests := []struct{ existing, clause, want string }{
		{"", "Number eq '1'", "Number eq '1'"},
		{"Number eq '1'", "", "Number eq '1'"},
		{"Number eq '1'", "State eq Erp.S'New'", "Number eq '1' and State eq Erp.S'New'"},
		{"A eq 1 or B eq 2", "C eq 3", "(A eq 1 or B eq 2) and C eq 3"},
		{"C eq 3", "A eq 1 or B eq 2", "C eq 3 and (A eq 1 or B eq 2)"},
		{"(A eq 1 or B eq 2)", "C eq 3", "(A eq 1 or B eq 2) and C eq 3"},
		{"Name eq 'x or y'", "C eq 3", "Name eq 'x or y' and C eq 3"},
		{"A eq 1 and C eq 3", "C eq 3", "A eq 1 and C eq 3"},
		{"Name eq 'it''s and' and B eq 2", "B eq 2", "Name eq 'it''s and' and B eq 2"},
		{"  A eq 1 ", " B eq 2 ", "A eq 1 and B eq 2"},
	}
	for _, tt := range tests {
		if got := andFilter(tt.existing, tt.clause); got != tt.want {
			t.Errorf("andFilter(%q, %q) = %q; want %q", tt.existing, tt.clause, got, tt.want)
		}
	}
}

// FuzzAndFilter checks that andFilter keeps both filters whole and never
// panics on unbalanced quotes or parentheses.
func FuzzAndFilter(f *testing.F) {
	f.Add("A eq 1 or B eq 2", "C eq 3")
	f.Add("Name eq 'x or y'", "Name eq 'it''s'")
	f.Add("((a or", "b')")
	f.Fuzz(func(t *testing.T, existing, clause string) {
		got := andFilter(existing, clause)
		e, c := strings.TrimSpace(existing), strings.TrimSpace(clause)
		if !strings.Contains(got, e) || !strings.Contains(got, c) {
			t.Fatalf("andFilter(%q, %q) = %q; lost a part", existing, clause, got)
		}
	})
}

func TestCellFilterV2(t *testing.T) {
	tests := []struct {
		typ  string
		v    any
		want string
	}{
		{"Edm.DateTime", "2020-01-02T00:00:00Z", "Created eq datetime'2020-01-02T00:00:00'"},
		{"Edm.Guid", "0a1b2c3d-0000-4000-8000-000000000001", "Created eq guid'0a1b2c3d-0000-4000-8000-000000000001'"},
		{"Edm.Int64", json.Number("12"), "Created eq 12L"},
	}
	for _, tt := range tests {
		got, err := cellFilter("Created", tt.typ, tt.v, "", odata.V2)
		if err != nil || got != tt.want {
			t.Errorf("cellFilter(%s, %v) on v2 = %q, %v; want %q", tt.typ, tt.v, got, err, tt.want)
		}
	}
}
