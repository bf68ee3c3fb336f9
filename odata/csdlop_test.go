package odata

import (
	"strings"
	"testing"
)

// TestOperationsFixtures counts the imports of the fixtures that have them
// and checks one of each with its parameters.
func TestOperationsFixtures(t *testing.T) {
	for _, tc := range []struct {
		file              string
		functions, action int
		callable          int
	}{
		{"dynamics-crm-schema.xml", 57, -1, -1},
		{"graph-v1.0-prod.xml", 0, 0, 0},
		{"trippin.xml", 1, -1, 1},
		{"sap-business-one-b1api.xml", 14, -1, -1},
		{"odatawcfservice-v4.xml", 6, -1, -1},
		{"csdl-miscellaneous.xml", 3, -1, -1},
		{"csdl-miscellaneous.json", 3, -1, -1},
	} {
		m := parseFixture(t, tc.file)
		var fn, act, call int
		for _, f := range m.Operations() {
			if f.Action {
				act++
			} else {
				fn++
			}
			if f.Callable() {
				call++
			}
		}
		t.Logf("%s: %d functions, %d actions, %d callable", tc.file, fn, act, call)
		if fn != tc.functions {
			t.Errorf("%s: got %d function imports; want %d", tc.file, fn, tc.functions)
		}
	}
}

func TestFunctionImportParameters(t *testing.T) {
	for _, tc := range []struct {
		file, name, sig, ret string
	}{
		{"trippin.xml", "GetNearestAirport", "GetNearestAirport(lat, lon)", ""},
		{"dynamics-crm-schema.xml", "WhoAmI", "WhoAmI()", "Microsoft.Dynamics.CRM.WhoAmIResponse"},
	} {
		m := parseFixture(t, tc.file)
		f, ok := m.FunctionImport(tc.name)
		if !ok {
			t.Errorf("%s: FunctionImport(%q) not found", tc.file, tc.name)
			continue
		}
		if got := f.Signature(); got != tc.sig {
			t.Errorf("%s: got %s; want %s", tc.file, got, tc.sig)
		}
		if tc.ret != "" && f.ReturnType != tc.ret {
			t.Errorf("%s: %s returns %q; want %q", tc.file, tc.name, f.ReturnType, tc.ret)
		}
		if !f.Callable() {
			t.Errorf("%s: %s is not callable; want callable", tc.file, tc.name)
		}
		t.Logf("%s %+v", tc.file, f)
	}
}

