package odata

import (
	"slices"
	"testing"
)

const chainDoc = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://example.org/vocab.xml">
    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Cap"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="Shop.Sales" Alias="s" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Order" BaseType="b.Document">
        <Property Name="Total" Type="Edm.Decimal" Precision="18" Scale="variable"/>
        <Property Name="Tags" Type="Collection(Edm.String)" Nullable="false"/>
        <NavigationProperty Name="Lines" Type="Collection(s.Line)" Partner="Order" ContainsTarget="true"/>
      </EntityType>
      <EntityType Name="Line">
        <Key><PropertyRef Name="No"/></Key>
        <Property Name="No" Type="Edm.Int32" Nullable="false"/>
        <Property Name="Note" Type="Edm.String" MaxLength="max"/>
        <NavigationProperty Name="Order" Type="s.Order" Nullable="false" Partner="Lines"/>
      </EntityType>
      <EnumType Name="State"><Member Name="Draft"/><Member Name="Open"/><Member Name="Done" Value="10"/><Member Name="Gone"/></EnumType>
      <EntityContainer Name="Svc">
        <EntitySet Name="Orders" EntityType="s.Order">
          <NavigationPropertyBinding Path="Lines" Target="Lines"/>
          <NavigationPropertyBinding Path="Shop.Base.Document/Owner" Target="Shop.Sales.Svc/People"/>
          <Annotation Term="Cap.SortRestrictions">
            <Record>
              <PropertyValue Property="NonSortableProperties">
                <Collection><PropertyPath>Total</PropertyPath><PropertyPath>Tags</PropertyPath></Collection>
              </PropertyValue>
            </Record>
          </Annotation>
        </EntitySet>
        <EntitySet Name="Lines" EntityType="Shop.Sales.Line"/>
        <EntitySet Name="People" EntityType="b.Person"/>
        <Singleton Name="Me" Type="b.Person"/>
        <FunctionImport Name="Top" Function="s.Top"/>
      </EntityContainer>
      <Annotations Target="s.Svc/Lines">
        <Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions">
          <Record><PropertyValue Property="Filterable" Bool="false"/></Record>
        </Annotation>
        <Annotation Term="Org.OData.Capabilities.V1.SortRestrictions" Qualifier="Phone">
          <Record><PropertyValue Property="Sortable" Bool="false"/></Record>
        </Annotation>
      </Annotations>
    </Schema>
    <Schema Namespace="Shop.Base" Alias="b" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Entity" Abstract="true">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
      </EntityType>
      <EntityType Name="Document" BaseType="b.Entity" Abstract="true">
        <Property Name="Number" Type="Edm.String" MaxLength="20"/>
        <NavigationProperty Name="Owner" Type="b.Person"/>
      </EntityType>
      <EntityType Name="Person" BaseType="Shop.Base.Entity"><Property Name="Name" Type="Edm.String"/></EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

func TestBaseTypeChainAcrossSchemas(t *testing.T) {
	m := parseString(t, chainDoc)
	order, ok := m.EntityType("Shop.Sales.Order")
	if !ok {
		t.Fatal("Shop.Sales.Order not found")
	}
	if order.BaseType != "Shop.Base.Document" || order.Base() == nil || order.Base().Base() == nil {
		t.Fatalf("Order.BaseType = %q; want Shop.Base.Document resolved through alias b", order.BaseType)
	}
	if got := order.Key(); !slices.Equal(got, []string{"Id"}) {
		t.Errorf("Order.Key() = %v; want [Id] (inherited two levels up)", got)
	}
	if got, want := propNames(order.AllProperties()), []string{"Id", "Number", "Total", "Tags"}; !slices.Equal(got, want) {
		t.Errorf("AllProperties = %v; want %v", got, want)
	}
	var navs []string
	for _, n := range order.AllNavigation() {
		navs = append(navs, n.Name+":"+n.Type)
	}
	if want := []string{"Owner:Shop.Base.Person", "Lines:Shop.Sales.Line"}; !slices.Equal(navs, want) {
		t.Errorf("AllNavigation = %v; want %v", navs, want)
	}
	lines, _ := order.NavigationProperty("Lines")
	if !lines.Collection || !lines.ContainsTarget || lines.Partner != "Order" {
		t.Errorf("Lines = %+v; want a contained collection with partner Order", lines)
	}
	tags, _ := order.Property("Tags")
	if tags.Type != "Edm.String" || !tags.Collection || tags.Nullable {
		t.Errorf("Tags = %+v; want Collection(Edm.String), not nullable", tags)
	}
	total, _ := order.Property("Total")
	if total.Precision != 18 || total.Scale != ScaleVariable || !total.Nullable || total.MaxLength != 0 {
		t.Errorf("Total facets = %+v; want Precision 18, Scale variable, Nullable (XML default)", total)
	}
	line, _ := m.EntityType("s.Line")
	if note, _ := line.Property("Note"); note.MaxLength != MaxLengthMax {
		t.Errorf("Note.MaxLength = %d; want MaxLengthMax", note.MaxLength)
	}
	if o, _ := line.NavigationProperty("Order"); o.Nullable || o.Collection {
		t.Errorf("Line.Order = %+v; want single, not nullable", o)
	}
	for _, tc := range []struct{ set, nav, want string }{
		{"Orders", "Lines", "Lines"},
		{"Orders", "Owner", "People"}, // type-cast binding path, container-qualified target
		{"Lines", "Order", "Orders"},  // no binding: the only set of type Order
	} {
		if s, ok := m.NavigationTarget(tc.set, tc.nav); !ok || s.Name != tc.want {
			t.Errorf("NavigationTarget(%s, %s) = %v, %v; want %s", tc.set, tc.nav, s, ok, tc.want)
		}
	}
	if _, ok := m.NavigationTarget("Orders", "Nope"); ok {
		t.Error("NavigationTarget(Orders, Nope) found a target")
	}
	c := m.Containers[0]
	if !slices.Equal(c.Singletons, []string{"Me"}) || !slices.Equal(c.FunctionImports, []string{"Top"}) {
		t.Errorf("singletons %v, function imports %v; want [Me] [Top]", c.Singletons, c.FunctionImports)
	}
	en, _ := m.EnumType("s.State")
	var vals []int64
	for _, mb := range en.Members {
		vals = append(vals, mb.Value)
	}
	if !slices.Equal(vals, []int64{0, 1, 10, 11}) || en.UnderlyingType != "Edm.Int32" {
		t.Errorf("State values = %v (%s); want [0 1 10 11] Edm.Int32", vals, en.UnderlyingType)
	}
	// Capabilities: inline on Orders, out of line on Lines; the qualified
	// annotation is ignored.
	for _, tc := range []struct {
		set, prop    string
		sort, filter bool
	}{
		{"Orders", "Total", false, true},
		{"Orders", "Number", true, true},
		{"Lines", "No", true, false},
		{"Unknown", "X", true, true},
	} {
		if got := m.Sortable(tc.set, tc.prop); got != tc.sort {
			t.Errorf("Sortable(%s, %s) = %v; want %v", tc.set, tc.prop, got, tc.sort)
		}
		if got := m.Filterable(tc.set, tc.prop); got != tc.filter {
			t.Errorf("Filterable(%s, %s) = %v; want %v", tc.set, tc.prop, got, tc.filter)
		}
	}
}
