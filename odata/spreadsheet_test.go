package odata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

// sheet writes the rows of a JSON page with a spreadsheet CSVWriter for
// columns (nil: the rows'), flushing after the first flushAfter rows (0:
// never), and returns the records.
func sheet(t *testing.T, page string, columns []string, flushAfter int) [][]string {
	t.Helper()
	p := decodeString(t, page)
	var b bytes.Buffer
	w := NewCSVWriter(&b, columns)
	for i, r := range p.Rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if i+1 == flushAfter {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("the output does not parse as CSV: %v", err)
	}
	return recs
}

// TestCSVWriterSpreadsheet: the key first, amounts, quantities, names and
// references flattened, as ERP.net sends them (the demo's shapes).
func TestCSVWriterSpreadsheet(t *testing.T) {
	tests := []struct {
		name       string
		page       string
		columns    []string
		flushAfter int
		want       []string // records joined with "|"
	}{
		{"the demo's customer",
			`{"value":[{"@odata.id":"Crm_Sales_Customers(0a1b)","Number":"C-1","Name":{"BG":"Акме","EN":"Acme","DE":"Akme"},
			  "Party":{"@odata.id":"General_Contacts_Persons(5ff8)"},"CreditLimit":{"Currency":"EUR","Value":"57000.37"},"Qty":{"Value":5,"Unit":"PCS"}},
			 {"@odata.id":"Crm_Sales_Customers(0c2d)","Number":"C-2","Name":{"EN":"Beta"},"Party":null,"CreditLimit":null,"Qty":{"Value":-1.5,"Unit":"KG"}}]}`,
			[]string{"Number", "Name", "Party", "CreditLimit", "Qty"}, 0,
			[]string{
				"Id|Number|Name_EN|Name_BG|Name_DE|Party|CreditLimit|CreditLimit_Currency|Qty|Qty_Unit",
				"0a1b|C-1|Acme|Акме|Akme|5ff8|57000.37|EUR|5|PCS",
				"0c2d|C-2|Beta||||||-1.5|KG",
			}},
		{"the key is in a column already: none added",
			`{"value":[{"@odata.id":"Products(7)","ProductID":7,"Name":"x"}]}`, nil, 0,
			[]string{"ProductID|Name", "7|x"}},
		{"an Id column: none added",
			`{"value":[{"@odata.id":"S(1)","Id":"abc","Name":"x"}]}`, nil, 0,
			[]string{"Id|Name", "abc|x"}},
		{"no @odata.id: no key column",
			`{"value":[{"Name":"x"}]}`, nil, 0,
			[]string{"Name", "x"}},
		{"quoted and compound keys",
			`{"value":[{"@odata.id":"People('o''neil')","N":1},{"@odata.id":"https://h/o/Lines(Order=1,Line='a')","N":2},{"N":3}]}`, nil, 0,
			[]string{"Id|N", "o'neil|1", "Order=1,Line='a'|2", "|3"}},
		{"mixed shapes are JSON",
			`{"value":[{"A":{"Value":1,"Currency":"EUR"},"B":[1,2],"C":{"x":1}},{"A":"text","B":null,"C":null}]}`, nil, 0,
			[]string{"A|B|C", `{"Currency":"EUR","Value":1}|[1,2]|{"x":1}`, "text||"}},
		{"an expanded entity is JSON, not its key",
			`{"value":[{"Customer":{"@odata.id":"C(1)","Name":"n"}}]}`, nil, 0,
			[]string{"Customer", `{"@odata.id":"C(1)","Name":"n"}`}},
		{"after the first flush a language not seen is JSON in the first column",
			`{"value":[{"Name":{"EN":"a"},"Amt":null},{"Name":{"EN":"b","BG":"б"},"Amt":{"Value":2,"Currency":"BGN"}}]}`, nil, 1,
			[]string{"Name_EN|Amt", "a|", `{"BG":"б","EN":"b"}|{"Currency":"BGN","Value":2}`}},
		{"without a flush the rows held back decide",
			`{"value":[{"Name":{"EN":"a"},"Amt":null},{"Name":{"EN":"b","BG":"б"},"Amt":{"Value":2,"Currency":"BGN"}}]}`, nil, 0,
			[]string{"Name_EN|Name_BG|Amt|Amt_Currency", "a|||", "b|б|2|BGN"}},
		{"formula guard on flattened text, not on numbers",
			`{"value":[{"@odata.id":"S('=1')","Name":{"EN":"=cmd"},"Amt":{"Value":"-1.50","Currency":"+X"}}]}`, nil, 0,
			[]string{"Id|Name_EN|Amt|Amt_Currency", "'=1|'=cmd|-1.50|'+X"}},
	}
	for _, tt := range tests {
		recs := sheet(t, tt.page, tt.columns, tt.flushAfter)
		var got []string
		for _, r := range recs {
			got = append(got, strings.Join(r, "|"))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestCSVWriterLanguageFirst: the writer's Language leads a name's columns.
// TestCSVWriterGroupedReference: a reference as $apply groups by it
// ({"Id": key}, no @odata.id) is its key, like a reference with a link;
// an object with more than its Id stays JSON.
func TestCSVWriterGroupedReference(t *testing.T) {
	recs := sheet(t, `{"value":[{"Customer":{"Id":"b6cb5bb8-d7d0-437f-a8ed-a6e402bd3b93"},"n":4},{"Customer":{"Id":"ac77d01c-f68e-4ab4-8c46-3ba7369ee06c"},"n":2}]}`, nil, 0)
	want := [][]string{{"Customer", "n"}, {"b6cb5bb8-d7d0-437f-a8ed-a6e402bd3b93", "4"}, {"ac77d01c-f68e-4ab4-8c46-3ba7369ee06c", "2"}}
	if got := fmt.Sprint(recs); got != fmt.Sprint(want) {
		t.Errorf("grouped references: got %v; want %v", recs, want)
	}
	recs = sheet(t, `{"value":[{"Party":{"Id":7,"Name":"x"}}]}`, nil, 0)
	if len(recs) != 2 || recs[1][0] != `{"Id":7,"Name":"x"}` {
		t.Errorf("an object with more than its Id: got %v; want it as JSON", recs)
	}
}

func TestCSVWriterLanguageFirst(t *testing.T) {
	p := decodeString(t, `{"value":[{"Name":{"EN":"a","BG":"б","DE":"d"}}]}`)
	for _, tc := range []struct{ lang, want string }{
		{"", "Name_EN,Name_BG,Name_DE\n"},
		{"bg", "Name_BG,Name_DE,Name_EN\n"},
		{"FR", "Name_BG,Name_DE,Name_EN\n"},
	} {
		var b bytes.Buffer
		w := NewCSVWriter(&b, nil)
		w.Language = tc.lang
		w.Write(p.Rows[0])
		w.Close()
		if got, _, _ := strings.Cut(b.String(), "\n"); got+"\n" != tc.want {
			t.Errorf("Language %q: header %q; want %q", tc.lang, got, tc.want)
		}
	}
}

// TestCSVWriterHoldsBack: rows are held back until the first Flush, then
// written as they come.
func TestCSVWriterHoldsBack(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b, nil)
	w.Write(Row{Keys: []string{"A"}, Values: map[string]any{"A": "1"}})
	if b.Len() != 0 {
		t.Errorf("before Flush: wrote %q; want nothing yet", b.String())
	}
	w.Flush()
	w.Write(Row{Keys: []string{"A"}, Values: map[string]any{"A": "2"}})
	w.Flush()
	if want := "A\n1\n2\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
	b.Reset()
	w = NewCSVWriter(&b, nil)
	for range planRows {
		w.Write(Row{Keys: []string{"A"}, Values: map[string]any{"A": "x"}})
	}
	w.Flush()
	if n := strings.Count(b.String(), "\n"); n != planRows+1 {
		t.Errorf("after %d rows: %d lines; want a header and every row", planRows, n)
	}
}

// FuzzCSVWriterSpreadsheet: any page written for a spreadsheet, flushed
// anywhere, parses back as CSV with as many fields in every record as in
// the header, and a record for every row.
func FuzzCSVWriterSpreadsheet(f *testing.F) {
	for _, s := range []string{
		`{"value":[{"@odata.id":"S(1)","Name":{"EN":"a"},"A":{"Value":1,"Currency":"EUR"}},{"Name":{"BG":"b"},"A":"x"}]}`,
		`{"value":[{"R":{"@odata.id":"T('a''b')"},"Q":{"Value":1,"Unit":"KG"}},{"R":{"@odata.id":5},"Q":[1]}]}`,
		`{"value":[{"A":null},{"A":{"Value":{"x":1},"Currency":"E"}}]}`,
	} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, page string, flushAfter int) {
		p, err := decodePage(strings.NewReader(page), testRoot, nil)
		if err != nil {
			return
		}
		var b bytes.Buffer
		w := NewCSVWriter(&b, nil)
		for i, r := range p.Rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
			if i+1 == flushAfter {
				w.Flush()
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatalf("%q: output %q does not parse: %v", page, out, err)
		}
		// (With one column or none, a row whose cells are empty is a blank
		// line, which encoding/csv skips when reading; a one-column header
		// may hold a comma inside its quotes.)
		if len(recs) > 0 && len(recs[0]) > 1 && len(recs) != len(p.Rows)+1 {
			t.Fatalf("%q: %d records; want a header and %d rows", page, len(recs), len(p.Rows))
		}
	})
}

func TestKeyText(t *testing.T) {
	for id, want := range map[string]string{
		"Crm_Customers(9f1c2d3e)": "9f1c2d3e", "People('O''Neil')": "O'Neil", "Lines(orderNo='A',pos=1)": "orderNo='A',pos=1", "plain": "plain",
	} {
		if got := KeyText(id); got != want {
			t.Errorf("KeyText(%q) = %q; want %q", id, got, want)
		}
	}
}
