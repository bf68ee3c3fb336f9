package odata

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// labelsOf lists every label of a model: "Type/Member" → label, members of
// entity and complex types, navigation properties marked "Type/→Member".
func labelsOf(m *Model) map[string]string {
	out := map[string]string{}
	for _, s := range m.Schemas {
		for _, t := range s.EntityTypes {
			addLabels(out, t.Name, t.Properties, t.Navigation)
		}
		for _, t := range s.ComplexTypes {
			addLabels(out, t.Name, t.Properties, t.Navigation)
		}
	}
	return out
}

func addLabels(out map[string]string, typ string, props []Property, navs []NavigationProperty) {
	for _, p := range props {
		if p.Label != "" {
			out[typ+"/"+p.Name] = p.Label
		}
	}
	for _, n := range navs {
		if n.Label != "" {
			out[typ+"/→"+n.Name] = n.Label
		}
	}
}

// v4doc wraps schema children in a v4 document that declares the Common
// and Core vocabularies with their usual aliases.
func v4doc(children string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
 <edmx:Reference Uri="https://sap.github.io/odata-vocabularies/vocabularies/Common.xml">
  <edmx:Include Namespace="com.sap.vocabularies.Common.v1" Alias="Common"/>
 </edmx:Reference>
 <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
  <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
 </edmx:Reference>
 <edmx:DataServices>
  <Schema Namespace="my.bookshop" Alias="shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
` + children + `
   <EntityContainer Name="C"><EntitySet Name="Books" EntityType="my.bookshop.Books"/></EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`
}

const books = `<EntityType Name="Books"><Key><PropertyRef Name="ID"/></Key>
    <Property Name="ID" Type="Edm.Int32" Nullable="false"/>
    <Property Name="title" Type="Edm.String"/>
    <NavigationProperty Name="author" Type="my.bookshop.Authors"/>
   </EntityType>
   <EntityType Name="Authors"><Key><PropertyRef Name="ID"/></Key><Property Name="ID" Type="Edm.Int32"/></EntityType>`

func TestLabelsXML(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want map[string]string
	}{
		{"v2 sap:label on properties and navigation", `<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="2.0">
  <Schema Namespace="API_BP" xml:lang="en" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
   <EntityType Name="A_BP" sap:label="Business Partner"><Key><PropertyRef Name="BusinessPartner"/></Key>
    <Property Name="BusinessPartner" Type="Edm.String" MaxLength="10" sap:display-format="UpperCase" sap:label="Business Partner" sap:filterable="false"/>
    <Property Name="BusinessPartnerCategory" Type="Edm.String" sap:label="BP Category" sap:quickinfo="Business Partner Category"/>
    <Property Name="Plain" Type="Edm.String"/>
    <Property Name="Escaped" Type="Edm.String" sap:label="Name &amp; Title"/>
    <NavigationProperty Name="to_Address" Relationship="API_BP.assoc" FromRole="F" ToRole="T" sap:label="Addresses"/>
   </EntityType>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`, map[string]string{
			"A_BP/BusinessPartner": "Business Partner", "A_BP/BusinessPartnerCategory": "BP Category",
			"A_BP/Escaped": "Name & Title", "A_BP/→to_Address": "Addresses",
		}},
		{"inline Common.Label through the alias", v4doc(`<EntityType Name="Books"><Key><PropertyRef Name="ID"/></Key>
    <Property Name="ID" Type="Edm.Int32" Nullable="false"><Annotation Term="Common.Label" String="Book ID"/></Property>
    <Property Name="title" Type="Edm.String">
     <Annotation Term="Core.Computed" Bool="false"/>
     <Annotation Term="Common.Label" String="Title"/>
    </Property>
    <Property Name="stock" Type="Edm.Int32"/>
    <NavigationProperty Name="author" Type="my.bookshop.Authors"><Annotation Term="Common.Label" String="Author"/></NavigationProperty>
   </EntityType>`), map[string]string{"Books/ID": "Book ID", "Books/title": "Title", "Books/→author": "Author"}},
		{"inline, full namespace", v4doc(`<ComplexType Name="Address">
    <Property Name="city" Type="Edm.String"><Annotation Term="com.sap.vocabularies.Common.v1.Label" String="City"/></Property>
    <Property Name="zip" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="Postal code"/></Property>
   </ComplexType>` + books), map[string]string{"Address/city": "City", "Address/zip": "Postal code"}},
		{"out of line, namespace and alias targets", v4doc(books + `
   <Annotations Target="my.bookshop.Books/title"><Annotation Term="Common.Label" String="Title"/></Annotations>
   <Annotations Target="shop.Books/ID">
    <Annotation Term="Core.Computed" Bool="true"/>
    <Annotation Term="Common.Label" String="Book ID"/>
   </Annotations>
   <Annotations Target="shop.Books/author"><Annotation Term="Common.Label" String="Author"/></Annotations>
   <Annotations Target="my.bookshop.Authors/ID"><Annotation Term="Core.Description" String="Author ID"/></Annotations>
   <Annotations Target="my.bookshop.Books"><Annotation Term="Common.Label" String="Book"/></Annotations>
   <Annotations Target="my.bookshop.C/Books"><Annotation Term="Common.Label" String="All books"/></Annotations>
   <Annotations Target="my.bookshop.Books/nope"><Annotation Term="Common.Label" String="Nothing"/></Annotations>
   <Annotations Target="my.bookshop.Books/author/ID"><Annotation Term="Common.Label" String="Path"/></Annotations>`),
			map[string]string{"Books/title": "Title", "Books/ID": "Book ID", "Books/→author": "Author", "Authors/ID": "Author ID"}},
		{"out of line before the type", v4doc(`<Annotations Target="shop.Books/title"><Annotation Term="Common.Label" String="Title"/></Annotations>` + books),
			map[string]string{"Books/title": "Title"}},
		{"a String element", v4doc(books + `
   <Annotations Target="shop.Books/title"><Annotation Term="Common.Label"><String> Title </String></Annotation></Annotations>
   <Annotations Target="shop.Authors/ID"><Annotation Term="Core.Description"><String>Author ID</String></Annotation></Annotations>
   <Annotations Target="shop.Books/ID"><Annotation Term="Common.Label"><Path>title</Path></Annotation></Annotations>`),
			map[string]string{"Books/title": "Title", "Authors/ID": "Author ID"}},
		{"inline String element", v4doc(`<EntityType Name="Books"><Key><PropertyRef Name="ID"/></Key>
    <Property Name="ID" Type="Edm.Int32"><Annotation Term="Common.Label"><String>Book &amp; ID</String></Annotation></Property>
    <Property Name="title" Type="Edm.String"><Annotation Term="Common.Label"><String><![CDATA[<Title>]]></String></Annotation></Property>
   </EntityType><EntityType Name="Authors"/>`), map[string]string{"Books/ID": "Book & ID", "Books/title": "<Title>"}},
		{"qualified annotations are not labels", v4doc(books + `
   <Annotations Target="shop.Books/title" Qualifier="Tablet"><Annotation Term="Common.Label" String="T"/></Annotations>
   <Annotations Target="shop.Books/ID"><Annotation Term="Common.Label" Qualifier="Phone" String="#"/></Annotations>`), map[string]string{}},
		{"descriptions that are sentences are not labels", v4doc(`<EntityType Name="Books"><Key><PropertyRef Name="ID"/></Key>
    <Property Name="ID" Type="Edm.Int32"><Annotation Term="Core.Description" String="The unique identifier of the book."/></Property>
    <Property Name="title" Type="Edm.String"><Annotation Term="Core.Description" String="Title of the book as printed on its cover page"/></Property>
    <Property Name="isbn" Type="Edm.String"><Annotation Term="Core.Description" String="ISBN"/></Property>
    <Property Name="note" Type="Edm.String"><Annotation Term="Core.Description" String="one&#10;two"/></Property>
    <Property Name="price" Type="Edm.Decimal"><Annotation Term="Core.LongDescription" String="Price"/></Property>
   </EntityType><EntityType Name="Authors"/>
   <Annotations Target="shop.Authors/ID"><Annotation Term="Core.Description" String="Identifies the author:"/></Annotations>`),
			map[string]string{"Books/isbn": "ISBN"}},
		{"annotations of annotations are not labels", v4doc(`<EntityType Name="Books"><Key><PropertyRef Name="ID"/></Key>
    <Property Name="amount" Type="Edm.Decimal"><Annotation Term="Measures.ISOCurrency" String="USD"><Annotation Term="Common.Label" String="Currency"/></Annotation></Property>
   </EntityType><EntityType Name="Authors"/>`), map[string]string{}},
		{"an alias Common of another vocabulary", strings.Replace(v4doc(books+`
   <Annotations Target="shop.Books/title"><Annotation Term="Common.Label" String="Title"/></Annotations>`),
			`Namespace="com.sap.vocabularies.Common.v1" Alias="Common"`, `Namespace="com.example.Common" Alias="Common"`, 1), map[string]string{}},
		{"undeclared alias Common", `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
  <Schema Namespace="N" xmlns="http://docs.oasis-open.org/odata/ns/edm">
   <EntityType Name="T"><Property Name="a" Type="Edm.String"><Annotation Term="Common.Label" String="A"/></Property></EntityType>
  </Schema></edmx:DataServices></edmx:Edmx>`, map[string]string{"T/a": "A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := labelsOf(parseString(t, tt.doc))
			if !maps.Equal(got, tt.want) {
				t.Errorf("labels = %v; want %v", got, tt.want)
			}
		})
	}
}

// TestLabelPrecedence: Common.Label, then sap:label, then Core.Description,
// whatever their order and place (inline or out of line).
func TestLabelPrecedence(t *testing.T) {
	const v2 = `<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:Reference Uri="c"><edmx:Include Namespace="com.sap.vocabularies.Common.v1" Alias="SAPCommon"/></edmx:Reference>
 <edmx:Reference Uri="d"><edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/></edmx:Reference>
 <edmx:DataServices><Schema Namespace="S" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
  <EntityType Name="T">%s</EntityType>
  <Annotations Target="S.T/b" xmlns="http://docs.oasis-open.org/odata/ns/edm"><Annotation Term="SAPCommon.Label" String="common b"/></Annotations>
  <Annotations Target="S.T/c" xmlns="http://docs.oasis-open.org/odata/ns/edm"><Annotation Term="Core.Description" String="desc c"/></Annotations>
  <Annotations Target="S.T/d" xmlns="http://docs.oasis-open.org/odata/ns/edm"><Annotation Term="Core.Description" String="desc d"/></Annotations>
  <Annotations Target="S.T/e" xmlns="http://docs.oasis-open.org/odata/ns/edm"><Annotation Term="SAPCommon.Label" String="common e"/></Annotations>
 </Schema></edmx:DataServices></edmx:Edmx>`
	props := `
   <Property Name="a" Type="Edm.String" sap:label="sap a"><Annotation Term="Core.Description" String="desc a"/><Annotation Term="SAPCommon.Label" String="common a"/></Property>
   <Property Name="a2" Type="Edm.String" sap:label="sap a2"><Annotation Term="SAPCommon.Label" String="common a2"/><Annotation Term="Core.Description" String="desc a2"/></Property>
   <Property Name="a3" Type="Edm.String"><Annotation Term="Core.Description" String="desc a3"/></Property>
   <Property Name="a4" Type="Edm.String" sap:label="sap a4"><Annotation Term="Core.Description" String="desc a4"/></Property>
   <Property Name="b" Type="Edm.String" sap:label="sap b"/>
   <Property Name="c" Type="Edm.String" sap:label="sap c"/>
   <Property Name="d" Type="Edm.String"/>
   <Property Name="e" Type="Edm.String"><Annotation Term="Core.Description" String="desc e"/></Property>`
	got := labelsOf(parseString(t, strings.Replace(v2, "%s", props, 1)))
	want := map[string]string{
		"T/a": "common a", "T/a2": "common a2", "T/a3": "desc a3", "T/a4": "sap a4",
		"T/b": "common b", "T/c": "sap c", "T/d": "desc d", "T/e": "common e",
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: label %q; want %q", k, got[k], want[k])
		}
	}
}

func TestLabelsJSON(t *testing.T) {
	doc := `{"$Version": "4.0",
 "$Reference": {"c": {"$Include": [{"$Namespace": "com.sap.vocabularies.Common.v1", "$Alias": "Common"}, {"$Namespace": "Org.OData.Core.V1", "$Alias": "Core"}]}},
 "my.bookshop": {"$Alias": "shop",
  "Books": {"$Kind": "EntityType", "$Key": ["ID"],
   "ID": {"$Type": "Edm.Int32", "@Common.Label": "Book ID"},
   "title": {"@Core.Description": "Title", "@com.sap.vocabularies.Common.v1.Label": "Book title"},
   "descr": {"@Core.Description": "A description that is a whole sentence."},
   "isbn": {"@Core.Description": "ISBN"},
   "stock": {"$Type": "Edm.Int32", "@Common.Label#Phone": "#", "@Measures.Unit@Common.Label": "pieces"},
   "price": {"$Type": "Edm.Decimal", "@Common.Label": {"$Path": "title"}},
   "author": {"$Kind": "NavigationProperty", "$Type": "my.bookshop.Authors", "@Common.Label": "Author"}
  },
  "Authors": {"$Kind": "EntityType", "$Key": ["ID"], "ID": {"$Type": "Edm.Int32"}, "name": {}},
  "C": {"$Kind": "EntityContainer", "Books": {"$Collection": true, "$Type": "my.bookshop.Books"}},
  "$Annotations": {
   "shop.Authors/ID": {"@Common.Label": "Author ID"},
   "my.bookshop.Authors/name": {"@Core.Description": "Name", "@Common.Label#Tablet": "N"},
   "shop.Books/isbn": {"@Common.Label": "ISBN-13"},
   "shop.Books": {"@Common.Label": "Book"}
  }
 }
}`
	got := labelsOf(parseString(t, doc))
	want := map[string]string{
		"Books/ID": "Book ID", "Books/title": "Book title", "Books/isbn": "ISBN-13", "Books/→author": "Author",
		"Authors/ID": "Author ID", "Authors/name": "Name",
	}
	if !maps.Equal(got, want) {
		t.Errorf("labels = %v; want %v", got, want)
	}
}

// TestLabelFixtures counts the labels of the real documents and checks a
// few by name.
func TestLabelFixtures(t *testing.T) {
	tests := []struct {
		file  string
		count int
		some  map[string]string
	}{
		// 653 sap:label attributes: 617 on properties, 36 on entity types.
		{"sap-api-business-partner-v2.xml", 617, map[string]string{
			"A_BusinessPartnerType/BusinessPartner":           "Business Partner",
			"A_BusinessPartnerType/BusinessPartnerCategory":   "BP Category",
			"A_BusinessPartnerType/CorrespondenceLanguage":    "Correspondence lang.",
			"A_AddressEmailAddressType/IsDefaultEmailAddress": "Standard addr.",
		}},
		// 40 sap:label attributes: 38 on properties.
		{"sap-workforce-timesheet-v2.xml", 38, map[string]string{
			"TimeSheetEntry/CompanyCode":        "Company Code",
			"TimeSheetEntry/TimeSheetRecord":    "Time Sheet Record",
			"TimeSheetDataFields/RecordedHours": "Recorded Hours",
		}},
		// 2,532 Core.Description annotations of members, most of them
		// sentences; 180 read as labels.
		{"graph-v1.0-prod.xml", 180, map[string]string{
			"osVersionCount/osVersion":          "OS version",
			"browserSite/webUrl":                "The URL of the site",
			"managedAppRegistration/deviceName": "Host device name",
		}},
		{"trippin.xml", 0, nil},
		{"northwind-v4.xml", 0, nil},
		{"sap-business-one-b1api.xml", 0, nil},
		// Core.Description annotates the schema, types, enum members and
		// other annotations, never a property.
		{"csdl-miscellaneous.xml", 0, nil},
		{"csdl-miscellaneous.json", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := labelsOf(parseFixture(t, tt.file))
			if len(got) != tt.count {
				t.Errorf("%d labels; want %d", len(got), tt.count)
			}
			for k, want := range tt.some {
				if got[k] != want {
					t.Errorf("%s: label %q; want %q", k, got[k], want)
				}
			}
		})
	}
}

func TestLabelLike(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"ISBN", true},
		{"OS version", true},
		{"TV rating selected for Ireland", true},
		{"Größe", true},
		{"The unique identifier.", false},
		{"Identifies the author:", false},
		{"one two three four five six", false},
		{"one two three four five", true},
		{"a\nb", false},
		{strings.Repeat("x", 32), true},
		{strings.Repeat("x", 33), false},
		{strings.Repeat("é", 32), true},
		{strings.Repeat("é", 33), false},
		{"", false},
	}
	for _, tt := range tests {
		if got := labelLike(tt.s); got != tt.want {
			t.Errorf("labelLike(%q) = %v; want %v", tt.s, got, tt.want)
		}
		if got := labelLike([]byte(tt.s)); got != tt.want {
			t.Errorf("labelLike([]byte(%q)) = %v; want %v", tt.s, got, tt.want)
		}
	}
}
