package record

import (
	"context"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// salesOrderCSDL declares the test set's type with properties in an order
// other than the payload's, and two navigation properties.
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

func entryNames(es []entry) string {
	var names []string
	for _, e := range es {
		names = append(names, e.name)
	}
	return strings.Join(names, " ")
}

func TestEntriesOrder(t *testing.T) {
	row := testRow(t, orderJSON)
	tests := []struct {
		name  string
		meta  *odata.Model
		want  string
		types string
	}{
		{"without $metadata", nil, "Amount Description DocumentDate DocumentNo Id Notes Customer",
			"object object string string string string reference"},
		{"with $metadata", testMeta(t), "Id Notes DocumentNo Amount Description DocumentDate Customer Lines",
			"Edm.Guid Edm.String Edm.String object object string Erp.Customer Collection(Erp.SalesOrderLine)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := entries(testSet, row, tt.meta)
			if got := entryNames(es); got != tt.want {
				t.Errorf("got entries %q; want %q", got, tt.want)
			}
			var types []string
			for _, e := range es {
				types = append(types, e.typ)
			}
			if got := strings.Join(types, " "); got != tt.types {
				t.Errorf("got types %q; want %q", got, tt.types)
			}
			if last := es[len(es)-1]; !last.nav {
				t.Errorf("got the last entry %s not navigable; want the navigation properties last", last.name)
			}
		})
	}
}

// TestFunctionAnswerTyped: the record of a function's answer (opened under
// its call path) types its fields by the function's return type.
func TestFunctionAnswerTyped(t *testing.T) {
	env, _ := demoEnv(t)
	path := "GetExchangeRate(FromCurrency='EUR',ToCurrency='BGN',OnDate=2026-12-01)"
	row, err := env.Client.Entity(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, e := range entries(path, row, env.Meta) {
		types[e.name] = e.typ
	}
	if types["Rate"] != "Edm.Decimal" || types["OnDate"] != "Edm.Date" {
		t.Errorf("the answer's types %v; want Rate Edm.Decimal and OnDate Edm.Date, from the function's return type", types)
	}
}
