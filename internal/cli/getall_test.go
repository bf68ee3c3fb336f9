package cli

// `odx get SET --all` and `--top N` against one server per documented
// paging rule set (issue 12): Dataverse (no $skip; next links only without
// $top), a server that pages only by Prefer: odata.maxpagesize, Microsoft
// Graph ($top is the page size, next links, no $skip), OData v2 JSON
// (__next, __count), composite keys whose values hold quotes and slashes,
// and a server that caps its pages at 100 rows. Each walk is checked
// against the data: every key once, nothing else, and the requests it took.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// ruleRows is the data of the rule-set servers: n rows, row i keyed by Id
// i, or (composite) by OrderNo "ORD'i/4/A" (a quote and slashes) and Pos
// i%4.
type ruleRows struct {
	n         int
	composite bool
}

func (d ruleRows) key(i int) string {
	if d.composite {
		return fmt.Sprintf("OrderNo=%s,Pos=%d", "'"+strings.ReplaceAll(fmt.Sprintf("ORD'%d/%d/A", i/4, i/4%3), "'", "''")+"'", i%4)
	}
	return strconv.Itoa(i)
}

// row is row i as JSON: v2 wraps the entity's URI in __metadata.
func (d ruleRows) row(host string, i int, v2 bool) string {
	var props string
	if d.composite {
		ord, _ := json.Marshal(fmt.Sprintf("ORD'%d/%d/A", i/4, i/4%3))
		props = fmt.Sprintf(`"OrderNo":%s,"Pos":%d,"Qty":%d`, ord, i%4, i)
	} else {
		props = fmt.Sprintf(`"Id":%d,"Name":"Item %d"`, i, i)
	}
	if v2 {
		return fmt.Sprintf(`{"__metadata":{"uri":"http://%s%sItems(%s)","type":"Fault.Item"},%s}`, host, faultRoot, d.key(i), props)
	}
	return "{" + props + "}"
}

// page writes rows from..to-1 as a v4 (or v2 verbose) collection, with a
// count when count ≥ 0 and a next link when next is not empty.
func (d ruleRows) page(w http.ResponseWriter, r *http.Request, from, to, count int, next string, v2 bool) {
	var b strings.Builder
	if v2 {
		b.WriteString(`{"d":{"results":[`)
	} else {
		b.WriteString(`{"@odata.context":"$metadata#Items"`)
		if count >= 0 {
			fmt.Fprintf(&b, `,"@odata.count":%d`, count)
		}
		b.WriteString(`,"value":[`)
	}
	for i := from; i < min(to, d.n); i++ {
		if i > from {
			b.WriteByte(',')
		}
		b.WriteString(d.row(r.Host, i, v2))
	}
	b.WriteByte(']')
	nb, _ := json.Marshal(next)
	switch {
	case v2 && count >= 0:
		fmt.Fprintf(&b, `,"__count":"%d"`, count)
	}
	switch {
	case v2 && next != "":
		fmt.Fprintf(&b, `,"__next":%s}`, nb)
	case v2:
		b.WriteByte('}')
	case next != "":
		fmt.Fprintf(&b, `,"@odata.nextLink":%s`, nb)
	}
	writeJSON(w, http.StatusOK, b.String()+"}")
}

// rule answers a request for Items (q its query, k its number from 1).
type rule func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool

// refuse answers 400 with an OData error.
func refuse(w http.ResponseWriter, code, msg string) bool {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	writeJSON(w, http.StatusBadRequest, string(body))
	return true
}

