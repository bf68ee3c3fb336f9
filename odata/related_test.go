package odata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
)

const relDoc = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Customer">
        <Key><PropertyRef Name="Code"/></Key>
        <Property Name="Code" Type="Edm.String" Nullable="false"/>
        <NavigationProperty Name="Orders" Type="Collection(Shop.Order)"/>
      </EntityType>
      <EntityType Name="Order">
        <Key><PropertyRef Name="OrderID"/></Key>
        <Property Name="OrderID" Type="Edm.Int32" Nullable="false"/>
        <NavigationProperty Name="Customer" Type="Shop.Customer"/>
        <NavigationProperty Name="Lines" Type="Collection(Shop.Line)"/>
      </EntityType>
      <EntityType Name="Line">
        <Key><PropertyRef Name="OrderID"/><PropertyRef Name="LineNo"/></Key>
        <Property Name="OrderID" Type="Edm.Int32" Nullable="false"/>
        <Property Name="LineNo" Type="Edm.Int64" Nullable="false"/>
        <NavigationProperty Name="Order" Type="Shop.Order"/>
      </EntityType>
      <EntityType Name="Thing">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
        <NavigationProperty Name="Parts" Type="Collection(Shop.Thing)"/>
      </EntityType>
      <EntityContainer Name="C">
        <EntitySet Name="Customers" EntityType="Shop.Customer"/>
        <EntitySet Name="Orders" EntityType="Shop.Order"/>
        <EntitySet Name="Lines" EntityType="Shop.Line"/>
        <EntitySet Name="Things" EntityType="Shop.Thing"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

