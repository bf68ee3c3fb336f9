package dialog

import (
	"slices"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// shapeCSDL is an ERP.net-like model for the query-shaping tests: a
// customer set where only Number is sortable (as on ERP.net), with a
// multi-language name, an enum, a custom attribute, a reference and a
// collection; a second set that cannot be sorted at all.
const shapeCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml"><edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/></edmx:Reference>
<edmx:DataServices><Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="Customer"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Guid" Nullable="false"/>
<Property Name="Number" Type="Edm.String"/>
<Property Name="Name" Type="Erp.MultilanguageString"/>
<Property Name="CreditLimit" Type="Edm.Decimal"/>
<Property Name="State" Type="Erp.DocumentState"/>
<Property Name="CustomProperty_Color" Type="Edm.String"/>
<NavigationProperty Name="Party" Type="Erp.Party"/>
<NavigationProperty Name="Lines" Type="Collection(Erp.Line)"/>
</EntityType>
<EntityType Name="Party"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="PartyName" Type="Edm.String"/></EntityType>
<EntityType Name="Line"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
<ComplexType Name="MultilanguageString" OpenType="true"><Property Name="EN" Type="Edm.String"/></ComplexType>
<EnumType Name="DocumentState"><Member Name="New" Value="0"/><Member Name="Released" Value="30"/></EnumType>
<EntityContainer Name="Container">
<EntitySet Name="Crm_Sales_Customers" EntityType="Erp.Customer"><Annotation Term="Org.OData.Capabilities.V1.SortRestrictions"><Record><PropertyValue Property="NonSortableProperties"><Collection><PropertyPath>Id</PropertyPath><PropertyPath>Name</PropertyPath><PropertyPath>CreditLimit</PropertyPath><PropertyPath>State</PropertyPath><PropertyPath>CustomProperty_Color</PropertyPath></Collection></PropertyValue></Record></Annotation></EntitySet>
<EntitySet Name="General_Contacts_Parties" EntityType="Erp.Party"><Annotation Term="Capabilities.SortRestrictions"><Record><PropertyValue Property="NonSortableProperties"><Collection><PropertyPath>Id</PropertyPath><PropertyPath>PartyName</PropertyPath></Collection></PropertyValue></Record></Annotation></EntitySet>
<EntitySet Name="Lines" EntityType="Erp.Line"/>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

func shapeModel(t testing.TB) *odata.Model {
	t.Helper()
	m, err := odata.ParseMetadata(strings.NewReader(shapeCSDL))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestColumnProps(t *testing.T) {
	props := ColumnProps(shapeModel(t), "Crm_Sales_Customers", []string{"Number", "Id", "Extra"})
	var got []string
	for _, p := range props {
		s := p.Name
		if p.Shown {
			s += "+"
		}
		if p.Key {
			s += "#"
		}
		got = append(got, s)
	}
	want := "Number+ Id+# Extra+ Name CreditLimit State CustomProperty_Color Party"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("column picker entries: got %q; want %q (shown first in their order, collections left out)", g, want)
	}
	if got := ColumnProps(nil, "X", []string{"A", "B"}); len(got) != 2 || !got[0].Shown || got[1].Name != "B" {
		t.Errorf("without metadata: got %+v; want the shown columns A, B", got)
	}
}

func TestToggleExpand(t *testing.T) {
	tests := []struct {
		in   []string
		nav  string
		want []string
	}{
		{nil, "Lines", []string{"Lines"}},
		{[]string{"Party"}, "Lines", []string{"Party", "Lines"}},
		{[]string{"Lines($select=Id,Product)", "Party"}, "Lines", []string{"Party"}},
		{[]string{"Lines/$ref"}, "Lines", nil},
		{[]string{"LinesX"}, "Lines", []string{"LinesX", "Lines"}},
	}
	for _, tt := range tests {
		if got := ToggleExpand(tt.in, tt.nav); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("ToggleExpand(%q, %q) = %q; want %q", tt.in, tt.nav, got, tt.want)
		}
	}
}

