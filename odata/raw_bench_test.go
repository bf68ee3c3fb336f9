package odata

import (
	"bytes"
	"io"
	"math"
	"slices"
	"testing"
	"time"
)

// decodedPage is the old way of `odx get -o ndjson`: the page decoded into
// Rows on the fetching side, each written by NDJSONWriter.Write.
func decodedPage(data []byte, w io.Writer) (scan, write time.Duration) {
	start := time.Now()
	p, err := decodePage(bytes.NewReader(data), testRoot, nil)
	if err != nil {
		panic(err)
	}
	mid := time.Now()
	nw := NewNDJSONWriter(w)
	for _, r := range p.Rows {
		if err := nw.Write(r); err != nil {
			panic(err)
		}
	}
	nw.Close()
	return mid.Sub(start), time.Since(mid)
}

// rawPage is the new way: the page read raw, its rows written at once
// (compacted on two goroutines from parallelBytes up).
func rawPage(data []byte, w io.Writer) (scan, write time.Duration) {
	start := time.Now()
	d, err := newDecoderSize(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	p, err := decodePageRaw(d, testRoot, nil)
	if err != nil || p.Raw == nil {
		panic(err)
	}
	mid := time.Now()
	nw := NewNDJSONWriter(w)
	if _, err := WriteRows(nw, p, p.Len()); err != nil {
		panic(err)
	}
	nw.Close()
	return mid.Sub(start), time.Since(mid)
}

// BenchmarkRawPaired: a page of 800 rows × 130 properties (widePage) read
// and written as ndjson the old way (decoded rows) and the new (raw),
// alternated in one run: x-old is new ÷ old wall-clock, the median of the
// rounds (below 1 is faster); scan-ms and write-ms are the new way's two
// halves (the first on the fetching goroutine, the second on the
// writer's), seq-write-ms its write with the rows compacted on one
// goroutine, alternated with the rest.
func BenchmarkRawPaired(b *testing.B) {
	data := widePage(800, 130)
	b.SetBytes(int64(len(data)))
	var ratios, scans, writes, seqs []float64
	for i := 0; b.Loop(); i++ {
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		run := func(fn func([]byte, io.Writer) (time.Duration, time.Duration)) (total, scan, write float64) {
			s, w := fn(data, io.Discard)
			return ms(s + w), ms(s), ms(w)
		}
		var o, n, s, w float64
		if i%2 == 0 {
			o, _, _ = run(decodedPage)
			n, s, w = run(rawPage)
		} else {
			n, s, w = run(rawPage)
			o, _, _ = run(decodedPage)
		}
		saved := parallelBytes
		parallelBytes = math.MaxInt
		_, _, seq := run(rawPage)
		parallelBytes = saved
		ratios, scans, writes, seqs = append(ratios, n/o), append(scans, s), append(writes, w), append(seqs, seq)
	}
	med := func(xs []float64) float64 { slices.Sort(xs); return xs[len(xs)/2] }
	b.ReportMetric(med(ratios), "x-old")
	b.ReportMetric(ratios[0], "x-min")
	b.ReportMetric(ratios[len(ratios)-1], "x-max")
	b.ReportMetric(med(scans), "scan-ms")
	b.ReportMetric(med(writes), "write-ms")
	b.ReportMetric(med(seqs), "seq-write-ms")
}
