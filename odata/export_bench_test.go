package odata

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkNDJSONWrite writes the 1,000 rows of a 130-column page (decoded
// once) as ndjson to io.Discard.
func BenchmarkNDJSONWrite(b *testing.B) {
	p, err := decodePage(bytes.NewReader(widePage(1000, 130)), testRoot, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := NewNDJSONWriter(io.Discard)
		for _, r := range p.Rows {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		w.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(p.Rows)), "ns/row")
}
