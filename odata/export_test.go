package odata

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func exportRows(t *testing.T) []Row {
	t.Helper()
	p := decodeString(t, `{"value":[
		{"@odata.id":"S(1)","Name":"<a&b>","Big":636674848060804805,"Dec":"1.10","Nil":null,"Ok":true,
		 "Party":{"@odata.id":"P(1)","Name":{"EN":"Acme","BG":"Акме"}},"Tags":["x","y"],"Quote":"say \"hi\", then\nleave"},
		{"Name":"second","Extra":1.50}]}`)
	return p.Rows
}

func TestJSONWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	for _, r := range exportRows(t) {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `[
{"Name":"<a&b>","Big":636674848060804805,"Dec":"1.10","Nil":null,"Ok":true,"Party":{"@odata.id":"P(1)","Name":{"BG":"Акме","EN":"Acme"}},"Tags":["x","y"],"Quote":"say \"hi\", then\nleave"},
{"Name":"second","Extra":1.50}
]
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	var back []map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back) != 2 {
		t.Errorf("output is not a JSON array of 2: %v", err)
	}
	if err := w.Write(Row{}); !errors.Is(err, errClosed) {
		t.Errorf("write after close: got %v", err)
	}
}

func TestJSONWriterEmpty(t *testing.T) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	w.Close()
	if b.String() != "[]\n" {
		t.Errorf("got %q; want []", b.String())
	}
}

func TestNDJSONWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewNDJSONWriter(&b)
	for _, r := range exportRows(t) {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 || lines[1] != `{"Name":"second","Extra":1.50}` {
		t.Errorf("got %q", lines)
	}
}

func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b, []string{"Name", "Big", "Nil", "Ok", "Party", "Tags", "Quote", "Extra"})
	for _, r := range exportRows(t) {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "Name,Big,Nil,Ok,Party,Tags,Quote,Extra\n" +
		`<a&b>,636674848060804805,,true,"{""@odata.id"":""P(1)"",""Name"":{""BG"":""Акме"",""EN"":""Acme""}}","[""x"",""y""]","say ""hi"", then` + "\nleave\",\n" +
		"second,,,,,,,1.50\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCSVWriterColumnsFromFirstRow(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b, nil)
	rows := exportRows(t)
	w.Write(rows[1])
	w.Write(rows[0])
	w.Close()
	if want := "Name,Extra\nsecond,1.50\n<a&b>,\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
	b.Reset()
	w = NewCSVWriter(&b, []string{"A", "B"})
	w.Close()
	if b.String() != "A,B\n" {
		t.Errorf("no rows: got %q; want the header", b.String())
	}
}
