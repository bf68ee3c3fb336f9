package odata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// collect walks q with All and checks that rows 0…n-1 came exactly once,
// in order.

func collect(t *testing.T, c *Client, q Query, n int) {
	t.Helper()
	i := 0
	for row, err := range c.All(context.Background(), q) {
		if err != nil {
			t.Fatalf("after %d rows: %v", i, err)
		}
		if got := row.Values["Id"]; got != json.Number(strconv.Itoa(i)) {
			t.Fatalf("row %d: got Id %v; want %d", i, got, i)
		}
		i++
	}
	if i != n {
		t.Errorf("got %d rows; want %d", i, n)
	}
}

func TestAllPagingStyles(t *testing.T) {
	tests := []struct {
		style     string
		n, cap    int
		top       int
		wantPages int
	}{
		{"erp", 250, 0, 100, 3},
		{"erp", 200, 0, 100, 3}, // last page full: one more request finds nothing
		{"erp", 0, 0, 100, 1},
		{"erp", 99, 0, 100, 1},
		{"standard", 250, 0, 100, 3},
		{"standard", 200, 0, 100, 3},
		{"standard", 250, 30, 100, 10}, // 30+30+30+10 per window, 3 windows
		{"standard", 80, 30, 100, 3},
		{"standard", 100, 30, 100, 5}, // window used up: a $skip request finds nothing
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%d-cap%d", tt.style, tt.n, tt.cap), func(t *testing.T) {
			s := newPagingServer(t, tt.style, tt.n, tt.cap)
			collect(t, s.client(t), Query{Set: "S", Top: tt.top, Count: true}, tt.n)
			reqs := s.requests()
			if len(reqs) != tt.wantPages {
				t.Errorf("got %d requests; want %d: %q", len(reqs), tt.wantPages, reqs)
			}
			for i, r := range reqs {
				if !strings.Contains(r, "top=") {
					t.Errorf("request %d %q has no $top", i, r)
				}
				if tt.style == "standard" && i > 0 && strings.Contains(r, "count") {
					t.Errorf("request %d %q counts again", i, r)
				}
			}
			if !strings.Contains(reqs[0], "$count=true") {
				t.Errorf("first request %q does not ask for the count", reqs[0])
			}
			if s.prefer[0] != "odata.maxpagesize=100" {
				t.Errorf("got Prefer %q; want odata.maxpagesize=100", s.prefer[0])
			}
		})
	}
}

func TestPagerFillsCappedPages(t *testing.T) {
	s := newPagingServer(t, "standard", 250, 30)
	c := s.client(t)
	pager := c.Pager(Query{Set: "S", Top: 100, Count: true})
	var sizes []int
	for {
		p, err := pager.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(p.Rows))
	}
	if fmt.Sprint(sizes) != "[100 100 50]" {
		t.Errorf("got page sizes %v; want [100 100 50]", sizes)
	}
	if pager.Count() != 250 {
		t.Errorf("got count %d; want 250", pager.Count())
	}
	if _, err := pager.Next(context.Background()); err != io.EOF {
		t.Errorf("after the end: got %v; want io.EOF", err)
	}
}

func TestAllCancelMidWalk(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") == "" {
			writePage(w, 0, 2, false, 4, "S?$skiptoken=2")
			return
		}
		select { // the second page never comes
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	c := mustClient(t, srv.URL+"/odata/")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var walkErr error
	for _, err := range c.All(ctx, Query{Set: "S", Top: 2}) {
		if err != nil {
			walkErr = err
			break
		}
		if n++; n == 2 {
			cancel()
		}
	}
	if !errors.Is(walkErr, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", walkErr)
	}
	// The client's request slot is free again.
	if _, err := c.Page(context.Background(), Query{Set: "S", Top: 2}); err != nil {
		t.Errorf("after cancelling: %v", err)
	}
}

func TestServerIgnoringTopOrSkip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := 3
		if r.URL.Query().Get("$top") == "2" {
			n = 2 // honours $top but not $skip
		}
		writePage(w, 0, n, false, n, "")
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/odata/")
	n := 0
	for _, err := range c.All(context.Background(), Query{Set: "S", Top: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("ignoring $top: got %d rows; want the 3 sent", n)
	}
	var walkErr error
	n = 0
	for _, err := range c.All(context.Background(), Query{Set: "S", Top: 2}) {
		if err != nil {
			walkErr = err
			break
		}
		n++
	}
	if n != 2 || walkErr == nil || !strings.Contains(walkErr.Error(), "ignores $skip") {
		t.Errorf("ignoring $skip: got %d rows and %v; want 2 rows and an error", n, walkErr)
	}
}

