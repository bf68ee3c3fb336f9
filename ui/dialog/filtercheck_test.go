package dialog

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/odx-dev/odx/odata"
)

func TestTokens(t *testing.T) {
	tests := []struct{ filter, want string }{
		{"Number eq '1' and contains(Name,'a or b')", "Number eq and contains( Name"},
		{"Party/Id eq 9f1c and State has Erp.State'New'", "Party/Id eq 9f1c and State has Erp.State"},
		{"Note eq 'it''s or' or X ne 1", "Note eq or X ne 1"},
		{"'unterminated or", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range tokens(tt.filter) {
			s := tk.text
			if tk.call {
				s += "("
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("tokens(%q) = %q; want %q", tt.filter, strings.Join(got, " "), tt.want)
		}
	}
}

// FuzzFilterCheck: reading any filter never fails, its words are never
// empty nor taken from inside a string, and what check says is one line.
func FuzzFilterCheck(f *testing.F) {
	for _, s := range []string{"Number eq '1' or contains(Name,'x')", "Id gt 5", "contains(CreditLimit,'5')", "'", "a''b", "((", "x eq 'é"} {
		f.Add(s)
	}
	meta := shapeModel(f)
	ed := NewFilter(testEnv(), "", ColumnProps(meta, "Crm_Sales_Customers", nil), odata.ERPNet).ForSet(meta, "Crm_Sales_Customers")
	f.Fuzz(func(t *testing.T, filter string) {
		if !utf8.ValidString(filter) {
			return
		}
		for _, tk := range tokens(filter) {
			if tk.text == "" || strings.ContainsAny(tk.text, "' ()") {
				t.Fatalf("tokens(%q): word %q", filter, tk.text)
			}
		}
		if w := ed.check(filter); strings.Contains(w, "\n") {
			t.Fatalf("check(%q) = %q; want one line", filter, w)
		}
	})
}

// FuzzPageNumber: the go-to-page line posts a page from 1 to the last, or
// says why not.
func FuzzPageNumber(f *testing.F) {
	for _, s := range []string{"5", "1,000", "0", "-3", "99999999999999999999", " 7 ", "٣"} {
		f.Add(s, 200)
	}
	f.Fuzz(func(t *testing.T, typed string, last int) {
		last = max(0, last%100000)
		p := NewPage(testEnv(), 1, last)
		p.input.SetValue(typed)
		n, why := p.number()
		switch {
		case why == "" && (n < 1 || last > 0 && n > last):
			t.Fatalf("%q of %d pages: page %d without a reason", typed, last, n)
		case why != "" && n != 0:
			t.Fatalf("%q: page %d and %q", typed, n, why)
		}
	})
}
