package demo

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A singleton and two functions, so that a client can try them on the
// demo (OData 4.01 Part 1, 11.2.3 and 11.5.4; Part 2, 11.1 for the call
// syntax): Company (the demo company, Erp.Company), GetExchangeRates()
// (a collection of Erp.ExchangeRate against the euro) and
// GetExchangeRate(FromCurrency=…,ToCurrency=…,OnDate=…) (one rate, its
// parameters typed Edm.String, Edm.String and Edm.Date). Functions are
// called with GET; the rates are fixed, so answers are reproducible.

// ratesPerEUR are the units of each currency one euro buys.
var ratesPerEUR = map[string]float64{"EUR": 1, "USD": 1.0835, "BGN": 1.95583, "GBP": 0.8571, "CHF": 0.9412, "JPY": 162.35}

// operationsSchemaXML is the CSDL of the singleton's and the functions'
// types, in the Erp schema.
func operationsSchemaXML() string {
	return `<EntityType Name="Company"><Key><PropertyRef Name="Id"/></Key>` +
		`<Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Name" Type="Edm.String" Nullable="false"/>` +
		`<Property Name="Country" Type="Edm.String" MaxLength="2"/><Property Name="BaseCurrency" Type="Edm.String" MaxLength="3"/>` +
		`<Property Name="FiscalYearStart" Type="Edm.Date"/><Property Name="Employees" Type="Edm.Int32"/></EntityType>` + "\n" +
		`<ComplexType Name="ExchangeRate"><Property Name="FromCurrency" Type="Edm.String" Nullable="false" MaxLength="3"/>` +
		`<Property Name="ToCurrency" Type="Edm.String" Nullable="false" MaxLength="3"/><Property Name="OnDate" Type="Edm.Date" Nullable="false"/>` +
		`<Property Name="Rate" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="6"/></ComplexType>` + "\n" +
		`<Function Name="GetExchangeRates"><ReturnType Type="Collection(Erp.ExchangeRate)" Nullable="false"/></Function>` + "\n" +
		`<Function Name="GetExchangeRate"><Parameter Name="FromCurrency" Type="Edm.String" Nullable="false"/>` +
		`<Parameter Name="ToCurrency" Type="Edm.String" Nullable="false"/><Parameter Name="OnDate" Type="Edm.Date" Nullable="false"/>` +
		`<ReturnType Type="Erp.ExchangeRate" Nullable="false"/></Function>` + "\n"
}

// operationsContainerXML is the singleton and the function imports in the
// entity container.
func operationsContainerXML() string {
	return `<Singleton Name="Company" Type="Erp.Company"/>` + "\n" +
		`<FunctionImport Name="GetExchangeRates" Function="Erp.GetExchangeRates" IncludeInServiceDocument="true"/>` + "\n" +
		`<FunctionImport Name="GetExchangeRate" Function="Erp.GetExchangeRate" IncludeInServiceDocument="true"/>` + "\n"
}

// operationEntries adds the singleton and the functions to the service
// document being written.
func operationEntries(e *encoder) {
	e.raw(`{"name":"Company","kind":"Singleton","url":"Company"},`)
	e.raw(`{"name":"GetExchangeRates","kind":"FunctionImport","url":"GetExchangeRates"},`)
	e.raw(`{"name":"GetExchangeRate","kind":"FunctionImport","url":"GetExchangeRate"},`)
}

