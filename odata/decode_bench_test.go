package odata

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// oldRows decodes the rows of a {"value":[…]} page the way decode.go did
// before jsonReader: json.Decoder.Decode into an any per element, then a
// second scan of the element's bytes for the member order.
func oldRows(data []byte) int {
	d := &decoder{data: data, names: map[string]string{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for tok, _ := dec.Token(); tok != json.Delim('['); tok, _ = dec.Token() {
	}
	n := 0
	for dec.More() {
		start := dec.InputOffset()
		var v any
		if err := dec.Decode(&v); err != nil {
			panic(err)
		}
		keys := d.objectKeys(data[start:dec.InputOffset()])
		n += len(keys)
	}
	return n
}

// newRows is oldRows with jsonReader.
func newRows(data []byte) int {
	r := newJSONReader(data, map[string]string{})
	for tok, _ := r.Token(); tok != json.Delim('['); tok, _ = r.Token() {
	}
	n := 0
	for r.More() {
		_, keys, err := r.Entity()
		if err != nil {
			panic(err)
		}
		n += len(keys)
	}
	return n
}

// BenchmarkDecodeRowsPaired: the rows of a 1,000-row page decoded by
// jsonReader and by the json.Decoder path it replaced, alternated in one
// run; x-old is new ÷ old (the median of the rounds, below 1 is faster).
func BenchmarkDecodeRowsPaired(b *testing.B) {
	for _, cols := range []int{20, 130} {
		data := widePage(1000, cols)
		b.Run(map[int]string{20: "cols=20", 130: "cols=130"}[cols], func(b *testing.B) {
			var ratios []float64
			i := 0
			for b.Loop() {
				t := func(fn func([]byte) int) float64 {
					start := time.Now()
					fn(data)
					return float64(time.Since(start))
				}
				var o, n float64
				if i%2 == 0 {
					o, n = t(oldRows), t(newRows)
				} else {
					n, o = t(newRows), t(oldRows)
				}
				ratios = append(ratios, n/o)
				i++
			}
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "x-old")
			b.ReportMetric(ratios[0], "x-min")
			b.ReportMetric(ratios[len(ratios)-1], "x-max")
		})
	}
}
