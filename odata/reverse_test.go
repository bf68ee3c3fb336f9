package odata

import (
	"errors"
	"fmt"
	"testing"
)

func TestReverseNavigation(t *testing.T) {
	tests := []struct {
		fixture, set string
		want         string
	}{
		// v4 with Partner: the relation is reachable forward too.
		{"northwind-v4.xml", "Customers", "[{CustomerDemographics Customers  true CustomerDemographics} {Orders Customer  false Orders}]"},
		// v4 without Partner; a set pointing at itself.
		{"trippin.xml", "People", "[{People Friends  true }]"},
		// v2 associations, one-way.
		{"sap-api-business-partner-v2.xml", "A_AddressFaxNumber", "[{A_BPContactToAddress to_FaxNumber  true } {A_BusinessPartnerAddress to_FaxNumber  true }]"},
		{"trippin.xml", "NoSuchSet", "[]"},
	}
	for _, tt := range tests {
		m := parseFixture(t, tt.fixture)
		if got := fmt.Sprint(m.ReverseNavigation(tt.set)); got != tt.want {
			t.Errorf("%s: ReverseNavigation(%s) = %s; want %s", tt.fixture, tt.set, got, tt.want)
		}
	}
}

// TestReverseNavigationV2Partner: a v2 association navigable from both
// ends names the other end as the partner; a one-way one names none.
func TestReverseNavigationV2Partner(t *testing.T) {
	m := parseString(t, `<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
 <edmx:DataServices><Schema Namespace="S" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
  <EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32" Nullable="false"/>
   <NavigationProperty Name="Orders" Relationship="S.CO" FromRole="C" ToRole="O"/></EntityType>
  <EntityType Name="Order"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32" Nullable="false"/>
   <NavigationProperty Name="Customer" Relationship="S.CO" FromRole="O" ToRole="C"/>
   <NavigationProperty Name="Payer" Relationship="S.OP" FromRole="O" ToRole="C"/></EntityType>
  <Association Name="CO"><End Type="S.Customer" Multiplicity="1" Role="C"/><End Type="S.Order" Multiplicity="*" Role="O"/></Association>
  <Association Name="OP"><End Type="S.Order" Multiplicity="*" Role="O"/><End Type="S.Customer" Multiplicity="0..1" Role="C"/></Association>
  <EntityContainer Name="C" m:IsDefaultEntityContainer="true" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
   <EntitySet Name="Customers" EntityType="S.Customer"/><EntitySet Name="Orders" EntityType="S.Order"/>
   <AssociationSet Name="COs" Association="S.CO"><End EntitySet="Customers" Role="C"/><End EntitySet="Orders" Role="O"/></AssociationSet>
   <AssociationSet Name="OPs" Association="S.OP"><End EntitySet="Orders" Role="O"/><End EntitySet="Customers" Role="C"/></AssociationSet>
  </EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`)
	want := "[{Orders Customer  false Orders} {Orders Payer  false }]"
	if got := fmt.Sprint(m.ReverseNavigation("Customers")); got != want {
		t.Errorf("ReverseNavigation(Customers) = %s; want %s", got, want)
	}
	want = "[{Customers Orders  true Customer}]"
	if got := fmt.Sprint(m.ReverseNavigation("Orders")); got != want {
		t.Errorf("ReverseNavigation(Orders) = %s; want %s", got, want)
	}
}

func TestKeyPredicate(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"https://h/odata/Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)", "[{ 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab}]"},
		{"People('o''neil')", "[{ 'o''neil'}]"},
		{"People('a(b)')", "[{ 'a(b)'}]"},
		{"People('a%28b')", "[{ 'a(b'}]"},
		{"Order_Details(OrderID=10248,ProductID=11)", "[{OrderID 10248} {ProductID 11}]"},
		{"People('x')/Trips(3)", "[{ 3}]"},
		{"People('x')", "[{ 'x'}]"},
		{"A(guid'0a1b2c3d-0000-4000-8000-000000000001')", "[{ guid'0a1b2c3d-0000-4000-8000-000000000001'}]"},
		{"People", "error"},
		{"People()", "error"},
		{"People('x)", "error"},
		{"People(1,2)", "error"},
		{"", "error"},
	}
	for _, tt := range tests {
		kv, err := KeyPredicate(tt.id)
		got := fmt.Sprint(kv)
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("KeyPredicate(%q) = %s (%v); want %s", tt.id, got, err, tt.want)
		}
	}
}

