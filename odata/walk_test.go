package odata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Paging loops (issue 13, finding 4): servers that page in a circle, and
// sound servers whose pages only look alike.

// maxLoopRequests is where a loopServer gives up answering: a walk that
// does not notice the loop ends there with an HTTP 500 and fails its test
// instead of hanging it.
const maxLoopRequests = 50

// loopServer answers requests for set S with the body its script returns
// and counts them.
type loopServer struct {
	*httptest.Server
	n      atomic.Int64
	mu     sync.Mutex
	first  string // the request URI of the first request
	script func(s *loopServer, r *http.Request, n int64) string
}

func newLoopServer(t *testing.T, script func(s *loopServer, r *http.Request, n int64) string) *loopServer {
	t.Helper()
	s := &loopServer{script: script}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.n.Add(1)
		if n == 1 {
			s.mu.Lock()
			s.first = r.URL.RequestURI()
			s.mu.Unlock()
		}
		if n > maxLoopRequests {
			http.Error(w, "too many requests: the walk did not stop", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, s.script(s, r, n))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *loopServer) firstURI() string { s.mu.Lock(); defer s.mu.Unlock(); return s.first }

// pageBody is a collection page: rows as JSON objects, then the count (when ≥ 0)
// and the next link (when not empty).
func pageBody(rows []string, count int, next string) string {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"$metadata#S"`)
	if count >= 0 {
		fmt.Fprintf(&b, `,"@odata.count":%d`, count)
	}
	b.WriteString(`,"value":[` + strings.Join(rows, ",") + `]`)
	if next != "" {
		fmt.Fprintf(&b, `,"@odata.nextLink":%q`, next)
	}
	return b.String() + "}"
}

// items are rows from..to-1 as {"Id":i,"Name":"Item i"}, with an
// @odata.id when ids is set.
func items(from, to int, ids bool) []string {
	var rows []string
	for i := from; i < to; i++ {
		id := ""
		if ids {
			id = fmt.Sprintf(`"@odata.id":"S(%d)",`, i)
		}
		rows = append(rows, fmt.Sprintf(`{%s"Id":%d,"Name":"Item %d"}`, id, i, i))
	}
	return rows
}

// token is the page number a next link of the scripts carries, 0 for the
// first request.
func token(r *http.Request) int {
	var n int
	fmt.Sscan(r.URL.Query().Get("$skiptoken"), &n)
	return n
}

// past reports whether r asks with $skip for the rows after the last page
// (a sound server of next links has none).
func past(r *http.Request) bool { return r.URL.Query().Has("$skip") }

// link is a next link to page k, relative to the service root.
func link(k int) string { return fmt.Sprintf("S?$skiptoken=%d", k) }

type walkCase struct {
	name     string
	top      int
	script   func(s *loopServer, r *http.Request, n int64) string
	rows     int    // rows handed out
	err      string // part of the error that ends the walk; "" for none
	requests int64
}

var walkCases = []walkCase{
	{name: "cycle A→B→A", top: 2, rows: 6, requests: 3, err: "next link repeats a page already read",
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			switch k := token(r); k {
			case 0:
				return pageBody(items(0, 2, true), -1, link(1))
			case 1:
				return pageBody(items(2, 4, true), -1, link(2))
			default:
				return pageBody(items(4, 6, true), -1, link(1))
			}
		}},
	{name: "cycle back to the first request", top: 2, rows: 4, requests: 2, err: "next link repeats a page already read",
		script: func(s *loopServer, r *http.Request, _ int64) string {
			if token(r) == 0 {
				return pageBody(items(0, 2, true), -1, link(1))
			}
			return pageBody(items(2, 4, true), -1, s.URL+s.firstURI())
		}},
	{name: "ignores $skip, no @odata.id", top: 3, rows: 3, requests: 2, err: "ignores $skip",
		script: func(_ *loopServer, _ *http.Request, _ int64) string {
			return pageBody(items(0, 3, false), -1, "")
		}},
	{name: "ignores $skip token, new links", top: 3, rows: 3, requests: 2, err: "rows of an earlier page again",
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			return pageBody(items(0, 3, false), -1, link(token(r)+1))
		}},
	{name: "an earlier page again, not the last", top: 2, rows: 4, requests: 3, err: "rows of an earlier page again",
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			k := token(r)
			return pageBody(items(2*(k%2), 2*(k%2)+2, false), -1, link(k+1))
		}},
	{name: "count 5, more pages", top: 2, rows: 4, requests: 3, err: "promised 5 rows (@odata.count) but sends more",
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			k, count := token(r), -1
			if k == 0 {
				count = 5
			}
			return pageBody(items(2*k, 2*k+2, true), count, link(k+1))
		}},
	{name: "count 4 on every page", top: 2, rows: 4, requests: 3, err: "promised 4 rows",
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			k := token(r)
			return pageBody(items(2*k, 2*k+2, true), 4, link(k+1))
		}},

	// Sound servers: the walk reads every row and stops at the end.
	{name: "same values, other ids", top: 2, rows: 6, requests: 4,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			if past(r) {
				return pageBody(nil, -1, "")
			}
			k, next := token(r), ""
			if k < 2 {
				next = link(k + 1)
			}
			return pageBody([]string{
				fmt.Sprintf(`{"@odata.id":"S(%d)","Name":"a"}`, 2*k),
				fmt.Sprintf(`{"@odata.id":"S(%d)","Name":"b"}`, 2*k+1)}, -1, next)
		}},
	{name: "one value on every row, next links", top: 3, rows: 12, requests: 5,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			if past(r) {
				return pageBody(nil, -1, "")
			}
			k, next := token(r), ""
			if k < 3 {
				next = link(k + 1)
			}
			row := `{"Status":"Open"}`
			return pageBody([]string{row, row, row}, -1, next)
		}},
	{name: "one value on every row, $skip", top: 3, rows: 9, requests: 4,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			var skip int
			fmt.Sscan(r.URL.Query().Get("$skip"), &skip)
			var rows []string
			for i := skip; i < min(skip+3, 9); i++ {
				rows = append(rows, `{"Status":"Open"}`)
			}
			return pageBody(rows, -1, "")
		}},
	{name: "one row a page, $skip, no ids", top: 1, rows: 3, requests: 4,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			var skip int
			fmt.Sscan(r.URL.Query().Get("$skip"), &skip)
			return pageBody(items(skip, min(skip+1, 3), false), -1, "")
		}},
	{name: "the same rows in another order", top: 2, rows: 4, requests: 3,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			if past(r) {
				return pageBody(nil, -1, "")
			}
			if token(r) == 0 {
				return pageBody(items(0, 2, false), -1, link(1))
			}
			rows := items(0, 2, false)
			return pageBody([]string{rows[1], rows[0]}, -1, "")
		}},
	{name: "count met exactly", top: 2, rows: 6, requests: 4,
		script: func(_ *loopServer, r *http.Request, _ int64) string {
			if past(r) {
				return pageBody(nil, -1, "")
			}
			k, next := token(r), ""
			if k < 2 {
				next = link(k + 1)
			}
			return pageBody(items(2*k, 2*k+2, false), 6, next)
		}},
}

// TestPagerStopsOnLoops walks each case with Client.All (the CLI's and
// the export's loop: Pager).
func TestPagerStopsOnLoops(t *testing.T) {
	for _, tc := range walkCases {
		t.Run(tc.name, func(t *testing.T) {
			s := newLoopServer(t, tc.script)
			c := mustClient(t, s.URL+"/odata/")
			rows, seen := 0, map[string]bool{}
			var walkErr error
			for row, err := range c.All(context.Background(), Query{Set: "S", Top: tc.top}) {
				if err != nil {
					walkErr = err
					break
				}
				rows++
				if row.ID != "" && seen[row.ID] {
					t.Errorf("row %s handed out twice", row.ID)
				}
				seen[row.ID] = true
			}
			checkWalk(t, tc, rows, walkErr, s.n.Load())
		})
	}
}

func checkWalk(t *testing.T, tc walkCase, rows int, err error, requests int64) {
	t.Helper()
	switch {
	case tc.err == "" && err != nil:
		t.Errorf("got %v; want no error", err)
	case tc.err != "" && !errors.Is(err, ErrPagingLoop):
		t.Errorf("got error %v; want one wrapping ErrPagingLoop", err)
	case tc.err != "" && !strings.Contains(err.Error(), tc.err):
		t.Errorf("got error %q; want one saying %q", err, tc.err)
	case tc.err != "" && !strings.Contains(err.Error(), fmt.Sprintf("stopped after %d rows", tc.rows)):
		t.Errorf("got error %q; want it to say it stopped after %d rows", err, tc.rows)
	}
	if err != nil && strings.Count(err.Error(), ";") != 1 {
		t.Errorf("got error %q; want one sentence: a cause; a next step", err)
	}
	if rows != tc.rows {
		t.Errorf("got %d rows; want %d", rows, tc.rows)
	}
	if requests != tc.requests {
		t.Errorf("got %d requests; want %d", requests, tc.requests)
	}
}

// TestFillPageStopsOnLoops walks each case as the grid does: logical pages
// of 2×top rows with FillPage, each from the tail of the one before. A
// loop found while filling a page hands out the rows read, and the next
// call returns it without a request.
func TestFillPageStopsOnLoops(t *testing.T) {
	for _, tc := range walkCases {
		t.Run(tc.name, func(t *testing.T) {
			s := newLoopServer(t, tc.script)
			c := mustClient(t, s.URL+"/odata/")
			q := Query{Set: "S", Top: tc.top}
			var prev *Page
			rows := 0
			var walkErr error
			for i := 0; i < maxLoopRequests; i++ {
				page, tail, err := c.FillPage(context.Background(), q, prev, 2*tc.top)
				if err != nil {
					walkErr = err
					break
				}
				rows += len(page.Rows)
				if tail == nil || !tail.More() || len(page.Rows) == 0 {
					break
				}
				prev = tail
			}
			checkWalk(t, tc, rows, walkErr, s.n.Load())
		})
	}
}

// TestFillPageAgain: a grid loads a page again from the tail it kept (the
// page was dropped from its cache, or the first load was superseded, even
// while still running): the same rows, no loop.
func TestFillPageAgain(t *testing.T) {
	s := newPagingServer(t, "erp", 10, 0)
	c := s.client(t)
	q := Query{Set: "S", Top: 2}
	ctx := context.Background()
	p0, tail0, err := c.FillPage(ctx, q, nil, 2)
	if err != nil || len(p0.Rows) != 2 {
		t.Fatalf("page 0: got %v; want 2 rows", err)
	}
	_, tail1, err := c.FillPage(ctx, q, tail0, 2)
	if err != nil {
		t.Fatalf("page 1: %v", err)
	}
	if _, _, err := c.FillPage(ctx, q, tail1, 2); err != nil {
		t.Fatalf("page 2: %v", err)
	}
	// Page 1 again, twice at once, then the pages after it.
	var wg sync.WaitGroup
	tails := make([]*Page, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { _, tails[i], errs[i] = c.FillPage(ctx, q, tail0, 2) })
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("page 1 again (%d): got %v; want no error", i, errs[i])
		}
	}
	for k, prev := range tails {
		for i := 2; i < 5; i++ {
			page, tail, err := c.FillPage(ctx, q, prev, 2)
			if err != nil {
				t.Fatalf("branch %d, page %d: got %v; want no error", k, i, err)
			}
			if got := page.Rows[0].ID; got != fmt.Sprintf("S(%d)", 2*i) {
				t.Errorf("branch %d, page %d: first row %s; want S(%d)", k, i, got, 2*i)
			}
			prev = tail
		}
	}
}

// TestWalkAdd: the detection of a walk, page by page, including a branch
// from a page that is not the latest.
func TestWalkAdd(t *testing.T) {
	pg := func(count int64, ids ...int) *Page {
		p := &Page{Count: count}
		for _, i := range ids {
			p.Rows = append(p.Rows, row("", "Id", fmt.Sprint(i)))
		}
		return p
	}
	selected := func(p *Page) *Page { p.cur.q = &Query{Select: []string{"Id"}}; return p }
	w, err := (*walk)(nil).add(0, "u0", pg(-1, 1, 2), viaLink)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		d    int
		link string
		page *Page
		how  via
		err  string // "" for none
	}{
		{1, "u1", pg(-1, 3, 4), viaLink, ""},
		{2, "u2", pg(-1, 5, 6), viaLink, ""},
		{3, "u1", pg(-1, 7, 8), viaLink, "next link repeats a page already read, so paging stopped after 6 rows"},
		{3, "u3", pg(-1, 3, 4), viaLink, "rows of an earlier page again, so paging stopped after 6 rows"},
		{3, "u3", pg(-1, 1, 2), viaSkip, "ignores $skip and sent rows it had already sent, so paging stopped after 6 rows"},
		{3, "u3", pg(-1, 9, 9), viaLink, ""}, // one value: not judged
		{4, "u4", pg(-1, 9, 9), viaLink, ""},
		// From page 2 again (a grid reloading page 3): pages 3 and 4 are
		// not in this branch's history.
		{2, "u2", pg(-1, 5, 6), viaLink, ""},
		{3, "u3", pg(-1, 9, 9), viaLink, ""},
		{4, "u5", pg(-1, 5, 6), viaLink, "rows of an earlier page again, so paging stopped after 8 rows"},
		{4, "u5", pg(9, 10, 11), viaLink, "promised 9 rows (@odata.count) but sends more, so paging stopped after 8 rows"},
		{4, "u5", pg(10, 10, 11), viaLink, ""},
		{5, "u6", pg(-1, 12, 13), viaLink, "promised 10 rows"},
		// A projection without ids: the same words, with the way out.
		{5, "u6", selected(pg(-1, 1, 2)), viaSkip, "rows of an earlier page again, so paging stopped after 10 rows; if the selected properties can repeat, add the key to $select"},
		{5, "u6", selected(pg(-1, 1, 2)), viaLink, "add the key to $select"},
	}
	for i, s := range steps {
		if err := w.revisit(s.d, s.link); (err != nil) != strings.Contains(s.err, "next link repeats") {
			t.Errorf("step %d: revisit(%d, %s) = %v", i, s.d, s.link, err)
		}
		nw, err := w.add(s.d, s.link, s.page, s.how)
		if s.err == "" {
			if err != nil {
				t.Fatalf("step %d: got %v; want no error", i, err)
			}
			w = nw
			continue
		}
		if !errors.Is(err, ErrPagingLoop) || !strings.Contains(err.Error(), s.err) {
			t.Errorf("step %d: got %v; want an ErrPagingLoop saying %q", i, err, s.err)
		}
	}
}

// FuzzWalkAdd compares a walk's verdicts with a plain model: a page loops
// when its link was read before, or when it has two different rows at
// least and equals a page read before.
func FuzzWalkAdd(f *testing.F) {
	f.Add([]byte{0, 1, 2, 0xff, 1, 3, 4, 0xff, 2, 1, 2})
	f.Add([]byte{0, 1, 1, 0xff, 1, 1, 1, 0xff, 0, 5})
	f.Add([]byte{0, 9, 0xff, 1, 9, 8, 0xff, 2, 9, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		type page struct {
			link string
			rows []Row
		}
		var pages []page
		for chunk := range strings.SplitSeq(string(data), "\xff") {
			if chunk == "" {
				continue
			}
			p := page{link: fmt.Sprintf("u%d", chunk[0]%8)}
			for _, b := range []byte(chunk[1:]) {
				id := ""
				if b&0x10 != 0 {
					id = fmt.Sprintf("S(%d)", b&3)
				}
				p.rows = append(p.rows, row(id, "V", json.Number(fmt.Sprint(b%4))))
			}
			pages = append(pages, p)
		}
		var w *walk
		var seen []page
		for d, p := range pages {
			want := ""
			for _, s := range seen {
				if s.link == p.link {
					want = "link"
				}
			}
			if want == "" && distinct(p.rows) >= 2 {
				for _, s := range seen {
					if reflect.DeepEqual(s.rows, p.rows) {
						want = "page"
					}
				}
			}
			nw, err := w.add(d, p.link, &Page{Rows: p.rows, Count: -1}, viaLink)
			switch {
			case want == "" && err != nil:
				t.Fatalf("page %d: got %v; want none", d, err)
			case want != "" && !errors.Is(err, ErrPagingLoop):
				t.Fatalf("page %d: got %v; want a loop (%s)", d, err, want)
			case want != "":
				return
			}
			w = nw
			seen = append(seen, p)
		}
	})
}

// distinct is the number of different rows in rows.
func distinct(rows []Row) int {
	var kinds []Row
	for _, r := range rows {
		if !slices.ContainsFunc(kinds, func(k Row) bool { return reflect.DeepEqual(k, r) }) {
			kinds = append(kinds, r)
		}
	}
	return len(kinds)
}
