package odata

import (
	"slices"
	"strings"
	"testing"
)

// capsXML is a document with every kept term in each XML shape: inline on
// a set and on the container, out of line on the container, a set and a
// type, with aliases (Cap, Agg, s), element and attribute forms, and
// qualified annotations that must be ignored.
const capsXML = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
 <edmx:Reference Uri="https://example.org/cap.xml"><edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Cap"/></edmx:Reference>
 <edmx:Reference Uri="https://example.org/agg.xml"><edmx:Include Namespace="Org.OData.Aggregation.V1" Alias="Agg"/></edmx:Reference>
 <edmx:DataServices>
  <Schema Namespace="Shop" Alias="s" xmlns="http://docs.oasis-open.org/odata/ns/edm">
   <EntityType Name="Order"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/><Property Name="Date" Type="Edm.Date"/><Property Name="Note" Type="Edm.String"/></EntityType>
   <EntityType Name="Line"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/></EntityType>
   <EntityType Name="Log"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/></EntityType>
   <EntityContainer Name="Svc">
    <EntitySet Name="Orders" EntityType="s.Order">
     <Annotation Term="Cap.FilterRestrictions"><Record>
      <PropertyValue Property="FilterExpressionRestrictions"><Collection>
       <Record><PropertyValue Property="Property" PropertyPath="Date"/><PropertyValue Property="AllowedExpressions" String="SingleRange"/></Record>
       <Record><PropertyValue Property="Property"><PropertyPath>Note</PropertyPath></PropertyValue><PropertyValue Property="AllowedExpressions"><String>SearchExpression</String></PropertyValue></Record>
      </Collection></PropertyValue>
      <PropertyValue Property="NonFilterableProperties"><Collection><PropertyPath>Id</PropertyPath></Collection></PropertyValue>
     </Record></Annotation>
     <Annotation Term="Cap.FilterFunctions"><Collection><String>contains</String><String> year </String></Collection></Annotation>
     <Annotation Term="Cap.SkipSupported"><Bool>false</Bool></Annotation>
     <Annotation Term="Cap.TopSupported"/>
     <Annotation Term="Cap.CountRestrictions" Qualifier="Phone"><Record><PropertyValue Property="Countable" Bool="false"/></Record></Annotation>
    </EntitySet>
    <EntitySet Name="Lines" EntityType="s.Line"/>
    <EntitySet Name="Logs" EntityType="s.Log"/>
    <Annotation Term="Agg.ApplySupported"><Record><PropertyValue Property="Transformations"><Collection><String>groupby</String></Collection></PropertyValue></Record></Annotation>
   </EntityContainer>
   <Annotations Target="s.Svc">
    <Annotation Term="Org.OData.Capabilities.V1.FilterFunctions"><Collection><String>startswith</String></Collection></Annotation>
    <Annotation Term="Cap.TopSupported" Bool="true"/>
    <Annotation Term="Cap.SortRestrictions"><Record><PropertyValue Property="Sortable" Bool="false"/></Record></Annotation>
   </Annotations>
   <Annotations Target="Shop.Svc/Lines">
    <Annotation Term="Cap.CountRestrictions"><Record><PropertyValue Property="Countable" Bool="false"/></Record></Annotation>
    <Annotation Term="Cap.SkipSupported" Bool="true"/>
    <Annotation Term="Org.OData.Aggregation.V1.ApplySupported"><Null/></Annotation>
   </Annotations>
   <Annotations Target="s.Log">
    <Annotation Term="Cap.FilterFunctions"><Collection/></Annotation>
    <Annotation Term="Cap.TopSupported" Bool="false"/>
    <Annotation Term="Cap.CountRestrictions"><Record><PropertyValue Property="Filterable" Bool="false"/></Record></Annotation>
   </Annotations>
   <Annotations Target="s.Svc/Logs" Qualifier="Phone">
    <Annotation Term="Cap.SkipSupported" Bool="false"/>
   </Annotations>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`

// capsJSON is the same model in CSDL JSON.
const capsJSON = `{
 "$Version": "4.01",
 "$Reference": {
  "https://example.org/cap.json": {"$Include": [{"$Namespace": "Org.OData.Capabilities.V1", "$Alias": "Cap"}]},
  "https://example.org/agg.json": {"$Include": [{"$Namespace": "Org.OData.Aggregation.V1", "$Alias": "Agg"}]}
 },
 "Shop": {
  "$Alias": "s",
  "Order": {"$Kind": "EntityType", "$Key": ["Id"], "Id": {"$Type": "Edm.Int32"}, "Date": {"$Type": "Edm.Date"}, "Note": {}},
  "Line": {"$Kind": "EntityType", "$Key": ["Id"], "Id": {"$Type": "Edm.Int32"}},
  "Log": {"$Kind": "EntityType", "$Key": ["Id"], "Id": {"$Type": "Edm.Int32"}},
  "Svc": {"$Kind": "EntityContainer",
   "Orders": {"$Collection": true, "$Type": "s.Order",
    "@Cap.FilterRestrictions": {
     "FilterExpressionRestrictions": [
      {"Property": "Date", "AllowedExpressions": "SingleRange"},
      {"Property": {"$PropertyPath": "Note"}, "AllowedExpressions": "SearchExpression"}],
     "NonFilterableProperties": ["Id"]},
    "@Cap.FilterFunctions": ["contains", " year "],
    "@Cap.SkipSupported": false,
    "@Cap.TopSupported": true,
    "@Cap.CountRestrictions#Phone": {"Countable": false}},
   "Lines": {"$Collection": true, "$Type": "s.Line"},
   "Logs": {"$Collection": true, "$Type": "s.Log"},
   "@Agg.ApplySupported": {"Transformations": ["groupby"]}
  },
  "$Annotations": {
   "s.Svc": {
    "@Org.OData.Capabilities.V1.FilterFunctions": ["startswith"],
    "@Cap.TopSupported": true,
    "@Cap.SortRestrictions": {"Sortable": false}},
   "Shop.Svc/Lines": {
    "@Cap.CountRestrictions": {"Countable": false},
    "@Cap.SkipSupported": true,
    "@Org.OData.Aggregation.V1.ApplySupported": null},
   "s.Log": {
    "@Cap.FilterFunctions": [],
    "@Cap.TopSupported": false,
    "@Cap.CountRestrictions": {"Filterable": false}},
   "s.Svc/Logs": {"@Cap.SkipSupported#Phone": false}
  }
 }
}`

type capsWant struct {
	set          string
	funcs        []string // nil: not annotated
	exprs        map[string]string
	apply, known bool
	skip, top    Support
	count        Support
	sortable     bool // Sortable(set, "Id")
	filterable   bool // Filterable(set, "Id")
}

var capsWants = []capsWant{
	{set: "Orders", funcs: []string{"contains", "year"}, exprs: map[string]string{"Date": "SingleRange", "Note": "SearchExpression", "Id": ""},
		apply: true, known: true, skip: SupportNo, top: SupportYes, count: SupportUnknown, sortable: true, filterable: false},
	{set: "Lines", funcs: []string{"startswith"}, exprs: map[string]string{"Id": ""},
		apply: false, known: true, skip: SupportYes, top: SupportYes, count: SupportNo, sortable: true, filterable: true},
	{set: "Logs", funcs: []string{}, exprs: map[string]string{"Id": ""},
		apply: true, known: true, skip: SupportUnknown, top: SupportNo, count: SupportYes, sortable: true, filterable: true},
	{set: "Nowhere", exprs: map[string]string{"Id": ""}, skip: SupportUnknown, top: SupportUnknown, count: SupportUnknown, sortable: true, filterable: true},
}

func checkCaps(t *testing.T, m *Model, w capsWant) {
	t.Helper()
	got := m.FilterFunctions(w.set)
	if !slices.Equal(got, w.funcs) || (got == nil) != (w.funcs == nil) {
		t.Errorf("FilterFunctions(%s) = %#v; want %#v", w.set, got, w.funcs)
	}
	for prop, want := range w.exprs {
		if got := m.FilterExpression(w.set, prop); got != want {
			t.Errorf("FilterExpression(%s, %s) = %q; want %q", w.set, prop, got, want)
		}
	}
	if sup, known := m.ApplySupported(w.set); sup != w.apply || known != w.known {
		t.Errorf("ApplySupported(%s) = %v, %v; want %v, %v", w.set, sup, known, w.apply, w.known)
	}
	if skip, top, count := m.Paging(w.set); skip != w.skip || top != w.top || count != w.count {
		t.Errorf("Paging(%s) = %v, %v, %v; want %v, %v, %v", w.set, skip, top, count, w.skip, w.top, w.count)
	}
	if got := m.Sortable(w.set, "Id"); got != w.sortable {
		t.Errorf("Sortable(%s, Id) = %v; want %v (a container's SortRestrictions is not a set's)", w.set, got, w.sortable)
	}
	if got := m.Filterable(w.set, "Id"); got != w.filterable {
		t.Errorf("Filterable(%s, Id) = %v; want %v", w.set, got, w.filterable)
	}
}

func TestCapabilitiesSynthetic(t *testing.T) {
	for _, doc := range []struct{ name, text string }{{"xml", capsXML}, {"json", capsJSON}} {
		m := parseString(t, doc.text)
		for _, w := range capsWants {
			t.Run(doc.name+"/"+w.set, func(t *testing.T) { checkCaps(t, m, w) })
		}
	}
}

func TestFilterFunctionsCopy(t *testing.T) {
	m := parseString(t, capsXML)
	m.FilterFunctions("Orders")[0] = "changed"
	if got := m.FilterFunctions("Orders")[0]; got != "contains" {
		t.Errorf("FilterFunctions(Orders)[0] = %q after the caller changed its copy; want contains", got)
	}
}

func TestSupportString(t *testing.T) {
	for s, want := range map[Support]string{SupportUnknown: "unknown", SupportYes: "yes", SupportNo: "no"} {
		if got := s.String(); got != want {
			t.Errorf("Support(%d).String() = %q; want %q", s, got, want)
		}
	}
}

// TestCapabilitiesFixtures counts what the real documents annotate. Graph
// annotates entity types (73 FilterRestrictions, 65 SkipSupported, …, most
// on types without a set of their own); SAP's business partner service
// restricts LongText of its six text sets; TripPin lists 21 filter
// functions on its container; Dataverse (Dynamics CRM) refuses $skip and
// allows $count on 248 of its 252 sets, inline, and lists three filter
// functions on its container.
func TestCapabilitiesFixtures(t *testing.T) {
	tests := []struct {
		file                        string
		funcs, exprProps, apply     int // sets with FilterFunctions, FilterExpression entries, sets with ApplySupported known
		skip, skipNo, top, topNo    int
		count, countNo              int
		noSort, noFilter, nonFilter int // sets Sortable=false, Filterable=false; NonFilterableProperties entries
	}{
		{file: "trippin.xml", funcs: 4},
		{file: "graph-v1.0-prod.xml", skip: 6, skipNo: 6, top: 7, topNo: 7, count: 6, countNo: 6, noSort: 3, noFilter: 5},
		{file: "sap-api-business-partner-v2.xml", exprProps: 6, nonFilter: 6},
		{file: "dynamics-crm-schema.xml", funcs: 252, skip: 248, skipNo: 248, count: 248},
		{file: "northwind-v4.xml"},
		{file: "odatawcfservice-v4.xml"},
		{file: "sap-business-one-b1api.xml"},
		{file: "sap-workforce-timesheet-v2.xml"},
		{file: "csdl-miscellaneous.xml"},
		{file: "csdl-miscellaneous.json"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFixture(t, tt.file)
			var funcs, exprProps, apply, skip, skipNo, top, topNo, count, countNo, noSort, noFilter, nonFilter int
			for _, s := range m.EntitySets() {
				if m.FilterFunctions(s.Name) != nil {
					funcs++
				}
				exprProps += len(s.caps.exprs)
				if _, known := m.ApplySupported(s.Name); known {
					apply++
				}
				sk, tp, ct := m.Paging(s.Name)
				skip, skipNo = skip+b2i(sk != SupportUnknown), skipNo+b2i(sk == SupportNo)
				top, topNo = top+b2i(tp != SupportUnknown), topNo+b2i(tp == SupportNo)
				count, countNo = count+b2i(ct != SupportUnknown), countNo+b2i(ct == SupportNo)
				noSort, noFilter = noSort+b2i(s.NoSort), noFilter+b2i(s.NoFilter)
				nonFilter += len(s.FilterRestricted)
			}
			got := [...]int{funcs, exprProps, apply, skip, skipNo, top, topNo, count, countNo, noSort, noFilter, nonFilter}
			want := [...]int{tt.funcs, tt.exprProps, tt.apply, tt.skip, tt.skipNo, tt.top, tt.topNo, tt.count, tt.countNo, tt.noSort, tt.noFilter, tt.nonFilter}
			if got != want {
				t.Errorf("counts (funcs exprProps apply skip skipNo top topNo count countNo noSort noFilter nonFilter) = %v; want %v", got, want)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestCapabilitiesFixtureValues(t *testing.T) {
	trip := parseFixture(t, "trippin.xml")
	fs := trip.FilterFunctions("People")
	if len(fs) != 21 || fs[0] != "contains" || fs[20] != "isof" {
		t.Errorf("TripPin FilterFunctions(People) = %v; want the container's 21, contains … isof", fs)
	}
	graph := parseFixture(t, "graph-v1.0-prod.xml")
	// directoryObject is annotated twice, Countable=false and =true: no wins.
	for _, set := range []string{"agreements", "subscriptions", "directoryObjects"} {
		if skip, _, count := graph.Paging(set); skip != SupportNo || count != SupportNo {
			t.Errorf("Graph Paging(%s) skip, count = %v, %v; want no, no", set, skip, count)
		}
	}
	if _, top, _ := graph.Paging("directoryRoles"); top != SupportNo {
		t.Errorf("Graph Paging(directoryRoles) top = %v; want no", top)
	}
	if skip, top, count := graph.Paging("users"); skip|top|count != SupportUnknown {
		t.Errorf("Graph Paging(users) = %v, %v, %v; want unknown (not annotated)", skip, top, count)
	}
	crm := parseFixture(t, "dynamics-crm-schema.xml")
	if got := crm.FilterFunctions("accounts"); !slices.Equal(got, []string{"contains", "endswith", "startswith"}) {
		t.Errorf("Dataverse FilterFunctions(accounts) = %v; want [contains endswith startswith]", got)
	}
	if skip, top, count := crm.Paging("accounts"); skip != SupportNo || top != SupportUnknown || count != SupportYes {
		t.Errorf("Dataverse Paging(accounts) = %v, %v, %v; want no, unknown, yes", skip, top, count)
	}
	sap := parseFixture(t, "sap-api-business-partner-v2.xml")
	if got := sap.FilterExpression("A_CustomerText", "LongText"); got != "SearchExpression" {
		t.Errorf("SAP FilterExpression(A_CustomerText, LongText) = %q; want SearchExpression", got)
	}
	if got := sap.FilterExpression("A_CustomerText", "Customer"); got != "" {
		t.Errorf("SAP FilterExpression(A_CustomerText, Customer) = %q; want \"\"", got)
	}
}

// TestCapabilitiesMalformed: odd annotation values are ignored, never
// fatal and never a panic.
func TestCapabilitiesMalformed(t *testing.T) {
	for _, ann := range []string{
		`<Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions" String="x"/>`,
		`<Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions"><Record><PropertyValue Property="FilterExpressionRestrictions" String="x"/></Record></Annotation>`,
		`<Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions"><Record><PropertyValue Property="FilterExpressionRestrictions"><Collection><String>x</String><Record/></Collection></PropertyValue></Record></Annotation>`,
		`<Annotation Term="Org.OData.Capabilities.V1.FilterFunctions" Bool="true"/>`,
		`<Annotation Term="Org.OData.Capabilities.V1.SkipSupported" Bool="maybe"/>`,
		`<Annotation Term="Org.OData.Capabilities.V1.CountRestrictions"><Collection/></Annotation>`,
	} {
		doc := strings.Replace(capsXML, `<EntitySet Name="Lines" EntityType="s.Line"/>`, `<EntitySet Name="Lines" EntityType="s.Line">`+ann+`</EntitySet>`, 1)
		m := parseString(t, doc)
		m.FilterFunctions("Lines")
		m.FilterExpression("Lines", "Id")
		m.Paging("Lines")
	}
}

