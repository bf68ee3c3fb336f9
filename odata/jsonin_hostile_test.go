package odata

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

// TestDecodeHostileNesting: a page whose value nests deeper than
// encoding/json allows (arrays, objects, under v4 and v2 verbose JSON) is
// refused with an error, never a stack overflow.
func TestDecodeHostileNesting(t *testing.T) {
	const n = 200000
	root, err := url.Parse("https://h.example/odata/")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"v4 arrays":    `{"value":[{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}]}`,
		"v4 objects":   `{"value":[{"a":` + strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) + `}]}`,
		"v2 objects":   `{"d":{"results":[{"a":` + strings.Repeat(`{"results":`, n) + "[]" + strings.Repeat("}", n) + `}]}}`,
		"unterminated": `{"value":[{"a":` + strings.Repeat("[", n),
	} {
		if _, err := decodePage(bytes.NewReader([]byte(body)), root, nil); err == nil {
			t.Errorf("%s: got no error; want the nesting refused", name)
		}
	}
}
