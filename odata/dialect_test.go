package odata

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

const erpDoc = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Crm_Sales_Customer"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid" Nullable="false"/></EntityType>
      <EntityContainer Name="Erp"><EntitySet Name="Crm_Sales_Customers" EntityType="Erp.Crm_Sales_Customer"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

const v2Doc = `<?xml version="1.0"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
  <edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="2.0">
    <Schema Namespace="NW" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
      <EntityType Name="Order"><Key><PropertyRef Name="OrderID"/></Key><Property Name="OrderID" Type="Edm.Int32" Nullable="false"/></EntityType>
      <EntityContainer Name="C" m:IsDefaultEntityContainer="true"><EntitySet Name="Orders" EntityType="NW.Order"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`

func mustModel(t *testing.T, doc string) *Model {
	t.Helper()
	m, err := ParseMetadata(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("ParseMetadata: %v", err)
	}
	return m
}

func TestDetectDialect(t *testing.T) {
	erp, v2, generic := mustModel(t, erpDoc), mustModel(t, v2Doc), mustModel(t, chainDoc)
	tests := []struct {
		root string
		m    *Model
		want string
	}{
		{"https://acme.my.erp.net/api/domain/odata/", nil, "ERP.net"},
		{"https://acme.my.erp.net/api/domain/odata/", generic, "ERP.net"},
		{"http://127.0.0.1:8080/odata/", erp, "ERP.net"},
		{"http://127.0.0.1:8080/odata/", nil, "OData v4"},
		{"http://127.0.0.1:8080/odata/", generic, "OData v4"},
		{"http://127.0.0.1:8080/v2/northwind/", v2, "OData v2"},
		{"https://acme.my.erp.net/api/domain/odata/", v2, "OData v2"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.root)
		if got := DetectDialect(u, tt.m); got.Name != tt.want {
			t.Errorf("DetectDialect(%s, %v): got %q; want %q", tt.root, tt.m != nil, got.Name, tt.want)
		}
	}
	if DetectDialect(nil, nil) != GenericV4 {
		t.Errorf("DetectDialect(nil, nil): got %q; want the generic v4 dialect", DetectDialect(nil, nil).Name)
	}
}

func TestDialectOperators(t *testing.T) {
	tests := []struct {
		d         Dialect
		ops, funs string
		paging    Paging
		sort      Sorting
	}{
		{ERPNet, "eq ge le in and", "contains startswith endswith", PagingByTop, SortSome},
		{GenericV4, "eq ne gt ge lt le in and or not has", "contains startswith endswith", PagingServer, SortAll},
		{V2, "eq ne gt ge lt le and or not", "startswith endswith substringof", PagingServer, SortAll},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.d.Operators(), " "); got != tt.ops {
			t.Errorf("%s operators: got %q; want %q", tt.d.Name, got, tt.ops)
		}
		if got := strings.Join(tt.d.Functions(), " "); got != tt.funs {
			t.Errorf("%s functions: got %q; want %q", tt.d.Name, got, tt.funs)
		}
		if tt.d.Paging != tt.paging || tt.d.Sort != tt.sort {
			t.Errorf("%s: got paging %d, sort %d; want %d, %d", tt.d.Name, tt.d.Paging, tt.d.Sort, tt.paging, tt.sort)
		}
		for _, op := range append(tt.d.Operators(), tt.d.Functions()...) {
			if !tt.d.Supports(op) {
				t.Errorf("%s.Supports(%q) = false; want true", tt.d.Name, op)
			}
		}
	}
	for _, op := range []string{"or", "ne", "gt", "lt", "not", "has", "substringof", "", "bogus"} {
		if ERPNet.Supports(op) {
			t.Errorf("ERPNet.Supports(%q) = true; want false", op)
		}
	}
	if !ERPNet.SelectDefault || GenericV4.SelectDefault || V2.SelectDefault {
		t.Errorf("SelectDefault: got %v %v %v; want only ERP.net", ERPNet.SelectDefault, GenericV4.SelectDefault, V2.SelectDefault)
	}
	if ERPNet.NavigationPaths || !GenericV4.NavigationPaths {
		t.Errorf("NavigationPaths: got ERP.net %v, v4 %v; want false, true", ERPNet.NavigationPaths, GenericV4.NavigationPaths)
	}
}

