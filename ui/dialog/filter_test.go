package dialog

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/odata"
)

// shapeEditor is a filter editor on the customer set in dialect d.
func shapeEditor(t *testing.T, initial string, d odata.Dialect) *Filter {
	t.Helper()
	meta := shapeModel(t)
	props := ColumnProps(meta, "Crm_Sales_Customers", nil)
	return NewFilter(testEnv(), initial, props, d).ForSet(meta, "Crm_Sales_Customers")
}

// editKeys sends keys (kp names, or text to type when prefixed with ").
func editKeys(f *Filter, keys ...string) *Filter { return send(f, keys...).(*Filter) }

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
			f := editKeys(shapeEditor(t, "", odata.ERPNet), tt.keys...)
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
		cands := NewFilter(testEnv(), "", []Prop{{Name: "Number"}, {Name: "Name"}}, odata.ERPNet).candidates(tt.before, tt.word)
		for _, bad := range []string{"or ", "ne ", "gt ", "lt ", "not "} {
			if slices.Contains(cands, bad) {
				t.Errorf("ERP.net completion of %q after %q offers %q: %q", tt.word, tt.before, bad, cands)
			}
		}
	}
	// Cycling the operators after a text property in ERP mode meets exactly
	// ERP.net's comparisons (and, a logical operator, comes after a value).
	f := editKeys(shapeEditor(t, "", odata.ERPNet), `"Number `)
	var seen []string
	for range 8 {
		f = editKeys(f, "tab")
		seen = append(seen, strings.TrimPrefix(f.input.Value(), "Number "))
	}
	if got, want := strings.Join(seen[:5], "|"), "eq |ge |le |in |eq "; got != want {
		t.Errorf("ERP.net operators by tab: %q; want %q", got, want)
	}
	// A generic server gets the full set.
	g := NewFilter(testEnv(), "", nil, odata.GenericV4).candidates("Number ", "")
	for _, op := range []string{"or ", "ne ", "gt ", "lt "} {
		if !slices.Contains(g, op) {
			t.Errorf("generic completion lacks %q: %q", op, g)
		}
	}
}

func TestFilterEditorKeys(t *testing.T) {
	f := shapeEditor(t, "Number eq '1'", odata.ERPNet)
	editKeys(f, "enter")
	if got := kinds(f.env.Drain()); got != "dialog.FilterApplied" {
		t.Errorf("enter: posted %q; want FilterApplied, the editor left open", got)
	}
	editKeys(f, "esc")
	if got := kinds(f.env.Drain()); got != "screen.CloseDialog" {
		t.Errorf("esc: posted %q; want CloseDialog", got)
	}
	f = editKeys(f, `"  `)
	if got := f.value(); got != "Number eq '1'" {
		t.Errorf("value: %q; want the filter with spaces trimmed", got)
	}
	f.SetError("the server says: bad filter\x1b[31m")
	v := ansi.Strip(f.box(80))
	if !strings.Contains(v, "the server says: bad filter␛[31m") {
		t.Errorf("view after setError: %q; want the error line, sanitised", v)
	}
	f = editKeys(f, "backspace")
	if v := ansi.Strip(f.box(80)); strings.Contains(v, "bad filter") {
		t.Errorf("the error stays after an edit:\n%s", v)
	}
	if n := strings.Count(f.box(80), "\n"); n != 2 {
		t.Errorf("view has %d line breaks; want 3 lines always", n)
	}
}

func TestFilterEditorGolden(t *testing.T) {
	t.Run("hint", func(t *testing.T) {
		f := editKeys(shapeEditor(t, "", odata.ERPNet), `"Number eq '1001' and cont`)
		golden.RequireEqual(t, []byte(ansi.Strip(f.box(80))))
	})
	t.Run("cycling", func(t *testing.T) {
		f := editKeys(shapeEditor(t, "", odata.ERPNet), `"Number `, "tab", "tab")
		golden.RequireEqual(t, []byte(ansi.Strip(f.box(80))))
	})
	t.Run("error", func(t *testing.T) {
		f := shapeEditor(t, "Name eq 'x'", odata.ERPNet)
		f.SetError("Invalid filter: multi-language strings support only contains(Name,'…').")
		golden.RequireEqual(t, []byte(ansi.Strip(f.box(80))))
	})
}

