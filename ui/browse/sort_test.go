package browse

import (
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
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

func TestNextSortCycles(t *testing.T) {
	var ob []string
	var got []string
	for range 4 {
		ob = nextSort(ob, "Number")
		got = append(got, "["+strings.Join(ob, ",")+"]")
	}
	if want := "[Number] [Number desc] [] [Number]"; strings.Join(got, " ") != want {
		t.Errorf("s pressed four times on Number: %s; want %s", strings.Join(got, " "), want)
	}
	if got := nextSort([]string{"Number desc"}, "Name"); len(got) != 1 || got[0] != "Name" {
		t.Errorf("s on Name while sorted by Number: %q; want [Name] (one column at a time)", got)
	}
	if got := nextSort([]string{"Number asc"}, "Number"); len(got) != 1 || got[0] != "Number desc" {
		t.Errorf("s on Number sorted with explicit asc: %q; want [Number desc]", got)
	}
}

func TestSortMark(t *testing.T) {
	tests := []struct {
		ob   []string
		prop string
		want int
	}{
		{nil, "Number", 0},
		{[]string{"Number"}, "Number", 1},
		{[]string{"Number asc"}, "Number", 1},
		{[]string{"Number DESC"}, "Number", -1},
		{[]string{"  Number   desc "}, "Number", -1},
		{[]string{"NumberX desc"}, "Number", 0},
		{[]string{"Name", "Number desc"}, "Number", -1},
	}
	for _, tt := range tests {
		if got := sortMark(tt.ob, tt.prop); got != tt.want {
			t.Errorf("sortMark(%q, %q) = %d; want %d", tt.ob, tt.prop, got, tt.want)
		}
	}
}

func TestCanSort(t *testing.T) {
	m := shapeModel(t)
	tests := []struct {
		set, prop string
		ok        bool
		notice    string
	}{
		{"Crm_Sales_Customers", "Number", true, ""},
		{"Crm_Sales_Customers", "Name", false, "Number can be sorted; Name cannot (the server marks it not sortable)."},
		{"Crm_Sales_Customers", "Party", false, "Party is a reference and cannot be sorted; these can: Number."},
		{"Crm_Sales_Customers", "Lines", false, "Lines is a collection and cannot be sorted; these can: Number."},
		{"Crm_Sales_Customers('x')", "Name", false, "Number can be sorted; Name cannot (the server marks it not sortable)."},
		{"General_Contacts_Parties", "PartyName", false, "PartyName cannot be sorted (the server marks it not sortable), and neither can any other column of General_Contacts_Parties."},
		{"Lines", "Id", true, ""},
		{"Unknown", "X", true, ""},
		{"Crm_Sales_Customers", "NotAProperty", true, ""},
	}
	for _, tt := range tests {
		ok, notice := canSort(m, tt.set, tt.prop)
		if ok != tt.ok || notice != tt.notice {
			t.Errorf("canSort(%s, %s) = %v, %q; want %v, %q", tt.set, tt.prop, ok, notice, tt.ok, tt.notice)
		}
	}
	if ok, notice := canSort(nil, "Crm_Sales_Customers", "Name"); !ok || notice != "" {
		t.Errorf("canSort without metadata = %v, %q; want true (the server decides)", ok, notice)
	}
}

func TestListNames(t *testing.T) {
	if got, want := listNames([]string{"A", "B", "C", "D"}, 2), "A, B and 2 more"; got != want {
		t.Errorf("listNames = %q; want %q", got, want)
	}
}

func TestAlsoSortCycles(t *testing.T) {
	ob := []string{"Number"}
	var got []string
	for range 3 {
		ob = alsoSort(ob, "Name")
		got = append(got, "["+strings.Join(ob, ",")+"]")
	}
	if want := "[Number,Name] [Number,Name desc] [Number]"; strings.Join(got, " ") != want {
		t.Errorf("S pressed three times on Name after s on Number: %s; want %s", strings.Join(got, " "), want)
	}
	if got := alsoSort(nil, "Name"); strings.Join(got, ",") != "Name" {
		t.Errorf("S on Name unsorted: %q; want [Name]", got)
	}
	// s turns the first key's direction and keeps the others; s on another
	// column starts again.
	if got := nextSort([]string{"Number", "Name desc"}, "Number"); strings.Join(got, ",") != "Number desc,Name desc" {
		t.Errorf("s on Number sorted by Number, Name desc: %q; want [Number desc, Name desc]", got)
	}
	if got := nextSort([]string{"Number", "Name desc"}, "Name"); strings.Join(got, ",") != "Name" {
		t.Errorf("s on Name sorted by Number, Name desc: %q; want [Name]", got)
	}
}

func TestSecondarySortQuery(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), numberedRows(1, 4), twoCols, 4, "")
	press(m, "right", "s") // DocumentNo
	b := m.pending
	send(m, pageMsg(b, numberedRows(1, 4), ""))
	press(m, "right", "S") // Notes
	send(m, pageMsg(m.pending, numberedRows(1, 4), ""))
	press(m, "S") // Notes descending
	if m.pending == nil {
		t.Fatal("S: no query pending")
	}
	if got := strings.Join(m.pending.query.OrderBy, ","); got != "DocumentNo,Notes desc" {
		t.Errorf("s on DocumentNo, S S on Notes: $orderby %q; want DocumentNo,Notes desc", got)
	}
	if got := m.requestText(m.pending.query); !strings.Contains(got, "$orderby=DocumentNo,Notes desc") {
		t.Errorf("request: %q; want $orderby=DocumentNo,Notes desc", got)
	}
	send(m, pageMsg(m.pending, numberedRows(1, 4), ""))
	if got := strings.Join(m.queryParts(), " · "); !strings.Contains(got, "sort DocumentNo, Notes desc") {
		t.Errorf("query line: %q; want both sort keys", got)
	}
}
