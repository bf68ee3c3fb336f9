package demo

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEncodeString(t *testing.T) {
	inputs := append(slicesClone(hostileNames), longText, "", "plain", "quote\" back\\slash", "bad \xff utf8", "\u2028 line sep", "C1 \u0085 NEL")
	for _, in := range inputs {
		e := &encoder{}
		e.str(in)
		var out string
		if err := json.Unmarshal(e.b, &out); err != nil {
			t.Errorf("str(%q) = %s is not a JSON string: %v", in, e.b, err)
			continue
		}
		if want := strings.ToValidUTF8(in, "\ufffd"); out != want {
			t.Errorf("str(%q) round-trips to %q; want %q", in, out, want)
		}
		for _, r := range string(e.b) {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Errorf("str(%q) = %q carries the raw control %U", in, e.b, r)
			}
		}
	}
}

func TestAppendDecimal(t *testing.T) {
	tests := []struct {
		units int64
		scale int
		want  string
	}{{0, 2, "0.00"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {12345, 3, "12.345"}, {-9223372036854775808, 0, "-9223372036854775808"}, {7, 0, "7"}}
	for _, tt := range tests {
		if got := string(appendDecimal(nil, tt.units, tt.scale)); got != tt.want {
			t.Errorf("appendDecimal(%d, %d): got %s; want %s", tt.units, tt.scale, got, tt.want)
		}
	}
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
