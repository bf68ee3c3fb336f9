package cli

// The streamed table of issue 15: `odx get SET --all -o table` writes its
// first page at once and holds one page at a time. BenchmarkTableStream
// measures both: the first byte against the floor's first page, and the
// peak heap of a walk against that of a walk five times as long.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/floor"
)

// firstByte is a writer that notes when its first byte came (since start)
// and counts the lines written.
type firstByte struct {
	start time.Time
	first time.Duration // 0 until the first Write
	lines int
}

func (w *firstByte) Write(p []byte) (int, error) {
	if w.first == 0 && len(p) > 0 {
		w.first = time.Since(w.start)
	}
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// odxTo runs odx with args on a new transport (a cold connection, as a new
// process has), writing its output to w; it fails on an exit status other
// than 0.
func odxTo(args []string, w io.Writer) error {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: w, stderr: &errb, getenv: os.Getenv, transport: tr}
	if code := run(context.Background(), e, args); code != exitOK {
		return fmt.Errorf("odx %s: exit status %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return nil
}

// tableRun runs odx with args once and returns the time to its first byte
// and to its end; it fails unless the table has a header and rows rows.
func tableRun(b *testing.B, args []string, rows int) (first, total time.Duration) {
	b.Helper()
	w := &firstByte{start: time.Now()}
	if err := odxTo(args, w); err != nil {
		b.Fatal(err)
	}
	total = time.Since(w.start)
	if w.lines != rows+1 {
		b.Fatalf("odx %s wrote %d lines; want a header and %d rows", strings.Join(args, " "), w.lines, rows)
	}
	return w.first, total
}

// heapObjects is the bytes of heap objects, live and not yet swept: what
// the process holds at the moment (runtime/metrics does not stop the world).
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapChildEnv carries a walk to the child process (heapChild, run by
// TestMain): a JSON array of the rows expected and odx's arguments.
const heapChildEnv = "ODX_BENCH_TABLE_HEAP"

// tablePeak runs odx with args in a process of its own (this test binary,
// whose TestMain runs heapChild) and returns the peak heap of its walk above
// the heap before it. A process of its own, because this one holds the
// demo's data and the static servers' pages (some 40 MB), which the
// collector lets the heap grow in proportion to: sampled here, the peak
// would be mostly garbage not yet collected, and grow with the walk's
// length until the collector's goal.
func tablePeak(b *testing.B, args []string, rows int) uint64 {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	spec, err := json.Marshal(append([]string{strconv.Itoa(rows)}, args...))
	if err != nil {
		b.Fatal(err)
	}
	cmd.Env = append(os.Environ(), heapChildEnv+"="+string(spec))
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("the walk in a child process: %v\n%s", err, out)
	}
	for l := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "peak-heap-bytes "); ok {
			if n, err := strconv.ParseUint(v, 10, 64); err == nil {
				return n
			}
		}
	}
	b.Fatalf("the child process reported no peak:\n%s", out)
	return 0
}