func FuzzKeyPredicate(f *testing.F) {
	for _, s := range []string{"People('o''neil')", "O(A=1,B='x,y')", "S(1)", "x('')", "(", ")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		kv, err := KeyPredicate(id)
		if err == nil && len(kv) == 0 {
			t.Errorf("KeyPredicate(%q): got no parts and no error; want one or the other", id)
		}
		for _, k := range kv {
			if k.Literal == "" {
				t.Errorf("KeyPredicate(%q): got an empty literal in %v", id, kv)
			}
		}
	})
}

func TestEntityKey(t *testing.T) {
	m := parseFixture(t, "northwind-v4.xml")
	tests := []struct {
		set  string
		row  Row
		d    Dialect
		want string
	}{
		{"Customers", Row{Values: map[string]any{"CustomerID": "ALFKI"}}, GenericV4, "[{CustomerID 'ALFKI'}]"},
		{"Customers", Row{ID: "Customers('ALFKI')"}, GenericV4, "[{CustomerID 'ALFKI'}]"},
		{"Order_Details", Row{Values: map[string]any{"OrderID": 1, "ProductID": 2}}, GenericV4, "[{OrderID 1} {ProductID 2}]"},
		{"Order_Details", Row{ID: "Order_Details(OrderID=1,ProductID=2)", Values: map[string]any{"OrderID": 1}}, GenericV4, "[{OrderID 1} {ProductID 2}]"},
		{"Order_Details", Row{ID: "Order_Details(1)"}, GenericV4, "error"},
		{"Customers", Row{}, GenericV4, "error"},
		{"Nope", Row{ID: "Nope(1)"}, GenericV4, "error"},
	}
	for _, tt := range tests {
		kv, err := m.EntityKey(tt.d, tt.set, tt.row)
		got := fmt.Sprint(kv)
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("EntityKey(%s, %+v) = %s (%v); want %s", tt.set, tt.row, got, err, tt.want)
		}
	}
}

func TestReverseFilter(t *testing.T) {
	guid := []KeyValue{{Name: "Id", Literal: "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"}}
	pair := []KeyValue{{Name: "A", Literal: "1"}, {Name: "B", Literal: "'x'"}}
	one := Reverse{Set: "Crm_Sales_SalesOrders", Nav: "Customer"}
	many := Reverse{Set: "Tags", Nav: "Items", Collection: true}
	tests := []struct {
		d    Dialect
		r    Reverse
		key  []KeyValue
		want string
	}{
		{ERPNet, one, guid, "Customer eq 'Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)'"},
		{ERPNet, one, []KeyValue{{Name: "Code", Literal: "'o''n'"}}, "Customer eq 'Crm_Sales_Customers(''o''''n'')'"},
		{ERPNet, one, pair, "error"},
		{ERPNet, many, guid, "no lambda"},
		{GenericV4, one, guid, "Customer/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"},
		{GenericV4, one, pair, "Customer/A eq 1 and Customer/B eq 'x'"},
		{GenericV4, many, pair, "Items/any(x:x/A eq 1 and x/B eq 'x')"},
		{V2, one, []KeyValue{{Name: "Id", Literal: "guid'9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab'"}}, "Customer/Id eq guid'9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab'"},
		{V2, many, guid, "no lambda"},
		{GenericV4, one, nil, "error"},
		{GenericV4, Reverse{Nav: "a b"}, guid, "error"},
		{GenericV4, one, []KeyValue{{Name: "x eq 1 or y", Literal: "1"}}, "error"},
	}
	for _, tt := range tests {
		got, err := ReverseFilter(tt.d, "Crm_Sales_Customers", tt.r, tt.key)
		switch {
		case errors.Is(err, ErrNoReverseFilter):
			got = "no lambda"
		case err != nil:
			got = "error"
		}
		if got != tt.want {
			t.Errorf("ReverseFilter(%s, %+v, %v) = %q (%v); want %q", tt.d.Name, tt.r, tt.key, got, err, tt.want)
		}
	}
}