// maxPageSize is the Prefer: odata.maxpagesize of r, else def; it says so
// in Preference-Applied when it took it.
func maxPageSize(w http.ResponseWriter, r *http.Request, def int) int {
	for _, p := range strings.Split(r.Header.Get("Prefer"), ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "odata.maxpagesize="); ok {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				w.Header().Set("Preference-Applied", "odata.maxpagesize="+v)
				return n
			}
		}
	}
	return def
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var (
	// dataverse: $skip refused; $top limits the rows and then no link
	// comes; else pages of odata.maxpagesize (5000) with links.
	dataverse rule = func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
		if q.Has("$skip") {
			return refuse(w, "0x80060888", "The query parameter $skip is not supported")
		}
		if q.Has("$top") {
			d.page(w, r, 0, atoi(q.Get("$top")), -1, "", false)
			return true
		}
		size, from := maxPageSize(w, r, 5000), atoi(q.Get("$skiptoken"))
		next := ""
		if from+size < d.n {
			next = fmt.Sprintf("http://%s%sItems?$skiptoken=%d", r.Host, faultRoot, from+size)
		}
		d.page(w, r, from, from+size, -1, next, false)
		return true
	}
	// preferOnly: $top and $skip are ignored; pages of
	// odata.maxpagesize (1000) with relative links.
	preferOnly rule = func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
		size, from := maxPageSize(w, r, 1000), atoi(q.Get("$skiptoken"))
		next := ""
		if from+size < d.n {
			next = fmt.Sprintf("Items?$skiptoken=%d", from+size)
		}
		d.page(w, r, from, from+size, -1, next, false)
		return true
	}
	// graph: $top is the page size (default 100, at most 999), links
	// carry it; $skip refused; Prefer ignored.
	graph rule = func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
		if q.Has("$skip") {
			return refuse(w, "Request_BadRequest", "'$skip' is not supported by the service.")
		}
		size := 100
		if q.Has("$top") {
			size = min(atoi(q.Get("$top")), 999)
		}
		from, next := atoi(q.Get("$skiptoken")), ""
		if from+size < d.n {
			next = fmt.Sprintf("http://%s%sItems?$top=%d&$skiptoken=%d", r.Host, faultRoot, size, from+size)
		}
		d.page(w, r, from, from+size, -1, next, false)
		return true
	}
	// sapV2: verbose JSON; $top limits the rows, $skip skips, pages of at
	// most 40 with __next links inside the $top window; __count with
	// $inlinecount=allpages.
	sapV2 rule = func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
		capped(d, w, r, q, 40, true)
		return true
	}
	// cap100: $top limits the rows, $skip skips, pages of at most 100
	// with next links inside the $top window (ASP.NET OData's PageSize).
	cap100 rule = func(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
		capped(d, w, r, q, 100, false)
		return true
	}
)

// capped serves a page of at most size rows of the $top window at $skip
// (or $skiptoken, an offset), linking the rest of the window.
func capped(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values, size int, v2 bool) {
	from := atoi(q.Get("$skip")) + atoi(q.Get("$skiptoken"))
	end := d.n
	if q.Has("$top") {
		end = min(d.n, from+atoi(q.Get("$top")))
	}
	to, next := min(end, from+size), ""
	if to < end {
		next = fmt.Sprintf("Items?$top=%d&$skiptoken=%d", end-to, to)
		if q.Get("$inlinecount") != "" {
			next += "&$inlinecount=" + q.Get("$inlinecount")
		}
	}
	count := -1
	if q.Get("$inlinecount") == "allpages" || q.Get("$count") == "true" {
		count = d.n
	}
	d.page(w, r, from, to, count, next, v2)
}

// compositeLinks: composite keys in $skiptoken (the last row's key, as a
// server would write it: quotes doubled, slashes as they are), $top the
// page size as on ERP.net.
func compositeLinks(d ruleRows, w http.ResponseWriter, r *http.Request, q url.Values) bool {
	from := 0
	if tok := q.Get("$skiptoken"); tok != "" {
		from = -1
		for i := 0; i < d.n; i++ {
			if d.key(i) == tok {
				from = i + 1
			}
		}
		if from < 0 {
			return refuse(w, "BadSkipToken", "unknown $skiptoken "+tok)
		}
	}
	from += atoi(q.Get("$skip"))
	size := atoi(q.Get("$top"))
	if size == 0 {
		size = d.n
	}
	next := ""
	if from+size < d.n {
		next = "Items?$top=" + strconv.Itoa(size) + "&$skiptoken=" + url.QueryEscape(d.key(from+size-1))
	}
	d.page(w, r, from, from+size, -1, next, false)
	return true
}

// ruleServer is a fault server whose Items follow rule over d; it counts
// the requests for Items and records their queries.
func ruleServer(t *testing.T, d ruleRows, fn rule) (*faultServer, func() []string) {
	f := newFaultServer(t, d.n)
	var mu sync.Mutex
	var queries []string
	var n atomic.Int64
	f.setAPI(func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		if !strings.HasSuffix(r.URL.Path, "/Items") {
			return false
		}
		if n.Add(1) > 100 {
			writeJSON(w, http.StatusInternalServerError, `{"message":"the walk did not stop"}`)
			return true
		}
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		return fn(d, w, r, r.URL.Query())
	})
	return f, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), queries...) }
}