const opsV4 = `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema Namespace="Demo.Erp" Alias="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<ComplexType Name="ExchangeRate"><Property Name="Rate" Type="Edm.Decimal"/></ComplexType>
<Function Name="GetExchangeRate"><Parameter Name="FromCurrency" Type="Edm.String" Nullable="false"/>
<Parameter Name="ToCurrency" Type="Edm.String" Nullable="false"/><Parameter Name="OnDate" Type="Edm.Date" Nullable="false"/>
<ReturnType Type="Erp.ExchangeRate" Nullable="false"/></Function>
<Function Name="GetExchangeRates"><ReturnType Type="Collection(Erp.ExchangeRate)"/></Function>
<Function Name="GetExchangeRates" IsBound="true"><Parameter Name="x" Type="Erp.ExchangeRate"/></Function>
<Function Name="Over"><Parameter Name="a" Type="Edm.Int32"/></Function>
<Function Name="Over"><Parameter Name="a" Type="Edm.Int32"/><Parameter Name="b" Type="Edm.Int32"/></Function>
<Action Name="Post"><Parameter Name="v" Type="Edm.String"/></Action>
<EntityContainer Name="C">
<FunctionImport Name="GetExchangeRate" Function="Erp.GetExchangeRate"/>
<FunctionImport Name="GetExchangeRates" Function="Demo.Erp.GetExchangeRates"><Annotation Term="Core.Description" String="x"/></FunctionImport>
<FunctionImport Name="Over" Function="Erp.Over"/>
<ActionImport Name="Post" Action="Erp.Post"/>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

const opsV2 = `<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
<edmx:DataServices m:DataServiceVersion="2.0"><Schema Namespace="S" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
<EntityContainer Name="C" m:IsDefaultEntityContainer="true">
<FunctionImport Name="Approve" ReturnType="S.Result" m:HttpMethod="POST"><Parameter Name="Id" Type="Edm.String" Mode="In"/></FunctionImport>
<FunctionImport Name="Find" ReturnType="Collection(S.Item)" EntitySet="Items" m:HttpMethod="GET">
<Parameter Name="Text" Type="Edm.String" Mode="In" Nullable="false"/><Parameter Name="Max" Type="Edm.Int32" Mode="In"/></FunctionImport>
</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`

func TestFunctionImportDocuments(t *testing.T) {
	for _, tc := range []struct {
		doc, name, sig, ret string
		params              []Parameter
		callable            bool
		overloads           int
	}{
		{opsV4, "GetExchangeRate", "GetExchangeRate(FromCurrency, ToCurrency, OnDate)", "Demo.Erp.ExchangeRate",
			[]Parameter{{"FromCurrency", "Edm.String", false}, {"ToCurrency", "Edm.String", false}, {"OnDate", "Edm.Date", false}}, true, 1},
		{opsV4, "GetExchangeRates", "GetExchangeRates()", "Collection(Demo.Erp.ExchangeRate)", nil, true, 1},
		{opsV4, "Over", "Over(a)", "", []Parameter{{"a", "Edm.Int32", true}}, true, 2},
		{opsV2, "Find", "Find(Text, Max)", "Collection(S.Item)", []Parameter{{"Text", "Edm.String", false}, {"Max", "Edm.Int32", true}}, true, 0},
		{opsV2, "Approve", "Approve(Id)", "S.Result", []Parameter{{"Id", "Edm.String", true}}, false, 0},
	} {
		m := parseString(t, tc.doc)
		f, ok := m.FunctionImport(tc.name)
		if !ok {
			t.Errorf("FunctionImport(%q): not found", tc.name)
			continue
		}
		if got := f.Signature(); got != tc.sig {
			t.Errorf("got %s; want %s", got, tc.sig)
		}
		if f.ReturnType != tc.ret {
			t.Errorf("%s: got return type %q; want %q", tc.name, f.ReturnType, tc.ret)
		}
		if len(f.Parameters) != len(tc.params) {
			t.Errorf("%s: got %d parameters; want %d", tc.name, len(f.Parameters), len(tc.params))
		} else {
			for i, p := range f.Parameters {
				if p != tc.params[i] {
					t.Errorf("%s: got parameter %+v; want %+v", tc.name, p, tc.params[i])
				}
			}
		}
		if f.Callable() != tc.callable {
			t.Errorf("%s: got callable %v; want %v", tc.name, f.Callable(), tc.callable)
		}
		if f.Overloads != tc.overloads {
			t.Errorf("%s: got %d overloads; want %d", tc.name, f.Overloads, tc.overloads)
		}
	}
	m := parseString(t, opsV4)
	if _, ok := m.FunctionImport("Post"); ok {
		t.Errorf("FunctionImport(Post) found an action import; want not found")
	}
	a, ok := m.ActionImport("Post")
	if !ok || a.Callable() || !a.Action || a.Signature() != "Post(v)" {
		t.Errorf("ActionImport(Post) = %+v, %v; want the action, not callable", a, ok)
	}
	if got := len(m.Operations()); got != 4 {
		t.Errorf("got %d operations; want 4", got)
	}
}

func TestFunctionImportJSON(t *testing.T) {
	m := parseFixture(t, "csdl-miscellaneous.json")
	for _, f := range m.Operations() {
		t.Logf("%s -> %s %+v", f.Signature(), f.ReturnType, f.Parameters)
	}
	f, ok := m.FunctionImport("ProductsByRating")
	if !ok {
		t.Fatalf("FunctionImport(ProductsByRating): not found")
	}
	if !strings.HasPrefix(f.ReturnType, "Collection(") || f.EntitySet != "Products" {
		t.Errorf("got %+v; want a collection of Products", f)
	}
}
