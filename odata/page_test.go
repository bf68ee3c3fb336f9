package odata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pagingServer serves an entity set "S" of n rows {"Id":i,"Name":"row i"}
// in one of the paging styles met in the wild:
//
//	erp:      $top is the page size; an absolute next link with a
//	          $skiptoken is sent only when $top is present and more rows
//	          follow (ERP.net).
//	standard: $top limits the total; the server caps each page at cap rows
//	          and links the rest of the $top window with a relative link
//	          (ASP.NET OData with PageSize); cap 0 means no cap and no links.
type pagingServer struct {
	t     testing.TB
	style string
	n     int
	cap   int
	srv   *httptest.Server

	mu      sync.Mutex
	queries []string
	prefer  []string
}

func newPagingServer(t testing.TB, style string, n, cap int) *pagingServer {
	p := &pagingServer{t: t, style: style, n: n, cap: cap}
	p.srv = httptest.NewServer(p)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *pagingServer) client(t testing.TB) *Client {
	return mustClient(t, p.srv.URL+"/odata/")
}

func (p *pagingServer) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.queries...)
}

func (p *pagingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.queries = append(p.queries, r.URL.RawQuery)
	p.prefer = append(p.prefer, r.Header.Get("Prefer"))
	p.mu.Unlock()
	if r.URL.Path != "/odata/S" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	top, hasTop := atoiOK(q.Get("$top"))
	skip, _ := atoiOK(q.Get("$skip"))
	if tok, ok := atoiOK(q.Get("$skiptoken")); ok {
		skip = tok
	}
	end, pageEnd, next := p.n, p.n, ""
	switch p.style {
	case "erp":
		if hasTop {
			end = min(p.n, skip+top)
			pageEnd = end
			if end < p.n {
				next = fmt.Sprintf("%s/odata/S?%%24top=%d&%%24skiptoken=%d", p.srv.URL, top, end)
				if q.Get("$count") == "true" {
					next += "&%24count=true"
				}
			}
		}
	case "standard":
		if hasTop {
			end = min(p.n, skip+top)
		}
		pageEnd = end
		if p.cap > 0 && end-skip > p.cap {
			pageEnd = skip + p.cap
			next = fmt.Sprintf("S?$top=%d&$skip=%d", end-pageEnd, pageEnd)
		}
	}
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	writePage(w, skip, pageEnd, q.Get("$count") == "true", p.n, next)
}

func writePage(w io.Writer, from, to int, count bool, total int, next string) {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"$metadata#S"`)
	if count {
		fmt.Fprintf(&b, `,"@odata.count":%d`, total)
	}
	b.WriteString(`,"value":[`)
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"@odata.id":"S(%d)","Id":%d,"Name":"row %d"}`, i, i, i)
	}
	b.WriteString("]")
	if next != "" {
		nb, _ := json.Marshal(next)
		fmt.Fprintf(&b, `,"@odata.nextLink":%s`, nb)
	}
	b.WriteString("}")
	io.WriteString(w, b.String())
}

func atoiOK(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func TestPageAndNext(t *testing.T) {
	s := newPagingServer(t, "erp", 150, 0)
	c := s.client(t)
	ctx := context.Background()
	p, err := c.Page(ctx, Query{Set: "S", Top: 100, Count: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 100 || p.Count != 150 || !p.More() || p.Bytes == 0 {
		t.Errorf("first page: got %d rows, count %d, more %v, %d bytes", len(p.Rows), p.Count, p.More(), p.Bytes)
	}
	want := s.srv.URL + "/odata/S?%24top=100&%24skiptoken=100&%24count=true"
	if p.NextLink != want {
		t.Errorf("got next link %q; want %q", p.NextLink, want)
	}
	p2, err := c.Next(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Rows) != 50 || p2.More() {
		t.Errorf("second page: got %d rows, more %v", len(p2.Rows), p2.More())
	}
	if reqs := s.requests(); reqs[1] != "%24top=100&%24skiptoken=100&%24count=true" {
		t.Errorf("next link was edited: requested %q", reqs[1])
	}
	if _, err := c.Next(ctx, p2); err != io.EOF {
		t.Errorf("after the last page: got %v; want io.EOF", err)
	}
	p3, err := c.PageAt(ctx, "S?$top=10&$skiptoken=140")
	if err != nil || len(p3.Rows) != 10 || p3.Rows[0].ID != "S(140)" {
		t.Errorf("PageAt: got %v rows, err %v", p3, err)
	}
}

func TestForeignNextLinkRefused(t *testing.T) {
	var foreignHits int
	var mu sync.Mutex
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		foreignHits++
		mu.Unlock()
		writePage(w, 0, 1, false, 1, "")
	}))
	defer foreign.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writePage(w, 0, 2, false, 4, foreign.URL+"/odata/S?$skiptoken=2")
	}))
	defer home.Close()
	c := mustClient(t, home.URL+"/odata/")
	n := 0
	var walkErr error
	for _, err := range c.All(context.Background(), Query{Set: "S", Top: 2}) {
		if err != nil {
			walkErr = err
			break
		}
		n++
	}
	if !errors.Is(walkErr, ErrForeignLink) || n != 2 {
		t.Errorf("got %d rows and error %v; want 2 rows and ErrForeignLink", n, walkErr)
	}
	if !strings.Contains(walkErr.Error(), "will not follow") {
		t.Errorf("error %q does not say the link is not followed", walkErr)
	}
	if _, err := c.PageAt(context.Background(), foreign.URL+"/odata/S"); !errors.Is(err, ErrForeignLink) {
		t.Errorf("PageAt: got %v; want ErrForeignLink", err)
	}
	if _, err := c.Entity(context.Background(), "//evil.example/odata/S(1)"); !errors.Is(err, ErrForeignLink) {
		t.Errorf("Entity: got %v; want ErrForeignLink", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if foreignHits != 0 {
		t.Errorf("the foreign server got %d requests; want 0", foreignHits)
	}
}

func TestRepeatingNextLinkStops(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writePage(w, 0, 1, false, 1, srv.URL+"/odata/S?$skiptoken=1")
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	var last error
	n := 0
	for _, err := range c.All(context.Background(), Query{Set: "S", Top: 1}) {
		if err != nil {
			last = err
			break
		}
		if n++; n > 10 {
			t.Fatal("the walk does not stop")
		}
	}
	if last == nil || !strings.Contains(last.Error(), "repeats") {
		t.Errorf("got %v; want an error about a repeating link", last)
	}
}
