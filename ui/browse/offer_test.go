package browse

import (
	"encoding/json"
	"testing"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/grid"
)

// offer is the server filter a page search for term offers on col of the
// customers of shapeModel (meta nil: none known), the cursor's value v,
// the query expanding expand.
func offer(meta *odata.Model, d odata.Dialect, expand []string, col grid.Column, v any, term string) string {
	const set = "Crm_Sales_Customers"
	p := colProp(meta, set, expand, col)
	enum := false
	if meta != nil {
		_, enum = meta.EnumType(p.Type)
	}
	return searchFilter(p, dialog.OpsFor(meta, d, set, p), enum, v, term, d)
}

func TestSearchOfferFitsTheColumn(t *testing.T) {
	meta := shapeModel(t)
	amount := map[string]any{"Value": json.Number("12.5"), "Currency": "EUR"}
	ref := map[string]any{"@odata.id": "General_Contacts_Parties(1)"}
	expanded := map[string]any{"Id": "1", "PartyName": "Acme"}
	tests := []struct {
		name   string
		meta   *odata.Model
		d      odata.Dialect
		expand []string
		col    grid.Column
		v      any
		term   string
		want   string
	}{
		{"text", meta, odata.ERPNet, nil, grid.Column{Name: "Number", Type: "Edm.String"}, "C-1", "c-1", "contains(Number,'c-1')"},
		{"multi-language", meta, odata.ERPNet, nil, grid.Column{Name: "Name", Type: "Erp.MultilanguageString"}, nil, "acme", "contains(Name,'acme')"},
		{"a reference", meta, odata.ERPNet, nil, grid.Column{Name: "Party", Type: "Erp.Party"}, ref, "acme", ""},
		{"an expanded reference", meta, odata.ERPNet, []string{"Party"}, grid.Column{Name: "Party", Type: "Erp.Party"}, expanded, "acme", ""},
		{"expanded, no metadata", nil, odata.GenericV4, []string{"Party($select=PartyName)"}, grid.Column{Name: "Party"}, expanded, "acme", ""},
		{"an object, no metadata", nil, odata.GenericV4, nil, grid.Column{Name: "Customer"}, ref, "acme", ""},
		{"a number", meta, odata.ERPNet, nil, grid.Column{Name: "CreditLimit", Type: "Edm.Decimal"}, json.Number("5"), "5", "CreditLimit eq 5"},
		{"a number, a word", meta, odata.ERPNet, nil, grid.Column{Name: "CreditLimit", Type: "Edm.Decimal"}, json.Number("5"), "five", ""},
		{"an amount on ERP.net", nil, odata.ERPNet, nil, grid.Column{Name: "Total", Type: "Erp.Amount"}, amount, "12.5", "TotalValue eq 12.5"},
		{"an amount, a word", nil, odata.ERPNet, nil, grid.Column{Name: "Total", Type: "Erp.Amount"}, amount, "EUR", ""},
		{"an amount elsewhere", nil, odata.GenericV4, nil, grid.Column{Name: "Total", Type: "NS.Amount"}, amount, "12.5", ""},
		{"an enum member", meta, odata.ERPNet, nil, grid.Column{Name: "State", Type: "Erp.DocumentState"}, "Released", "Released", "State eq Erp.DocumentState'Released'"},
		{"binary, its text", nil, odata.GenericV4, nil, grid.Column{Name: "Fingerprint", Type: "Edm.Binary"}, "AQID", "AQID", "Fingerprint eq binary'AQID'"},
		{"binary, other text", nil, odata.GenericV4, nil, grid.Column{Name: "Fingerprint", Type: "Edm.Binary"}, "AQID", "zzz", ""},
		{"a GUID key, part of it", meta, odata.ERPNet, nil, grid.Column{Name: "Id", Type: "Edm.Guid", Key: true}, "9f1c2b3a-0000-4000-8000-0123456789ab", "9f1c", ""},
		{"no metadata, a number", nil, odata.GenericV4, nil, grid.Column{Name: "Qty"}, json.Number("3"), "3", "Qty eq 3"},
		{"no metadata, text", nil, odata.GenericV4, nil, grid.Column{Name: "Note"}, "Hello", "hel", "contains(tolower(Note),'hel')"},
	}
	for _, tt := range tests {
		if got := offer(tt.meta, tt.d, tt.expand, tt.col, tt.v, tt.term); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.name, got, tt.want)
		}
	}
}
