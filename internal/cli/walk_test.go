package cli

// `odx get --all` against servers that page in a circle (issue 13,
// finding 4): the walk stops with one sentence, exit status 1, every row
// read before the loop printed once, and a handful of requests; servers
// whose pages only look alike are read to the end.

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// itemsPages is a hook that answers the requests for Items with page, given
// the request and its number among them (from 1); it counts them in n.
// After 50 it answers 500, so that a walk that does not stop fails its
// test instead of hanging it.
func itemsPages(n *atomic.Int64, page func(r *http.Request, k int64) string) hook {
	return func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if !strings.HasSuffix(r.URL.Path, "/Items") {
			return false
		}
		k := n.Add(1)
		if k > 50 {
			writeJSON(w, http.StatusInternalServerError, `{"message":"the walk did not stop"}`)
			return true
		}
		writeJSON(w, http.StatusOK, page(r, k))
		return true
	}
}

// itemsBody is a page of Items from..to-1 ({"Id":i,"Name":"Item i"}, with
// an @odata.id when ids is set), with @odata.count when count ≥ 0 and a
// next link when next is not empty.
func itemsBody(from, to int, ids bool, count int, next string) string {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"$metadata#Items"`)
	if count >= 0 {
		fmt.Fprintf(&b, `,"@odata.count":%d`, count)
	}
	b.WriteString(`,"value":[`)
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(',')
		}
		if ids {
			fmt.Fprintf(&b, `{"@odata.id":"Items(%d)","Id":%d,"Name":"Item %d"}`, i, i, i)
		} else {
			fmt.Fprintf(&b, `{"Id":%d,"Name":"Item %d"}`, i, i)
		}
	}
	b.WriteByte(']')
	if next != "" {
		fmt.Fprintf(&b, `,"@odata.nextLink":%q`, next)
	}
	return b.String() + "}"
}

// skiptoken is the $skiptoken of r, 0 when it has none.
func skiptoken(r *http.Request) int {
	var n int
	fmt.Sscan(r.URL.Query().Get("$skiptoken"), &n)
	return n
}

// printed checks that ndjson holds rows 0…n-1, once each, and nothing else.
func printed(t *testing.T, ndjson string, n int) {
	t.Helper()
	wantIDs(t, ndjson, n)
	lines := 0
	for sc := bufio.NewScanner(strings.NewReader(ndjson)); sc.Scan(); {
		lines++
	}
	if lines != n {
		t.Errorf("%d lines printed; want %d", lines, n)
	}
}

func TestFaultPagingLoops(t *testing.T) {
	var n atomic.Int64 // requests for Items (the tests run one at a time)
	loop := func(rows int, requests int64) func(*testing.T, *faultServer, string) {
		return func(t *testing.T, _ *faultServer, stdout string) {
			printed(t, stdout, rows)
			wantRequests(t, "Items", n.Load(), requests)
		}
	}
	arm := func(page func(r *http.Request, k int64) string, flags ...string) func(*testing.T, *faultServer) []string {
		return func(_ *testing.T, f *faultServer) []string {
			n.Store(0)
			f.setAPI(itemsPages(&n, page))
			return flags
		}
	}
	var firstMu sync.Mutex
	var first string // the request URI of the first page
	runCLIFaults(t, []cliFault{
		{name: "next links A→B→A", arm: arm(func(r *http.Request, _ int64) string {
			switch k := skiptoken(r); k {
			case 0, 10:
				return itemsBody(k, k+10, true, -1, fmt.Sprintf("Items?$top=10&$skiptoken=%d", k+10))
			default:
				return itemsBody(k, k+10, true, -1, "Items?$top=10&$skiptoken=10")
			}
		}), want: []string{"paging loop: the server's next link repeats a page already read, so paging stopped after 30 rows; report"},
			check: loop(30, 3)},
		{name: "a next link back to the first page", arm: arm(func(r *http.Request, k int64) string {
			firstMu.Lock()
			defer firstMu.Unlock()
			if k == 1 {
				first = r.URL.RequestURI()
				return itemsBody(0, 10, true, -1, "Items?$top=10&$skiptoken=10")
			}
			return itemsBody(10, 20, true, -1, "http://"+r.Host+first)
		}), want: []string{"next link repeats a page already read, so paging stopped after 20 rows"},
			check: loop(20, 2)},
		{name: "$skip ignored, no @odata.id", arm: arm(func(_ *http.Request, _ int64) string {
			return itemsBody(0, 10, false, -1, "")
		}), want: []string{"paging loop: the server ignores $skip and sent rows it had already sent, so paging stopped after 10 rows; narrow the query"},
			check: loop(10, 2)},
		{name: "the same rows behind new links", arm: arm(func(r *http.Request, _ int64) string {
			return itemsBody(0, 10, false, -1, fmt.Sprintf("Items?$top=10&$skiptoken=%d", skiptoken(r)+10))
		}), want: []string{"the server sent the rows of an earlier page again, so paging stopped after 10 rows"},
			check: loop(10, 2)},
		{name: "@odata.count 100, pages without end", arm: arm(func(r *http.Request, _ int64) string {
			k := skiptoken(r)
			return itemsBody(k, k+50, true, 100, fmt.Sprintf("Items?$top=50&$skiptoken=%d", k+50))
		}, "--page-size", "50"), want: []string{"the server promised 100 rows (@odata.count) but sends more, so paging stopped after 100 rows"},
			check: loop(100, 3)},
	})
}

// TestGetAllLookalikePages: pages that look alike but are not the same are
// all printed.
func TestGetAllLookalikePages(t *testing.T) {
	faultEnv(t)
	for _, tc := range []struct {
		name string
		row  func(i int) string
	}{
		{"one value on every row", func(int) string { return `{"Status":"Open"}` }},
		{"same values, other ids", func(i int) string { return fmt.Sprintf(`{"@odata.id":"Items(%d)","Status":"Open"}`, i) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			f.mu.Lock()
			f.rowJSON = tc.row
			f.mu.Unlock()
			code, stdout, stderr := f.cli(t, "get", "Items", "--page-size", "10", "--all", "-o", "ndjson")
			if code != exitOK {
				t.Fatalf("exit status %d, stderr %q; want 0", code, stderr)
			}
			if lines := strings.Count(stdout, "\n"); lines != 35 {
				t.Errorf("%d rows printed; want 35", lines)
			}
		})
	}
}

// TestGetAllRepeatingProjection: pages that are the same in all the server
// sent stop the walk, even where the data could repeat (a projection
// without the key, ten slots a page): the sentence then says how to tell
// the rows apart.
func TestGetAllRepeatingProjection(t *testing.T) {
	faultEnv(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no $select", nil, "the server sent the rows of an earlier page again, so paging stopped after 10 rows; report the loop"},
		{"$select without the key", []string{"--select", "Slot"},
			"the server sent the rows of an earlier page again, so paging stopped after 10 rows; if the selected properties can repeat, add the key to $select, else report the loop to the service's owner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			f.mu.Lock()
			f.rowJSON = func(i int) string { return fmt.Sprintf(`{"Slot":%d}`, i%10) }
			f.mu.Unlock()
			code, stdout, stderr := f.cli(t, append([]string{"get", "Items", "--page-size", "10", "--all", "-o", "ndjson"}, tc.args...)...)
			if code != exitFailure {
				t.Fatalf("exit status %d, stderr %q; want %d", code, stderr, exitFailure)
			}
			if line := errLine(t, stderr); !strings.Contains(line, tc.want) {
				t.Errorf("error %q; want it to say %q", line, tc.want)
			}
			if lines := strings.Count(stdout, "\n"); lines != 10 {
				t.Errorf("%d rows printed; want 10", lines)
			}
		})
	}
}