// BenchmarkAll walks an entity set of n rows in pages of 1,000 from a test
// server and reports the peak HeapInuse seen between pages: with one page
// in memory at a time it should not grow with n.

func BenchmarkAll(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			s := newPagingServer(b, "erp", n, 0)
			c := s.client(b)
			b.ReportAllocs()
			var peak uint64
			var ms runtime.MemStats
			for b.Loop() {
				runtime.GC()
				i := 0
				for row, err := range c.All(context.Background(), Query{Set: "S", Top: 1000}) {
					if err != nil || row.ID == "" {
						b.Fatal(err)
					}
					if i++; i%1000 == 999 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
				if i != n {
					b.Fatalf("got %d rows; want %d", i, n)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}

// demoClient starts the demo instance and returns a Client whose transport
// carries a client-credentials token for it.
func demoClient(t *testing.T, opts demo.Options) (*Client, *demo.Server) {
	t.Helper()
	s := demo.NewServer(opts)
	t.Cleanup(s.Close)
	cc := clientcredentials.Config{ClientID: s.ClientID(), ClientSecret: s.ClientSecret(),
		TokenURL: s.URL + "/id/connect/token", AuthStyle: oauth2.AuthStyleInParams, Scopes: []string{"read"}}
	hc := &http.Client{Transport: &oauth2.Transport{Source: cc.TokenSource(context.Background()), Base: http.DefaultTransport}}
	c, err := NewClient(s.URL+"/api/domain/odata/", hc)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func TestDemoWalk(t *testing.T) {
	c, _ := demoClient(t, demo.Options{TokenTTL: time.Hour})
	ctx := context.Background()
	res, err := c.ServiceDocument(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]bool{}
	for _, r := range res {
		sets[r.Name] = r.IsEntitySet()
	}
	if !sets["Crm_Sales_Customers"] || !sets["Crm_Sales_SalesOrders"] {
		t.Fatalf("service document lacks the demo sets: %v", res)
	}
	tests := []struct {
		set string
		top int
	}{
		{"Crm_Sales_Customers", 1000}, // 2,600 rows: a short last page
		{"Crm_Sales_Customers", 200},  // 2,600 = 13 × 200: the last page is full
		{"Crm_Sales_SalesOrders", 1000},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%d", tt.set, tt.top), func(t *testing.T) {
			q := Query{Set: tt.set, Top: tt.top, Count: true}
			want, err := c.Count(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			seen := make(map[string]bool, want)
			pager := c.Pager(q)
			pages := 0
			for {
				p, err := pager.Next(ctx)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("page %d: %v", pages+1, err)
				}
				pages++
				for _, r := range p.Rows {
					if r.ID == "" || seen[r.ID] {
						t.Fatalf("row %q missing or seen twice", r.ID)
					}
					seen[r.ID] = true
				}
			}
			if int64(len(seen)) != want || pager.Count() != want {
				t.Errorf("got %d distinct rows and count %d; want %d", len(seen), pager.Count(), want)
			}
			if wantPages := (int(want) + tt.top - 1) / tt.top; pages != wantPages {
				t.Errorf("got %d pages; want %d", pages, wantPages)
			}
		})
	}
}

func TestDemoErrorsAndEntity(t *testing.T) {
	c, _ := demoClient(t, demo.Options{TokenTTL: time.Hour})
	ctx := context.Background()
	_, err := c.Page(ctx, Query{Set: "Crm_Customers"})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "Crm_Customers") {
		t.Errorf("unknown set: got %v; want an *Error naming the set", err)
	}
	_, err = c.Page(ctx, Query{Set: "Crm_Sales_Customers", Filter: "Number eq 1 or Number eq 2"})
	if !errors.As(err, &e) || e.Message == "" || strings.Contains(e.Message, " at ") {
		t.Errorf("unsupported filter: got %v; want a server message without a stack", err)
	}
	p, err := c.Page(ctx, Query{Set: "Crm_Sales_Customers", Top: 1})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("got %v, %v", p, err)
	}
	r, err := c.Entity(ctx, p.Rows[0].ID)
	if err != nil || r.ID != p.Rows[0].ID {
		t.Errorf("Entity(%q): got %q, %v", p.Rows[0].ID, r.ID, err)
	}
}

// The demo, like ERP.net, answers 429 to a second request in flight on a
// session; the client's single slot keeps parallel callers in line.
func TestDemoConcurrentCalls(t *testing.T) {
	c, _ := demoClient(t, demo.Options{TokenTTL: time.Hour, Latency: 5 * time.Millisecond})
	c.Retry.Tries = 1 // a 429 would surface as an error
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			_, err := c.Page(context.Background(), Query{Set: "Crm_Sales_SalesOrders", Top: 10})
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
