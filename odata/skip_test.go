package odata

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// dataverseServer serves an entity set "S" of n rows by Dataverse's rules:
// $skip is refused with HTTP 400; $top limits the rows and then no next
// link comes; without $top, pages of Prefer: odata.maxpagesize rows (5000
// when not asked) with a $skiptoken next link, the preference echoed in
// Preference-Applied.
type dataverseServer struct {
	n   int
	srv *httptest.Server

	mu      sync.Mutex
	queries []string
}

func newDataverseServer(t testing.TB, n int) *dataverseServer {
	d := &dataverseServer{n: n}
	d.srv = httptest.NewServer(d)
	t.Cleanup(d.srv.Close)
	return d
}

func (d *dataverseServer) requests() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.queries...)
}

func (d *dataverseServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	d.queries = append(d.queries, r.URL.RawQuery)
	d.mu.Unlock()
	q := r.URL.Query()
	if q.Has("$skip") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":"0x80060888","message":"The query parameter $skip is not supported"}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	if top, ok := atoiOK(q.Get("$top")); ok {
		writePage(w, 0, min(top, d.n), q.Get("$count") == "true", d.n, "")
		return
	}
	size := 5000
	if v, ok := strings.CutPrefix(r.Header.Get("Prefer"), "odata.maxpagesize="); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			size = n
			w.Header().Set("Preference-Applied", "odata.maxpagesize="+v)
		}
	}
	from, _ := atoiOK(q.Get("$skiptoken"))
	to, next := min(from+size, d.n), ""
	if to < d.n {
		next = fmt.Sprintf("%s/odata/S?$skiptoken=%d", d.srv.URL, to)
	}
	writePage(w, from, to, q.Get("$count") == "true", d.n, next)
}

// TestSkipRefusedSwitchesToLinks: a walk on a server that refuses $skip
// goes on by next links without an error, once the refusal is met, and
// the Client remembers it: the next walk sends neither $top nor $skip.
func TestSkipRefusedSwitchesToLinks(t *testing.T) {
	d := newDataverseServer(t, 230)
	c := mustClient(t, d.srv.URL+"/odata/")
	c.PageSize = 50
	if c.SkipRefused() {
		t.Fatal("SkipRefused before any request; want false")
	}
	collect(t, c, Query{Set: "S"}, 230)
	// $top=50, $skip=50 (refused), the first page again and its link, then
	// three more links.
	if got := len(d.requests()); got != 7 {
		t.Errorf("first walk: %d requests %q; want 7", got, d.requests())
	}
	if !c.SkipRefused() {
		t.Error("SkipRefused after the 400 on $skip = false; want true")
	}
	before := len(d.requests())
	collect(t, c, Query{Set: "S"}, 230)
	again := d.requests()[before:]
	if len(again) != 5 {
		t.Errorf("second walk: %d requests %q; want 5", len(again), again)
	}
	for _, q := range again {
		if strings.Contains(q, "top") || strings.Contains(q, "skip=") {
			t.Errorf("second walk sent %q; want neither $top nor $skip", q)
		}
	}
	u, err := c.URL(Query{Set: "S"})
	if err != nil || u.RawQuery != "" {
		t.Errorf("URL = %v, %v; want no $top once $skip is refused", u, err)
	}
}

// TestSkipRefusedFirstPageSkip: a query's own $skip on such a server is
// reached by following links and dropping the rows before it, read in one
// page of 70 (the rows to drop), then a full page of 50.
func TestSkipRefusedFirstPageSkip(t *testing.T) {
	for _, known := range []bool{false, true} {
		t.Run(fmt.Sprintf("known=%v", known), func(t *testing.T) {
			d := newDataverseServer(t, 230)
			c := mustClient(t, d.srv.URL+"/odata/")
			c.PageSize = 50
			c.SetSkipRefused(known)
			p, err := c.Page(context.Background(), Query{Set: "S", Skip: 70})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) != 50 || fmt.Sprint(p.Rows[0].Values["Id"]) != "70" {
				t.Fatalf("got %d rows from Id %v; want 50 from 70", len(p.Rows), p.Rows[0].Values["Id"])
			}
			rows := len(p.Rows)
			for p.More() {
				if p, err = c.Next(context.Background(), p); err != nil {
					t.Fatal(err)
				}
				rows += len(p.Rows)
			}
			if rows != 160 {
				t.Errorf("got %d rows after $skip=70; want 160", rows)
			}
			want := 5 // 70 dropped, then pages of 50, 50, 50 and 10
			if !known {
				want += 1 // $skip refused first
			}
			if got := d.requests(); len(got) != want {
				t.Errorf("%d requests %q; want %d", len(got), got, want)
			}
		})
	}
}

// TestLimit: Query.Limit is the total, whatever the server's page size.
func TestLimit(t *testing.T) {
	tests := []struct {
		name     string
		client   func(t *testing.T) (*Client, func() []string)
		pageSize int
		limit    int
		want     int
		requests int
	}{
		{"erp, $top 50, limit 120", func(t *testing.T) (*Client, func() []string) {
			s := newPagingServer(t, "erp", 1000, 0)
			return s.client(t), s.requests
		}, 50, 120, 120, 3},
		{"capped at 100, limit 300", func(t *testing.T) (*Client, func() []string) {
			s := newPagingServer(t, "standard", 1000, 100)
			return s.client(t), s.requests
		}, 1000, 300, 300, 3},
		{"dataverse, limit 120", func(t *testing.T) (*Client, func() []string) {
			d := newDataverseServer(t, 1000)
			c := mustClient(t, d.srv.URL+"/odata/")
			c.SetSkipRefused(true)
			return c, d.requests
		}, 50, 120, 120, 3},
		{"limit above the rows", func(t *testing.T) (*Client, func() []string) {
			s := newPagingServer(t, "erp", 70, 0)
			return s.client(t), s.requests
		}, 50, 300, 70, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, requests := tc.client(t)
			c.PageSize = tc.pageSize
			collect(t, c, Query{Set: "S", Limit: tc.limit}, tc.want)
			if got := requests(); len(got) != tc.requests {
				t.Errorf("%d requests %q; want %d", len(got), got, tc.requests)
			}
		})
	}
}
