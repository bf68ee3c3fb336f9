package odata

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const jsonDoc = `{
  "$Version": "4.01",
  "$EntityContainer": "Shop.Svc",
  "$Reference": {"https://example.org/cap.json": {"$Include": [{"$Namespace": "Org.OData.Capabilities.V1", "$Alias": "Cap"}]}},
  "Shop": {
    "$Alias": "s",
    "Base": {"$Kind": "EntityType", "$Abstract": true, "$Key": ["Id"],
      "Id": {"$Type": "Edm.Guid"}},
    "Order": {"$Kind": "EntityType", "$BaseType": "s.Base",
      "Name": {},
      "Note": {"$Nullable": true, "$MaxLength": "max"},
      "Total": {"$Type": "Edm.Decimal", "$Precision": 18, "$Scale": "floating"},
      "Tags": {"$Collection": true, "$Nullable": true},
      "Name@Core.Description": "ignored",
      "Lines": {"$Kind": "NavigationProperty", "$Type": "s.Line", "$Collection": true, "$Partner": "Order", "$ContainsTarget": true},
      "Owner": {"$Kind": "NavigationProperty", "$Type": "s.Base", "$Nullable": true}},
    "Line": {"$Kind": "EntityType", "$Key": [{"No": "Id/No"}],
      "Order": {"$Kind": "NavigationProperty", "$Type": "s.Order"}},
    "State": {"$Kind": "EnumType", "$IsFlags": true, "Draft": 1, "Open": 2, "Open@Core.Description": "x"},
    "Top": [{"$Kind": "Function", "$ReturnType": {}}],
    "Svc": {"$Kind": "EntityContainer",
      "Orders": {"$Collection": true, "$Type": "s.Order",
        "$NavigationPropertyBinding": {"Owner": "Bases", "Lines": "Shop.Svc/Lines"},
        "@Cap.SortRestrictions": {"NonSortableProperties": ["Note"]}},
      "Lines": {"$Collection": true, "$Type": "s.Line"},
      "Bases": {"$Collection": true, "$Type": "Shop.Base"},
      "Me": {"$Type": "s.Base"},
      "TopNow": {"$Function": "s.Top"},
      "Act": {"$Action": "s.Act"}},
    "$Annotations": {
      "s.Svc/Lines": {"@Org.OData.Capabilities.V1.FilterRestrictions": {"Filterable": false}}
    }
  }
}`

func TestJSONDefaults(t *testing.T) {
	m := parseString(t, "\ufeff\n"+jsonDoc)
	if m.Version != "4.01" || m.V2 {
		t.Errorf("Version = %q, V2 = %v; want 4.01, false", m.Version, m.V2)
	}
	order, ok := m.EntityType("s.Order")
	if !ok {
		t.Fatal("EntityType(s.Order) not found")
	}
	if order.BaseType != "Shop.Base" || order.Base() == nil {
		t.Errorf("BaseType = %q; want Shop.Base resolved", order.BaseType)
	}
	if got := order.Key(); !slices.Equal(got, []string{"Id"}) {
		t.Errorf("Key() = %v; want [Id]", got)
	}
	got := map[string]string{}
	for _, p := range order.AllProperties() {
		got[p.Name] = fmt.Sprintf("%s coll=%v null=%v max=%d prec=%d scale=%d", p.Type, p.Collection, p.Nullable, p.MaxLength, p.Precision, p.Scale)
	}
	want := map[string]string{
		"Id":    "Edm.Guid coll=false null=false max=0 prec=-1 scale=-1",
		"Name":  "Edm.String coll=false null=false max=0 prec=-1 scale=-1", // absent $Type and $Nullable
		"Note":  "Edm.String coll=false null=true max=-2 prec=-1 scale=-1",
		"Total": "Edm.Decimal coll=false null=false max=0 prec=18 scale=-3",
		"Tags":  "Edm.String coll=true null=true max=0 prec=-1 scale=-1",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s = %q; want %q", name, got[name], w)
		}
	}
	if names := propNames(order.AllProperties()); !slices.Equal(names, []string{"Id", "Name", "Note", "Total", "Tags"}) {
		t.Errorf("property order = %v; want document order", names)
	}
	lines, _ := order.NavigationProperty("Lines")
	owner, _ := order.NavigationProperty("Owner")
	if lines.Type != "Shop.Line" || !lines.Collection || !lines.ContainsTarget || lines.Partner != "Order" || lines.Nullable {
		t.Errorf("Lines = %+v", lines)
	}
	if owner.Type != "Shop.Base" || owner.Collection || !owner.Nullable {
		t.Errorf("Owner = %+v", owner)
	}
	line, _ := m.EntityType("Shop.Line")
	if got := line.Key(); !slices.Equal(got, []string{"No"}) {
		t.Errorf("Line key = %v; want the alias [No]", got)
	}
	en, _ := m.EnumType("s.State")
	if !en.IsFlags || len(en.Members) != 2 || en.Members[1] != (EnumMember{"Open", 2}) {
		t.Errorf("State = %+v", en)
	}
	c := m.Containers[0]
	var sets []string
	for _, s := range m.EntitySets() {
		sets = append(sets, s.Name)
	}
	if !slices.Equal(sets, []string{"Orders", "Lines", "Bases"}) || !slices.Equal(c.Singletons, []string{"Me"}) ||
		!slices.Equal(c.FunctionImports, []string{"TopNow"}) || !slices.Equal(c.ActionImports, []string{"Act"}) {
		t.Errorf("sets %v singletons %v functions %v actions %v", sets, c.Singletons, c.FunctionImports, c.ActionImports)
	}
	for _, tc := range []struct{ set, nav, want string }{{"Orders", "Owner", "Bases"}, {"Orders", "Lines", "Lines"}, {"Lines", "Order", "Orders"}} {
		if s, ok := m.NavigationTarget(tc.set, tc.nav); !ok || s.Name != tc.want {
			t.Errorf("NavigationTarget(%s, %s) = %v; want %s", tc.set, tc.nav, s, tc.want)
		}
	}
	if m.Sortable("Orders", "Note") || !m.Sortable("Orders", "Name") || m.Filterable("Lines", "No") {
		t.Error("restrictions: want Orders.Note unsortable, Orders.Name sortable, Lines unfilterable")
	}
}

