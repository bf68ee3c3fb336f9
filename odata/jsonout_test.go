package odata

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// stdJSON is what appendJSON must equal: encoding/json's Encoder without
// HTML escaping, its newline dropped.
func stdJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return strings.TrimSuffix(buf.String(), "\n"), err
}

func TestAppendJSON(t *testing.T) {
	for _, v := range []any{
		nil, true, false, "", "plain", `q"b\s`, "\b\f\n\r\t\x00\x01\x1f\x7f", "<a&b>", "\u2028\u2029",
		"bad \xff utf8 \xc3", "é€😀", "\u202e", json.Number("12"), json.Number("-0.5e+10"), json.Number(""),
		map[string]any{"b": 1.5, "a": []any{nil, "x", map[string]any{}}}, []any{}, []any(nil),
		map[string]any(nil), 42, int64(-7), 3.25, []string{"x"},
	} {
		want, werr := stdJSON(v)
		got, gerr := appendJSON(nil, v)
		if string(got) != want || (werr == nil) != (gerr == nil) {
			t.Errorf("appendJSON(%#v): got %s, %v; want %s, %v", v, got, gerr, want, werr)
		}
	}
	for _, bad := range []json.Number{"01", "1.", ".5", "-", "1e", "x", "+1"} {
		if _, err := appendJSON(nil, bad); err == nil {
			t.Errorf("appendJSON(json.Number(%q)): got no error; want encoding/json's", bad)
		}
	}
}

// FuzzAppendJSON: for any JSON text decoded with UseNumber, and for any
// string, appendJSON writes what encoding/json writes.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,null,"x\u2028"]}`, `"\ud800"`, `-0.0e-0`, "\"\xff\"", `{"z":{"y":[]}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, json.Number(s)} {
			want, werr := stdJSON(v)
			got, gerr := appendJSON(nil, v)
			if (werr == nil) != (gerr == nil) || werr == nil && string(got) != want {
				t.Fatalf("appendJSON(%#v): got %s, %v; want %s, %v", v, got, gerr, want, werr)
			}
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		want, _ := stdJSON(v)
		if got, err := appendJSON(nil, v); err != nil || string(got) != want {
			t.Fatalf("appendJSON of %q: got %s, %v; want %s", s, got, err, want)
		}
	})
}
