package odata

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// stdValue decodes data as one JSON value with encoding/json (UseNumber),
// nothing after it.
func stdValue(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return v, nil
}

// readerValue is stdValue with jsonReader.Entity, and the member order.
func readerValue(data []byte) (any, []string, error) {
	r := newJSONReader(data, map[string]string{})
	v, keys, err := r.Entity()
	if err != nil {
		return nil, nil, err
	}
	if _, err := r.Token(); err != io.EOF {
		return nil, nil, io.ErrUnexpectedEOF
	}
	return v, keys, nil
}

func TestJSONReader(t *testing.T) {
	for _, s := range []string{
		`{"b":1,"a":[true,false,null,"x"],"b":2}`, `{"s":"\u00e9\ud83d\ude00\ud800x\\\/\"\b\f\n\r\t"}`,
		"{\"bad\":\"\xff\xc3\"}", `[1,-0,0.5e-3,1E+2]`, `{}`, `[]`, `{"a":{}}`, ` {"x" : [ 1 , { } ] } `,
		`{"a":1,}`, `[1,]`, `{"a" 1}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":"x`, `{"a":"\x"}`, `{"a":"\u12"}`,
		"{\"a\":\"\x01\"}", `{"a":tru}`, `{"a":nul}`, `[1}`, `{"a":1]`, `{`, `[`, ``, `1 2`, `{"a":1}x`,
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 9999) + strings.Repeat("]", 9999),
	} {
		want, werr := stdValue([]byte(s))
		got, keys, gerr := readerValue([]byte(s))
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: got %v, %v; want %v, %v", s, got, gerr, want, werr)
		}
		if m, ok := got.(map[string]any); ok && len(keys) != len(m) {
			t.Errorf("%.40q: got keys %v; want each of %v once", s, keys, m)
		}
	}
	_, keys, _ := readerValue([]byte(`{"b":1,"a":2,"b":3,"c":{"z":1}}`))
	if want := []string{"b", "a", "c"}; !slices.Equal(keys, want) {
		t.Errorf("member order: got %v; want %v", keys, want)
	}
}

// TestJSONReaderTokens: the token stream of a page is a json.Decoder's.
func TestJSONReaderTokens(t *testing.T) {
	data := []byte(`{"@odata.count":"2","value":[{"A":1,"B":[null,{"c":"d"}]},"x",2.5,true],"n":null}`)
	std := json.NewDecoder(bytes.NewReader(data))
	std.UseNumber()
	mine := newJSONReader(data, map[string]string{})
	for {
		if std.More() != mine.More() {
			t.Fatalf("More at byte %d: got %v; want %v", mine.InputOffset(), mine.More(), std.More())
		}
		w, werr := std.Token()
		g, gerr := mine.Token()
		if w != g || (werr == nil) != (gerr == nil) {
			t.Fatalf("token: got %v, %v; want %v, %v", g, gerr, w, werr)
		}
		if werr != nil {
			break
		}
	}
}

// FuzzJSONReader: for any input, jsonReader decodes what encoding/json
// decodes, fails where it fails, and lists an object's members once each.
func FuzzJSONReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}],"a":"\ud800"}`, `[1e5,-0.0,"\u00e9"]`, "\"\xff\"", `{"x":tru}`, `[[[]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, werr := stdValue(data)
		got, keys, gerr := readerValue(data)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %#v, %v; want %#v, %v", data, got, gerr, want, werr)
		}
		if m, ok := got.(map[string]any); ok {
			for _, k := range keys {
				if _, in := m[k]; !in {
					t.Fatalf("%q: key %q not in %v", data, k, m)
				}
			}
			if len(keys) != len(m) {
				t.Fatalf("%q: got keys %v; want each of %v once", data, keys, m)
			}
		}
	})
}
