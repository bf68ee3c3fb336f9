package odata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

var testRoot, _ = url.Parse("https://erp.example.com/api/domain/odata/")

func decodeString(t testing.TB, s string, cols ...string) *Page {
	t.Helper()
	p, err := decodePage(strings.NewReader(s), testRoot, cols)
	if err != nil {
		t.Fatalf("decodePage: %v", err)
	}
	return p
}

func TestDecodeFixtures(t *testing.T) {
	tests := []struct {
		file     string
		rows     int
		count    int64
		next     string
		id       string // first row's ID
		prop     string // a property of the first row …
		value    any    // … and its value
		noColumn string // an annotation that must not be a column
	}{
		{"trippin-people-expand-nextlink.json", 20, -1,
			"https://services.odata.org/V4/(S(4taa1h2202lz2pi2bpqff3uy))/TripPinServiceRW/People?%24expand=Trips%2cFriends&%24skiptoken=20",
			"http://services.odata.org/V4/(S(4taa1h2202lz2pi2bpqff3uy))/TripPinServiceRW/People('russellwhyte')",
			"Concurrency", json.Number("636674848060804805"), "Trips@odata.context"},
		{"dataverse-he_employees-10.json", 10, -1, "", "", "he_name", "Max Mustermann", "@odata.etag"},
		{"wcf-customers-count.json", 2, 2, "",
			"http://odatae2etest.azurewebsites.net/javatest/DefaultService/Customers(PersonID=1)", "FirstName", "Bob", "@odata.editLink"},
		{"wcf-customers-full-metadata.json", 2, 2, "",
			"http://odatae2etest.azurewebsites.net/javatest/DefaultService/Customers(PersonID=1)", "PersonID", json.Number("1"), "PersonID@odata.type"},
		{"wcf-product-entity.json", 1, -1, "",
			"http://odatae2etest.azurewebsites.net/javatest/DefaultService/Products(5)", "UnitPrice", json.Number("3.24"),
			"#Microsoft.Test.OData.Services.ODataWCFService.AddAccessRight"},
		{"v2-rooms-inline-expand.json", 3, -1, "",
			"http://localhost:8080/olingo-odata2-ref-web/ReferenceScenario.svc/Rooms('1')", "Name", "Room 1", "__metadata"},
		{"v2-building-inline-next-count.json", 1, -1, "",
			"http://localhost:8080/ReferenceScenario.svc/Buildings('1')", "Image", nil, "__metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := decodePage(bytes.NewReader(readFixture(t, tt.file)), testRoot, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) != tt.rows || p.Count != tt.count || p.NextLink != tt.next {
				t.Errorf("got %d rows, count %d, next %q; want %d, %d, %q", len(p.Rows), p.Count, p.NextLink, tt.rows, tt.count, tt.next)
			}
			if len(p.Rows) == 0 {
				return
			}
			r := p.Rows[0]
			if r.ID != tt.id {
				t.Errorf("got ID %q; want %q", r.ID, tt.id)
			}
			if got, ok := r.Values[tt.prop]; !ok || got != tt.value {
				t.Errorf("got %s = %#v (present %v); want %#v", tt.prop, got, ok, tt.value)
			}
			for _, c := range p.Columns {
				if strings.ContainsAny(c, "@#") || strings.HasPrefix(c, "__") {
					t.Errorf("column %q is an annotation", c)
				}
			}
			if slices.Contains(p.Columns, tt.noColumn) {
				t.Errorf("column %q should not be a column", tt.noColumn)
			}
			if !slices.Equal(p.Columns[:len(r.Keys)], r.Keys) {
				t.Errorf("got columns %v; want the first row's order %v first", p.Columns, r.Keys)
			}
		})
	}
}