const relV2Doc = `<?xml version="1.0"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
  <edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="2.0">
    <Schema Namespace="NW" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
      <EntityType Name="Thing"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
      <EntityType Name="Line"><Key><PropertyRef Name="OrderID"/><PropertyRef Name="LineNo"/></Key>
        <Property Name="OrderID" Type="Edm.Int32" Nullable="false"/><Property Name="LineNo" Type="Edm.Int64" Nullable="false"/></EntityType>
      <EntityContainer Name="C" m:IsDefaultEntityContainer="true">
        <EntitySet Name="Things" EntityType="NW.Thing"/><EntitySet Name="Lines" EntityType="NW.Line"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

func TestRelated(t *testing.T) {
	const root = "https://svc.example.test/odata/"
	const guid = "c696c660-8d49-4b6e-9bd0-7b1d3c6a0f11"
	v4, v2 := mustModel(t, relDoc), mustModel(t, relV2Doc)
	vals := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		set    string
		row    Row
		nav    string
		m      *Model
		entity string // EntityURL, "" when it must fail
		want   string // Related, "" when it must fail
	}{
		{"@odata.id", "Customers", Row{ID: "Customers('A')", Values: vals("Code", "A")}, "Orders", v4,
			root + "Customers('A')", root + "Customers('A')/Orders"},
		{"no @odata.id, string key with quote and slash", "Customers", Row{Values: vals("Code", "O'Neil/Ltd")}, "Orders", v4,
			root + "Customers('O''Neil%2FLtd')", root + "Customers('O''Neil%2FLtd')/Orders"},
		{"string key with space and non-ASCII", "Customers", Row{Values: vals("Code", "Café 1")}, "Orders", v4,
			root + "Customers('Caf%C3%A9%201')", root + "Customers('Caf%C3%A9%201')/Orders"},
		{"composite key", "Lines", Row{Values: vals("LineNo", "2", "OrderID", "1")}, "Order", v4,
			root + "Lines(OrderID=1,LineNo=2)", root + "Lines(OrderID=1,LineNo=2)/Order"},
		{"GUID key", "Things", Row{Values: vals("Id", guid)}, "Parts", v4,
			root + "Things(" + guid + ")", root + "Things(" + guid + ")/Parts"},
		// The v2 document declares no navigation properties, so Related refuses.
		{"v2 GUID key", "Things", Row{Values: vals("Id", guid)}, "Parts", v2,
			root + "Things(guid'" + guid + "')", ""},
		{"v2 composite key", "Lines", Row{Values: vals("OrderID", "1", "LineNo", "2")}, "Order", v2,
			root + "Lines(OrderID=1,LineNo=2L)", ""},
		{"navigation link", "Orders", Row{Values: vals("OrderID", "5"), Links: map[string]string{"Lines": "Orders(5)/Lines"}}, "Lines", v4,
			root + "Orders(5)", root + "Orders(5)/Lines"},
		{"reference value", "Orders", Row{ID: "Orders(5)", Values: vals("Customer", vals("@odata.id", "Customers('B')"))}, "Customer", v4,
			root + "Orders(5)", root + "Customers('B')"},
		{"v2 deferred uri", "Orders", Row{ID: root + "Orders(5)", Values: vals("Lines", vals("@odata.id", root+"Orders(5)/Lines"))}, "Lines", nil,
			root + "Orders(5)", root + "Orders(5)/Lines"},
		{"path through a navigation", "Customers('A')/Orders", Row{Values: vals("OrderID", "7")}, "Lines", v4,
			root + "Customers('A')/Orders(7)", root + "Customers('A')/Orders(7)/Lines"},
		{"single entity path", "Customers('A')", Row{Values: vals("Code", "A")}, "Orders", v4,
			root + "Customers('A')", root + "Customers('A')/Orders"},
		{"key not selected", "Customers", Row{Values: vals("Name", "x")}, "Orders", v4, "", ""},
		{"no metadata, no id", "Customers", Row{Values: vals("Code", "A")}, "Orders", nil, "", ""},
		{"unknown set", "Nowhere", Row{Values: vals("Code", "A")}, "Orders", v4, "", ""},
		{"not a navigation property", "Customers", Row{Values: vals("Code", "A")}, "Code", v4, root + "Customers('A')", ""},
		{"bad nav name", "Customers", Row{ID: "Customers('A')"}, "Orders?x=1", v4, root + "Customers('A')", ""},
		{"foreign @odata.id", "Customers", Row{ID: "https://evil.example.test/odata/Customers('A')"}, "Orders", v4, "", ""},
	}
	c := mustClient(t, root)
	for _, tt := range tests {
		got, err := c.EntityURL(tt.set, tt.row, tt.m)
		switch {
		case tt.entity == "" && err == nil:
			t.Errorf("%s: EntityURL got %s; want an error", tt.name, got)
		case tt.entity != "" && (err != nil || got != tt.entity):
			t.Errorf("%s: EntityURL got %q, %v; want %q", tt.name, got, err, tt.entity)
		}
		got, err = c.Related(tt.set, tt.row, tt.nav, tt.m)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s: Related got %s; want an error", tt.name, got)
		case tt.want != "" && (err != nil || got != tt.want):
			t.Errorf("%s: Related got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	var fe *Error
	if _, err := c.EntityURL("Customers", Row{ID: "https://evil.example.test/x"}, nil); !errors.Is(err, ErrForeignLink) || errors.As(err, &fe) {
		t.Errorf("foreign id: got %v; want ErrForeignLink", err)
	}
}

func TestLoadRelated(t *testing.T) {
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("$expand") {
		case "Orders":
			fmt.Fprint(w, `{"Code":"A","Orders":[{"@odata.id":"Orders(1)","OrderID":1,"Total@odata.type":"#Decimal","Total":"2.5"},{"OrderID":2}]}`)
		case "Customer":
			fmt.Fprint(w, `{"OrderID":1,"Customer":{"@odata.id":"Customers('A')","Code":"A"}}`)
		case "Lines":
			fmt.Fprint(w, `{"OrderID":1,"Lines":null}`)
		default:
			fmt.Fprint(w, `{"OrderID":1,"Customerx":"text"}`)
		}
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	m := mustModel(t, relDoc)
	ctx := context.Background()

	rows, err := c.LoadRelated(ctx, "Customers", Row{Values: map[string]any{"Code": "A b"}}, "Orders", m)
	if err != nil || len(rows) != 2 || rows[0].ID != "Orders(1)" || rows[0].Values["Total"] != "2.5" || len(rows[0].Values) != 2 {
		t.Fatalf("to-many: got %+v, %v; want two orders, annotations stripped", rows, err)
	}
	if asked[0] != "/odata/Customers('A%20b')?$expand=Orders" {
		t.Errorf("request: got %s; want /odata/Customers('A%%20b')?$expand=Orders", asked[0])
	}
	rows, err = c.LoadRelated(ctx, "Orders", Row{ID: "Orders(1)"}, "Customer", m)
	if err != nil || len(rows) != 1 || rows[0].ID != "Customers('A')" {
		t.Errorf("to-one: got %+v, %v; want the customer", rows, err)
	}
	if _, err := c.LoadRelated(ctx, "Orders", Row{ID: "Orders(1)"}, "Lines", m); err == nil || err.Error() != "Lines is empty for this record" {
		t.Errorf("null: got %v; want \"Lines is empty for this record\"", err)
	}
	if _, err := c.LoadRelated(ctx, "Orders", Row{ID: "Orders(1)"}, "Customerx", nil); err == nil ||
		!strings.Contains(err.Error(), "not a navigation property the server expands") {
		t.Errorf("not expandable: got %v; want it named", err)
	}
}

// TestDemoLoadRelated reads an order's lines from the demo instance by
// expanding them, with the row's @odata.id and with the URL built from its
// key, as for a server that sends no @odata.id.
func TestDemoLoadRelated(t *testing.T) {
	c, _ := demoClient(t, demo.Options{TokenTTL: time.Hour})
	ctx := context.Background()
	m, err := c.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(ctx, Query{Set: "Crm_Sales_SalesOrders", Top: 1, Select: []string{"default", "Id"}})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("got %v, %v; want one order", p, err)
	}
	row := p.Rows[0]
	withID, err := c.LoadRelated(ctx, "Crm_Sales_SalesOrders", row, "Lines", m)
	if err != nil || len(withID) == 0 {
		t.Fatalf("with @odata.id: got %d lines, %v; want some", len(withID), err)
	}
	row.ID = ""
	fromKey, err := c.LoadRelated(ctx, "Crm_Sales_SalesOrders", row, "Lines", m)
	if err != nil || len(fromKey) != len(withID) {
		t.Errorf("from the key: got %d lines, %v; want %d", len(fromKey), err, len(withID))
	}
}

// FuzzEntityURL: whatever a string key holds, the entity URL stays on the
// service, in one path segment, and reads back to the key's literal.
func FuzzEntityURL(f *testing.F) {
	for _, s := range []string{"A", "O'Neil/Ltd", "a?b#c%d e", "Café", "../x", "(", "", "'"} {
		f.Add(s)
	}
	m, err := ParseMetadata(strings.NewReader(relDoc))
	if err != nil {
		f.Fatal(err)
	}
	c, err := NewClient("https://svc.example.test/odata/", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key string) {
		got, err := c.EntityURL("Customers", Row{Values: map[string]any{"Code": key}}, m)
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("EntityURL(%q) = %q does not parse: %v", key, got, err)
		}
		if u.Host != "svc.example.test" || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("EntityURL(%q) = %q leaves the service path", key, got)
		}
		seg, ok := strings.CutPrefix(u.EscapedPath(), "/odata/")
		if !ok || strings.Contains(seg, "/") {
			t.Fatalf("EntityURL(%q) = %q is not one segment below the root", key, got)
		}
		lit, _ := Literal("Edm.String", key)
		if back, err := url.PathUnescape(seg); err != nil || back != "Customers("+lit+")" {
			t.Fatalf("EntityURL(%q) reads back as %q (%v); want Customers(%s)", key, back, err, lit)
		}
	})
}
