package ui

import (
	"testing"

	"github.com/odx-dev/odx/odata"
)

// BenchmarkExportMillion exports 1,000,000 generated rows as ndjson from an
// httptest server (pipelined: the next page is fetched while one is
// written) and reports rows/s, the peak heap above the baseline (heap-MB,
// sampled every millisecond) and its ratio to the peak of a 10,000-row
// export (heap-ratio, ≈ 1 when memory does not grow with rows). Run it
// once: -benchtime 1x.
func BenchmarkExportMillion(b *testing.B) {
	small, large := genServer(10000), genServer(1000000)
	defer small.Close()
	defer large.Close()
	cs, _ := odata.NewClient(small.URL+"/odata/", small.Client())
	cl, _ := odata.NewClient(large.URL+"/odata/", large.Client())
	q := odata.Query{Set: "Items"}
	measureExport(b, cs, q, "ndjson") // warm up: the collector's pacing settles
	var p10, p1m, rate float64
	for b.Loop() {
		_, _, p, _, _ := measureExport(b, cs, q, "ndjson")
		p10 = max(p10, float64(p))
		n, took, p, _, alloc := measureExport(b, cl, q, "ndjson")
		if n != 1000000 {
			b.Fatalf("exported %d rows; want 1,000,000", n)
		}
		p1m = max(p1m, float64(p))
		rate = float64(n) / took.Seconds()
		b.ReportMetric(float64(alloc)/float64(n), "alloc-B/row")
	}
	b.ReportMetric(rate, "rows/s")
	b.ReportMetric(p1m/(1<<20), "heap-MB")
	b.ReportMetric(p1m/p10, "heap-ratio")
}