// The XML default for Nullable is true, the JSON default false.
func TestNullableDefaultsDiffer(t *testing.T) {
	x := parseString(t, `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
		<Schema Namespace="N" xmlns="http://docs.oasis-open.org/odata/ns/edm"><ComplexType Name="C"><Property Name="P" Type="Edm.String"/></ComplexType></Schema>
		</edmx:DataServices></edmx:Edmx>`)
	j := parseString(t, `{"$Version":"4.0","N":{"C":{"$Kind":"ComplexType","P":{}}}}`)
	xc, _ := x.ComplexType("N.C")
	jc, _ := j.ComplexType("N.C")
	if !xc.Properties[0].Nullable || jc.Properties[0].Nullable {
		t.Errorf("Nullable XML = %v, JSON = %v; want true, false", xc.Properties[0].Nullable, jc.Properties[0].Nullable)
	}
	if jc.Properties[0].Type != "Edm.String" {
		t.Errorf("JSON Type = %q; want Edm.String", jc.Properties[0].Type)
	}
}

// The OASIS example exists as XML and JSON twins: both parsers must build
// the same model.
func TestXMLAndJSONTwins(t *testing.T) {
	x := parseFixture(t, "csdl-miscellaneous.xml")
	j := parseFixture(t, "csdl-miscellaneous.json")
	if len(x.Schemas) != len(j.Schemas) {
		t.Fatalf("schemas: XML %d, JSON %d", len(x.Schemas), len(j.Schemas))
	}
	for i, xs := range x.Schemas {
		js := j.Schemas[i]
		if xs.Namespace != js.Namespace || xs.Alias != js.Alias {
			t.Errorf("schema %d: XML %s/%s, JSON %s/%s", i, xs.Namespace, xs.Alias, js.Namespace, js.Alias)
		}
		if a, b := describeTypes(xs), describeTypes(js); a != b {
			t.Errorf("schema %s differs:\nXML  %s\nJSON %s", xs.Namespace, a, b)
		}
	}
	var xsets, jsets []string
	for _, s := range x.EntitySets() {
		xsets = append(xsets, s.Name+":"+s.EntityType)
	}
	for _, s := range j.EntitySets() {
		jsets = append(jsets, s.Name+":"+s.EntityType)
	}
	if !slices.Equal(xsets, jsets) {
		t.Errorf("sets: XML %v, JSON %v", xsets, jsets)
	}
}

func describeTypes(s *Schema) string {
	var b strings.Builder
	for _, t := range s.EntityTypes {
		fmt.Fprintf(&b, "E %s<%s key%v ", t.Name, t.BaseType, t.DeclaredKey)
		for _, p := range t.Properties {
			fmt.Fprintf(&b, "%s:%s/%v/%v/%q ", p.Name, p.Type, p.Collection, p.Nullable, p.Label)
		}
		for _, n := range t.Navigation {
			fmt.Fprintf(&b, "%s->%s/%v/%q ", n.Name, n.Type, n.Collection, n.Label)
		}
	}
	for _, t := range s.ComplexTypes {
		fmt.Fprintf(&b, "C %s<%s %v ", t.Name, t.BaseType, propNames(t.Properties))
	}
	for _, t := range s.EnumTypes {
		fmt.Fprintf(&b, "N %s %v ", t.Name, t.Members)
	}
	return b.String()
}
