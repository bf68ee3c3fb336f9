package demo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

func TestServiceDocument(t *testing.T) {
	s, tok := shared(t)
	r := get(t, s, tok, "", "")
	if r.header.Get("OData-Version") != "4.0" || r.header.Get("Content-Type") != contentType(false) {
		t.Errorf("headers: got OData-Version %q, Content-Type %q", r.header.Get("OData-Version"), r.header.Get("Content-Type"))
	}
	var doc struct {
		Context string `json:"@odata.context"`
		Value   []struct{ Name, Kind, URL string }
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != s.URL+"/api/domain/odata/$metadata" {
		t.Errorf("@odata.context: got %s", doc.Context)
	}
	kinds := map[string]string{}
	for _, v := range doc.Value {
		kinds[v.Name] = v.Kind
		if v.URL != v.Name {
			t.Errorf("%s: got url %s; want %s", v.Name, v.URL, v.Name)
		}
	}
	for _, set := range []string{setCustomers, setOrders, setLines, setProducts, setPersons, setCurrencies, setWide} {
		if kinds[set] != "EntitySet" {
			t.Errorf("service document: %s has kind %q; want EntitySet", set, kinds[set])
		}
	}
	if kinds["GetVersion"] != "FunctionImport" || kinds["Company"] != "Singleton" || kinds["GetExchangeRate"] != "FunctionImport" || len(kinds) != 11 {
		t.Errorf("service document: got %v; want 7 sets, the singleton Company and 3 functions", kinds)
	}
	var ver map[string]string
	if err := json.Unmarshal(get(t, s, tok, "GetVersion()", "").body, &ver); err != nil || ver["version"] != Version {
		t.Errorf("GetVersion: got %v (%v); want version %s", ver, err, Version)
	}
}

// csdl is the part of CSDL XML the test checks.
type csdl struct {
	Schemas []struct {
		Namespace   string `xml:"Namespace,attr"`
		EntityTypes []struct {
			Name string `xml:"Name,attr"`
			Key  []struct {
				Name string `xml:"Name,attr"`
			} `xml:"Key>PropertyRef"`
			Props []struct {
				Name, Type, Nullable, MaxLength, Precision, Scale string `xml:",attr"`
				Annotations                                       []struct {
					Term string `xml:"Term,attr"`
				} `xml:"Annotation"`
			} `xml:"Property"`
			Navs []struct {
				Name, Type, Partner string `xml:",attr"`
			} `xml:"NavigationProperty"`
		} `xml:"EntityType"`
		ComplexTypes []struct {
			Name string `xml:"Name,attr"`
		} `xml:"ComplexType"`
		EnumTypes []struct {
			Name    string `xml:"Name,attr"`
			Members []struct {
				Name, Value string `xml:",attr"`
			} `xml:"Member"`
		} `xml:"EnumType"`
		Sets []struct {
			Name, EntityType string `xml:",attr"`
			Bindings         []struct {
				Path, Target string `xml:",attr"`
			} `xml:"NavigationPropertyBinding"`
		} `xml:"EntityContainer>EntitySet"`
	} `xml:"DataServices>Schema"`
}

func TestMetadata(t *testing.T) {
	s, tok := shared(t)
	r := get(t, s, tok, "$metadata", "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/xml") {
		t.Fatalf("$metadata: got %d %s", r.status, r.header.Get("Content-Type"))
	}
	var doc csdl
	if err := xml.Unmarshal(r.body, &doc); err != nil || len(doc.Schemas) != 1 {
		t.Fatalf("$metadata is not CSDL with one schema: %v", err)
	}
	sc := doc.Schemas[0]
	if sc.Namespace != "Erp" || len(sc.Sets) != 7 {
		t.Fatalf("got namespace %s and %d sets; want Erp and 7", sc.Namespace, len(sc.Sets))
	}
	props := map[string]string{}
	orderable := map[string]bool{}
	navs := map[string]string{}
	for _, et := range sc.EntityTypes {
		if len(et.Key) != 1 || et.Key[0].Name != "Id" {
			t.Errorf("%s: key %v; want Id", et.Name, et.Key)
		}
		for _, p := range et.Props {
			props[et.Name+"."+p.Name] = strings.Join([]string{p.Type, p.Nullable, p.MaxLength, p.Precision, p.Scale}, "|")
			for _, a := range p.Annotations {
				orderable[et.Name+"."+p.Name] = a.Term == "Erp.Orderable"
			}
		}
		for _, n := range et.Navs {
			navs[et.Name+"."+n.Name] = n.Type + "|" + n.Partner
		}
		if et.Name == "General_Wide_Record" && len(et.Props) < 130 {
			t.Errorf("General_Wide_Record has %d properties; want at least 130", len(et.Props))
		}
	}
	for key, want := range map[string]string{
		"Crm_Sales_Customer.Id":              "Edm.Guid|false|||",
		"Crm_Sales_Customer.Number":          "Edm.String|false|16||",
		"Crm_Sales_Customer.Name":            "Erp.MultilanguageString||||",
		"Crm_Sales_Customer.DiscountPercent": "Edm.Decimal|||5|2",
		"Crm_Sales_Customer.ExternalRef":     "Edm.Int64||||",
		"Crm_Sales_Customer.CustomerSince":   "Edm.Date||||",
		"Crm_Sales_Customer.CreditLimit":     "Erp.Amount||||",
		"Crm_Sales_Customer.State":           "Erp.Crm_Sales_CustomerState|false|||",
		"Crm_Sales_SalesOrder.DocumentDate":  "Edm.DateTimeOffset|false|||",
		"Crm_Sales_SalesOrderLine.Quantity":  "Erp.Quantity|false|||",
	} {
		if props[key] != want {
			t.Errorf("%s: got %q; want %q", key, props[key], want)
		}
	}
	for key, want := range map[string]string{
		"Crm_Sales_SalesOrder.Lines":          "Collection(Erp.Crm_Sales_SalesOrderLine)|SalesOrder",
		"Crm_Sales_SalesOrderLine.SalesOrder": "Erp.Crm_Sales_SalesOrder|Lines",
		"Crm_Sales_SalesOrder.Customer":       "Erp.Crm_Sales_Customer|",
	} {
		if navs[key] != want {
			t.Errorf("navigation %s: got %q; want %q", key, navs[key], want)
		}
	}
	if !orderable["Crm_Sales_Customer.Number"] || orderable["Crm_Sales_Customer.Notes"] || !orderable["Crm_Sales_SalesOrder.DocumentDate"] {
		t.Errorf("Erp.Orderable annotations: got %v", orderable)
	}
	names := map[string]bool{}
	for _, c := range sc.ComplexTypes {
		names[c.Name] = true
	}
	for _, e := range sc.EnumTypes {
		names[e.Name] = len(e.Members) > 0
	}
	for _, n := range []string{"Amount", "Quantity", "MultilanguageString", "General_DocumentState", "Crm_Sales_CustomerState"} {
		if !names[n] {
			t.Errorf("$metadata lacks type %s", n)
		}
	}
	for _, set := range sc.Sets {
		if set.Name == setOrders && len(set.Bindings) != 2 {
			t.Errorf("%s: got %d NavigationPropertyBindings; want 2 (Customer, Lines)", set.Name, len(set.Bindings))
		}
	}
	if !bytes.Contains(r.body, []byte(`Term="Org.OData.Capabilities.V1.SortRestrictions"`)) {
		t.Errorf("$metadata lacks SortRestrictions annotations")
	}
}

func TestSingleEntityAndErrors(t *testing.T) {
	s, tok := shared(t)
	row := getPage(t, s, tok, "Crm_Sales_SalesOrders?$top=1&$select=default,Id").Value[0]
	id := row["Id"].(string)
	r := get(t, s, tok, "Crm_Sales_SalesOrders("+id+")?$select=Id,DocumentNo&$expand=Lines($select=LineNo)", "")
	var e map[string]any
	if err := json.Unmarshal(r.body, &e); err != nil || r.status != 200 {
		t.Fatalf("single entity: got %d %s", r.status, r.body)
	}
	if !strings.HasSuffix(e["@odata.context"].(string), "$metadata#Crm_Sales_SalesOrders/$entity") || e["Id"] != id || e["DocumentNo"] != row["DocumentNo"] || len(e["Lines"].([]any)) == 0 {
		t.Errorf("single entity: got %v", e)
	}
	tests := []struct {
		path   string
		status int
	}{
		{"No_Such_Set", 404},
		{"No_Such_Set?$top=1", 404},
		{"Crm_Sales_SalesOrders(00000000-0000-4000-8000-000000000000)", 404},
		{"Crm_Sales_SalesOrders(42)", 500},
		{"Crm_Sales_SalesOrders(" + id + ")?$top=1", 500},
		{"Crm_Sales_SalesOrders(" + id + ")/Lines", 500},
		{"Crm_Sales_SalesOrders/Lines", 404},
	}
	for _, tt := range tests {
		r := get(t, s, tok, tt.path, "")
		if r.status != tt.status {
			t.Errorf("%s: got %d; want %d", tt.path, r.status, tt.status)
			continue
		}
		erpError(t, r)
		if r.header.Get("OData-Version") != "4.0" {
			t.Errorf("%s: error lacks OData-Version", tt.path)
		}
	}
	req, _ := http.NewRequest("POST", s.URL+"/api/domain/odata/Crm_Sales_Customers", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST: got %d; want 405", resp.StatusCode)
	}
}

func TestDataShape(t *testing.T) {
	s, tok := shared(t)
	first := getPage(t, s, tok, "Crm_Sales_Customers?$top=50")
	var names, notes []string
	for _, r := range first.Value {
		for _, v := range r["Name"].(map[string]any) {
			names = append(names, v.(string))
		}
		if n, ok := r["Notes"].(string); ok {
			notes = append(notes, n)
		}
	}
	all := strings.Join(names, "\x00|") + strings.Join(notes, "|")
	for _, hostile := range []string{"\x1b[2J", "\x1b]0;pwned\x07", "\x1b]52;", "\x1b[31m", "\r", "\n", "\t", "\u009b", "\u202e", "👨‍👩‍👧", "e\u0301", "東京", "Търговска"} {
		if !strings.Contains(all, hostile) {
			t.Errorf("the first page lacks the hostile or non-ASCII string %q", hostile)
		}
	}
	long := false
	for _, n := range notes {
		long = long || len(n) >= 2048
	}
	if !long {
		t.Errorf("the first page has no 2 KB note")
	}
	langs := map[string]int{}
	bgOnly := 0
	for _, r := range getPage(t, s, tok, "Crm_Sales_Customers?$select=Name").Value {
		m := r["Name"].(map[string]any)
		for k := range m {
			langs[k]++
		}
		if _, en := m["EN"]; !en && m["BG"] != nil {
			bgOnly++
		}
	}
	if bgOnly == 0 || langs["DE"] == 0 || langs["JA"] == 0 || langs["ZH"] == 0 {
		t.Errorf("multi-language names: got languages %v, %d BG-only; want EN, BG, DE, JA, ZH and some BG-only", langs, bgOnly)
	}
	counts := map[string]int{setCustomers: 2600, setOrders: 10000, setProducts: nProducts, setPersons: nPersons, setCurrencies: 30, setWide: nWide}
	for set, want := range counts {
		if got := count(t, s, tok, set, "Id ge 00000000-0000-0000-0000-000000000000"); got != want {
			t.Errorf("%s: got %d rows; want %d", set, got, want)
		}
	}
	if n := count(t, s, tok, setLines, "LineNo ge 10"); n < nOrders || n > 5*nOrders {
		t.Errorf("%s: got %d lines; want 1–5 per order", setLines, n)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := generate(), demoData()
	for k, set := range a.sets {
		other := b.sets[k]
		if len(set.rows) != len(other.rows) {
			t.Fatalf("%s: %d rows then %d", set.name, len(set.rows), len(other.rows))
		}
		for j := range set.rows {
			ea, eb := &encoder{}, &encoder{}
			q := &query{set: set, withID: true, out: set.props}
			ea.entity(q, set.rows[j])
			eb.entity(&query{set: other, withID: true, out: other.props}, other.rows[j])
			if !bytes.Equal(ea.b, eb.b) {
				t.Fatalf("%s row %d differs between runs:\n%s\n%s", set.name, j, ea.b, eb.b)
			}
		}
	}
}
