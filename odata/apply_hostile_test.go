package odata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestApplyHostilePaging: a server paging its groups in a loop, or
// without end, stops the grouped result with an error after few
// requests, instead of 1000 requests and the groups read again and again
// (or silently cut).
func TestApplyHostilePaging(t *testing.T) {
	for _, tt := range []struct {
		name     string
		next     func(page int) string // the next link of page (0-based)
		rows     int                   // rows per page
		maxReqs  int64
		wantLoop bool
	}{
		{"next link cycle A→B→A", func(p int) string { return fmt.Sprintf("S?p=%d", 1-p%2) }, 2, 3, true},
		{"next link to itself", func(int) string { return "S?p=0" }, 2, 2, true},
		{"endless distinct pages", func(p int) string { return fmt.Sprintf("S?p=%d", p+1) }, 1, maxApplyPages + 1, false},
		{"next link to another origin", func(int) string { return "http://attacker.invalid/S?p=1" }, 2, 1, false},
		{"more groups than maxApplyRows", func(p int) string { return fmt.Sprintf("S?p=%d", p+1) }, 500, 3, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func(n int) { maxApplyRows = n }(maxApplyRows)
			maxApplyRows = 1000 // three pages of 500
			var reqs atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reqs.Add(1)
				p := 0
				fmt.Sscan(r.URL.Query().Get("p"), &p)
				var b strings.Builder
				b.WriteString(`{"value":[`)
				for i := range tt.rows {
					if i > 0 {
						b.WriteByte(',')
					}
					fmt.Fprintf(&b, `{"K":"%d-%d","Count":1}`, p, i)
				}
				fmt.Fprintf(&b, `],"@odata.nextLink":%q}`, tt.next(p))
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(b.String()))
			}))
			defer srv.Close()
			c, err := NewClient(srv.URL+"/", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			c.SetDialect(GenericV4)
			rows, err := c.Apply(context.Background(), "S", GroupBy([]string{"K"}, Count("Count")), "")
			if err == nil {
				t.Fatalf("got %d rows and no error after %d requests; want paging stopped with an error", len(rows), reqs.Load())
			}
			if tt.wantLoop && !errors.Is(err, ErrPagingLoop) {
				t.Errorf("got %v; want ErrPagingLoop", err)
			}
			if n := reqs.Load(); n > tt.maxReqs {
				t.Errorf("got %d requests; want at most %d", n, tt.maxReqs)
			}
		})
	}
}