func TestDecodeV2Shapes(t *testing.T) {
	p, err := decodePage(bytes.NewReader(readFixture(t, "v2-rooms-inline-expand.json")), testRoot, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Rows[0]
	emps, ok := r.Values["nr_Employees"].([]any)
	if !ok || len(emps) == 0 {
		t.Fatalf("got nr_Employees %#v; want the inline feed as an array", r.Values["nr_Employees"])
	}
	emp := emps[0].(map[string]any)
	if _, ok := emp["__metadata"]; ok {
		t.Errorf("nested __metadata kept: %v", emp)
	}
	if got := emp["@odata.id"]; got != "http://localhost:8080/olingo-odata2-ref-web/ReferenceScenario.svc/Employees('1')" {
		t.Errorf("got nested @odata.id %v", got)
	}
	want := map[string]any{"@odata.id": "http://localhost:8080/olingo-odata2-ref-web/ReferenceScenario.svc/Employees('1')/ne_Manager"}
	if got, _ := json.Marshal(emp["ne_Manager"]); string(got) != string(mustJSON(want)) {
		t.Errorf("got deferred %s; want %s", got, mustJSON(want))
	}

	p = decodeString(t, `{"d":{"results":[{"__metadata":{"uri":"S(1)"},"A":1}],"__count":"91","__next":"S?$skiptoken=1"}}`)
	if p.Count != 91 || p.NextLink != "https://erp.example.com/api/domain/odata/S?$skiptoken=1" || p.Rows[0].ID != "S(1)" {
		t.Errorf("v2: got count %d next %q id %q", p.Count, p.NextLink, p.Rows[0].ID)
	}
	p = decodeString(t, `{"d":[{"A":1},{"A":2,"B":3}]}`)
	if len(p.Rows) != 2 || !slices.Equal(p.Columns, []string{"A", "B"}) {
		t.Errorf("v1: got %d rows, columns %v", len(p.Rows), p.Columns)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestDecodeControlNames(t *testing.T) {
	for _, body := range []string{
		`{"@odata.context":"$metadata#S","@odata.count":5,"value":[{"@odata.id":"S(1)","A":1}],"@odata.nextLink":"S?$skiptoken=x"}`,
		`{"@context":"$metadata#S","@count":"5","value":[{"@id":"S(1)","A":1}],"@nextLink":"S?$skiptoken=x"}`,
		`{"odata.metadata":"$metadata#S","odata.count":"5","value":[{"odata.id":"S(1)","A":1}],"odata.nextLink":"S?$skiptoken=x"}`,
	} {
		p := decodeString(t, body)
		if p.Count != 5 || p.NextLink != "https://erp.example.com/api/domain/odata/S?$skiptoken=x" || len(p.Rows) != 1 || p.Rows[0].ID != "S(1)" {
			t.Errorf("%s: got count %d next %q rows %d", body, p.Count, p.NextLink, len(p.Rows))
		}
		if !slices.Equal(p.Columns, []string{"A"}) {
			t.Errorf("%s: got columns %v; want [A]", body, p.Columns)
		}
	}
}

func TestDecodeColumns(t *testing.T) {
	body := `{"value":[{"B":1,"Ann@odata.type":"x","A":2},{"C":3,"A":4},{"Z":{"@odata.id":"R(1)"}}]}`
	p := decodeString(t, body)
	if want := []string{"B", "A", "C", "Z"}; !slices.Equal(p.Columns, want) {
		t.Errorf("first-seen: got %v; want %v", p.Columns, want)
	}
	p = decodeString(t, body, "Z", "Missing", "A", "Z")
	if want := []string{"Z", "A", "B", "C"}; !slices.Equal(p.Columns, want) {
		t.Errorf("given order: got %v; want %v", p.Columns, want)
	}
	if ref := p.Rows[2].Values["Z"].(map[string]any); ref["@odata.id"] != "R(1)" {
		t.Errorf("nested reference lost its @odata.id: %v", ref)
	}
	p = decodeString(t, `{"value":[]}`, "A", "B")
	if !slices.Equal(p.Columns, []string{"A", "B"}) || len(p.Rows) != 0 || p.Rows == nil {
		t.Errorf("empty page: got columns %v rows %v", p.Columns, p.Rows)
	}
}

func TestDecodeNumbersExact(t *testing.T) {
	p := decodeString(t, `{"value":[{"I":9007199254740993,"D":"12345678901234567890.123456789","F":1.10}]}`)
	r := p.Rows[0].Values
	if r["I"] != json.Number("9007199254740993") || r["D"] != "12345678901234567890.123456789" || r["F"] != json.Number("1.10") {
		t.Errorf("got %#v", r)
	}
}

func TestDecodePrimitiveCollection(t *testing.T) {
	p := decodeString(t, `{"@odata.context":"x","value":["a","b"]}`)
	if len(p.Rows) != 2 || p.Rows[1].Values["value"] != "b" || !slices.Equal(p.Columns, []string{"value"}) {
		t.Errorf("got rows %v columns %v", p.Rows, p.Columns)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, body := range []string{
		``, `[]`, `<html></html>`, `{"value":[{"A":1}`, `{"value":[{"A":1}]} x`, `{"value":[1,]}`, `{"d":5}`, "\xef\xbb\xbf",
	} {
		if _, err := decodePage(strings.NewReader(body), testRoot, nil); err == nil {
			t.Errorf("%q: got no error; want one", body)
		} else if !strings.HasPrefix(err.Error(), "odata: ") {
			t.Errorf("%q: got error %q; want an odata sentence", body, err)
		}
	}
}

func TestDecodeEntity(t *testing.T) {
	r, err := decodeEntity(bytes.NewReader(readFixture(t, "wcf-product-entity.json")))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "http://odatae2etest.azurewebsites.net/javatest/DefaultService/Products(5)" || r.Values["Name"] != "Cheetos" {
		t.Errorf("got ID %q Name %v", r.ID, r.Values["Name"])
	}
	r, err = decodeEntity(strings.NewReader(`{"@odata.context":"c","value":[1,2],"X":1}`))
	if err != nil || len(r.Values["value"].([]any)) != 2 {
		t.Errorf("entity with a value property: got %v, %v", r.Values, err)
	}
	r, err = decodeEntity(strings.NewReader(`{"d":{"__metadata":{"uri":"S(1)"},"A":"x"}}`))
	if err != nil || r.ID != "S(1)" || r.Values["A"] != "x" {
		t.Errorf("v2 entity: got %+v, %v", r, err)
	}
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"value":[{"A":1,"@odata.id":"x","B@odata.type":"t"}],"@odata.count":"3","@odata.nextLink":"S?x"}`,
		`{"d":{"results":[{"__metadata":{"uri":"u"},"N":{"__deferred":{"uri":"v"}}}],"__count":"1"}}`,
		`{"d":[{"A":null}]}`, `{"A":[1,{"b":2}]}`, `{"value":["x",1,null,[1]]}`, "\xef\xbb\xbf{}",
		`{"value":[{"s":1,"s@OData.Community.Display.V1.FormattedValue":"Active","@OData.Community.Display.V1.FormattedValue":"x"}]}`,
	} {
		f.Add([]byte(s))
	}
	for _, name := range []string{"trippin-people-expand-nextlink.json", "v2-rooms-inline-expand.json", "wcf-product-entity.json"} {
		if b, err := readFixtureBytes(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodePage(bytes.NewReader(data), testRoot, []string{"A"})
		if err != nil {
			return
		}
		cols := map[string]bool{}
		for _, c := range p.Columns {
			if cols[c] {
				t.Fatalf("column %q twice in %v", c, p.Columns)
			}
			cols[c] = true
		}
		for _, r := range p.Rows {
			if len(r.Keys) != len(r.Values) {
				t.Fatalf("row keys %v do not match values %v", r.Keys, r.Values)
			}
			for _, k := range r.Keys {
				if !cols[k] {
					t.Fatalf("property %q missing from columns %v", k, p.Columns)
				}
				if _, isAnn := control(k); isAnn {
					t.Fatalf("annotation %q became a property", k)
				}
			}
			for k := range r.Formatted {
				if k == "" || strings.IndexByte(k, '@') >= 0 {
					t.Fatalf("formatted value of %q: want a property name", k)
				}
			}
		}
		if p.Count < -1 {
			t.Fatalf("count %d", p.Count)
		}
	})
}

func readFixtureBytes(name string) ([]byte, error) {
	b, err := os.ReadFile(payloads + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", name, err)
	}
	return b, nil
}

// widePage returns a page of rows × cols properties mixing the shapes of
// an ERP.net payload: strings, Int64 and Decimal as strings, numbers,
// nulls, references and multi-language names.
func widePage(rows, cols int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"@odata.context":"https://h/odata/$metadata#S","@odata.count":"1000000","value":[`)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"@odata.id":"S(%08d-f331-478f-91c2-f5520590f534)"`, i)
		for c := range cols {
			fmt.Fprintf(&b, `,"Property_%03d":`, c)
			switch c % 6 {
			case 0:
				fmt.Fprintf(&b, `"text value %d of row %d"`, c, i)
			case 1:
				fmt.Fprintf(&b, `%d`, i*c)
			case 2:
				fmt.Fprintf(&b, `"%d.%02d"`, i, c)
			case 3:
				b.WriteString(`null`)
			case 4:
				fmt.Fprintf(&b, `{"@odata.id":"General_Contacts_Parties(%08d-0000-0000-0000-000000000000)"}`, c)
			case 5:
				fmt.Fprintf(&b, `{"EN":"Name %d","BG":"Име %d"}`, i, i)
			}
		}
		b.WriteByte('}')
	}
	b.WriteString(`],"@odata.nextLink":"S?$top=1000&$skiptoken=x"}`)
	return b.Bytes()
}

func BenchmarkDecodePage(b *testing.B) {
	data := widePage(1000, 130)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := decodePage(bytes.NewReader(data), testRoot, nil)
		if err != nil || len(p.Rows) != 1000 || len(p.Columns) != 130 {
			b.Fatalf("got %v rows, err %v", len(p.Rows), err)
		}
	}
}
