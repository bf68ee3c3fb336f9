package related

import (
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

const testSet = "Crm_Sales_SalesOrders"

// salesOrderCSDL declares the test set's type with two navigation
// properties.
const salesOrderCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="SalesOrder"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Notes" Type="Edm.String"/>
<Property Name="DocumentNo" Type="Edm.String"/>
<NavigationProperty Name="Customer" Type="Erp.Customer"/>
<NavigationProperty Name="Lines" Type="Collection(Erp.SalesOrderLine)"/></EntityType>
<EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
<EntityType Name="SalesOrderLine"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
<EntityContainer Name="Container">
<EntitySet Name="Crm_Sales_SalesOrders" EntityType="Erp.SalesOrder">
<NavigationPropertyBinding Path="Customer" Target="Crm_Customers"/><NavigationPropertyBinding Path="Lines" Target="Crm_Sales_SalesOrderLines"/>
</EntitySet>
<EntitySet Name="Crm_Customers" EntityType="Erp.Customer"/><EntitySet Name="Crm_Sales_SalesOrderLines" EntityType="Erp.SalesOrderLine"/>
</EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`

func testMeta(t *testing.T) *odata.Model {
	t.Helper()
	m, err := odata.ParseMetadata(strings.NewReader(salesOrderCSDL))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSet(t *testing.T) {
	meta := testMeta(t)
	tests := []struct {
		meta          *odata.Model
		set, nav, out string
	}{
		{meta, testSet, "Lines", "Crm_Sales_SalesOrderLines"},
		{meta, testSet + "(1)", "Customer", "Crm_Customers"},
		{meta, testSet, "Unknown", "Unknown"},
		{nil, testSet, "Lines", "Lines"},
	}
	for _, tt := range tests {
		if got := Set(tt.meta, tt.set, tt.nav); got != tt.out {
			t.Errorf("Set(%s, %s): got %q; want %q", tt.set, tt.nav, got, tt.out)
		}
	}
}

func TestTitle(t *testing.T) {
	meta := testMeta(t)
	tests := []struct {
		name string
		row  odata.Row
		meta *odata.Model
		want string
	}{
		{"document number", odata.Row{Values: map[string]any{"DocumentNo": "SO-1", "Name": "x"}}, nil, "SO-1"},
		{"name", odata.Row{Values: map[string]any{"Name": map[string]any{"EN": "Acme"}}}, nil, "Acme"},
		{"long name", odata.Row{Values: map[string]any{"Code": strings.Repeat("x", 30)}}, nil, strings.Repeat("x", 23) + "…"},
		{"key from @odata.id", odata.Row{ID: "Crm_Customers('O''Neil')"}, nil, "O'Neil"},
		{"long key", odata.Row{ID: "Crm_Customers(0a1b2c3d-0000-4000-8000-000000000001)"}, nil, "0a1b2c3d…"},
		{"key from $metadata", odata.Row{Values: map[string]any{"Id": "42"}}, meta, "42"},
		{"long key from $metadata", odata.Row{Values: map[string]any{"Id": "0a1b2c3d-0000-4000-8000-000000000001"}}, meta, "0a1b2c3d…"},
		{"nothing", odata.Row{Values: map[string]any{"Notes": "n"}}, meta, ""},
	}
	for _, tt := range tests {
		if got := Title(testSet, tt.row, tt.meta, "EN"); got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestNavigation(t *testing.T) {
	row := odata.Row{Values: map[string]any{
		"DocumentNo": "SO-1",
		"Customer":   map[string]any{"@odata.id": "Crm_Customers(1)"},
		"Store":      map[string]any{"@odata.id": "Stores(2)"},
		"Amount":     map[string]any{"Value": "1", "Currency": "EUR"},
	}}
	tests := []struct {
		name string
		meta *odata.Model
		want string // name:type, in order
	}{
		{"without $metadata: the references, by name", nil, "Customer:reference Store:reference"},
		{"with $metadata: declared first, then undeclared references", testMeta(t),
			"Customer:Erp.Customer Lines:Collection(Erp.SalesOrderLine) Store:reference"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range Navigation(testSet, row, tt.meta) {
			got = append(got, e.Name+":"+e.Type)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, g, tt.want)
		}
	}
}

func TestCountText(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{-1, ""}, {0, "0 rows"}, {1, "1 row"}, {1234567, "1,234,567 rows"}} {
		if got := CountText(tt.n); got != tt.want {
			t.Errorf("CountText(%d): got %q; want %q", tt.n, got, tt.want)
		}
	}
}

// TestNextSeq: generations are never repeated, even across callers.
func TestNextSeq(t *testing.T) {
	a, b := NextSeq(), NextSeq()
	if b <= a {
		t.Errorf("got %d then %d; want a new, larger number", a, b)
	}
}