// operation answers the singleton or a function at path rest; ok is false
// for any other path.
func (i *Instance) operation(w http.ResponseWriter, r *http.Request, rest string, ieee bool) (err *apiError, ok bool) {
	name, args, call := strings.Cut(rest, "(")
	ctx := `{"@odata.context":` + quote(serviceRoot(r)+"$metadata#")
	switch {
	case rest == "Company":
		i.writeBody(w, ieee, []byte(ctx[:len(ctx)-1]+`Company"`+
			`,"Id":"5e1f0c0d-0000-4000-8000-000000000001","Name":"Demo Trading Ltd","Country":"BG","BaseCurrency":"EUR",`+
			`"FiscalYearStart":"2026-01-01","Employees":42}`))
		return nil, true
	case name == "GetExchangeRates" && (!call || args == ")"):
		codes := make([]string, 0, len(ratesPerEUR))
		for c := range ratesPerEUR {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		e := &encoder{}
		e.raw(ctx[:len(ctx)-1] + `Collection(Erp.ExchangeRate)","value":[`)
		for k, c := range codes {
			if k > 0 {
				e.raw(",")
			}
			e.raw(rateJSON("EUR", c, "2026-12-01", ieee))
		}
		e.raw("]}")
		i.writeBody(w, ieee, e.b)
		return nil, true
	case name == "GetExchangeRate":
		params, perr := functionArgs(strings.TrimSuffix(args, ")"), call && strings.HasSuffix(args, ")"))
		if perr != nil {
			return perr, true
		}
		from, to, day, perr := rateParams(params)
		if perr != nil {
			return perr, true
		}
		i.writeBody(w, ieee, []byte(ctx[:len(ctx)-1]+`Erp.ExchangeRate",`+rateJSON(from, to, day, ieee)[1:]))
		return nil, true
	}
	return nil, false
}

// rateJSON is one Erp.ExchangeRate object.
func rateJSON(from, to, day string, ieee bool) string {
	rate := strconv.FormatFloat(ratesPerEUR[to]/ratesPerEUR[from], 'f', 6, 64)
	if ieee {
		rate = `"` + rate + `"`
	}
	return `{"FromCurrency":` + quote(from) + `,"ToCurrency":` + quote(to) + `,"OnDate":` + quote(day) + `,"Rate":` + rate + `}`
}

// quote is s as a JSON string.
func quote(s string) string {
	e := &encoder{}
	e.str(s)
	return string(e.b)
}

// errBadCall is a function call whose parameters are missing or wrong.
func errBadCall(format string, args ...any) *apiError {
	e := errSyntax(format, args...)
	e.status = http.StatusBadRequest
	return e
}

// functionArgs reads the inline parameters of a function call,
// "A='x',B=2026-01-01" (the path already percent-decoded), into name →
// literal; closed reports the closing parenthesis.
func functionArgs(s string, closed bool) (map[string]string, *apiError) {
	if !closed {
		return nil, errBadCall("A function is called with its parameters in parentheses: GetExchangeRate(FromCurrency='EUR',ToCurrency='USD',OnDate=2026-12-01).")
	}
	out := map[string]string{}
	for len(strings.TrimSpace(s)) > 0 {
		name, rest, ok := strings.Cut(s, "=")
		if !ok {
			return nil, errBadCall("The parameter %q has no value; write Name=value.", strings.TrimSpace(s))
		}
		rest = strings.TrimLeft(rest, " ")
		end := 0
		if strings.HasPrefix(rest, "'") { // a string: '' is a quote inside it
			closed := false
			for end = 1; end < len(rest) && !closed; end++ {
				if rest[end] == '\'' {
					if end+1 < len(rest) && rest[end+1] == '\'' {
						end++
						continue
					}
					closed = true
				}
			}
			if !closed {
				return nil, errBadCall("The string for the parameter %q has no closing quote; write %s='text' with '' for a quote inside.", strings.TrimSpace(name), strings.TrimSpace(name))
			}
			if after := strings.TrimLeft(rest[end:], " "); after != "" && after[0] != ',' {
				return nil, errBadCall("The parameter %q has text after its closing quote.", strings.TrimSpace(name))
			}
		}
		if k := strings.IndexByte(rest[end:], ','); k >= 0 {
			end += k
		} else {
			end = len(rest)
		}
		out[strings.TrimSpace(name)] = strings.TrimSpace(rest[:end])
		s = strings.TrimPrefix(rest[end:], ",")
	}
	return out, nil
}

// rateParams checks GetExchangeRate's parameters: two known currencies as
// string literals and a date.
func rateParams(ps map[string]string) (from, to, day string, err *apiError) {
	cur := func(name string) (string, *apiError) {
		v, ok := ps[name]
		if !ok {
			return "", errBadCall("The parameter '%s' of the function 'Erp.GetExchangeRate' is missing; it is Edm.String, e.g. %s='EUR'.", name, name)
		}
		if len(v) < 2 || v[0] != '\'' || v[len(v)-1] != '\'' {
			return "", errBadCall("The parameter '%s' is Edm.String and must be quoted: %s='EUR'.", name, name)
		}
		code := strings.ToUpper(strings.ReplaceAll(v[1:len(v)-1], "''", "'"))
		if _, ok := ratesPerEUR[code]; !ok {
			return "", errBadCall("There is no rate for the currency %q; the demo knows BGN, CHF, EUR, GBP, JPY and USD.", code)
		}
		return code, nil
	}
	if from, err = cur("FromCurrency"); err != nil {
		return
	}
	if to, err = cur("ToCurrency"); err != nil {
		return
	}
	day, ok := ps["OnDate"]
	if !ok {
		return "", "", "", errBadCall("The parameter 'OnDate' of the function 'Erp.GetExchangeRate' is missing; it is Edm.Date, e.g. OnDate=2026-12-01.")
	}
	if _, perr := time.Parse(time.DateOnly, day); perr != nil {
		return "", "", "", errBadCall("The parameter 'OnDate' is Edm.Date, written as 2026-12-01 without quotes; got %s.", day)
	}
	for name := range ps {
		if name != "FromCurrency" && name != "ToCurrency" && name != "OnDate" {
			return "", "", "", errBadCall("The function 'Erp.GetExchangeRate' has no parameter '%s'.", name)
		}
	}
	return from, to, day, nil
}
