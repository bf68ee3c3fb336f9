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

// TestCSVWriter: with RawJSON, one column per property, objects and
// arrays as compact JSON, no key column added.
func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b, []string{"Name", "Big", "Nil", "Ok", "Party", "Tags", "Quote", "Extra"})
	w.RawJSON = true
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
	w.RawJSON = true
	rows := exportRows(t)
	w.Write(rows[1])
	w.Write(rows[0])
	w.Close()
	if want := "Name,Extra\nsecond,1.50\n<a&b>,\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
	b.Reset()
	for _, raw := range []bool{true, false} {
		b.Reset()
		w = NewCSVWriter(&b, []string{"A", "B"})
		w.RawJSON = raw
		w.Close()
		if b.String() != "A,B\n" {
			t.Errorf("no rows, RawJSON %v: got %q; want the header", raw, b.String())
		}
	}
}

// TestCSVWriterFormulaGuard: string cells a spreadsheet would run are
// written with a leading ', numbers and plain negative numbers are not; Raw
// writes every cell as received.
func TestCSVWriterFormulaGuard(t *testing.T) {
	p := decodeString(t, `{"value":[
		{"=Name":"=cmd|' /C calc'!A0","Plus":"+1+1","At":"@SUM(1+1)","Link":"=HYPERLINK(\"http://x.example\",\"go\")",
		 "Tab":"\t=1","CR":"\r=1","Neg":-7,"Exp":-1.5E3,"NegText":"-1.50","Dash":"-2+3","Obj":{"a":"=1"},"Ok":true}]}`)
	cols := []string{"=Name", "Plus", "At", "Link", "Tab", "CR", "Neg", "Exp", "NegText", "Dash", "Obj", "Ok"}
	write := func(raw bool) string {
		var b bytes.Buffer
		w := NewCSVWriter(&b, cols)
		w.Raw = raw
		if err := w.Write(p.Rows[0]); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := `'=Name,Plus,At,Link,Tab,CR,Neg,Exp,NegText,Dash,Obj,Ok` + "\n" +
		`'=cmd|' /C calc'!A0,'+1+1,'@SUM(1+1),"'=HYPERLINK(""http://x.example"",""go"")",` +
		"'\t=1,\"'\r=1\",-7,-1.5E3,-1.50,'-2+3,\"{\"\"a\"\":\"\"=1\"\"}\",true\n"
	if got := write(false); got != want {
		t.Errorf("guarded:\ngot  %q\nwant %q", got, want)
	}
	wantRaw := `=Name,Plus,At,Link,Tab,CR,Neg,Exp,NegText,Dash,Obj,Ok` + "\n" +
		`=cmd|' /C calc'!A0,+1+1,@SUM(1+1),"=HYPERLINK(""http://x.example"",""go"")",` +
		"\"\t=1\",\"\r=1\",-7,-1.5E3,-1.50,-2+3,\"{\"\"a\"\":\"\"=1\"\"}\",true\n"
	if got := write(true); got != wantRaw {
		t.Errorf("raw:\ngot  %q\nwant %q", got, wantRaw)
	}
}

// TestCSVWriterText: Text is applied to every field, header included,
// after the guard.
func TestCSVWriterText(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b, []string{"A\x1b", "B"})
	w.Text = func(s string) string { return strings.ReplaceAll(s, "\x1b", "␛") }
	w.Write(Row{Values: map[string]any{"A\x1b": "=\x1b[2J", "B": "x"}})
	w.Close()
	if want := "A␛,B\n'=␛[2J,x\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
}

// TestJSONWritersEscape: DEL, C1 and bidi controls are always \u escapes;
// Escape adds more; the data reads back the same.
func TestJSONWritersEscape(t *testing.T) {
	const evil = "\x1b]0;t\x07\x7f\u009b2J\u202eRLO\u2066\u200f\u200b"
	r := Row{Keys: []string{"K" + evil}, Values: map[string]any{"K" + evil: "v" + evil}}
	esc := `\u001b]0;t\u0007\u007f\u009b2J\u202eRLO\u2066\u200f`
	for _, tc := range []struct {
		name   string
		escape func(rune) bool
		want   string
	}{
		{"always", nil, `{"K` + esc + "\u200b" + `":"v` + esc + "\u200b" + `"}`},
		{"with Escape", func(r rune) bool { return r == 0x200b }, `{"K` + esc + `\u200b":"v` + esc + `\u200b"}`},
	} {
		var j, nd bytes.Buffer
		jw, ndw := NewJSONWriter(&j), NewNDJSONWriter(&nd)
		jw.Escape, ndw.Escape = tc.escape, tc.escape
		jw.Write(r)
		ndw.Write(r)
		jw.Close()
		ndw.Close()
		if got := nd.String(); got != tc.want+"\n" {
			t.Errorf("%s: ndjson got %q; want %q", tc.name, got, tc.want+"\n")
		}
		if got := j.String(); got != "[\n"+tc.want+"\n]\n" {
			t.Errorf("%s: json got %q; want %q", tc.name, got, "[\n"+tc.want+"\n]\n")
		}
		var back []map[string]string
		if err := json.Unmarshal(j.Bytes(), &back); err != nil || len(back) != 1 || back[0]["K"+evil] != "v"+evil {
			t.Errorf("%s: parsed back %q (%v); want the server's strings", tc.name, back, err)
		}
	}
}

// TestJSONWriterFlushLeavesOpen: a walk that fails flushes without Close;
// the array is left open, so the output does not parse as complete.
func TestJSONWriterFlushLeavesOpen(t *testing.T) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	w.Write(Row{Keys: []string{"Id"}, Values: map[string]any{"Id": json.Number("1")}})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "[\n{\"Id\":1}"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
	if json.Valid(b.Bytes()) {
		t.Errorf("%q parses as JSON; want it visibly incomplete", b.String())
	}
}
