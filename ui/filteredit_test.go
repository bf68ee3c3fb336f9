package ui

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

func shapeEditor(t *testing.T, initial string, erp bool) filterEditor {
	t.Helper()
	props := columnProps(shapeModel(t), "Crm_Sales_Customers", nil)
	return newFilterEditor(initial, props, erp, shapeStyles(), DefaultKeyMap())
}

// edit sends keys (qk names, or text to type when prefixed with ").
func editKeys(f filterEditor, keys ...string) (filterEditor, editResult) {
	res := editNone
	for _, k := range keys {
		if s, ok := strings.CutPrefix(k, `"`); ok {
			for _, m := range typed(s) {
				f, _, res = f.update(m)
			}
			continue
		}
		f, _, res = f.update(qk(k))
	}
	return f, res
}

func TestFilterEditorCompletion(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"property by prefix", []string{`"Cr`, "tab"}, "CreditLimit"},
		{"prefix ignores case", []string{`"nu`, "tab"}, "Number"},
		{"cycle through properties", []string{`"C`, "tab", "tab"}, "CustomProperty_Color"},
		{"cycle reaches functions", []string{`"C`, "tab", "tab", "tab"}, "contains("},
		{"cycle wraps", []string{`"C`, "tab", "tab", "tab", "tab"}, "CreditLimit"},
		{"operator after a property", []string{`"Number `, "tab"}, "Number eq "},
		{"operators cycle", []string{`"Number `, "tab", "tab", "tab"}, "Number le "},
		{"function", []string{`"cont`, "tab"}, "contains("},
		{"property inside a function", []string{`"contains(Na`, "tab"}, "contains(Name"},
		{"and after a literal", []string{`"Number eq '1' a`, "tab"}, "Number eq '1' and "},
		{"after and comes an operand", []string{`"Number eq '1' and St`, "tab"}, "Number eq '1' and State"},
		{"typing ends the cycle", []string{`"C`, "tab", `"X`, "tab"}, "CreditLimitX"},
		{"nothing to complete", []string{`"Zz`, "tab"}, "Zz"},
		{"completes in the middle", []string{`"Nu eq '1'`, "home", "right", "right", "tab"}, "Number eq '1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := editKeys(shapeEditor(t, "", true), tt.keys...)
			if got := f.input.Value(); got != tt.want {
				t.Errorf("after %q: %q; want %q", tt.keys, got, tt.want)
			}
		})
	}
}

func TestFilterEditorNeverOffersOrOnERP(t *testing.T) {
	tests := []struct{ before, word string }{
		{"", ""}, {"Number ", ""}, {"Number eq '1' ", ""}, {"contains(Name,'x') ", ""},
		{"Number ", "o"}, {"Number ", "n"}, {"Number ", "g"}, {"Number ", "l"}, {"", "o"}, {"", "n"},
	}
	for _, tt := range tests {
		cands := filterCandidates(tt.before, tt.word, []string{"Number", "Name"}, true)
		for _, bad := range []string{"or ", "ne ", "gt ", "lt ", "not "} {
			if slices.Contains(cands, bad) {
				t.Errorf("ERP.net completion of %q after %q offers %q: %q", tt.word, tt.before, bad, cands)
			}
		}
	}
	// Cycling every operator in ERP mode meets exactly ERP.net's.
	f, _ := editKeys(shapeEditor(t, "", true), `"Number `)
	var seen []string
	for range 8 {
		f, _ = editKeys(f, "tab")
		seen = append(seen, strings.TrimPrefix(f.input.Value(), "Number "))
	}
	if got, want := strings.Join(seen[:5], "|"), "eq |ge |le |in |and "; got != want {
		t.Errorf("ERP.net operators by tab: %q; want %q", got, want)
	}
	// A generic server gets the full set.
	g := filterCandidates("Number ", "", nil, false)
	for _, op := range []string{"or ", "ne ", "gt ", "lt "} {
		if !slices.Contains(g, op) {
			t.Errorf("generic completion lacks %q: %q", op, g)
		}
	}
}

func TestFilterEditorKeys(t *testing.T) {
	f := shapeEditor(t, "Number eq '1'", true)
	if _, res := editKeys(f, "enter"); res != editApply {
		t.Errorf("enter: %d; want apply", res)
	}
	if _, res := editKeys(f, "esc"); res != editCancel {
		t.Errorf("esc: %d; want cancel", res)
	}
	f, _ = editKeys(f, `"  `)
	if got := f.value(); got != "Number eq '1'" {
		t.Errorf("value: %q; want the filter with spaces trimmed", got)
	}
	f.setError("the server says: bad filter\x1b[31m")
	v := ansi.Strip(f.view(80))
	if !strings.Contains(v, "the server says: bad filter␛[31m") {
		t.Errorf("view after setError: %q; want the error line, sanitised", v)
	}
	f, _ = editKeys(f, "backspace")
	if v := ansi.Strip(f.view(80)); strings.Contains(v, "bad filter") {
		t.Errorf("the error stays after an edit:\n%s", v)
	}
	if n := strings.Count(f.view(80), "\n"); n != 2 {
		t.Errorf("view has %d line breaks; want 3 lines always", n)
	}
}

