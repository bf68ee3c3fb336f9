package odata

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
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

// dataverseAccounts is a Dataverse-shaped page asked for with
// Prefer: odata.include-annotations="OData.Community.Display.V1.FormattedValue".
const dataverseAccounts = `{"@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#accounts(name,statuscode,revenue,_parentaccountid_value)",
"value":[
{"@odata.etag":"W/\"1\"","accountid":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","name":"Fabrikam",
 "statuscode@OData.Community.Display.V1.FormattedValue":"Active","statuscode":1,
 "revenue@OData.Community.Display.V1.FormattedValue":"$1,000,000.00","revenue":1000000,
 "_parentaccountid_value@OData.Community.Display.V1.FormattedValue":"Contoso",
 "_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname":"account",
 "_parentaccountid_value":"7f9619ff-8b86-d011-b42d-00cf4fc964ff"},
{"accountid":"8f9619ff-8b86-d011-b42d-00cf4fc964ff","name":"Plain","statuscode":2,"revenue":null,"_parentaccountid_value":null,
 "name@OData.Community.Display.V1.FormattedValue":7}
]}`

// TestFormattedValues: Dataverse's formatted values reach Row.Formatted
// from a page, a single entity and RowOf; other annotations stay dropped,
// and Values keep the raw values.
func TestFormattedValues(t *testing.T) {
	var prefer string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		prefer = r.Header.Get("Prefer")
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, ")") {
			_, _ = w.Write([]byte(`{"accountid":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"Active"}`))
			return
		}
		_, _ = w.Write([]byte(dataverseAccounts))
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/api/data/v9.2/")
	c.Header = http.Header{"Prefer": {`odata.include-annotations="OData.Community.Display.V1.FormattedValue"`}}
	p, err := c.Page(context.Background(), Query{Set: "accounts"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(prefer, "include-annotations") {
		t.Errorf("Prefer got %q; want the user's include-annotations", prefer)
	}
	if len(p.Rows) != 2 {
		t.Fatalf("got %d rows; want 2", len(p.Rows))
	}
	want := map[string]string{"statuscode": "Active", "revenue": "$1,000,000.00", "_parentaccountid_value": "Contoso"}
	if got := p.Rows[0].Formatted; !reflect.DeepEqual(got, want) {
		t.Errorf("row 0 Formatted got %v; want %v", got, want)
	}
	if got := p.Rows[1].Formatted; got != nil {
		t.Errorf("row 1 Formatted got %v; want nil (a number is no formatted text)", got)
	}
	if got := p.Rows[0].Values["statuscode"]; got != json.Number("1") {
		t.Errorf("statuscode got %v; want the raw 1", got)
	}
	keys := "accountid,name,statuscode,revenue,_parentaccountid_value"
	if got := strings.Join(p.Rows[0].Keys, ","); got != keys {
		t.Errorf("Keys got %q; want %q", got, keys)
	}
	if got := strings.Join(p.Columns, ","); strings.Contains(got, "@") {
		t.Errorf("Columns got %q; want no annotation columns", got)
	}

	r, err := c.Entity(context.Background(), "accounts(6f9619ff-8b86-d011-b42d-00cf4fc964ff)")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Formatted["statuscode"]; got != "Active" {
		t.Errorf("entity Formatted[statuscode] got %q; want Active", got)
	}

	var m map[string]any
	d := json.NewDecoder(strings.NewReader(`{"statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"Active","statuscode@Other.Term":"x"}`))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if got := RowOf(m); !reflect.DeepEqual(got.Formatted, map[string]string{"statuscode": "Active"}) || len(got.Values) != 1 {
		t.Errorf("RowOf got Formatted %v, Values %v; want statuscode Active and one value", got.Formatted, got.Values)
	}
}
