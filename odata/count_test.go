package odata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// countServer serves S of 230 rows: /$count answers status (200 with the
// number, else an error), a page counts inline when asked ($count=true, or
// v2's $inlinecount=allpages with a verbose-JSON body).
func countServer(t *testing.T, status int, v2 bool) (*Client, func() []string) {
	var mu sync.Mutex
	var reqs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reqs = append(reqs, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/$count") {
			if status != http.StatusOK {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				io.WriteString(w, `{"error":{"code":"","message":"Count is not supported"}}`)
				return
			}
			io.WriteString(w, "230")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		q := r.URL.Query()
		switch {
		case v2 && q.Get("$inlinecount") == "allpages":
			io.WriteString(w, `{"d":{"results":[{"Id":0}],"__count":"230"}}`)
		case v2:
			io.WriteString(w, `{"d":{"results":[{"Id":0}]}}`)
		case q.Get("$count") == "true":
			io.WriteString(w, `{"@odata.count":230,"value":[{"Id":0}]}`)
		default:
			io.WriteString(w, `{"value":[{"Id":0}]}`)
		}
	}))
	t.Cleanup(srv.Close)
	c := mustClient(t, srv.URL+"/odata/")
	if v2 {
		c.SetDialect(V2)
	}
	return c, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), reqs...) }
}

func TestCountFallsBackToInline(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		v2       bool
		requests []string // of two Count calls
	}{
		{"/$count works", 200, false, []string{"/odata/S/$count?$filter=Id%20ge%200", "/odata/S/$count?$filter=Id%20ge%200"}},
		{"/$count refused", 400, false, []string{"/odata/S/$count?$filter=Id%20ge%200", "/odata/S?$filter=Id%20ge%200&$top=1&$count=true", "/odata/S?$filter=Id%20ge%200&$top=1&$count=true"}},
		{"v2, /$count missing", 404, true, []string{"/odata/S/$count?$filter=Id%20ge%200", "/odata/S?$filter=Id%20ge%200&$top=1&$inlinecount=allpages", "/odata/S?$filter=Id%20ge%200&$top=1&$inlinecount=allpages"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, reqs := countServer(t, tc.status, tc.v2)
			for i := 0; i < 2; i++ {
				n, err := c.Count(context.Background(), Query{Set: "S", Filter: "Id ge 0"})
				if err != nil || n != 230 {
					t.Fatalf("Count %d: %d, %v; want 230", i+1, n, err)
				}
			}
			if got := fmt.Sprint(reqs()); got != fmt.Sprint(tc.requests) {
				t.Errorf("requests %s; want %s", got, fmt.Sprint(tc.requests))
			}
		})
	}
}

func TestCountRefusedEverywhere(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/$count") {
			w.WriteHeader(http.StatusNotImplemented)
			io.WriteString(w, "no /$count here")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"value":[]}`)
	}))
	t.Cleanup(srv.Close)
	c := mustClient(t, srv.URL+"/odata/")
	if _, err := c.Count(context.Background(), Query{Set: "S"}); err == nil || !strings.Contains(err.Error(), "HTTP 501") {
		t.Errorf("got %v; want the refusal of /$count (HTTP 501)", err)
	}
}

// TestV2PageCountInline: a v2 service's count goes as $inlinecount=allpages
// and comes back from __count (a string).
func TestV2PageCountInline(t *testing.T) {
	c, reqs := countServer(t, 200, true)
	p, err := c.Page(context.Background(), Query{Set: "S", Count: true, Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 230 {
		t.Errorf("Count %d; want 230", p.Count)
	}
	if got := reqs(); len(got) != 1 || got[0] != "/odata/S?$top=5&$inlinecount=allpages" {
		t.Errorf("requests %q; want one with $inlinecount=allpages", got)
	}
}