func TestContainsFilter(t *testing.T) {
	tests := []struct {
		d    Dialect
		want string
	}{
		{ERPNet, "contains(Name,'O''Neil Ltd')"},
		{GenericV4, "contains(tolower(Name),'o''neil ltd')"},
		{V2, "substringof('o''neil ltd',tolower(Name))"},
	}
	for _, tt := range tests {
		if got := tt.d.ContainsFilter("Name", "O'Neil Ltd"); got != tt.want {
			t.Errorf("%s: got %s; want %s", tt.d.Name, got, tt.want)
		}
	}
}

func TestDialectLiteral(t *testing.T) {
	const guid = "c696c660-8d49-4b6e-9bd0-7b1d3c6a0f11"
	tests := []struct {
		typ      string
		v        any
		v4, v2   string
		v2Failed bool
	}{
		{"Edm.String", "o'neil", "'o''neil'", "'o''neil'", false},
		{"Edm.Guid", guid, guid, "guid'" + guid + "'", false},
		{"Edm.Int32", "42", "42", "42", false},
		{"Edm.Int64", "9007199254740993", "9007199254740993", "9007199254740993L", false},
		{"Edm.Decimal", "12.50", "12.50", "12.50M", false},
		{"Edm.Double", "1.5", "1.5", "1.5d", false},
		{"Edm.Double", "NaN", "NaN", "NaN", false},
		{"Edm.Single", "2", "2", "2f", false},
		{"Edm.Boolean", true, "true", "true", false},
		{"Edm.DateTime", "2024-03-01T10:20:30", "", "datetime'2024-03-01T10:20:30'", false},
		{"Edm.DateTime", "2024-03-01", "", "datetime'2024-03-01T00:00:00'", false},
		{"Edm.DateTime", "2024-03-01T10:20:30+02:00", "", "datetime'2024-03-01T08:20:30'", false},
		{"Edm.Date", "2024-03-01", "2024-03-01", "datetime'2024-03-01T00:00:00'", false},
		{"Edm.DateTimeOffset", "2024-03-01T10:20:30Z", "2024-03-01T10:20:30Z", "datetimeoffset'2024-03-01T10:20:30Z'", false},
		{"Edm.Time", "PT13H20M", "", "time'PT13H20M'", false},
		{"Edm.TimeOfDay", "13:20:05", "13:20:05", "time'PT13H20M5S'", false},
		{"Edm.Binary", "AQID", "binary'AQID'", "binary'010203'", false},
		{"Edm.String", nil, "null", "null", false},
		{"NW.State", "Open", "NW.State'Open'", "", true},
		{"Edm.Guid", "not-a-guid", "", "", true},
	}
	for _, tt := range tests {
		got, err := GenericV4.Literal(tt.typ, tt.v)
		if tt.v4 != "" && (err != nil || got != tt.v4) {
			t.Errorf("v4 %s %v: got %q, %v; want %q", tt.typ, tt.v, got, err, tt.v4)
		}
		got, err = V2.Literal(tt.typ, tt.v)
		switch {
		case tt.v2Failed && err == nil:
			t.Errorf("v2 %s %v: got %q; want an error", tt.typ, tt.v, got)
		case !tt.v2Failed && (err != nil || got != tt.v2):
			t.Errorf("v2 %s %v: got %q, %v; want %q", tt.typ, tt.v, got, err, tt.v2)
		}
	}
}

func TestClientDialect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(v2Doc))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/api/domain/odata/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Dialect(); got != ERPNet {
		t.Errorf("before $metadata: got %q; want ERP.net (from the URL)", got.Name)
	}
	if _, err := c.Metadata(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c.Dialect(); got != V2 {
		t.Errorf("after a v2 $metadata: got %q; want OData v2", got.Name)
	}
	c.SetDialect(GenericV4)
	if got := c.Dialect(); got != GenericV4 {
		t.Errorf("after SetDialect: got %q; want OData v4", got.Name)
	}
	if !slices.Equal(ERPNet.Operators(), []string{"eq", "ge", "le", "in", "and"}) {
		t.Errorf("ERP.net operators changed: %v", ERPNet.Operators())
	}
}
