package odata

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestFillPage(t *testing.T) {
	tests := []struct {
		style    string
		n, cap   int
		size     int
		sizes    []int // rows of each logical page until the empty one
		requests int
	}{
		{"standard", 250, 30, 100, []int{100, 100, 50}, 10},
		{"standard", 200, 30, 100, []int{100, 100, 0}, 9},
		{"standard", 80, 30, 100, []int{80}, 3},
		{"standard", 250, 0, 100, []int{100, 100, 50}, 3},
		{"erp", 250, 0, 100, []int{100, 100, 50}, 3},
		{"erp", 200, 0, 100, []int{100, 100, 0}, 3},
		{"erp", 0, 0, 100, []int{0}, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%d-cap%d", tt.style, tt.n, tt.cap), func(t *testing.T) {
			s := newPagingServer(t, tt.style, tt.n, tt.cap)
			c := s.client(t)
			q := Query{Set: "S", Top: tt.size, Count: true}
			var prev *Page
			var sizes []int
			next := 0
			for i := 0; i < 10; i++ {
				var snapshot Page
				if prev != nil {
					snapshot = clonePage(prev)
				}
				page, tail, err := c.FillPage(context.Background(), q, prev, tt.size)
				if err != nil {
					t.Fatalf("page %d: %v", i, err)
				}
				if prev != nil && !reflect.DeepEqual(clonePage(prev), snapshot) {
					t.Errorf("page %d: FillPage changed the page it was given", i)
				}
				sizes = append(sizes, len(page.Rows))
				for _, r := range page.Rows {
					if got := r.Values["Id"]; got != json.Number(strconv.Itoa(next)) {
						t.Fatalf("page %d: got Id %v; want %d", i, got, next)
					}
					next++
				}
				if tail == nil {
					if page.Count != -1 || len(page.Rows) != 0 {
						t.Errorf("page %d: nil tail with %d rows, count %d; want an empty page, count -1", i, len(page.Rows), page.Count)
					}
					break
				}
				if i == 0 && page.Count != int64(tt.n) {
					t.Errorf("first page count: got %d; want %d", page.Count, tt.n)
				}
				if page.Elapsed <= 0 || page.Bytes <= 0 {
					t.Errorf("page %d: got Elapsed %v, Bytes %d; want both positive", i, page.Elapsed, page.Bytes)
				}
				if page.NextLink != tail.NextLink {
					t.Errorf("page %d: NextLink %q; want the tail's %q", i, page.NextLink, tail.NextLink)
				}
				if !tail.More() || len(page.Rows) == 0 {
					break
				}
				prev = tail
			}
			if !slices.Equal(sizes, tt.sizes) {
				t.Errorf("got logical page sizes %v; want %v", sizes, tt.sizes)
			}
			if got := len(s.requests()); got != tt.requests {
				t.Errorf("got %d requests; want %d: %q", got, tt.requests, s.requests())
			}
		})
	}
}

// clonePage copies what a caller of FillPage can see of p.
func clonePage(p *Page) Page {
	cp := *p
	cp.Rows = slices.Clone(p.Rows)
	cp.Columns = slices.Clone(p.Columns)
	return cp
}

// TestFillPageMergesColumnsAndBytes: a capped server whose second page has
// a column the first lacked; the first server page is left as it came.
func TestFillPageMergesColumnsAndBytes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("$skiptoken") {
		case "":
			fmt.Fprint(w, `{"value":[{"Id":0,"Name":"a"},{"Id":1,"Name":"b"}],"@odata.nextLink":"S?$skiptoken=2"}`)
		case "2":
			fmt.Fprint(w, `{"value":[{"Id":2,"Extra":true,"Name":"c"}],"@odata.nextLink":"S?$skiptoken=3"}`)
		default:
			fmt.Fprint(w, `{"value":[{"Id":3,"Name":"d","More":1}]}`)
		}
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/")
	page, tail, err := c.FillPage(context.Background(), Query{Set: "S", Top: 10}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(page.Columns, ","); got != "Id,Name,Extra,More" {
		t.Errorf("columns: got %s; want Id,Name,Extra,More", got)
	}
	if len(page.Rows) != 4 || page.NextLink != "" || tail.NextLink != "" || len(tail.Rows) != 1 {
		t.Errorf("got %d rows, next %q, tail of %d rows; want 4 rows, no next link, a tail of 1", len(page.Rows), page.NextLink, len(tail.Rows))
	}
	// A second fill from scratch, to compare the first server page with it.
	first, err := c.Page(context.Background(), Query{Set: "S", Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Bytes <= first.Bytes {
		t.Errorf("Bytes: got %d; want the sum of three pages, more than the first's %d", page.Bytes, first.Bytes)
	}
}

func TestFillPageErrorMidway(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("$skiptoken") != "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"code":"x","message":"the second page failed"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"value":[{"Id":0}],"@odata.nextLink":"S?$skiptoken=1"}`)
	}))
	defer srv.Close()
	c := mustClient(t, srv.URL+"/")
	page, tail, err := c.FillPage(context.Background(), Query{Set: "S", Top: 10}, nil, 10)
	if err == nil || !strings.Contains(err.Error(), "the second page failed") || page != nil || tail != nil {
		t.Errorf("got %v, %v, %v; want no pages and the server's error", page, tail, err)
	}
}