// keysOnce checks that the ndjson rows are the first want rows of d, each
// once.
func keysOnce(t *testing.T, d ruleRows, ndjson string, want int) {
	t.Helper()
	seen := map[string]int{}
	lines := 0
	for _, l := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		if l == "" {
			continue
		}
		lines++
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		var k string
		if d.composite {
			k = fmt.Sprintf("OrderNo=%s,Pos=%v", "'"+strings.ReplaceAll(fmt.Sprint(v["OrderNo"]), "'", "''")+"'", v["Pos"])
		} else {
			k = fmt.Sprint(v["Id"])
		}
		seen[k]++
	}
	if lines != want {
		t.Errorf("got %d rows; want %d", lines, want)
	}
	for i := 0; i < want; i++ {
		if c := seen[d.key(i)]; c != 1 {
			t.Errorf("row %s printed %d times; want once", d.key(i), c)
		}
	}
	if len(seen) != want {
		t.Errorf("got %d distinct keys; want %d", len(seen), want)
	}
}

func TestGetAllRuleSets(t *testing.T) {
	faultEnv(t)
	plain, composite := ruleRows{n: 230}, ruleRows{n: 230, composite: true}
	for _, tc := range []struct {
		name     string
		d        ruleRows
		fn       rule
		args     []string
		rows     int
		requests int
		never    string // a query parameter no request may carry
	}{
		// $top=50, $skip=50 refused, the query again by links (its first
		// page dropped), then three more links.
		{"dataverse: $skip refused", plain, dataverse, nil, 230, 7, ""},
		{"only Prefer: odata.maxpagesize", plain, preferOnly, nil, 230, 5, "$skip"},
		{"graph: $top is the page size", plain, graph, nil, 230, 5, "$skip"},
		// Pages of 100 asked for, 40 sent: each filled by two links.
		{"v2 JSON with __next and __count", plain, sapV2, []string{"--page-size", "100"}, 230, 7, ""},
		{"composite keys with quotes and slashes", composite, compositeLinks, nil, 230, 5, "$skip"},
		{"--top 300 over a 100-row cap", ruleRows{n: 1000}, cap100, []string{"--top", "300", "--page-size", "1000"}, 300, 3, "$skip"},
		{"--top 300 in pages of 50", ruleRows{n: 1000}, cap100, []string{"--top", "300"}, 300, 6, ""},
		{"--top 120 on dataverse", ruleRows{n: 1000}, dataverse, []string{"--top", "120"}, 120, 5, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, queries := ruleServer(t, tc.d, tc.fn)
			args := append([]string{"get", "Items", "-o", "ndjson"}, tc.args...)
			if len(tc.args) == 0 || tc.args[0] != "--top" {
				args = append(args, "--all")
			}
			code, stdout, stderr := f.cli(t, args...)
			if code != exitOK {
				t.Fatalf("exit status %d, stderr %q; want 0", code, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr %q; want nothing", stderr)
			}
			keysOnce(t, tc.d, stdout, tc.rows)
			qs := queries()
			if len(qs) != tc.requests {
				t.Errorf("%d requests for Items %q; want %d", len(qs), qs, tc.requests)
			}
			for _, q := range qs {
				if v, _ := url.ParseQuery(q); tc.never != "" && v.Has(tc.never) {
					t.Errorf("request %q carries %s; want none to", q, tc.never)
				}
			}
		})
	}
}

// TestGetAllRemembersSkipRefusal: the second run on a service that refused
// $skip pages it by links from the first request (the refusal is kept in
// the cache directory).
func TestGetAllRemembersSkipRefusal(t *testing.T) {
	faultEnv(t)
	d := ruleRows{n: 230}
	f, queries := ruleServer(t, d, dataverse)
	for run, want := range []int{7, 5} {
		before := len(queries())
		code, stdout, stderr := f.cli(t, "get", "Items", "--all", "-o", "ndjson")
		if code != exitOK {
			t.Fatalf("run %d: exit status %d, stderr %q; want 0", run+1, code, stderr)
		}
		keysOnce(t, d, stdout, 230)
		qs := queries()[before:]
		if len(qs) != want {
			t.Errorf("run %d: %d requests %q; want %d", run+1, len(qs), qs, want)
		}
		if run == 1 {
			for _, q := range qs {
				if v, _ := url.ParseQuery(q); v.Has("$skip") || v.Has("$top") {
					t.Errorf("run 2 sent %q; want neither $top nor $skip", q)
				}
			}
		}
	}
}