func TestFilterEditorLongFilterShowsCursor(t *testing.T) {
	long := "contains(Name,'" + strings.Repeat("abcdefghij", 10) + "END')"
	f := shapeEditor(t, long, odata.ERPNet)
	first := strings.Split(ansi.Strip(f.box(40)), "\n")[0]
	if !strings.Contains(first, "END')") || ansi.StringWidth(first) > 40 {
		t.Errorf("a long filter at 40 cells: %q; want its end (where the cursor is) shown, within 40 cells", first)
	}
	f = editKeys(f, "home")
	first = strings.Split(ansi.Strip(f.box(40)), "\n")[0]
	if !strings.Contains(first, "$filter contains(Name") {
		t.Errorf("after home: %q; want the start shown", first)
	}
}

// TestFilterEditorDialects: completion and the hint follow the dialect's
// operators and functions.
func TestFilterEditorDialects(t *testing.T) {
	tests := []struct {
		d          odata.Dialect
		hint, fn   string
		notOffered string
	}{
		{odata.ERPNet, "tab: eq ge le in and · contains( startswith( endswith( · no or, ne, gt, lt", "contains(", "substringof("},
		{odata.GenericV4, "tab: eq ne gt ge lt le in and or not has · contains( startswith( endswith(", "contains(", "substringof("},
		{odata.V2, "tab: eq ne gt ge lt le and or not · startswith( endswith( substringof( · no in", "substringof(", "contains("},
	}
	for _, tt := range tests {
		f := shapeEditor(t, "", tt.d)
		lines := strings.Split(ansi.Strip(f.box(200)), "\n")
		if got := strings.TrimSpace(lines[1]); got != tt.hint {
			t.Errorf("%s hint: %q; want %q", tt.d.Name, got, tt.hint)
		}
		cands := f.candidates("", "")
		if !slices.Contains(cands, tt.fn) || slices.Contains(cands, tt.notOffered) {
			t.Errorf("%s operands %q; want %q and not %q", tt.d.Name, cands, tt.fn, tt.notOffered)
		}
	}
}

// TestFilterEditorView: the editor overlays the last three lines of the
// body, and Err tells the server's refusal shown.
func TestFilterEditorView(t *testing.T) {
	f := shapeEditor(t, "Number eq 1", odata.ERPNet)
	f.SetError("refused")
	if f.Err() != "refused" {
		t.Errorf("Err() = %q; want refused", f.Err())
	}
	lines := strings.Split(ansi.Strip(f.View("crumb\nrow 1\nrow 2\nrow 3\nrow 4", 80, 6)), "\n")
	if len(lines) != 6 || lines[0] != "crumb" || lines[2] != "row 2" || !strings.HasPrefix(lines[3], "$filter Number eq 1") || lines[5] != "refused" {
		t.Errorf("view: %q; want crumb, rows 1–2, then the editor's three lines", lines)
	}
}