func TestSelectFor(t *testing.T) {
	all := ColumnProps(shapeModel(t), "Crm_Sales_Customers", nil)
	defaults := []string{"Id", "Number", "Name", "CreditLimit", "State", "Party"}
	tests := []struct {
		name  string
		shown []string
		d     odata.Dialect
		want  string
	}{
		{"erp every default", defaults, odata.ERPNet, ""},
		{"erp every default reordered", []string{"Party", "State", "Id", "CreditLimit", "Name", "Number"}, odata.ERPNet, ""},
		{"erp default without the key", defaults[1:], odata.ERPNet, ""},
		{"erp defaults plus custom", append(slices.Clone(defaults), "CustomProperty_Color"), odata.ERPNet, "default,CustomProperty_Color"},
		{"erp hide one", []string{"Id", "Number", "Name", "Party"}, odata.ERPNet, "Id,Number,Name,Party"},
		{"erp hide one, custom shown", []string{"Number", "CustomProperty_Color"}, odata.ERPNet, "Id,Number,CustomProperty_Color"},
		{"generic every property", []string{"Id", "Number", "Name", "CreditLimit", "State", "CustomProperty_Color"}, odata.GenericV4, ""},
		{"generic references are not selected", []string{"Id", "Number", "Name", "CreditLimit", "State", "CustomProperty_Color", "Party"}, odata.GenericV4, ""},
		{"generic hide one", []string{"Number", "Party", "Name"}, odata.GenericV4, "Id,Number,Name"},
		{"unknown column kept", []string{"Number", "Extra"}, odata.ERPNet, "Id,Number,Extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SelectFor(all, tt.shown, tt.d)
			if strings.Join(got, ",") != tt.want || (tt.want == "" && got != nil) {
				t.Errorf("SelectFor(%q, %s) = %q; want %q", tt.shown, tt.d.Name, got, tt.want)
			}
		})
	}
}

// TestPropsLabels: the pickers show a property's label from $metadata
// beside its name; what they choose is still the name.
func TestPropsLabels(t *testing.T) {
	doc := strings.NewReplacer(
		`<Property Name="Number" Type="Edm.String"/>`,
		`<Property Name="Number" Type="Edm.String"><Annotation Term="Common.Label" String="Customer No."/></Property>`,
		`<NavigationProperty Name="Lines" Type="Collection(Erp.Line)"/>`,
		`<NavigationProperty Name="Lines" Type="Collection(Erp.Line)"><Annotation Term="Common.Label" String="Order lines"/></NavigationProperty>`,
		`<Property Name="Id" Type="Edm.Guid" Nullable="false"/>`+"\n",
		`<Property Name="Id" Type="Edm.Guid" Nullable="false"><Annotation Term="Common.Label" String="Customer &amp; ID"/></Property>`+"\n",
		`<edmx:DataServices>`,
		`<edmx:Reference Uri="c"><edmx:Include Namespace="com.sap.vocabularies.Common.v1" Alias="Common"/></edmx:Reference><edmx:DataServices>`,
	).Replace(shapeCSDL)
	meta, err := odata.ParseMetadata(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	props := ColumnProps(meta, "Crm_Sales_Customers", []string{"Number"})
	if props[0].Name != "Number" || props[0].Label != "Customer No." {
		t.Fatalf("ColumnProps()[0] = %+v; want Number labelled Customer No.", props[0])
	}
	tests := []struct {
		p    Prop
		want string
	}{
		{props[0], "Customer No. · String"},
		{props[1], "Customer & ID · Guid · key, always shown"},
		{Prop{Name: "Lines", Label: "Order lines", Type: "Erp.Line", Nav: true, Collection: true}, "Order lines · → [Line] collection"},
		{Prop{Name: "X", Label: "\x1b[2JEvil", Type: "Edm.String"}, "␛[2JEvil · String"},
		{Prop{Name: "Y", Type: "Edm.String"}, "String"},
	}
	for _, tt := range tests {
		if got := typeLabel(tt.p); got != tt.want {
			t.Errorf("typeLabel(%+v) = %q; want %q", tt.p, got, tt.want)
		}
	}
	if nav := NavProps(meta, "Crm_Sales_Customers", nil); len(nav) != 2 || nav[1].Label != "Order lines" {
		t.Errorf("NavProps = %+v; want Lines labelled Order lines", nav)
	}
	if sel := SelectFor(props, []string{"Number", "Id"}, odata.GenericV4); slices.ContainsFunc(sel, func(s string) bool { return strings.Contains(s, " ") }) {
		t.Errorf("SelectFor = %q; want names, never labels", sel)
	}
}
