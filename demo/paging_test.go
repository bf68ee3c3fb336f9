package demo

import (
	"net/url"
	"strings"
	"testing"
)

// walk follows @odata.nextLink from path until it is absent and returns the
// rows and the size of each page.
func walk(t *testing.T, s *Server, tok, path string) (rows []map[string]any, sizes []int, links []string) {
	t.Helper()
	next := path
	for range 1000 {
		p := getPage(t, s, tok, next)
		rows = append(rows, p.Value...)
		sizes = append(sizes, len(p.Value))
		if p.NextLink == "" {
			return rows, sizes, links
		}
		links = append(links, p.NextLink)
		next = p.NextLink
	}
	t.Fatalf("%s: still paging after 1000 pages", path)
	return nil, nil, nil
}

func TestNextLinkWalk(t *testing.T) {
	s, tok := shared(t)
	small := newTestServer(t, Options{MaxPageSize: 650})
	smallTok := getToken(t, small, "")
	tests := []struct {
		name  string
		srv   *Server
		tok   string
		path  string
		field string // unique per row
		total int
		sizes string
	}{
		{"keyset", s, tok, "Crm_Sales_Customers?$top=1000&$select=Id", "Id", 2600, "1000,1000,600"},
		{"keyset exact multiple", s, tok, "General_Currencies?$top=10&$select=Code", "Code", 30, "10,10,10"},
		{"offset exact multiple", s, tok, "General_Currencies?$top=15&$orderby=Code desc&$select=Code", "Code", 30, "15,15"},
		{"offset", s, tok, "Crm_Sales_Customers?$top=700&$orderby=Number&$select=Number", "Number", 2600, "700,700,700,500"},
		{"keyset from $skip", s, tok, "Crm_Sales_Customers?$top=1000&$skip=100&$select=Id", "Id", 2500, "1000,1000,500"},
		{"offset from $skip", s, tok, "Crm_Sales_Customers?$skip=100&$top=1000&$orderby=Number&$select=Number", "Number", 2500, "1000,1000,500"},
		{"capped, exact multiple of the cap", small, smallTok, "Crm_Sales_Customers?$top=2000&$select=Id", "Id", 2600, "650,650,650,650"},
		{"orders keyset", s, tok, "Crm_Sales_SalesOrders?$top=1000&$select=DocumentNo", "DocumentNo", 10000, "1000,1000,1000,1000,1000,1000,1000,1000,1000,1000"},
		{"filtered with count", s, tok, "Crm_Sales_SalesOrders?$filter=State eq 'Released'&$count=true&$top=300&$select=DocumentNo", "DocumentNo", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, sizes, links := walk(t, tt.srv, tt.tok, tt.path)
			seen := map[any]bool{}
			for _, r := range rows {
				v := r[tt.field]
				if v == nil || seen[v] {
					t.Fatalf("row %v is missing %s or came twice", r, tt.field)
				}
				seen[v] = true
			}
			want := tt.total
			if want < 0 {
				want = count(t, tt.srv, tt.tok, setOrders, "State eq 'Released'")
				for _, l := range links {
					if u, _ := url.Parse(l); u.Query().Get("$count") != "true" || u.Query().Get("$filter") != "State eq 'Released'" {
						t.Errorf("nextLink %s does not carry $count=true and the $filter forward", l)
					}
				}
			}
			if len(rows) != want {
				t.Errorf("got %d rows; want %d", len(rows), want)
			}
			if tt.sizes != "" && joinInts(sizes) != tt.sizes {
				t.Errorf("page sizes: got %s; want %s", joinInts(sizes), tt.sizes)
			}
			if tt.field == "Number" && len(rows) > 1 {
				for k := 1; k < len(rows); k++ {
					if rows[k-1]["Number"].(string) >= rows[k]["Number"].(string) {
						t.Fatalf("offset walk out of order at %d", k)
					}
				}
			}
		})
	}
}

func joinInts(ns []int) string {
	var parts []string
	for _, n := range ns {
		parts = append(parts, itoa(n))
	}
	return strings.Join(parts, ",")
}

func TestNextLinkShape(t *testing.T) {
	s, tok := shared(t)
	p := getPage(t, s, tok, "Crm_Sales_Customers?$top=2&$select=Number,Name&$count=true&$skip=4")
	link := p.NextLink
	prefix := s.URL + "/api/domain/odata/Crm_Sales_Customers?"
	if !strings.HasPrefix(link, prefix) {
		t.Fatalf("nextLink %s is not absolute under %s", link, prefix)
	}
	if !strings.Contains(link, "%24top=2") || !strings.Contains(link, "%24select=Number%2CName") || strings.ContainsAny(link[len(prefix):], " $,'") {
		t.Errorf("nextLink %s is not percent-encoded", link)
	}
	u, _ := url.Parse(link)
	q := u.Query()
	if q.Get("$skip") != "" || q.Get("$count") != "true" || q.Get("$skiptoken") == "" {
		t.Errorf("keyset nextLink %s: want $skiptoken, $count=true and no $skip", link)
	}
	ids := getPage(t, s, tok, "Crm_Sales_Customers?$top=6&$select=Id").Value
	if q.Get("$skiptoken") != ids[5]["Id"] {
		t.Errorf("$skiptoken: got %s; want the last Id of the page %v", q.Get("$skiptoken"), ids[5]["Id"])
	}

	p = getPage(t, s, tok, "Crm_Sales_Customers?$top=2&$orderby=Number&$skip=4")
	u, _ = url.Parse(p.NextLink)
	if got := u.Query().Get("$skip"); got != "6" || u.Query().Get("$skiptoken") != "" {
		t.Errorf("offset nextLink %s: got $skip=%s; want 6 and no $skiptoken", p.NextLink, got)
	}
	if p := getPage(t, s, tok, "General_Currencies?$top=30"); p.NextLink != "" {
		t.Errorf("$top equal to the set size: got nextLink %s; want none", p.NextLink)
	}
}

func TestMaxPageSize(t *testing.T) {
	s, tok := shared(t)
	p := getPage(t, s, tok, "Crm_Sales_Customers?$top=2000&$select=Id")
	if len(p.Value) != DefaultMaxPageSize || p.NextLink == "" {
		t.Fatalf("$top=2000: got %d rows, nextLink %v; want %d and a nextLink", len(p.Value), p.NextLink != "", DefaultMaxPageSize)
	}
	if u, _ := url.Parse(p.NextLink); u.Query().Get("$top") != "2000" {
		t.Errorf("capped nextLink %s: want $top=2000 kept", p.NextLink)
	}
	small := newTestServer(t, Options{MaxPageSize: 7})
	p = getPage(t, small, getToken(t, small, ""), "General_Currencies?$top=50")
	if len(p.Value) != 7 || p.NextLink == "" {
		t.Errorf("MaxPageSize 7, $top=50: got %d rows, nextLink %v; want 7 and a nextLink", len(p.Value), p.NextLink != "")
	}
}
