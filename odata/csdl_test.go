package odata

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixtureDir holds real $metadata documents (see testdata/PROVENANCE.md).
const fixtureDir = "testdata/metadata"

func openFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return data
}

func parseFixture(t testing.TB, name string) *Model {
	t.Helper()
	m, err := ParseMetadata(bytes.NewReader(openFixture(t, name)))
	if err != nil {
		t.Fatalf("ParseMetadata(%s): %v", name, err)
	}
	return m
}

func parseString(t *testing.T, doc string) *Model {
	t.Helper()
	m, err := ParseMetadata(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("ParseMetadata: %v", err)
	}
	return m
}

func propNames(ps []Property) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// TestParseFixtures checks a few facts per real document: set count, a
// key, an inherited property, and where a navigation property leads.
func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file       string
		sets       int
		set        string
		key        []string
		inherited  string // a property of the set's type declared on a base type ("" if none)
		firstProp  string
		nav        string
		navTarget  string
		collection bool
	}{
		{"trippin.xml", 4, "People", []string{"UserName"}, "", "UserName", "Friends", "People", true},
		{"graph-v1.0-prod.xml", 41, "users", []string{"id"}, "deletedDateTime", "id", "manager", "directoryObjects", false},
		{"northwind-v4.xml", 26, "Order_Details", []string{"OrderID", "ProductID"}, "", "OrderID", "Order", "Orders", false},
		{"odatawcfservice-v4.xml", 12, "Customers", []string{"PersonID"}, "FirstName", "PersonID", "Parent", "People", false},
		{"sap-api-business-partner-v2.xml", 36, "A_BusinessPartner", []string{"BusinessPartner"}, "", "BusinessPartner", "to_BusinessPartnerAddress", "A_BusinessPartnerAddress", true},
		{"sap-business-one-b1api.xml", 265, "SalesOpportunities", []string{"SequentialNo"}, "", "SequentialNo", "BusinessPartner", "BusinessPartners", false},
		{"sap-workforce-timesheet-v2.xml", 1, "TimeSheetEntryCollection", []string{"PersonWorkAgreementExternalID", "CompanyCode", "TimeSheetRecord"}, "", "TimeSheetDataFields", "", "", false},
		{"csdl-miscellaneous.xml", 10, "Products", []string{"ID"}, "", "ID", "Category", "Categories", false},
		{"csdl-miscellaneous.json", 10, "Products", []string{"ID"}, "", "ID", "Category", "Categories", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFixture(t, tt.file)
			if got := len(m.EntitySets()); got != tt.sets {
				t.Errorf("len(EntitySets()) = %d; want %d", got, tt.sets)
			}
			et, ok := m.SetType(tt.set)
			if !ok {
				t.Fatalf("SetType(%q) not found", tt.set)
			}
			if got := et.Key(); !slices.Equal(got, tt.key) {
				t.Errorf("%s key = %v; want %v", tt.set, got, tt.key)
			}
			all := et.AllProperties()
			if len(all) == 0 || all[0].Name != tt.firstProp {
				t.Errorf("%s first property = %v; want %s", tt.set, propNames(all[:min(len(all), 3)]), tt.firstProp)
			}
			if tt.inherited != "" {
				if _, declared := findProp(et.Properties, tt.inherited); declared {
					t.Errorf("%s declares %s itself; the test wants an inherited one", et.Name, tt.inherited)
				}
				if _, ok := et.Property(tt.inherited); !ok || !slices.Contains(propNames(all), tt.inherited) {
					t.Errorf("%s has no inherited property %s", et.Name, tt.inherited)
				}
			}
			if tt.nav == "" {
				return
			}
			np, ok := et.NavigationProperty(tt.nav)
			if !ok {
				t.Fatalf("%s has no navigation property %s", et.Name, tt.nav)
			}
			if np.Collection != tt.collection {
				t.Errorf("%s.Collection = %v; want %v", tt.nav, np.Collection, tt.collection)
			}
			target, ok := m.NavigationTarget(tt.set, tt.nav)
			if !ok || target.Name != tt.navTarget {
				t.Errorf("NavigationTarget(%s, %s) = %v, %v; want %s", tt.set, tt.nav, target, ok, tt.navTarget)
			}
			if target != nil && m.Qualify(target.EntityType) != np.Type && !isDerived(m, target.EntityType, np.Type) {
				t.Errorf("target set type %s does not match navigation type %s", target.EntityType, np.Type)
			}
		})
	}
}

