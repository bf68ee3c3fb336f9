package odata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// scripted is a PageSource of numbered pages: pages of one row each, then
// end (io.EOF when nil). Each call to Next is announced on asked when it
// is set, and waits for release when that is set.
type scripted struct {
	pages   int
	end     error
	n       atomic.Int32 // calls to Next
	taken   *atomic.Int32
	asked   chan int
	release chan struct{}
	over    atomic.Bool // more than one page was held ahead of the consumer
}

func (s *scripted) Next(ctx context.Context) (*Page, error) {
	k := int(s.n.Add(1))
	if s.taken != nil && int32(k)-s.taken.Load() > 2 {
		s.over.Store(true)
	}
	if s.asked != nil {
		s.asked <- k
	}
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if s.pages >= 0 && k > s.pages {
		if s.end == nil {
			return nil, io.EOF
		}
		return nil, s.end
	}
	return &Page{Rows: []Row{{Values: map[string]any{"n": k}, Keys: []string{"n"}}}}, nil
}

func pageNo(p *Page) int { return p.Rows[0].Values["n"].(int) }

func TestPrefetchOrderAndErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		pages int
		end   error
		limit int
		want  int // pages before the end
		err   error
	}{
		{"eof", 5, nil, 0, 5, io.EOF},
		{"error after pages", 3, boom, 0, 3, boom},
		{"error first", 0, boom, 0, 0, boom},
		{"limit", -1, nil, 2, 2, io.EOF},
		{"limit beyond the end", 2, nil, 9, 2, io.EOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var taken atomic.Int32
			src := &scripted{pages: tc.pages, end: tc.end, taken: &taken}
			p := Prefetch(context.Background(), src, tc.limit)
			defer p.Close()
			for i := 1; ; i++ {
				pg, err := p.Next(context.Background())
				if err != nil {
					if i-1 != tc.want || !errors.Is(err, tc.err) {
						t.Fatalf("after %d pages got %v; want %v after %d pages", i-1, err, tc.err, tc.want)
					}
					break
				}
				if got := pageNo(pg); got != i {
					t.Fatalf("page %d: got page %d; want %d", i, got, i)
				}
				taken.Add(1)
			}
			if _, err := p.Next(context.Background()); !errors.Is(err, tc.err) {
				t.Errorf("Next after the end: got %v; want %v again", err, tc.err)
			}
			p.Close()
			if src.over.Load() {
				t.Errorf("the source was asked for a page two ahead of the consumer; want at most one ahead")
			}
			if tc.limit > 0 && int(src.n.Load()) > tc.limit {
				t.Errorf("source asked %d times; want at most the limit %d", src.n.Load(), tc.limit)
			}
		})
	}
}

// TestPrefetchOverlaps shows page 2 being asked for while the consumer
// still holds page 1, and nothing more asked until page 2 is taken.
func TestPrefetchOverlaps(t *testing.T) {
	src := &scripted{pages: 3, asked: make(chan int), release: make(chan struct{})}
	p := Prefetch(context.Background(), src, 0)
	defer p.Close()
	if k := <-src.asked; k != 1 {
		t.Fatalf("got ask %d; want 1", k)
	}
	src.release <- struct{}{}
	pg, err := p.Next(context.Background())
	if err != nil || pageNo(pg) != 1 {
		t.Fatalf("got %v, %v; want page 1", pg, err)
	}
	// The consumer "writes" page 1: page 2 is asked for meanwhile.
	if k := <-src.asked; k != 2 {
		t.Fatalf("got ask %d; want 2 while page 1 is written", k)
	}
	src.release <- struct{}{}
	pg, err = p.Next(context.Background())
	if err != nil || pageNo(pg) != 2 {
		t.Fatalf("got %v, %v; want page 2", pg, err)
	}
	if k := <-src.asked; k != 3 {
		t.Fatalf("got ask %d; want 3", k)
	}
	src.release <- struct{}{}
}

// TestPrefetchCloseEarly is `odx get … | head -1`: the consumer stops
// after one page while the next is in flight; Close cancels it and waits.
func TestPrefetchCloseEarly(t *testing.T) {
	src := &scripted{pages: -1, asked: make(chan int, 4), release: make(chan struct{})}
	p := Prefetch(context.Background(), src, 0)
	src.release <- struct{}{}
	if _, err := p.Next(context.Background()); err != nil {
		t.Fatalf("got %v; want page 1", err)
	}
	<-src.asked
	if k := <-src.asked; k != 2 {
		t.Fatalf("got ask %d; want 2", k)
	}
	p.Close() // page 2's request is cancelled; Close returns once the goroutine is gone
	p.Close()
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrPrefetchClosed) {
		t.Errorf("Next after Close: got %v; want ErrPrefetchClosed", err)
	}
}

func TestPrefetchCallerContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := &scripted{pages: -1, asked: make(chan int, 4), release: make(chan struct{})}
	p := Prefetch(ctx, src, 0)
	defer p.Close()
	<-src.asked
	cancel()
	if _, err := p.Next(context.Background()); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
	// The wait for a page honours the consumer's own context too.
	p2 := Prefetch(context.Background(), &scripted{pages: -1, release: make(chan struct{})}, 0)
	defer p2.Close()
	wctx, wcancel := context.WithCancel(context.Background())
	wcancel()
	if _, err := p2.Next(wctx); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled from the wait", err)
	}
}

// TestPrefetchPager walks a real Pager through a server that pages by next
// link: every row in order, and never two requests in flight.
func TestPrefetchPager(t *testing.T) {
	const pages, per = 6, 3
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		k, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Has("$skip") { // after the last full page
			fmt.Fprint(w, `{"value":[]}`)
			return
		}
		fmt.Fprint(w, `{"value":[`)
		for i := range per {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"ID":%d}`, k*per+i)
		}
		fmt.Fprint(w, "]")
		if k+1 < pages {
			fmt.Fprintf(w, `,"@odata.nextLink":"S?page=%d"`, k+1)
		}
		fmt.Fprint(w, "}")
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	p := Prefetch(context.Background(), c.Pager(Query{Set: "S", Top: per}), 0)
	defer p.Close()
	want := 0
	for {
		pg, err := p.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pg.Rows {
			if got := r.Values["ID"].(interface{ String() string }).String(); got != strconv.Itoa(want) {
				t.Fatalf("got row %s; want %d", got, want)
			}
			want++
		}
	}
	if want != pages*per {
		t.Errorf("got %d rows; want %d", want, pages*per)
	}
	if most.Load() != 1 {
		t.Errorf("got %d requests in flight at once; want 1", most.Load())
	}
}