// TestCapabilitiesTwoContainers: an out-of-line annotation reaches the set
// of the container its target names, when two containers declare a set of
// that name (v2 documents may have several containers).
func TestCapabilitiesTwoContainers(t *testing.T) {
	m := parseString(t, `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="A" xmlns="http://docs.oasis-open.org/odata/ns/edm">
 <EntityType Name="T"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/></EntityType>
 <EntityContainer Name="One"><EntitySet Name="Ts" EntityType="A.T"/></EntityContainer>
 <EntityContainer Name="Two"><EntitySet Name="Ts" EntityType="A.T"/></EntityContainer>
 <Annotations Target="A.Two/Ts"><Annotation Term="Org.OData.Capabilities.V1.TopSupported" Bool="false"/></Annotations>
 <Annotations Target="A.Three/Ts"><Annotation Term="Org.OData.Capabilities.V1.SkipSupported" Bool="false"/></Annotations>
</Schema></edmx:DataServices></edmx:Edmx>`)
	if got := m.Containers[1].EntitySets[0].caps.top; got != SupportNo {
		t.Errorf("Two/Ts TopSupported = %v; want no", got)
	}
	if skip, top, _ := m.Paging("Ts"); skip != SupportUnknown || top != SupportUnknown {
		t.Errorf("Paging(Ts) (One's) = %v, %v; want unknown, unknown", skip, top)
	}
}
