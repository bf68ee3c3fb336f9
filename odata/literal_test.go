package odata

import (
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLiteral(t *testing.T) {
	ts := time.Date(2020, 5, 8, 13, 4, 5, 500_000_000, time.FixedZone("", 2*3600))
	tests := []struct {
		typ  string
		v    any
		want string
	}{
		{"Edm.String", "plain", "'plain'"},
		{"Edm.String", "O'Neil ''x''", "'O''Neil ''''x'''''"},
		{"Edm.String", "a&b#c+d%e\nü", "'a&b#c+d%e\nü'"},
		{"String", "", "''"},
		{"Edm.String", json.Number("12"), "'12'"},
		{"Edm.String", nil, "null"},
		{"Edm.Guid", "59098bcf-f331-478f-91c2-f5520590f534", "59098bcf-f331-478f-91c2-f5520590f534"},
		{"Edm.Int16", -32768, "-32768"},
		{"Edm.Int32", json.Number("2147483647"), "2147483647"},
		{"Edm.Int64", json.Number("636674848060804805"), "636674848060804805"},
		{"Edm.Int64", "9223372036854775807", "9223372036854775807"},
		{"Edm.Int32", 42.0, "42"},
		{"Edm.Byte", uint8(255), "255"},
		{"Edm.SByte", "-128", "-128"},
		{"Edm.Decimal", json.Number("12345678901234567890.123456789"), "12345678901234567890.123456789"},
		{"Edm.Decimal", "-0.50", "-0.50"},
		{"Edm.Decimal", 3.55, "3.55"},
		{"Edm.Double", 1.5, "1.5"},
		{"Edm.Double", math.Inf(1), "INF"},
		{"Edm.Double", math.Inf(-1), "-INF"},
		{"Edm.Double", math.NaN(), "NaN"},
		{"Edm.Double", "NaN", "NaN"},
		{"Edm.Double", json.Number("1e300"), "1e300"},
		{"Edm.Single", float32(0.1), "0.1"},
		{"Edm.Single", "-INF", "-INF"},
		{"Edm.Boolean", true, "true"},
		{"Edm.Boolean", "False", "false"},
		{"Edm.Date", ts, "2020-05-08"},
		{"Edm.Date", "2020-05-08", "2020-05-08"},
		{"Edm.DateTimeOffset", ts, "2020-05-08T13:04:05.5+02:00"},
		{"Edm.DateTimeOffset", "2020-05-08T00:00:00Z", "2020-05-08T00:00:00Z"},
		{"Edm.DateTimeOffset", "2020-05-08", "2020-05-08T00:00:00Z"},
		{"Edm.TimeOfDay", ts, "13:04:05.5"},
		{"Edm.TimeOfDay", "23:59:59.123456789012", "23:59:59.123456789012"},
		{"Edm.Duration", 90*time.Minute + 500*time.Millisecond, "duration'PT1H30M0.5S'"},
		{"Edm.Duration", -time.Second, "duration'-PT1S'"},
		{"Edm.Duration", time.Duration(0), "duration'PT0S'"},
		{"Edm.Duration", "PT0.0000001S", "duration'PT0.0000001S'"},
		{"Edm.Duration", "P1DT2H", "duration'P1DT2H'"},
		{"Edm.Binary", []byte{0xfb, 0xff}, "binary'-_8'"},
		{"Edm.Binary", "+/8=", "binary'-_8'"},
		{"Erp.General_DocumentState", "Released", "Erp.General_DocumentState'Released'"},
		{"NS.Color", "Red, Blue", "NS.Color'Red,Blue'"},
		{"NS.Color", json.Number("3"), "NS.Color'3'"},
	}
	for _, tt := range tests {
		got, err := Literal(tt.typ, tt.v)
		if err != nil {
			t.Errorf("Literal(%s, %#v): %v", tt.typ, tt.v, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Literal(%s, %#v): got %s; want %s", tt.typ, tt.v, got, tt.want)
		}
	}
}

func TestLiteralRejects(t *testing.T) {
	tests := []struct {
		typ string
		v   any
	}{
		{"Edm.Guid", "59098bcf-f331-478f-91c2-f5520590f53"},
		{"Edm.Guid", "x' or 1 eq 1 or 'x"},
		{"Edm.Int16", 32768},
		{"Edm.Int32", "1 or true"},
		{"Edm.Int32", 1.5},
		{"Edm.Byte", -1},
		{"Edm.Int64", "9223372036854775808"},
		{"Edm.Decimal", "1,5"},
		{"Edm.Decimal", math.Inf(1)},
		{"Edm.Double", "1e999"},
		{"Edm.Double", "Infinity"},
		{"Edm.Boolean", "yes"},
		{"Edm.Date", "08.05.2020"},
		{"Edm.DateTimeOffset", "2020-05-08 00:00"},
		{"Edm.TimeOfDay", "24:00:00"},
		{"Edm.Duration", "PT"},
		{"Edm.Duration", "P1H"},
		{"Edm.String", map[string]any{"EN": "x"}},
		{"Edm.GeographyPoint", "POINT(1 2)"},
		{"NS.Color", "Red' or 1 eq 1"},
		{"NS Bad.Type", "Red"},
		{"Edm.Binary", "not base64!"},
	}
	for _, tt := range tests {
		if got, err := Literal(tt.typ, tt.v); err == nil {
			t.Errorf("Literal(%s, %#v): got %s; want an error", tt.typ, tt.v, got)
		} else if strings.ContainsAny(err.Error(), "\n\r") {
			t.Errorf("Literal(%s, %#v): error %q spans lines", tt.typ, tt.v, err)
		}
	}
}

// unquote reverses a string literal: strip the quotes, halve the ”.
func unquote(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	body := lit[1 : len(lit)-1]
	if strings.Count(strings.ReplaceAll(body, "''", ""), "'") != 0 {
		return "", false
	}
	return strings.ReplaceAll(body, "''", "'"), true
}

func FuzzStringLiteral(f *testing.F) {
	for _, s := range []string{"", "'", "''", "a'b", "&#+=%", "Мито\n", "'; drop", "\x00\xff"} {
		f.Add(s)
	}
	c := mustClient(f, "http://h/")
	f.Fuzz(func(t *testing.T, s string) {
		lit, err := Literal("Edm.String", s)
		if err != nil {
			t.Fatal(err)
		}
		back, ok := unquote(lit)
		if !ok || back != s {
			t.Fatalf("literal %q of %q reads back as %q (ok %v)", lit, s, back, ok)
		}
		filter := "Name eq " + lit
		u, err := c.URL(Query{Set: "S", Filter: filter})
		if err != nil {
			t.Fatal(err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatalf("query %q does not parse: %v", u.RawQuery, err)
		}
		if q.Get("$filter") != filter {
			t.Fatalf("got $filter %q; want %q", q.Get("$filter"), filter)
		}
	})
}
