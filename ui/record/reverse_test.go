package record

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// reverseCSDL: orders point at customers (one way, labelled), order lines
// point at orders and orders list their lines (partners), and tags list
// customers (to-many, one way).
const reverseCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key>
 <Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Number" Type="Edm.String"/></EntityType>
<EntityType Name="SalesOrder"><Key><PropertyRef Name="Id"/></Key>
 <Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="DocumentNo" Type="Edm.String"/>
 <NavigationProperty Name="Customer" Type="Erp.Customer"><Annotation Term="Common.Label" String="Buyer"/></NavigationProperty>
 <NavigationProperty Name="Lines" Type="Collection(Erp.SalesOrderLine)" Partner="SalesOrder"/></EntityType>
<EntityType Name="SalesOrderLine"><Key><PropertyRef Name="Id"/></Key>
 <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
 <NavigationProperty Name="SalesOrder" Type="Erp.SalesOrder" Partner="Lines"/></EntityType>
<EntityType Name="Tag"><Key><PropertyRef Name="Code"/></Key>
 <Property Name="Code" Type="Edm.String" Nullable="false"/>
 <NavigationProperty Name="Customers" Type="Collection(Erp.Customer)"/></EntityType>
<EntityContainer Name="Container">
 <EntitySet Name="Crm_Sales_Customers" EntityType="Erp.Customer"/>
 <EntitySet Name="Crm_Sales_SalesOrders" EntityType="Erp.SalesOrder">
  <NavigationPropertyBinding Path="Customer" Target="Crm_Sales_Customers"/><NavigationPropertyBinding Path="Lines" Target="Crm_Sales_SalesOrderLines"/></EntitySet>
 <EntitySet Name="Crm_Sales_SalesOrderLines" EntityType="Erp.SalesOrderLine">
  <NavigationPropertyBinding Path="SalesOrder" Target="Crm_Sales_SalesOrders"/></EntitySet>
 <EntitySet Name="Tags" EntityType="Erp.Tag"><NavigationPropertyBinding Path="Customers" Target="Crm_Sales_Customers"/></EntitySet>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

const customerSet = "Crm_Sales_Customers"

// customerJSON is a customer as ERP.net sends it by default: no Id, its
// key only in @odata.id.
const customerJSON = `{"@odata.id":"Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)","Number":"C-0001"}`

func reverseEnv(t *testing.T, d odata.Dialect) *screen.Env {
	t.Helper()
	env := testEnv(nil, &screen.Status{})
	meta, err := odata.ParseMetadata(strings.NewReader(reverseCSDL))
	if err != nil {
		t.Fatal(err)
	}
	env.Meta, env.Dialect = meta, d
	return env
}

// reverseNames lists the record's reverse entries by technical name.
func reverseNames(m *Model) string {
	var out []string
	for _, e := range m.entries {
		if e.reverse != nil {
			out = append(out, e.name)
		}
	}
	return strings.Join(out, ", ")
}

func TestReverseEntries(t *testing.T) {
	tests := []struct {
		name string
		d    odata.Dialect
		set  string
		row  string
		want string // the reverse entries, each as name: filter
	}{
		{"ERP.net: the reference as a URI string", odata.ERPNet, customerSet, customerJSON,
			"Crm_Sales_SalesOrders by Customer: Customer eq 'Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)'"},
		{"OData v4: the key through the navigation; to-many with any", odata.GenericV4, customerSet, customerJSON,
			"Crm_Sales_SalesOrders by Customer: Customer/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab, " +
				"Tags by Customers: Customers/any(x:x/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"},
		{"the key from the row's values", odata.GenericV4, customerSet, `{"Id":"9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"}`,
			"Crm_Sales_SalesOrders by Customer: Customer/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab, " +
				"Tags by Customers: Customers/any(x:x/Id eq 9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"},
		{"no key: no reverse entries", odata.GenericV4, customerSet, `{"Number":"C-0001"}`, ""},
		// Lines already leads to the order's lines: no reverse entry for
		// their SalesOrder.
		{"a partner is reached forward", odata.ERPNet, "Crm_Sales_SalesOrders",
			`{"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000001)"}`, ""},
		{"a record reached by a path", odata.ERPNet, "Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000001)/Customer", customerJSON,
			"Crm_Sales_SalesOrders by Customer: Customer eq 'Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(reverseEnv(t, tt.d), tt.set, testRow(t, tt.row), []string{tt.set})
			var got []string
			for _, e := range m.entries {
				if e.reverse != nil {
					got = append(got, e.name+": "+e.reverse.Filter)
				}
			}
			if g := strings.Join(got, ", "); g != tt.want {
				t.Errorf("got %q; want %q", g, tt.want)
			}
		})
	}
}

// TestReverseOpensFilteredSet: the reverse entries come last, read as
// "← set by navigation" (its label while labels are shown), and enter
// asks for the set filtered to this record, with its saved layout.
func TestReverseOpensFilteredSet(t *testing.T) {
	env := reverseEnv(t, odata.ERPNet)
	m := New(env, customerSet, testRow(t, customerJSON), []string{customerSet})
	m.SetSize(80, 10)
	press(m, "G")
	if e := m.entries[m.cursor]; e.name != "Crm_Sales_SalesOrders by Customer" {
		t.Fatalf("G: got cursor on %q; want the reverse entry, last", e.name)
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "› ← Crm_Sales_SalesOrders by Buyer  enter: open filtered") {
		t.Errorf("view:\n%s\nwant the entry as ← Crm_Sales_SalesOrders by Buyer, its hint", view)
	}
	if s := m.Status(); !strings.Contains(s, "Crm_Sales_SalesOrders by Customer") {
		t.Errorf("status %q; want the technical name of the labelled entry", s)
	}
	if cmd := press(m, "enter"); cmd != nil {
		t.Errorf("enter on a reverse entry: got a command; want none (the root opens the grid)")
	}
	types, msgs := posted(env)
	if types != "screen.OpenQuery" {
		t.Fatalf("enter: posted %q; want screen.OpenQuery", types)
	}
	got := msgs[0].(screen.OpenQuery)
	want := "Customer eq 'Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)'"
	if got.Query.Set != "Crm_Sales_SalesOrders" || got.Query.Filter != want || got.Count != -1 || !got.Layout {
		t.Errorf("got %+v; want Crm_Sales_SalesOrders filtered by %s, count -1, with its layout", got, want)
	}
}

// TestReverseAfterMetadata: a record opened before $metadata arrived gets
// its reverse entries when it does.
func TestReverseAfterMetadata(t *testing.T) {
	env := reverseEnv(t, odata.ERPNet)
	meta := env.Meta
	env.Meta = nil
	m := New(env, customerSet, testRow(t, customerJSON), []string{customerSet})
	if got := reverseNames(m); got != "" {
		t.Fatalf("without $metadata: got reverse entries %q; want none", got)
	}
	env.Meta = meta
	m.Update(screen.MetadataLoaded{})
	if got, want := reverseNames(m), "Crm_Sales_SalesOrders by Customer"; got != want {
		t.Errorf("after $metadata: got reverse entries %q; want %q", got, want)
	}
}