// TestMain runs the tests, or, with heapChildEnv set, only heapChild:
// BenchmarkTableStream's child process.
func TestMain(m *testing.M) {
	if spec := os.Getenv(heapChildEnv); spec != "" {
		if err := heapChild(spec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// heapChild walks once (spec: see heapChildEnv), as a new odx process
// would, sampling the heap every millisecond after a collection, and
// prints the peak above the heap before the walk.
func heapChild(spec string) error {
	var f []string
	if err := json.Unmarshal([]byte(spec), &f); err != nil || len(f) < 2 {
		return fmt.Errorf("%s=%q: %v", heapChildEnv, spec, err)
	}
	rows, err := strconv.Atoi(f[0])
	if err != nil {
		return err
	}
	runtime.GC()
	base := heapObjects()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		peak := base
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, heapObjects())
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	w := &firstByte{start: time.Now()}
	err = odxTo(f[1:], w)
	close(stop)
	peak := <-done
	if err != nil {
		return err
	}
	if w.lines != rows+1 {
		return fmt.Errorf("odx wrote %d lines; want a header and %d rows", w.lines, rows)
	}
	fmt.Printf("peak-heap-bytes %d\n", peak-base)
	return nil
}

// repeatPages returns reqs and resps with the walk of steady (its requests
// after the first, a token's, are the pages in order) served reps times
// over, on one static server: copy c of each page is the page with a key
// of its own on every row (so that odx sees no page twice) and
// "&odxrep=c" on its next link; the last page of copy c links to the
// first of copy c+1; the page after the last copy's last is the empty one
// that ended the walk recorded, at $skip=rows·reps (the full last page had
// no next link, so odx asks for the rows after it).
func repeatPages(b *testing.B, steady []floor.Request, resps []floor.Response, set string, rows, reps int) ([]floor.Request, []floor.Response) {
	b.Helper()
	answer := map[string]floor.Response{} // by URL
	for i, r := range steady {
		answer[r.Method+" "+r.URL] = resps[i]
	}
	var reqs []floor.Request
	var out []floor.Response
	pages := steady[1 : len(steady)-1] // the last is the empty page after them
	end := steady[len(steady)-1]
	if !strings.Contains(end.URL, fmt.Sprintf("$skip=%d", rows)) {
		b.Fatalf("the walk recorded ended with %s; want the empty page at $skip=%d", end.URL, rows)
	}
	const linkKey = `"@odata.nextLink":"`
	for c := range reps {
		suffix := fmt.Sprintf("&odxrep=%d", c)
		for j, p := range pages {
			resp, ok := answer[p.Method+" "+p.URL]
			if !ok || !strings.Contains(p.URL, set) {
				b.Fatalf("no page recorded for %s", p.URL)
			}
			body := resp.Body
			if c > 0 {
				p.URL += suffix
				body = bytes.ReplaceAll(body, []byte(set+"("), fmt.Appendf(nil, "%s(%d-", set, c))
				if k := bytes.LastIndex(body, []byte(linkKey)); k >= 0 {
					k += len(linkKey) + bytes.IndexByte(body[k+len(linkKey):], '"')
					body = slices.Concat(body[:k], []byte(suffix), body[k:])
				}
			}
			if j == len(pages)-1 && c < reps-1 {
				k := bytes.LastIndexByte(body, '}')
				link := fmt.Sprintf(`,%s%s&odxrep=%d"`, linkKey, pages[0].URL, c+1)
				body = slices.Concat(body[:k], []byte(link), body[k:])
			}
			resp.Body = body
			reqs, out = append(reqs, p), append(out, resp)
		}
	}
	resp := answer[end.Method+" "+end.URL]
	end.URL = strings.Replace(end.URL, fmt.Sprintf("$skip=%d", rows), fmt.Sprintf("$skip=%d", rows*reps), 1)
	reqs, out = append(reqs, steady[0], end), append(out, answer[steady[0].Method+" "+steady[0].URL], resp)
	return reqs, out
}

// BenchmarkTableStream: `odx get Crm_Sales_SalesOrders --all -o table`
// (10,000 rows, 1000 a page) on the static server of the demo's recorded
// pages taking benchDelay a page. Each round runs odx and the floor's
// first page (the token and the first page request, as odx makes them),
// alternating which goes first, and reports the medians of odx's first
// byte (first-byte-ms), its whole run (total-ms), the floor's first page
// (floor-first-ms) and of the rounds' first byte ÷ floor's first page
// (x-first, with its quartiles and range). Each round also walks the set,
// in a process of its own (see tablePeak), on the server without delay
// and five times over (50,000 rows) on another, sampling the heap:
// heap-MB and heap-50k-MB are the medians of the two walks' peaks,
// heap-ratio that of the rounds' 50,000 ÷ 10,000 (≈ 1 when odx holds a
// page at a time, not the rows).
func BenchmarkTableStream(b *testing.B) {
	benchEnv(b)
	d := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	defer d.Close()
	const set, page, rows, reps = "Crm_Sales_SalesOrders", 1000, 10000, 5
	cmd := []string{"get", set, "--all", "-o", "table"}
	steady, all, answers := record(b, append(cmd, "--config", benchConfig(b, d, d.URL, page)))
	if len(steady) < 3 || steady[0].Method != http.MethodPost || !strings.Contains(steady[1].URL, set) {
		b.Fatalf("odx made %d requests; want a token's, then the pages", len(steady))
	}
	st := floor.NewStatic(all, answers)
	defer st.Close()
	long := floor.NewStatic(repeatPages(b, steady, answers[len(all)-len(steady):], set, rows, reps))
	defer long.Close()
	args := append(cmd, "--config", benchConfig(b, d, st.URL, page))
	largs := append(cmd, "--config", benchConfig(b, d, long.URL, page))
	tableRun(b, args, rows) // warm the cache for these origins
	tableRun(b, largs, rows*reps)
	first := st.Rebase(steady[:2])

	var fb, tot, ff, ratios []float64
	var heap10, heap50, heapx []float64
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	i := 0
	for b.Loop() {
		st.SetDelay(benchDelay)
		var f, t, fl time.Duration
		odx := func() { runtime.GC(); f, t = tableRun(b, args, rows) }
		flo := func() {
			runtime.GC()
			start := time.Now()
			if _, err := floor.Run(context.Background(), first); err != nil {
				b.Fatal(err)
			}
			fl = time.Since(start)
		}
		if i%2 == 0 {
			odx()
			flo()
		} else {
			flo()
			odx()
		}
		i++
		fb, tot, ff = append(fb, ms(f)), append(tot, ms(t)), append(ff, ms(fl))
		ratios = append(ratios, float64(f)/float64(fl))

		st.SetDelay(0)
		h10, h50 := float64(tablePeak(b, args, rows)), float64(tablePeak(b, largs, rows*reps))
		heap10, heap50, heapx = append(heap10, h10/(1<<20)), append(heap50, h50/(1<<20)), append(heapx, h50/h10)
	}
	x := floor.Summarise(ratios)
	b.ReportMetric(x.Median, "x-first")
	b.ReportMetric(x.Q1, "x-q1")
	b.ReportMetric(x.Q3, "x-q3")
	b.ReportMetric(x.Min, "x-min")
	b.ReportMetric(x.Max, "x-max")
	b.ReportMetric(floor.Summarise(fb).Median, "first-byte-ms")
	b.ReportMetric(floor.Summarise(tot).Median, "total-ms")
	b.ReportMetric(floor.Summarise(ff).Median, "floor-first-ms")
	b.ReportMetric(floor.Summarise(heap10).Median, "heap-MB")
	b.ReportMetric(floor.Summarise(heap50).Median, "heap-50k-MB")
	b.ReportMetric(floor.Summarise(heapx).Median, "heap-ratio")
	b.ReportMetric(float64(len(ratios)), "rounds")
}