func TestFilterEditorOffersWhatTheTypeTakes(t *testing.T) {
	f := shapeEditor(t, "", odata.ERPNet)
	// Inside contains( only text: the number, the enum, the GUID key and
	// the reference are not offered.
	in := f.candidates("contains(", "")
	if got, want := strings.Join(in, " "), "Number Name CustomProperty_Color"; got != want {
		t.Errorf("contains( offers %q; want %q", got, want)
	}
	for _, tt := range []struct{ before, want string }{
		{"CreditLimit ", "eq ge le in"},         // a number: comparisons, no functions
		{"State ", "eq in"},                     // an enum on ERP.net (no ne, no has)
		{"Party ", "eq"},                        // a reference: ERP.net compares it with eq only
		{"Id ", "eq in"},                        // a GUID: no ordering
		{"Number eq 'x' ", "and"},               // after a value: the logical operators
		{"contains(Name,'x') ", "and"},          // after a function call too
		{"Party/PartyName ", "eq ge le in and"}, // a path: every operator
	} {
		if got := strings.TrimSpace(strings.Join(f.candidates(tt.before, ""), "")); strings.Join(strings.Fields(got), " ") != tt.want {
			t.Errorf("after %q: offers %q; want %q", tt.before, got, tt.want)
		}
	}
	for _, name := range []string{"Lines", "CreditLimitValue"} {
		if slices.Contains(f.props, name) {
			t.Errorf("the editor completes %s; want only properties that can be filtered", name)
		}
	}
}

func TestFilterEditorSaysWhatWillNotWork(t *testing.T) {
	for _, tt := range []struct {
		filter, want string
	}{
		{"Number eq '1' or Number eq '2'", "ERP.net has no or"},
		{"contains(CreditLimit,'5')", "contains does not work on CreditLimit (it takes eq, ge, le, in)"},
		{"Id ge 5", "Id takes no ge (it takes eq, in)"},
		{"Number gt '5'", "ERP.net has no gt"},            // the service first: no property takes it
		{"Number eq 'a or b' and contains(Name,'x')", ""}, // or inside a string is text
		{"Number ge '1' and Number le '2'", ""},
	} {
		f := shapeEditor(t, tt.filter, odata.ERPNet)
		if got := f.check(tt.filter); got != tt.want {
			t.Errorf("check(%q) = %q; want %q", tt.filter, got, tt.want)
		}
	}
	// Enter says it first, and sends it on the second enter.
	f := shapeEditor(t, "Number eq '1' or Number eq '2'", odata.ERPNet)
	editKeys(f, "enter")
	if got := kinds(f.env.Drain()); got != "" || !strings.Contains(f.Err(), "has no or") {
		t.Errorf("enter on a filter with or: posted %q, error %q; want nothing sent, the reason said", got, f.Err())
	}
	editKeys(f, "enter")
	if got := kinds(f.env.Drain()); got != "dialog.FilterApplied" {
		t.Errorf("enter again: posted %q; want FilterApplied, sent as it is", got)
	}
}

func TestFilterPlaceholderFromTheSet(t *testing.T) {
	if got, want := shapeEditor(t, "", odata.ERPNet).input.Placeholder, "Number eq '…' and contains(Name,'…')"; got != want {
		t.Errorf("customers on ERP.net: placeholder %q; want %q", got, want)
	}
	orders := []Prop{{Name: "Id", Type: "Edm.Guid", Key: true}, {Name: "DocumentNo", Type: "Edm.String"},
		{Name: "TotalAmount", Type: "Erp.Amount"}, {Name: "Note", Type: "Edm.String"}, {Name: "Customer", Type: "Erp.Customer", Nav: true}}
	if got, want := NewFilter(testEnv(), "", orders, odata.ERPNet).input.Placeholder, "DocumentNo eq '…' and contains(Note,'…')"; got != want {
		t.Errorf("sales orders on ERP.net: placeholder %q; want %q (their own properties)", got, want)
	}
	if f := NewFilter(testEnv(), "", orders, odata.ERPNet); !slices.Contains(f.props, "TotalAmountValue") || slices.Contains(f.props, "TotalAmount") {
		t.Errorf("sales orders on ERP.net complete %q; want the amount as TotalAmountValue, ERP.net's number member", f.props)
	}
	if got, want := NewFilter(testEnv(), "", orders, odata.V2).input.Placeholder, "DocumentNo eq '…' and substringof('…',Note)"; got != want {
		t.Errorf("sales orders on v2: placeholder %q; want %q", got, want)
	}
}
