package termtext

import (
	"encoding/json"
	"strings"
	"testing"
)

// decode reads JSON the way odata does: numbers as json.Number.
func decodeUseNumber(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		name, json, edm, lang, want string
		kind                        Kind
	}{
		{"null", `null`, "Edm.String", "", "", KindNull},
		{"true", `true`, "Edm.Boolean", "", "true", KindBool},
		{"false", `false`, "", "", "false", KindBool},
		{"integer as received", `42`, "Edm.Int32", "", "42", KindNumber},
		{"Int64 beyond 2^53 keeps every digit", `9007199254740993`, "Edm.Int64", "", "9007199254740993", KindNumber},
		{"decimal keeps its digits", `0.125`, "Edm.Decimal", "", "0.125", KindNumber},
		{"decimal as string (IEEE754Compatible)", `"12345678901234567890.10"`, "Edm.Decimal", "", "12345678901234567890.10", KindNumber},
		{"plain string", `"Apple"`, "Edm.String", "", "Apple", KindText},
		{"string with newline", `"line 1\nline 2"`, "Edm.String", "", "line 1⏎line 2", KindText},
		{"string with escape sequence", `"\u001b[2Jboom"`, "Edm.String", "", "␛[2Jboom", KindText},
		{"GUID as is", `"9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"`, "Edm.Guid", "", "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab", KindText},
		{"UTC midnight is a date", `"2020-05-08T00:00:00Z"`, "Edm.DateTimeOffset", "", "2020-05-08", KindText},
		{"UTC time", `"2024-01-31T10:00:00Z"`, "Edm.DateTimeOffset", "", "2024-01-31 10:00", KindText},
		{"seconds shown when not zero", `"2024-01-31T10:00:05.25Z"`, "Edm.DateTimeOffset", "", "2024-01-31 10:00:05", KindText},
		{"other offset kept", `"2024-01-31T10:00:00+02:00"`, "Edm.DateTimeOffset", "", "2024-01-31 10:00 +02:00", KindText},
		{"date-time recognised without metadata", `"2024-01-31T10:00:00Z"`, "", "", "2024-01-31 10:00", KindText},
		{"date-time look-alike in a string column", `"2024-01-31T10:00:00Z"`, "Edm.String", "", "2024-01-31T10:00:00Z", KindText},
		{"broken date-time as is", `"2024-13-45T99:00:00Z"`, "Edm.DateTimeOffset", "", "2024-13-45T99:00:00Z", KindText},
		{"Edm.Date as is", `"2016-09-22"`, "Edm.Date", "", "2016-09-22", KindText},
		{"multi-language, default EN", `{"EN":"Customs Duties","BG":"Мито"}`, "", "", "Customs Duties", KindText},
		{"multi-language, user language", `{"EN":"Customs Duties","BG":"Мито"}`, "", "bg", "Мито", KindText},
		{"multi-language, lower-case keys", `{"en":"Apple","de":"Apfel"}`, "", "DE", "Apfel", KindText},
		{"multi-language, falls back to EN", `{"EN":"Apple","DE":"Apfel"}`, "", "fr", "Apple", KindText},
		{"multi-language, first present sorted", `{"RU":"Яблоко","DE":"Apfel","BG":null}`, "", "fr", "Apfel", KindText},
		{"multi-language, empty language skipped", `{"EN":"","BG":"Мито"}`, "", "", "Мито", KindText},
		{"multi-language, hostile text", `{"EN":"a\u202eb"}`, "", "", "a⟪RLO⟫b", KindText},
		{"amount grouped with two decimals", `{"Value":1234.5,"Currency":"EUR"}`, "", "", "1,234.50 EUR", KindNumber},
		{"amount keeps every digit", `{"Value":0.125,"Currency":"USD"}`, "", "", "0.125 USD", KindNumber},
		{"negative amount", `{"Value":-1234567.891,"Currency":"BGN"}`, "", "", "-1,234,567.891 BGN", KindNumber},
		{"amount beyond float64", `{"Value":"123456789012345678901.23","Currency":"EUR"}`, "", "", "123,456,789,012,345,678,901.23 EUR", KindNumber},
		{"amount with exponent", `{"Value":1.5E+3,"Currency":"EUR"}`, "", "", "1,500.00 EUR", KindNumber},
		{"amount with small exponent", `{"Value":1E-3,"Currency":"EUR"}`, "", "", "0.001 EUR", KindNumber},
		{"quantity", `{"Value":5,"Unit":"PCS"}`, "", "", "5 PCS", KindNumber},
		{"quantity with decimals", `{"Value":12345.555,"Unit":"KG"}`, "", "", "12,345.555 KG", KindNumber},
		{"custom property shows Value", `{"Value":"apple","ValueId":null,"Description":{"EN":"An apple"}}`, "", "", "apple", KindText},
		{"custom property without Value shows Description", `{"Value":null,"ValueId":null,"Description":{"EN":"An apple"}}`, "", "", "An apple", KindText},
		{"custom property all null", `{"Value":null,"ValueId":null,"Description":null}`, "", "", "", KindNull},
		{"reference with GUID key", `{"@odata.id":"General_Contacts_Persons(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"}`, "", "", "9f1c2d3e…", KindReference},
		{"reference with string key", `{"@odata.id":"Products('A''B')"}`, "", "", "A'B", KindReference},
		{"reference with compound key", `{"@odata.id":"Lines(Order=1,Line=2)"}`, "", "", "Order=1,Line=2", KindReference},
		{"expanded reference shows Number", `{"@odata.id":"Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)","Number":"C-0042","Notes":"x"}`, "", "", "C-0042", KindReference},
		{"expanded reference shows multi-language name", `{"@odata.id":"General_Contacts_Parties(b8aa0000-0000-0000-0000-000000000000)","PartyName":{"EN":"Acme","BG":"Акме"}}`, "", "bg", "Акме", KindReference},
		{"expanded reference without readable member", `{"@odata.id":"Things(7)","Flag":true}`, "", "", "7", KindReference},
		{"array", `[1,2,3]`, "", "", "[3 items]", KindArray},
		{"one item", `[{}]`, "", "", "[1 item]", KindArray},
		{"empty array", `[]`, "", "", "[]", KindArray},
		{"other object summarised", `{"b":{"x":1},"a":2,"c":[1]}`, "", "", "{a: 2, b: {…}, c: [1 item]}", KindObject},
		{"long object cut", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7}`, "", "", "{a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, …}", KindObject},
		{"annotations left out", `{"@odata.type":"#X","Name@odata.type":"y","Qty":1}`, "", "", "{Qty: 1}", KindObject},
		{"hostile member names", "{\"\\u001b]0;x\\u0007\":1}", "", "", "{␛]0;x␇: 1}", KindObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := decodeUseNumber(t, tt.json)
			if got := FormatValue(v, tt.edm, tt.lang); got != tt.want {
				t.Errorf("FormatValue(%s, %q, %q) = %q; want %q", tt.json, tt.edm, tt.lang, got, tt.want)
			}
			if got := ValueKind(v, tt.edm); got != tt.kind {
				t.Errorf("ValueKind(%s, %q) = %d; want %d", tt.json, tt.edm, got, tt.kind)
			}
		})
	}
}

func TestFormatValueGoTypes(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{1234.5, "1234.5"},
		{1e21, "1e+21"},
		{-0.5, "-0.5"},
		{7, "7"},
		{json.Number("\x1b[31m"), "␛[31m"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.v, "", ""); got != tt.want {
			t.Errorf("FormatValue(%#v) = %q; want %q", tt.v, got, tt.want)
		}
	}
}

func TestFormatValueLong(t *testing.T) {
	tests := []struct {
		name, json, edm, lang, want string
	}{
		{"scalar", `42`, "", "", "42"},
		{"string keeps line breaks", `"line 1\r\nline 2\n\u001b[2J"`, "Edm.String", "", "line 1\nline 2\n␛[2J"},
		{"lone CR stays visible", `"paid\rDUE"`, "Edm.String", "", "paid␍DUE"},
		{"date-time in full", `"2024-01-31T10:00:00Z"`, "Edm.DateTimeOffset", "", "2024-01-31 10:00:00 UTC"},
		{"date-time with fraction and offset", `"2024-01-31T10:00:00.5-05:00"`, "", "", "2024-01-31 10:00:00.5 -05:00"},
		{"date stays a date", `"2020-05-08T00:00:00Z"`, "", "", "2020-05-08"},
		{"one language", `{"EN":"Apple"}`, "", "", "Apple"},
		{"languages, chosen first", `{"EN":"Apple","BG":"Ябълка","DE":"Apfel"}`, "", "bg", "BG: Ябълка\nDE: Apfel\nEN: Apple"},
		{"amount", `{"Value":1234.5,"Currency":"EUR"}`, "", "", "1,234.50 EUR"},
		{"nested object indented", `{"b":{"y":2,"x":"1"},"a":null,"c":[1,{"k":"v"}]}`, "", "",
			"a:\nb:\n  x: 1\n  y: 2\nc:\n  - 1\n  - k: v"},
		{"reference lists id then members", `{"@odata.id":"Parties(1)","PartyName":{"EN":"Acme"}}`, "", "",
			"Parties(1)\nPartyName: Acme"},
		{"empty object", `{}`, "", "", "{}"},
		{"empty array", `[]`, "", "", "[]"},
		{"hostile member text", `{"k":"a\u009bb\u202ec"}`, "", "", "k: a<9B>b⟪RLO⟫c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FormatValueLong(decodeUseNumber(t, tt.json), tt.edm, tt.lang)
			if got != tt.want {
				t.Errorf("FormatValueLong(%s) = %q; want %q", tt.json, got, tt.want)
			}
			for _, line := range strings.Split(got, "\n") {
				if msg := UnsafeReason(line); msg != "" {
					t.Errorf("line %q: %s", line, msg)
				}
			}
		})
	}
}

func TestGroupDecimal(t *testing.T) {
	tests := []struct {
		in      string
		minFrac int
		want    string
		ok      bool
	}{
		{"0", 2, "0.00", true},
		{"999", 0, "999", true},
		{"1000", 0, "1,000", true},
		{"-1000000.5", 2, "-1,000,000.50", true},
		{"001.10", 2, "1.10", true},
		{"12e2", 0, "1,200", true},
		{"1.2345e2", 2, "123.45", true},
		{"5e-4", 0, "0.0005", true},
		{"1e999", 0, "", false},
		{"abc", 0, "", false},
		{"1.2.3", 0, "", false},
		{".5", 0, "", false},
	}
	for _, tt := range tests {
		got, ok := GroupDecimal(tt.in, tt.minFrac)
		if got != tt.want || ok != tt.ok {
			t.Errorf("GroupDecimal(%q, %d) = %q, %v; want %q, %v", tt.in, tt.minFrac, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzFormatValue(f *testing.F) {
	for _, s := range []string{
		`null`, `"x\u001b[2J"`, `{"EN":"a","BG":"b"}`, `{"Value":1.5E+3,"Currency":"EUR"}`,
		`{"@odata.id":"S('a''b')","Name":"n"}`, `[1,{"a":[2]}]`, `"2024-01-31T10:00:00+02:00"`,
		`{"Value":"1e-70","Unit":"KG"}`, `{"Value":null,"ValueId":null,"Description":{"EN":"d"}}`,
	} {
		f.Add(s, "", "EN")
	}
	f.Fuzz(func(t *testing.T, js, edm, lang string) {
		d := json.NewDecoder(strings.NewReader(js))
		d.UseNumber()
		var v any
		if d.Decode(&v) != nil {
			return
		}
		short := FormatValue(v, edm, lang)
		if msg := UnsafeReason(short); msg != "" {
			t.Fatalf("FormatValue(%s) = %q: %s", js, short, msg)
		}
		for _, line := range strings.Split(FormatValueLong(v, edm, lang), "\n") {
			if msg := UnsafeReason(line); msg != "" {
				t.Fatalf("FormatValueLong(%s) has line %q: %s", js, line, msg)
			}
		}
	})
}

func TestFormatV2DatesAndTimes(t *testing.T) {
	tests := []struct {
		v, typ, want string
	}{
		{"2020-01-02T00:00:00Z", "Edm.DateTime", "2020-01-02"},
		{"2021-03-04T06:06:07.123+01:00", "Edm.DateTimeOffset", "2021-03-04 06:06:07 +01:00"},
		{"PT08H30M00S", "Edm.Time", "08:30"},
		{"PT8H30M15.5S", "Edm.Time", "08:30:15.5"},
		{"PT25H", "Edm.Time", "PT25H"},
		{"PT", "Edm.Time", "PT"},
		{"08:30:00", "Edm.TimeOfDay", "08:30"},
		{"PT08H30M00S", "", "PT08H30M00S"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.v, tt.typ, "EN"); got != tt.want {
			t.Errorf("FormatValue(%q, %s) = %q; want %q", tt.v, tt.typ, got, tt.want)
		}
	}
}
