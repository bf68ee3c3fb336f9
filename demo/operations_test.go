package demo

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSingletonAndFunctions(t *testing.T) {
	s, tok := shared(t)
	for _, tc := range []struct {
		path   string
		status int
		want   []string // in the body
	}{
		{"Company", 200, []string{`$metadata#Company"`, `"Name":"Demo Trading Ltd"`, `"FiscalYearStart":"2026-01-01"`}},
		{"GetExchangeRates()", 200, []string{`$metadata#Collection(Erp.ExchangeRate)"`, `"ToCurrency":"USD"`, `"Rate":1.083500`}},
		{"GetExchangeRates", 200, []string{`"ToCurrency":"BGN"`}},
		{"GetExchangeRate(FromCurrency='EUR',ToCurrency='BGN',OnDate=2026-12-01)", 200,
			[]string{`$metadata#Erp.ExchangeRate"`, `"FromCurrency":"EUR"`, `"Rate":1.955830`, `"OnDate":"2026-12-01"`}},
		{"GetExchangeRate(OnDate=2026-12-01,ToCurrency='eur',FromCurrency='USD')", 200, []string{`"FromCurrency":"USD"`, `"Rate":0.922935`}},
		{"GetExchangeRate(FromCurrency='EUR',ToCurrency='USD')", 400, []string{"'OnDate'", "missing"}},
		{"GetExchangeRate(FromCurrency=EUR,ToCurrency='USD',OnDate=2026-12-01)", 400, []string{"must be quoted"}},
		{"GetExchangeRate(FromCurrency='XXX',ToCurrency='USD',OnDate=2026-12-01)", 400, []string{"XXX", "BGN, CHF"}},
		{"GetExchangeRate(FromCurrency='EUR',ToCurrency='USD',OnDate='2026-12-01')", 400, []string{"Edm.Date"}},
		{"GetExchangeRate(FromCurrency='EUR',ToCurrency='USD',OnDate=2026-12-01,X=1)", 400, []string{"no parameter 'X'"}},
		{"GetExchangeRate", 400, []string{"in parentheses"}},
		{"GetExchangeRate(FromCurrency='EUR,ToCurrency='USD',OnDate=2026-12-01)", 400, []string{"after its closing quote"}},
		{"GetExchangeRate(FromCurrency='EUR',ToCurrency='USD,OnDate=2026-12-01)", 400, []string{"no closing quote"}},
	} {
		r := get(t, s, tok, tc.path, "")
		body := string(r.body)
		if r.status != tc.status {
			t.Errorf("GET %s: status %d; want %d\n%s", tc.path, r.status, tc.status, body)
			continue
		}
		if !json.Valid(r.body) {
			t.Errorf("GET %s: the body is not JSON: %s", tc.path, body)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: body %s; want %s in it", tc.path, body, w)
			}
		}
	}
	// A quote inside a string literal is doubled.
	args, err := functionArgs("A='it''s, here',B=2", true)
	if err != nil || args["A"] != "'it''s, here'" || args["B"] != "2" {
		t.Errorf("functionArgs: %v, %v; want A='it''s, here' and B=2", args, err)
	}
}

func TestOperationsInMetadata(t *testing.T) {
	doc := string(metadataXML())
	for _, want := range []string{`<Singleton Name="Company" Type="Erp.Company"/>`, `<FunctionImport Name="GetExchangeRate"`,
		`<Parameter Name="OnDate" Type="Edm.Date" Nullable="false"/>`, `<EntityType Name="Company">`} {
		if !strings.Contains(doc, want) {
			t.Errorf("$metadata lacks %s", want)
		}
	}
}

// FuzzFunctionArgs: any parameter text parses without panicking, and what
// parses is read back the same from its own writing.
func FuzzFunctionArgs(f *testing.F) {
	for _, s := range []string{"", "A='x',B=1", "A='it''s, here',B=2026-01-01", "A=", "=", "A='unclosed", ",,", "A=1,,B=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args, err := functionArgs(s, true)
		if err != nil {
			return
		}
		var parts []string
		for k, v := range args {
			if strings.ContainsAny(k, "=,'") || k == "" {
				return // not a name that writes back unambiguously
			}
			parts = append(parts, k+"="+v)
		}
		again, err := functionArgs(strings.Join(parts, ","), true)
		if err != nil || len(again) != len(args) {
			t.Fatalf("%q parsed to %q, which reads back as %q (%v)", s, args, again, err)
		}
		for k, v := range args {
			if again[k] != v {
				t.Fatalf("%q: %s=%q reads back as %q", s, k, v, again[k])
			}
		}
	})
}