func findProp(ps []Property, name string) (Property, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

func isDerived(m *Model, typ, base string) bool {
	t, ok := m.EntityType(typ)
	for ok && t != nil {
		if t.QualifiedName() == base {
			return true
		}
		t = t.Base()
	}
	return false
}

func TestGraphAliases(t *testing.T) {
	m := parseFixture(t, "graph-v1.0-prod.xml")
	byAlias, ok1 := m.EntityType("graph.user")
	byNS, ok2 := m.EntityType("microsoft.graph.user")
	if !ok1 || !ok2 || byAlias != byNS {
		t.Fatalf("EntityType(graph.user) = %p %v, EntityType(microsoft.graph.user) = %p %v; want the same type", byAlias, ok1, byNS, ok2)
	}
	// A type in the security schema (alias self) derives from graph.entity.
	alert, ok := m.EntityType("self.alert")
	if !ok || alert.Namespace != "microsoft.graph.security" {
		t.Fatalf("EntityType(self.alert) = %v, %v; want microsoft.graph.security.alert", alert, ok)
	}
	if alert.BaseType != "microsoft.graph.entity" || alert.Base() == nil {
		t.Errorf("alert.BaseType = %q (resolved %v); want microsoft.graph.entity", alert.BaseType, alert.Base() != nil)
	}
	// self.* is used in microsoft.graph before the schema declaring the
	// alias appears.
	ct, ok := m.ComplexType("graph.retentionLabelSettings")
	if !ok {
		t.Fatal("ComplexType(graph.retentionLabelSettings) not found")
	}
	p, _ := findProp(ct.Properties, "behaviorDuringRetentionPeriod")
	if want := "microsoft.graph.security.behaviorDuringRetentionPeriod"; p.Type != want {
		t.Errorf("behaviorDuringRetentionPeriod.Type = %q; want %q", p.Type, want)
	}
	if _, ok := m.EnumType(p.Type); !ok {
		t.Errorf("EnumType(%q) not found", p.Type)
	}
	// A four-deep chain: entity → directoryObject → policyBase → stsPolicy → tokenLifetimePolicy.
	tl, ok := m.EntityType("graph.tokenLifetimePolicy")
	if !ok {
		t.Fatal("tokenLifetimePolicy not found")
	}
	var chain []string
	for x := tl; x != nil; x = x.Base() {
		chain = append(chain, x.Name)
	}
	if want := []string{"tokenLifetimePolicy", "stsPolicy", "policyBase", "directoryObject", "entity"}; !slices.Equal(chain, want) {
		t.Errorf("chain = %v; want %v", chain, want)
	}
	if got := tl.Key(); !slices.Equal(got, []string{"id"}) {
		t.Errorf("tokenLifetimePolicy key = %v; want [id]", got)
	}
	if got := m.Qualify("Collection(graph.user)"); got != "Collection(microsoft.graph.user)" {
		t.Errorf("Qualify(Collection(graph.user)) = %q", got)
	}
}

func TestV2Associations(t *testing.T) {
	m := parseFixture(t, "sap-api-business-partner-v2.xml")
	if !m.V2 || m.Version != "1.0" {
		t.Errorf("V2, Version = %v, %q; want true, 1.0", m.V2, m.Version)
	}
	for _, tc := range []struct {
		set, nav, target string
		collection       bool
		nullable         bool
	}{
		{"A_BusinessPartner", "to_BusinessPartnerAddress", "A_BusinessPartnerAddress", true, true},
		{"A_BusinessPartner", "to_Customer", "A_Customer", false, true},  // Multiplicity 0..1
		{"A_SupplierCompany", "to_Supplier", "A_Supplier", false, false}, // Multiplicity 1
	} {
		et, _ := m.SetType(tc.set)
		np, ok := et.NavigationProperty(tc.nav)
		if !ok {
			t.Fatalf("%s has no navigation %s", tc.set, tc.nav)
		}
		if np.Collection != tc.collection || np.Nullable != tc.nullable {
			t.Errorf("%s.%s collection, nullable = %v, %v; want %v, %v", tc.set, tc.nav, np.Collection, np.Nullable, tc.collection, tc.nullable)
		}
		target, ok := m.NavigationTarget(tc.set, tc.nav)
		if !ok || target.Name != tc.target {
			t.Errorf("NavigationTarget(%s, %s) = %v; want %s", tc.set, tc.nav, target, tc.target)
		} else if target.EntityType != np.Type {
			t.Errorf("%s.%s type %s; target set holds %s", tc.set, tc.nav, np.Type, target.EntityType)
		}
	}
	// sap:sortable="false" on the property and a Capabilities annotation
	// inside the v2 document.
	if m.Sortable("A_CustomerCompanyText", "LongText") || m.Filterable("A_CustomerCompanyText", "LongText") {
		t.Error("LongText of A_CustomerCompanyText is sortable/filterable; want neither")
	}
	if !m.Sortable("A_CustomerCompanyText", "Customer") {
		t.Error("Customer of A_CustomerCompanyText is not sortable; want sortable")
	}
}

func TestGraphRestrictions(t *testing.T) {
	m := parseFixture(t, "graph-v1.0-prod.xml")
	if m.Sortable("agreementAcceptances", "state") || m.Filterable("agreementAcceptances", "state") {
		t.Error("agreementAcceptances is sortable or filterable; Graph annotates its type Sortable=false, Filterable=false")
	}
	if !m.Sortable("users", "displayName") {
		t.Error("users.displayName not sortable; want sortable")
	}
}

func TestMalformedMetadata(t *testing.T) {
	graph := openFixture(t, "graph-v1.0-prod.xml")
	cut := bytes.LastIndexByte(graph[:100000], '>') + 1 // between two tags
	tests := []struct {
		name, doc, want string
	}{
		{"empty", "", "is empty"},
		{"blank", " \n\t", "is empty"},
		{"not xml", "hello", `starts with 'h'`},
		{"html", "<!DOCTYPE html><html><body>login</body></html>", `root element is "html"`},
		{"wrong root", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>`, `root element is "feed"`},
		{"truncated between tags", string(graph[:cut]), "ends inside element"},
		{"truncated in the middle", string(graph[:100000]), "cut short"},
		{"truncated in a tag", `<edmx:Edmx Version="4.0"><edmx:DataServices><Schema Namespace="A"><EntityType Name="X`, "ends inside a tag"},
		{"mismatched", `<edmx:Edmx><edmx:DataServices></Schema></edmx:Edmx>`, `end tag "Schema" closes element "edmx:DataServices"`},
		{"stray end", `<edmx:Edmx></edmx:Edmx></x>`, "without a start tag"},
		{"two roots", `<edmx:Edmx/><edmx:Edmx/>`, "second root"},
		{"only a comment", `<!-- nothing -->`, "no root element"},
		{"unquoted", `<edmx:Edmx Version=4.0/>`, "no quoted value"},
		{"bad entity", `<edmx:Edmx Version="&bogus;"/>`, "malformed"},
		{"cycle", `<edmx:Edmx><edmx:DataServices><Schema Namespace="N"><EntityType Name="A" BaseType="N.B"/><EntityType Name="B" BaseType="N.A"/></Schema></edmx:DataServices></edmx:Edmx>`, "BaseType cycle"},
		{"json truncated", `{"$Version":"4.0","N":{"T":{"$Kind":"EntityType"`, "metadata JSON at byte"},
		{"json no version", `{"N":{}}`, "no $Version"},
		{"json bad member", `{"$Version":"4.0","N":{"T":{"$Kind":"EntityType","P":{"$Nullable":"yes"}}}}`, `schema "N"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMetadata(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("ParseMetadata = %v, nil; want an error containing %q", m, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "odata: ") || strings.Contains(msg, "\n") {
				t.Errorf("error = %q; want one line starting odata: and containing %q", msg, tt.want)
			}
		})
	}
}

func TestErrorOffset(t *testing.T) {
	doc := `<edmx:Edmx><edmx:DataServices></Schema>`
	_, err := ParseMetadata(strings.NewReader("\ufeff" + doc))
	if err == nil || !strings.Contains(err.Error(), "at byte 33") { // 3-byte BOM + 30
		t.Errorf("error = %v; want the offset of </Schema>, byte 33", err)
	}
}

func FuzzParseMetadata(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, which
	// takes long for documents of tens of kilobytes.
	for _, name := range []string{"sap-workforce-timesheet-v2.xml", "trippin.xml"} {
		f.Add(openFixture(f, name))
	}
	f.Add([]byte(chainDoc))
	f.Add([]byte(jsonDoc))
	f.Add([]byte(`<edmx:Edmx><edmx:DataServices><Schema Namespace="A" Alias="a"><EntityType Name="T" BaseType="a.T"/></Schema></edmx:DataServices></edmx:Edmx>`))
	f.Add([]byte(v4doc(books + `<Annotations Target="shop.Books/title"><Annotation Term="Common.Label"><String>T</String></Annotation></Annotations>`)))
	f.Add([]byte(`{"$Version":"4.0","N":{"T":{"$Kind":"EntityType","a":{"@Common.Label":"A","@Core.Description":"B"}},"$Annotations":{"N.T/a":{"@Common.Label":"C"}}}}`))
	f.Add([]byte(`<edmx:Edmx><edmx:DataServices><Schema Namespace="N"><EntityType Name="T"><Property Name="a" sap:label="A"><Annotation Term="Common.Label" String="B"/></Property><NavigationProperty Name="n" sap:label="N"/></EntityType></Schema></edmx:DataServices></edmx:Edmx>`))
	f.Add([]byte(capsXML))
	f.Add([]byte(capsJSON))
	f.Add([]byte(opsV4))
	f.Add([]byte(opsV2))
	f.Add([]byte(`{"$Version":"4.0","N":{"F":[{"$Kind":"Function","$Parameter":[{"$Name":"a","$Type":"Edm.Int32"}],"$ReturnType":{"$Type":"N.T","$Collection":true}}],"C":{"$Kind":"EntityContainer","F":{"$Function":"N.F"}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMetadata(bytes.NewReader(data))
		if err != nil {
			if m != nil {
				t.Fatal("ParseMetadata returned a model and an error")
			}
			return
		}
		for _, s := range m.EntitySets() {
			if et, ok := m.SetType(s.Name); ok {
				et.Key()
				et.AllProperties()
				for _, n := range et.AllNavigation() {
					m.NavigationTarget(s.Name, n.Name)
				}
			}
			m.Sortable(s.Name, "x")
			m.FilterFunctions(s.Name)
			m.FilterExpression(s.Name, "x")
			m.ApplySupported(s.Name)
			m.Paging(s.Name)
		}
		for _, s := range m.Schemas {
			for _, ct := range s.ComplexTypes {
				ct.AllProperties()
			}
		}
		for _, op := range m.Operations() {
			op.Signature()
			if f, ok := m.FunctionImport(op.Name); ok && f.Action {
				t.Fatalf("FunctionImport(%q) returned an action", op.Name)
			}
		}
		for k, label := range labelsOf(m) {
			if label == "" || strings.TrimSpace(label) != label {
				t.Fatalf("%s: label %q is empty or not trimmed", k, label)
			}
		}
	})
}
