package odata

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"
)

func TestRowOf(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		id     string
		keys   string
		links  map[string]string
		values map[string]any
	}{
		{"v4 minimal", `{"@odata.id":"S(1)","@odata.etag":"W/\"1\"","Name":"a","Id":1}`,
			"S(1)", "Id,Name", nil, map[string]any{"Id": json.Number("1"), "Name": "a"}},
		{"4.01 prefixless", `{"@id":"S(2)","@type":"#NS.T","Name":"b"}`, "S(2)", "Name", nil, map[string]any{"Name": "b"}},
		{"property annotations", `{"Name":"c","Name@odata.type":"#String","Price@Core.Computed":true,"#NS.Act":{},"Price":1}`,
			"", "Name,Price", nil, map[string]any{"Name": "c", "Price": json.Number("1")}},
		{"navigation links", `{"@odata.id":"S(3)","Lines@odata.navigationLink":"S(3)/Lines","Owner@navigationLink":"People('x')","N":1}`,
			"S(3)", "N", map[string]string{"Lines": "S(3)/Lines", "Owner": "People('x')"}, map[string]any{"N": json.Number("1")}},
		{"v2 metadata", `{"__metadata":{"uri":"http://h/svc/Orders(7)","type":"NW.Order"},"OrderID":7}`,
			"http://h/svc/Orders(7)", "OrderID", nil, map[string]any{"OrderID": json.Number("7")}},
		{"no id", `{"Id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","Name":"d"}`, "", "Id,Name", nil,
			map[string]any{"Id": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "Name": "d"}},
		{"empty", `{}`, "", "", nil, map[string]any{}},
	}
	for _, tt := range tests {
		d := json.NewDecoder(strings.NewReader(tt.in))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		before := maps.Clone(m)
		r := RowOf(m)
		if r.ID != tt.id {
			t.Errorf("%s: ID got %q; want %q", tt.name, r.ID, tt.id)
		}
		if got := strings.Join(r.Keys, ","); got != tt.keys {
			t.Errorf("%s: Keys got %q; want %q", tt.name, got, tt.keys)
		}
		if !reflect.DeepEqual(r.Values, tt.values) {
			t.Errorf("%s: Values got %v; want %v", tt.name, r.Values, tt.values)
		}
		if !reflect.DeepEqual(r.Links, tt.links) {
			t.Errorf("%s: Links got %v; want %v", tt.name, r.Links, tt.links)
		}
		if !reflect.DeepEqual(m, before) {
			t.Errorf("%s: RowOf changed its argument", tt.name)
		}
	}
}

// TestDecodedNavigationLinks: links of full metadata reach Row.Links when
// a page is decoded, and stay out of Values.
func TestDecodedNavigationLinks(t *testing.T) {
	body := `{"value":[{"@odata.id":"S(1)","Id":1,"Lines@odata.navigationLink":"S(1)/Lines"}]}`
	p, err := decodePage(strings.NewReader(body), mustClient(t, "http://h/svc/").root, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Rows[0]
	if r.Links["Lines"] != "S(1)/Lines" || len(r.Values) != 1 || strings.Join(p.Columns, ",") != "Id" {
		t.Errorf("got links %v, values %v, columns %v; want Lines' link, only Id", r.Links, r.Values, p.Columns)
	}
	e, err := decodeEntity(strings.NewReader(`{"@odata.id":"S(1)","Owner@odata.navigationLink":"S(1)/Owner","Id":1}`))
	if err != nil || e.Links["Owner"] != "S(1)/Owner" {
		t.Errorf("entity: got links %v, %v; want Owner's link", e.Links, err)
	}
}
