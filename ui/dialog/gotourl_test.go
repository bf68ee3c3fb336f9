package dialog

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/odx-dev/odx/odata"
)

func TestParseGoTo(t *testing.T) {
	tests := []struct {
		in   string
		want odata.Query
	}{
		{"Crm_Sales_Customers", odata.Query{Set: "Crm_Sales_Customers"}},
		{"  /Crm_Sales_Customers?  ", odata.Query{Set: "Crm_Sales_Customers"}},
		{"S?$filter=Name eq 'A&B'&$top=10", odata.Query{Set: "S", Filter: "Name eq 'A&B'", Top: 10}},
		{"S?$filter=Name eq 'It''s & more'", odata.Query{Set: "S", Filter: "Name eq 'It''s & more'"}},
		{"S?$filter=Name eq 'A%26B'", odata.Query{Set: "S", Filter: "Name eq 'A&B'"}},
		{"S?%24filter=Name%20eq%20%27x%27&%24top=5", odata.Query{Set: "S", Filter: "Name eq 'x'", Top: 5}},
		{"S?$filter=Code eq 'A#1'", odata.Query{Set: "S", Filter: "Code eq 'A#1'"}},
		{"S?$filter=At ge 2024-01-01T00:00:00+02:00", odata.Query{Set: "S", Filter: "At ge 2024-01-01T00:00:00+02:00"}},
		{"S?$filter=At ge 2024-01-01T00:00:00%2B02:00", odata.Query{Set: "S", Filter: "At ge 2024-01-01T00:00:00+02:00"}},
		{"S?$filter=contains(Name,'Пловдив')", odata.Query{Set: "S", Filter: "contains(Name,'Пловдив')"}},
		{"S?$filter=contains(Name,'%D0%AF')", odata.Query{Set: "S", Filter: "contains(Name,'Я')"}},
		{"S?$filter=Rate eq '100%'", odata.Query{Set: "S", Filter: "Rate eq '100%'"}},
		{"S?$filter=Rate eq '%zz'", odata.Query{Set: "S", Filter: "Rate eq '%zz'"}},
		{"S?$search=O'Neil&$top=3", odata.Query{Set: "S", Search: "O'Neil", Top: 3}}, // a quote left open: split at every &
		{"S?$select=default,Id,Name&$orderby=Number desc,Name", odata.Query{Set: "S", Select: []string{"default", "Id", "Name"}, OrderBy: []string{"Number desc", "Name"}}},
		{"S?$expand=Lines($select=Product,Qty;$expand=Product($select=Name)),Party", odata.Query{Set: "S", Expand: []string{"Lines($select=Product,Qty;$expand=Product($select=Name))", "Party"}}},
		{"S?$select= A , ,B,", odata.Query{Set: "S", Select: []string{"A", "B"}}},
		{"S?$top=10&$skip=20&$count=true", odata.Query{Set: "S", Top: 10, Skip: 20, Count: true}},
		{"S?$COUNT=False&$Top=1", odata.Query{Set: "S", Top: 1}},
		{"S?options=skipnulls&culture=bg-BG&flag", odata.Query{Set: "S", Params: url.Values{"options": {"skipnulls"}, "culture": {"bg-BG"}, "flag": {""}}}},
		{"S?$format=json&$skiptoken=abc&x=1&x=2", odata.Query{Set: "S", Params: url.Values{"$format": {"json"}, "$skiptoken": {"abc"}, "x": {"1", "2"}}}},
		{"S?a%3Db=c%26d", odata.Query{Set: "S", Params: url.Values{"a=b": {"c&d"}}}},
		{"S?&&$top=1&", odata.Query{Set: "S", Top: 1}},
		{"S?=x", odata.Query{Set: "S"}},
		{"People('o''neil')/Trips?$top=1", odata.Query{Set: "People('o''neil')/Trips", Top: 1}},
		{"People('a%3Fb')", odata.Query{Set: "People('a?b')"}},
		{"Straße", odata.Query{Set: "Straße"}},
	}
	for _, tt := range tests {
		got, err := ParseGoTo(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseGoTo(%q) = %+v, %v;\nwant %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseGoToErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "type a set name first"},
		{"   ?$top=1", "type a set name first"},
		{"https://x.example/api/domain/odata/S?$top=1", "not the whole URL"},
		{"S?$top=-1", "$top must be a whole number, such as $top=10"},
		{"S?$top=1e3", "$top must be a whole number"},
		{"S?$skip=ten", "$skip must be a whole number, such as $skip=100"},
		{"S?$count=yes", "$count must be true or false"},
		{"S?$top", "$top needs a value after =, such as $top=10"},
		{"S?$filter", "$filter needs a value"},
		{"S?$filter=a eq 1&$FILTER=b eq 2", "$filter is given twice; keep one"},
		{"S/../T", "must not contain . or .. segments"},
		{"S%0A", "control characters"},
	}
	for _, tt := range tests {
		_, err := ParseGoTo(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseGoTo(%q) error %v; want one saying %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseGoTo(%q) error spans lines: %q", tt.in, err)
		}
	}
}