func TestFilterEditorGolden(t *testing.T) {
	t.Run("hint", func(t *testing.T) {
		f, _ := editKeys(shapeEditor(t, "", true), `"Number eq '1001' and cont`)
		golden.RequireEqual(t, []byte(ansi.Strip(f.view(80))))
	})
	t.Run("cycling", func(t *testing.T) {
		f, _ := editKeys(shapeEditor(t, "", true), `"Number `, "tab", "tab")
		golden.RequireEqual(t, []byte(ansi.Strip(f.view(80))))
	})
	t.Run("error", func(t *testing.T) {
		f := shapeEditor(t, "Name eq 'x'", true)
		f.setError("Invalid filter: multi-language strings support only contains(Name,'…').")
		golden.RequireEqual(t, []byte(ansi.Strip(f.view(80))))
	})
}

func TestCellFilter(t *testing.T) {
	num := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name, prop, typ string
		v               any
		lang            string
		want            string
	}{
		{"string", "Number", "Edm.String", "1001", "", "Number eq '1001'"},
		{"quotes doubled", "Name", "Edm.String", "O'Neil's", "", "Name eq 'O''Neil''s'"},
		{"non-ASCII", "City", "Edm.String", "Пловдив & Co", "", "City eq 'Пловдив & Co'"},
		{"guid", "Id", "Edm.Guid", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "Id eq 9f1c2b3a-0000-4000-8000-0123456789ab"},
		{"date", "Day", "Edm.Date", "2024-01-31", "", "Day eq 2024-01-31"},
		{"date-time", "DocumentDate", "Edm.DateTimeOffset", "2020-05-08T00:00:00Z", "", "DocumentDate eq 2020-05-08T00:00:00Z"},
		{"date-time offset", "At", "Edm.DateTimeOffset", "2020-05-08T10:30:00+02:00", "", "At eq 2020-05-08T10:30:00+02:00"},
		{"decimal keeps digits", "Price", "Edm.Decimal", num("12345678901234567890.123456789"), "", "Price eq 12345678901234567890.123456789"},
		{"int32", "Qty", "Edm.Int32", num("-42"), "", "Qty eq -42"},
		{"int64", "Big", "Edm.Int64", num("9223372036854775807"), "", "Big eq 9223372036854775807"},
		{"int64 as string", "Big", "Edm.Int64", "9007199254740993", "", "Big eq 9007199254740993"},
		{"int16", "Small", "Edm.Int16", num("7"), "", "Small eq 7"},
		{"byte", "B", "Edm.Byte", num("255"), "", "B eq 255"},
		{"double", "D", "Edm.Double", num("1.5e3"), "", "D eq 1.5e3"},
		{"boolean", "Active", "Edm.Boolean", true, "", "Active eq true"},
		{"enum", "State", "Erp.DocumentState", "Released", "", "State eq Erp.DocumentState'Released'"},
		{"null", "Notes", "Edm.String", nil, "", "Notes eq null"},
		{"multi-language EN", "Name", "Erp.MultilanguageString", map[string]any{"EN": "Apple 'Red'", "BG": "Ябълка"}, "", "contains(Name,'Apple ''Red''')"},
		{"multi-language shown language", "Name", "Erp.MultilanguageString", map[string]any{"EN": "Apple", "BG": "Ябълка"}, "bg", "contains(Name,'Ябълка')"},
		{"reference", "Party", "Erp.Party", map[string]any{"@odata.id": "General_Contacts_Parties(b8aa0000-0000-4000-8000-000000000001)"}, "", "Party eq 'General_Contacts_Parties(b8aa0000-0000-4000-8000-000000000001)'"},
		{"expanded reference", "Party", "Erp.Party", map[string]any{"@odata.id": "Parties('o''x')", "PartyName": "X"}, "", "Party eq 'Parties(''o''''x'')'"},
		{"amount", "Total", "Erp.Amount", map[string]any{"Value": num("3.55"), "Currency": "USD"}, "", "TotalValue eq 3.55"},
		{"quantity", "Quantity", "Erp.Quantity", map[string]any{"Value": num("5.555"), "Unit": "PCS"}, "", "QuantityValue eq 5.555"},
		{"unknown type number", "N", "", num("12.5"), "", "N eq 12.5"},
		{"unknown type text", "S", "", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "S eq '9f1c2b3a-0000-4000-8000-0123456789ab'"},
		{"key from @odata.id", "Id", "key", "9f1c2b3a-0000-4000-8000-0123456789ab", "", "Id eq 9f1c2b3a-0000-4000-8000-0123456789ab"},
		{"string key from @odata.id", "Code", "key", "A'1", "", "Code eq 'A''1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cellFilter(tt.prop, tt.typ, tt.v, tt.lang)
			if err != nil || got != tt.want {
				t.Errorf("cellFilter(%s, %s, %#v) = %q, %v; want %q", tt.prop, tt.typ, tt.v, got, err, tt.want)
			}
		})
	}
}

