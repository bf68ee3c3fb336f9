package ui

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
)

// genServer serves the collection Items of total rows, generated on the fly
// page by page ($top, $skip, @odata.nextLink), so that the server holds no
// rows and any growth of the heap with the row count is the client's.
func genServer(total int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		top, _ := strconv.Atoi(q.Get("$top"))
		skip, _ := strconv.Atoi(q.Get("$skip"))
		if top <= 0 {
			top = 1000
		}
		end := min(total, skip+top)
		w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
		bw := bufio.NewWriterSize(w, 32<<10)
		fmt.Fprintf(bw, `{"@odata.context":"http://%s/odata/$metadata#Items","value":[`, r.Host)
		for i := skip; i < end; i++ {
			if i > skip {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"@odata.id":"Items(%[1]d)","Id":"%08[1]x-0000-4000-8000-%012[1]x","DocumentNo":"SO-%07[1]d",`+
				`"DocumentDate":"2024-%02[2]d-%02[3]dT00:00:00Z","Customer":{"@odata.id":"Crm_Customers(%08[4]x-0000-4000-8000-000000000000)"},`+
				`"Name":{"EN":"Item %[1]d of the generated set","BG":"Артикул %[1]d"},"Amount":{"Value":"%[5]d.%02[6]d","Currency":"EUR"},`+
				`"Quantity":%[7]d,"Note":null,"Active":true}`, i, 1+i%12, 1+i%28, i%2600, i*37%100000, i%100, i%500)
		}
		bw.WriteString("]")
		if end < total {
			fmt.Fprintf(bw, `,"@odata.nextLink":"http://%s/odata/Items?$top=%d&$skip=%d"`, r.Host, top, end)
		}
		bw.WriteString("}")
		bw.Flush()
	}))
}

// heapSamples are the two heap figures sampled: the bytes of heap objects
// (live and not yet swept: what the process holds at the moment) and the
// live heap as the last collection marked it (what the export retains).
var heapSamples = []string{"/memory/classes/heap/objects:bytes", "/gc/heap/live:bytes"}

func readHeap() [2]uint64 {
	s := []metrics.Sample{{Name: heapSamples[0]}, {Name: heapSamples[1]}}
	metrics.Read(s)
	return [2]uint64{s[0].Value.Uint64(), s[1].Value.Uint64()}
}

// heapPeak samples the heap every millisecond (runtime/metrics, which does
// not stop the world) until stop, and sends the peaks.
func heapPeak(stop <-chan struct{}) <-chan [2]uint64 {
	out := make(chan [2]uint64, 1)
	go func() {
		var peak [2]uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			h := readHeap()
			peak = [2]uint64{max(peak[0], h[0]), max(peak[1], h[1])}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// measureExport exports q once and returns the rows, the time taken, the
// peak heap and peak live heap during the export above the live heap before
// it (after a collection: the demo's data, the test binary), and the bytes
// allocated.
func measureExport(b *testing.B, c *odata.Client, q odata.Query, format string) (rows int64, took time.Duration, peak, live, alloc uint64) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "export."+format)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	base := readHeap()[0]
	stop := make(chan struct{})
	peakc := heapPeak(stop)
	start := time.Now()
	rows, _, err := writeExport(context.Background(), c, q, format, path, "EN", func(int64) {})
	took = time.Since(start)
	close(stop)
	p := <-peakc
	peak, live = max(p[0], base)-base, max(p[1], base)-base
	runtime.ReadMemStats(&after)
	if err != nil {
		b.Fatal(err)
	}
	return rows, took, peak, live, after.TotalAlloc - before.TotalAlloc
}

// benchExport reports rows/s, the peak heap and peak live heap above the
// baseline in MB (heap-MB, live-MB) and the bytes allocated per row.
func benchExport(b *testing.B, c *odata.Client, q odata.Query, format string, want int64) {
	var rows int64
	var took time.Duration
	var peak, live, alloc uint64
	for b.Loop() {
		n, d, p, l, a := measureExport(b, c, q, format)
		if n != want {
			b.Fatalf("exported %d rows; want %d", n, want)
		}
		rows, took, peak, live, alloc = rows+n, took+d, max(peak, p), max(live, l), alloc+a
	}
	b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
	b.ReportMetric(float64(live)/(1<<20), "live-MB")
	b.ReportMetric(float64(alloc)/float64(rows), "alloc-B/row")
}

// BenchmarkExportDemo exports the demo's 10,000 sales orders through a real
// token source (the demo's own data stays in the heap as a constant).
func BenchmarkExportDemo(b *testing.B) {
	_, _, c := demoClient(b, demo.Options{}, nil)
	for _, f := range []string{"csv", "ndjson"} {
		b.Run(f, func(b *testing.B) { benchExport(b, c, odata.Query{Set: "Crm_Sales_SalesOrders"}, f, 10000) })
	}
}

// BenchmarkExportGenerated exports 10,000 and 100,000 generated rows.
func BenchmarkExportGenerated(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		srv := genServer(n)
		c, _ := odata.NewClient(srv.URL+"/odata/", srv.Client())
		for _, f := range []string{"csv", "ndjson"} {
			b.Run(fmt.Sprintf("%dk-%s", n/1000, f), func(b *testing.B) {
				benchExport(b, c, odata.Query{Set: "Items"}, f, int64(n))
			})
		}
		srv.Close()
	}
}

// retainedExport exports q with a collection after every page and returns
// the most heap still live at a page boundary, above the live heap before
// the export: what the export keeps between pages, free of the collector's
// timing.
func retainedExport(b *testing.B, c *odata.Client, q odata.Query) uint64 {
	b.Helper()
	path := filepath.Join(b.TempDir(), "export.ndjson")
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, most := ms.HeapAlloc, ms.HeapAlloc
	_, _, err := writeExport(context.Background(), c, q, "ndjson", path, "EN", func(int64) {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		most = max(most, ms.HeapAlloc)
	})
	if err != nil {
		b.Fatal(err)
	}
	return most - base
}

// BenchmarkExportHeapFlat exports 10,000 and then 100,000 generated rows
// and reports for each the peak heap sampled every millisecond (and the
// ratio, ≈ 1 when memory does not grow with the row count) and the heap
// still live at page boundaries (near zero: nothing accumulates).
func BenchmarkExportHeapFlat(b *testing.B) {
	small, large := genServer(10000), genServer(100000)
	defer small.Close()
	defer large.Close()
	cs, _ := odata.NewClient(small.URL+"/odata/", small.Client())
	cl, _ := odata.NewClient(large.URL+"/odata/", large.Client())
	q := odata.Query{Set: "Items"}
	measureExport(b, cs, q, "ndjson") // warm up: the collector's pacing settles
	var p10, p100, r10, r100 uint64
	for b.Loop() {
		_, _, p, _, _ := measureExport(b, cs, q, "ndjson")
		p10 = max(p10, p)
		_, _, p, _, _ = measureExport(b, cl, q, "ndjson")
		p100 = max(p100, p)
		r10 = max(r10, retainedExport(b, cs, q))
		r100 = max(r100, retainedExport(b, cl, q))
	}
	mb := func(n uint64) float64 { return float64(n) / (1 << 20) }
	b.ReportMetric(mb(p10), "heap-10k-MB")
	b.ReportMetric(mb(p100), "heap-100k-MB")
	b.ReportMetric(float64(p100)/float64(p10), "heap-ratio")
	b.ReportMetric(float64(r10)/1024, "kept-10k-KB")
	b.ReportMetric(float64(r100)/1024, "kept-100k-KB")
}
