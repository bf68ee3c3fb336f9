package odata

import (
	"net/url"
	"strings"
	"testing"
)

func mustClient(t testing.TB, root string) *Client {
	t.Helper()
	c, err := NewClient(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestQueryURL(t *testing.T) {
	c := mustClient(t, "https://erp.example.com/api/domain/odata")
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"default top", Query{Set: "Crm_Sales_Customers"},
			"https://erp.example.com/api/domain/odata/Crm_Sales_Customers?$top=100"},
		{"all options", Query{Set: "Crm_Sales_SalesOrders", Select: []string{"default", "Id"}, Filter: "Number eq 'A 1'",
			OrderBy: []string{"Number desc"}, Expand: []string{"Lines($select=Product)"}, Top: 50, Skip: 100, Count: true, Search: `"x y"`},
			"https://erp.example.com/api/domain/odata/Crm_Sales_SalesOrders?$filter=Number%20eq%20'A%201'&$search=%22x%20y%22&$select=default,Id&$expand=Lines($select%3DProduct)&$orderby=Number%20desc&$top=50&$skip=100&$count=true"},
		{"hostile filter", Query{Set: "S", Filter: "Name eq 'a&b#c+d=e%f;g?h'", Top: 1},
			"https://erp.example.com/api/domain/odata/S?$filter=Name%20eq%20'a%26b%23c%2Bd%3De%25f%3Bg%3Fh'&$top=1"},
		{"non-ASCII and newline", Query{Set: "S", Filter: "Name eq 'Мито\n'", Top: 1},
			"https://erp.example.com/api/domain/odata/S?$filter=Name%20eq%20'%D0%9C%D0%B8%D1%82%D0%BE%0A'&$top=1"},
		{"datetime offset plus", Query{Set: "S", Filter: "D ge 2020-05-08T00:00:00+02:00", Top: 1},
			"https://erp.example.com/api/domain/odata/S?$filter=D%20ge%202020-05-08T00:00:00%2B02:00&$top=1"},
		{"custom params sorted", Query{Set: "S", Top: 1, Params: url.Values{"options": {"skipnulls"}, "culture": {"de DE"}}},
			"https://erp.example.com/api/domain/odata/S?$top=1&culture=de%20DE&options=skipnulls"},
		{"key path", Query{Set: "People('o''neil')/Trips", Top: 1},
			"https://erp.example.com/api/domain/odata/People('o''neil')/Trips?$top=1"},
		{"path escapes", Query{Set: "Set('a b#c?d&e+f')", Top: 1},
			"https://erp.example.com/api/domain/odata/Set('a%20b%23c%3Fd%26e%2Bf')?$top=1"},
		{"compound key", Query{Set: "Set(A=1,B='x')", Top: 1},
			"https://erp.example.com/api/domain/odata/Set(A=1,B='x')?$top=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := c.URL(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// The server must read back exactly the values the user wrote.
func TestQueryRoundTrip(t *testing.T) {
	c := mustClient(t, "http://h/root/")
	filter := "Name eq 'a&b=c+d#e%20f;g' and X eq 'ü\t\"'"
	u, err := c.URL(Query{Set: "S", Filter: filter, Params: url.Values{"a&b": {"c=d"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if got.Get("$filter") != filter {
		t.Errorf("got $filter %q; want %q", got.Get("$filter"), filter)
	}
	if got.Get("a&b") != "c=d" {
		t.Errorf("got custom %q; want %q", got.Get("a&b"), "c=d")
	}
	if strings.Contains(u.RawQuery, " ") || strings.Contains(u.RawQuery, "+") {
		t.Errorf("raw query %q holds a space or +", u.RawQuery)
	}
}

func TestQueryErrors(t *testing.T) {
	c := mustClient(t, "http://h/")
	for _, set := range []string{"", "/", "a/../b", "./x"} {
		if _, err := c.URL(Query{Set: set}); err == nil {
			t.Errorf("Set %q: got no error; want one", set)
		}
	}
}

func TestCountURL(t *testing.T) {
	c := mustClient(t, "http://h/odata/")
	u, err := c.countURL(Query{Set: "S", Filter: "A eq 1", Select: []string{"X"}, Top: 5, Count: true, OrderBy: []string{"A"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := u.String(), "http://h/odata/S/$count?$filter=A%20eq%201"; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}

func TestNewClientRoot(t *testing.T) {
	for _, bad := range []string{"", "erp.example.com", "/api/odata", "http://"} {
		if _, err := NewClient(bad, nil); err == nil {
			t.Errorf("NewClient(%q): got no error; want one", bad)
		}
	}
	c := mustClient(t, "https://h/api/domain/odata?x=1#f")
	if got, want := c.Root().String(), "https://h/api/domain/odata/"; got != want {
		t.Errorf("got root %s; want %s", got, want)
	}
}