func TestParseGoToUnder(t *testing.T) {
	root, _ := url.Parse("https://erp.example:8443/api/domain/odata/")
	tests := []struct {
		in   string
		want odata.Query
		err  string
	}{
		{"S?$top=1", odata.Query{Set: "S", Top: 1}, ""},
		{"https://erp.example:8443/api/domain/odata/S?$top=1", odata.Query{Set: "S", Top: 1}, ""},
		{"  https://Erp.Example:8443/api/domain/odata/People('a')/Trips?$filter=x eq 'a?b'  ", odata.Query{Set: "People('a')/Trips", Filter: "x eq 'a?b'"}, ""},
		{"https://erp.example:8443/api/domain/odata/S%20T", odata.Query{Set: "S T"}, ""},
		{"https://erp.example/api/domain/odata/S", odata.Query{}, "not on this service's server; paste one under https://erp.example:8443/api/domain/odata/, or type Set?$filter=…"},
		{"https://me@erp.example:8443/api/domain/odata/S", odata.Query{}, "not on this service's server"},
		{"ftp://erp.example:8443/api/domain/odata/S", odata.Query{}, "not on this service's server"},
		{"https://erp.example:8443/api/domain/odataS", odata.Query{}, "not under the service root https://erp.example:8443/api/domain/odata/"},
		{"https://erp.example:8443/", odata.Query{}, "not under the service root"},
		{"https://erp.example:8443/api/domain/odata", odata.Query{}, "type a set name first"},
		{"https://erp.example:8443/api/domain/odata/../x", odata.Query{}, "must not contain . or .. segments"},
	}
	for _, tt := range tests {
		got, err := ParseGoToUnder(root, tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseGoToUnder(%q) error %v; want one saying %q", tt.in, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("ParseGoToUnder(%q) error %v; want %+v", tt.in, err, tt.want)
		case tt.err == "" && !reflect.DeepEqual(got, tt.want):
			t.Errorf("ParseGoToUnder(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
	if _, err := ParseGoToUnder(nil, "https://erp.example:8443/api/domain/odata/S"); err == nil || !strings.Contains(err.Error(), "not the whole URL") {
		t.Errorf("ParseGoToUnder(nil, an absolute URL) error %v; want ParseGoTo's refusal", err)
	}
}

// FuzzParseGoToUnder checks that ParseGoToUnder never panics and that an
// absolute URL it reads is the same query as its part after the root.
func FuzzParseGoToUnder(f *testing.F) {
	for _, s := range []string{
		"https://erp.example/api/domain/odata/S?$top=1",
		"https://ERP.example:443/api/domain/odata/S('a?b')/x?$filter=a eq '?'",
		"https://erp.example/api/domain/odata",
		"https://@/?", "://", "x://y/z",
	} {
		f.Add(s)
	}
	root, _ := url.Parse("https://erp.example/api/domain/odata/")
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseGoToUnder(root, in)
		if err != nil {
			return
		}
		head, _, _ := strings.Cut(strings.TrimSpace(in), "?")
		if i := strings.Index(head, "/api/domain/odata/"); i >= 0 && strings.Contains(head[:i], "://") {
			again, err := ParseGoTo(strings.TrimSpace(in)[i+len("/api/domain/odata/"):])
			if err != nil || !reflect.DeepEqual(q, again) {
				t.Fatalf("ParseGoToUnder(%q) = %+v; its relative part reads %+v, %v", in, q, again, err)
			}
		}
	})
}

// FuzzParseGoTo checks that ParseGoTo never panics, and that a query it
// reads, written back with RawQuery, reads the same.
func FuzzParseGoTo(f *testing.F) {
	for _, s := range []string{
		"Crm_Sales_Customers?$filter=Name eq 'A&B'&$top=10",
		"S?$select=a,b&$orderby=x desc&$expand=L($select=a,b)",
		"S?%24filter=x%20eq%20'%27'&$count=true&options=skipnulls",
		"S?$filter=a eq 'unclosed&$top=1",
		"People('a%3Fb')/x?$search=\"q\"&#frag+1",
		"S?$select='a,b',(c,d),e)",
		"%zz?%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseGoTo(in)
		if err != nil {
			return
		}
		if strings.TrimSpace(q.Set) == "" {
			t.Fatalf("ParseGoTo(%q) gave an empty set", in)
		}
		// Written back canonically: quotes percent-encoded too, so that the
		// quote-aware splitting meant for typed input has nothing to guess.
		again, err := ParseGoTo(url.PathEscape(q.Set) + "?" + strings.ReplaceAll(q.RawQuery(), "'", "%27"))
		if err != nil {
			t.Fatalf("ParseGoTo(%q) = %+v; written back it fails: %v", in, q, err)
		}
		if !reflect.DeepEqual(normalise(q), normalise(again)) {
			t.Fatalf("ParseGoTo(%q) = %+v; written back it reads %+v", in, q, again)
		}
	})
}

// normalise drops the differences RawQuery does not keep: empty lists and
// empty parameter maps.
func normalise(q odata.Query) odata.Query {
	if len(q.Select) == 0 {
		q.Select = nil
	}
	if len(q.OrderBy) == 0 {
		q.OrderBy = nil
	}
	if len(q.Expand) == 0 {
		q.Expand = nil
	}
	if len(q.Params) == 0 {
		q.Params = nil
	}
	return q
}
