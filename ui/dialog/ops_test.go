package dialog

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

// capsCSDL is a generic v4 service whose orders restrict filtering
// (Capabilities): Date by a single range, Note by search expressions only,
// Code by single values, Id not at all, and only contains among the
// functions.
const capsCSDL = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
 <edmx:Reference Uri="https://example.org/cap.xml"><edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Cap"/></edmx:Reference>
 <edmx:DataServices>
  <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
   <EntityType Name="Order"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/>
    <Property Name="Date" Type="Edm.Date"/><Property Name="Note" Type="Edm.String"/><Property Name="Code" Type="Edm.String"/>
    <Property Name="Title" Type="Edm.String"/><Property Name="Photo" Type="Edm.Binary"/></EntityType>
   <EntityContainer Name="Svc">
    <EntitySet Name="Orders" EntityType="Shop.Order">
     <Annotation Term="Cap.FilterRestrictions"><Record>
      <PropertyValue Property="FilterExpressionRestrictions"><Collection>
       <Record><PropertyValue Property="Property" PropertyPath="Date"/><PropertyValue Property="AllowedExpressions" String="SingleRange"/></Record>
       <Record><PropertyValue Property="Property" PropertyPath="Note"/><PropertyValue Property="AllowedExpressions" String="SearchExpression"/></Record>
       <Record><PropertyValue Property="Property" PropertyPath="Code"/><PropertyValue Property="AllowedExpressions" String="SingleValue"/></Record>
      </Collection></PropertyValue>
      <PropertyValue Property="NonFilterableProperties"><Collection><PropertyPath>Id</PropertyPath></Collection></PropertyValue>
     </Record></Annotation>
     <Annotation Term="Cap.FilterFunctions"><Collection><String>contains</String></Collection></Annotation>
    </EntitySet>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`

func capsModel(t testing.TB) *odata.Model {
	t.Helper()
	m, err := odata.ParseMetadata(strings.NewReader(capsCSDL))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// opsText is "eq ne | contains" for o.
func opsText(o Ops) string { return strings.Join(o.Compare, " ") + " | " + strings.Join(o.Funcs, " ") }

func TestOpsByType(t *testing.T) {
	shape := shapeModel(t)
	tests := []struct {
		name string
		meta *odata.Model
		d    odata.Dialect
		p    Prop
		want string
	}{
		{"text on ERP.net", shape, odata.ERPNet, Prop{Name: "Number", Type: "Edm.String"}, "eq ge le in | contains startswith endswith"},
		{"text on v4", nil, odata.GenericV4, Prop{Name: "N", Type: "Edm.String"}, "eq ne gt ge lt le in | contains startswith endswith"},
		{"text on v2", nil, odata.V2, Prop{Name: "N", Type: "Edm.String"}, "eq ne gt ge lt le | startswith endswith substringof"},
		{"number", shape, odata.ERPNet, Prop{Name: "CreditLimit", Type: "Edm.Decimal"}, "eq ge le in | "},
		{"date", nil, odata.GenericV4, Prop{Name: "D", Type: "Edm.DateTimeOffset"}, "eq ne gt ge lt le in | "},
		{"GUID", nil, odata.GenericV4, Prop{Name: "Id", Type: "Edm.Guid"}, "eq ne in | "},
		{"Boolean", nil, odata.GenericV4, Prop{Name: "B", Type: "Edm.Boolean"}, "eq ne | "},
		{"binary", nil, odata.GenericV4, Prop{Name: "B", Type: "Edm.Binary"}, "eq ne | "},
		{"enum", shape, odata.GenericV4, Prop{Name: "State", Type: "Erp.DocumentState"}, "eq ne in has | "},
		{"multi-language", shape, odata.ERPNet, Prop{Name: "Name", Type: "Erp.MultilanguageString"}, " | contains"},
		{"amount", nil, odata.ERPNet, Prop{Name: "Amount", Type: "Erp.Amount"}, " | "},
		{"reference on ERP.net", shape, odata.ERPNet, Prop{Name: "Party", Type: "Erp.Party", Nav: true}, "eq | "},
		{"reference on v4", nil, odata.GenericV4, Prop{Name: "Party", Type: "Erp.Party", Nav: true}, " | "},
		{"collection", shape, odata.GenericV4, Prop{Name: "Lines", Type: "Erp.Line", Nav: true, Collection: true}, " | "},
		{"unknown type", nil, odata.ERPNet, Prop{Name: "X"}, "eq ge le in | contains startswith endswith"},
		{"stream", nil, odata.GenericV4, Prop{Name: "S", Type: "Edm.Stream"}, " | "},
	}
	for _, tt := range tests {
		if got := opsText(OpsFor(tt.meta, tt.d, "Crm_Sales_Customers", tt.p)); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestOpsFromCapabilities(t *testing.T) {
	meta := capsModel(t)
	tests := []struct {
		prop, typ, want string
	}{
		{"Date", "Edm.Date", "ge le | "},      // SingleRange
		{"Note", "Edm.String", " | contains"}, // SearchExpression; FilterFunctions: contains only
		{"Code", "Edm.String", "eq | "},       // SingleValue
		{"Title", "Edm.String", "eq ne gt ge lt le in | contains"},
		{"Id", "Edm.Int32", " | "}, // NonFilterableProperties
	}
	for _, tt := range tests {
		o := OpsFor(meta, odata.GenericV4, "Orders", Prop{Name: tt.prop, Type: tt.typ})
		if got := opsText(o); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.prop, got, tt.want)
		}
	}
}

func TestBinaryLiteral(t *testing.T) {
	tests := []struct {
		term string
		ok   bool
		want string
	}{
		{"AQID", true, "binary'AQID'"},
		{"AQI=", true, "binary'AQI'"}, // padded standard base64, the same bytes
		{"_-8", true, "binary'_-8'"},  // URL-safe
		{"zzz", false, ""},            // would be read as bytes that write back as zzw
		{"not base64!", false, ""},
	}
	for _, tt := range tests {
		got, ok := BinaryLiteral(odata.GenericV4, tt.term)
		if ok != tt.ok || got != tt.want {
			t.Errorf("BinaryLiteral(%q) = %q, %v; want %q, %v", tt.term, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzBinaryLiteral: a literal is offered only for a term that is exactly
// the base64 text of its bytes.
func FuzzBinaryLiteral(f *testing.F) {
	for _, s := range []string{"AQID", "AQI=", "_-8", "zzz", "", "===="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, term string) {
		lit, ok := BinaryLiteral(odata.GenericV4, term)
		if !ok {
			return
		}
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(lit, "binary'"), "'"))
		if err != nil {
			t.Fatalf("BinaryLiteral(%q) = %q: not base64url (%v)", term, lit, err)
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if enc.EncodeToString(b) == term {
				return
			}
		}
		t.Fatalf("BinaryLiteral(%q) = %q: its bytes are not written as the term; want no literal", term, lit)
	})
}