func TestCellFilterRefuses(t *testing.T) {
	tests := []struct {
		name, prop, typ string
		v               any
		want            string
	}{
		{"list", "Lines", "", []any{1}, "Lines holds a list"},
		{"object", "Address", "NS.Address", map[string]any{"Street": map[string]any{}, "No": json.Number("1")}, "Address holds an object"},
		{"empty texts", "Name", "", map[string]any{"EN": "", "BG": ""}, "Name has no text"},
		{"bad guid", "Id", "Edm.Guid", "not-a-guid", "cannot be written as a Edm.Guid literal"},
		{"no column", "", "Edm.String", "x", "no column to filter by"},
	}
	for _, tt := range tests {
		got, err := cellFilter(tt.prop, tt.typ, tt.v, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: cellFilter = %q, %v; want an error saying %q", tt.name, got, err, tt.want)
		}
	}
}

func TestAndFilter(t *testing.T) {
	tests := []struct{ existing, clause, want string }{
		{"", "Number eq '1'", "Number eq '1'"},
		{"Number eq '1'", "", "Number eq '1'"},
		{"Number eq '1'", "State eq Erp.S'New'", "Number eq '1' and State eq Erp.S'New'"},
		{"A eq 1 or B eq 2", "C eq 3", "(A eq 1 or B eq 2) and C eq 3"},
		{"C eq 3", "A eq 1 or B eq 2", "C eq 3 and (A eq 1 or B eq 2)"},
		{"(A eq 1 or B eq 2)", "C eq 3", "(A eq 1 or B eq 2) and C eq 3"},
		{"Name eq 'x or y'", "C eq 3", "Name eq 'x or y' and C eq 3"},
		{"A eq 1 and C eq 3", "C eq 3", "A eq 1 and C eq 3"},
		{"Name eq 'it''s and' and B eq 2", "B eq 2", "Name eq 'it''s and' and B eq 2"},
		{"  A eq 1 ", " B eq 2 ", "A eq 1 and B eq 2"},
	}
	for _, tt := range tests {
		if got := andFilter(tt.existing, tt.clause); got != tt.want {
			t.Errorf("andFilter(%q, %q) = %q; want %q", tt.existing, tt.clause, got, tt.want)
		}
	}
}

// FuzzAndFilter checks that andFilter keeps both filters whole and never
// panics on unbalanced quotes or parentheses.
func FuzzAndFilter(f *testing.F) {
	f.Add("A eq 1 or B eq 2", "C eq 3")
	f.Add("Name eq 'x or y'", "Name eq 'it''s'")
	f.Add("((a or", "b')")
	f.Fuzz(func(t *testing.T, existing, clause string) {
		got := andFilter(existing, clause)
		e, c := strings.TrimSpace(existing), strings.TrimSpace(clause)
		if !strings.Contains(got, e) || !strings.Contains(got, c) {
			t.Fatalf("andFilter(%q, %q) = %q; lost a part", existing, clause, got)
		}
	})
}

func TestFilterEditorLongFilterShowsCursor(t *testing.T) {
	long := "contains(Name,'" + strings.Repeat("abcdefghij", 10) + "END')"
	f := shapeEditor(t, long, true)
	first := strings.Split(ansi.Strip(f.view(40)), "\n")[0]
	if !strings.Contains(first, "END')") || ansi.StringWidth(first) > 40 {
		t.Errorf("a long filter at 40 cells: %q; want its end (where the cursor is) shown, within 40 cells", first)
	}
	f, _ = editKeys(f, "home")
	first = strings.Split(ansi.Strip(f.view(40)), "\n")[0]
	if !strings.Contains(first, "$filter contains(Name") {
		t.Errorf("after home: %q; want the start shown", first)
	}
}
