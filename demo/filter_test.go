package demo

import (
	"errors"
	"fmt"
	"testing"
)

// describe renders a parsed filter tree compactly for comparison.
func describe(e expr) string {
	switch e := e.(type) {
	case eAnd:
		return "(" + describe(e.l) + " and " + describe(e.r) + ")"
	case eCmp:
		return "(" + describe(e.l) + " " + e.op + " " + describe(e.r) + ")"
	case eIn:
		s := describe(e.l) + " in ["
		for k, x := range e.list {
			if k > 0 {
				s += ","
			}
			s += describe(x)
		}
		return s + "]"
	case eCall:
		s := e.name + "("
		for k, x := range e.args {
			if k > 0 {
				s += ","
			}
			s += describe(x)
		}
		return s + ")"
	case eIdent:
		return e.name
	case eLit:
		kinds := []string{"str", "num", "bool", "null", "guid", "date", "dto", "enum"}
		switch e.kind {
		case lNumber:
			return "num:" + e.num.RatString()
		case lDateTime:
			return "dto:" + e.t.UTC().Format("2006-01-02T15:04:05Z")
		case lBool:
			return fmt.Sprint(e.b)
		case lNull:
			return "null"
		case lEnum:
			return "enum:" + e.typ + "/" + e.s
		}
		return kinds[e.kind] + ":" + e.s
	}
	return "?"
}

func TestParseFilter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Number eq 'C-1'", "(Number eq str:C-1)"},
		{"Name eq 'O''Brien'''", "(Name eq str:O'Brien')"},
		{"A eq 1 and B le -2.50 and C ge 1.5M", "(((A eq num:1) and (B le num:-5/2)) and (C ge num:3/2))"},
		{"X eq 9007199254740993L", "(X eq num:9007199254740993)"},
		{"X eq 1e3", "(X eq num:1000)"},
		{"Id eq abcdef01-2345-4678-89ab-cdef01234567", "(Id eq guid:abcdef01-2345-4678-89ab-cdef01234567)"},
		{"Id eq 0ABCDEF1-2345-4678-89AB-CDEF01234567", "(Id eq guid:0abcdef1-2345-4678-89ab-cdef01234567)"},
		{"D ge 2024-01-31", "(D ge date:2024-01-31)"},
		{"T le 2024-01-31T10:00:00Z", "(T le dto:2024-01-31T10:00:00Z)"},
		{"T le 2024-01-31T01:00+02:00", "(T le dto:2024-01-30T23:00:00Z)"},
		{"T le 2024-01-31T10:00:00.1234567-05:30", "(T le dto:2024-01-31T15:30:00Z)"},
		{"S eq Erp.General_DocumentState'Released'", "(S eq enum:Erp.General_DocumentState/Released)"},
		{"B eq true and C eq null", "((B eq true) and (C eq null))"},
		{"S in ('a', 'b' ,'c')", "S in [str:a,str:b,str:c]"},
		{"((A eq 1)) and (contains(Name,'x'))", "((A eq num:1) and contains(Name,str:x))"},
		{"1 eq A", "(num:1 eq A)"},
		{"startswith(Number, 'C-00')", "startswith(Number,str:C-00)"},
		{"Active", "Active"},
		{"Party/Name eq 'x'", "(Party/Name eq str:x)"},
	}
	for _, tt := range tests {
		e, err := parseFilter(tt.in)
		if err != nil {
			t.Errorf("parseFilter(%q): %v", tt.in, err)
			continue
		}
		if got := describe(e); got != tt.want {
			t.Errorf("parseFilter(%q): got %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	for _, in := range []string{
		"", "A eq", "A eq 'x", "(A eq 1", "A eq 1)", "A eq 1 or B eq 2", "not A", "A ne 1", "A gt 1", "A lt 1",
		"A eq 1 and", "A in 1", "A in ()", "A eq #", "eq 1", "A eq 2024-13-01", "A eq 12abc",
		"A eq Erp.T'x", "A mod 2 eq 0", "A has Erp.F'x'", "A eq 1,", "f(1,", string(make([]byte, 0)) + "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((A eq 1",
	} {
		_, err := parseFilter(in)
		var ae *apiError
		if !errors.As(err, &ae) || ae.msg == "" || ae.status != 500 {
			t.Errorf("parseFilter(%q): got %v; want an ERP error", in, err)
		}
	}
}

// FuzzFilter checks that no input crashes the parser, the binder or the
// evaluator, and that every failure is a clean ERP error.
func FuzzFilter(f *testing.F) {
	for _, seed := range []string{
		"Number eq 'C-000042'", "contains(Name,'река') and State in ('Active','Blocked')",
		"CreditLimitValue ge 1000.5M and CustomerSince le 2024-01-31", "CreationTime ge 2024-01-31T10:00:00+02:00",
		"Id eq 9f1c2d3e-0000-4000-8000-000000000000", "ExternalRef eq 9007199254740993", "(Active) and (DiscountPercent le 1e2)",
		"State eq Erp.Crm_Sales_CustomerState'Active'", "Party eq 'General_Contacts_Persons(9f1c2d3e-0000-4000-8000-000000000000)'",
		"Name eq 'x' or not A", "Notes eq null", "endswith(Notes,'''')", "GracePeriodDays ge -3 and GracePeriodDays le 0.5",
	} {
		f.Add(seed)
	}
	set := demoData().byName[setCustomers]
	f.Fuzz(func(t *testing.T, in string) {
		e, err := parseFilter(in)
		if err == nil {
			var c cond
			if c, err = bind(set, e); err == nil {
				for _, r := range set.rows[:100] {
					c.match(r)
				}
				return
			}
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.msg == "" {
			t.Fatalf("filter %q: got %v; want an ERP error with a message", in, err)
		}
	})
}

// FuzzQuery feeds raw query strings ($select, $expand with nested options,
// $orderby, …) through parsing, binding, execution and encoding.
func FuzzQuery(f *testing.F) {
	for _, seed := range []string{
		"$top=2&$select=DocumentNo&$expand=Customer($select=Number,Name),Lines($select=LineNo;$top=1;$count=true)",
		"$expand=Lines($expand=Product($select=PartNumber);$filter=LineNo eq 10;$orderby=LineNo desc)",
		"$orderby=DocumentDate desc,DocumentNo&$skip=3&$top=2&$count=true", "$select=default,Id&$search=SO-00001",
		"$skiptoken=00000000-0000-4000-8000-000000000000&$top=1", "$expand=Customer($expand=Party)&$top=1",
	} {
		f.Add(seed)
	}
	set := demoData().byName[setOrders]
	f.Fuzz(func(t *testing.T, raw string) {
		ps, err := parseParams(raw)
		if err == nil {
			var q *query
			if q, err = buildQuery(set, ps, topOptions); err == nil {
				page, _, _ := q.run(set.rows, 3)
				(&encoder{}).collection(q, page)
				return
			}
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.msg == "" {
			t.Fatalf("query %q: got %v; want an ERP error with a message", raw, err)
		}
	})
}
