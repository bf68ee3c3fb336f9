package floor

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// Pair measures odx (a) against the floor (f) in one benchmark: b.N
// rounds, each timing one run of a and one of f, alternating which goes
// first so that drift of the machine falls on both alike. It reports the
// median of the per-round ratios a ÷ f as "x-floor", their spread as
// "x-min", "x-q1", "x-q3" and "x-max", and the median times as "odx-ms"
// and "floor-ms", the median CPU times of the process (server included)
// as "odx-cpu-ms" and "floor-cpu-ms" — steadier than wall-clock time on a
// loaded machine — and the rounds. The benchmark's own ns/op is the time
// of both.
func Pair(b *testing.B, a, f func() error) {
	b.Helper()
	var ta, tf, ca, cf []float64
	timed := func(fn func() error) (wall, cpu float64) {
		runtime.GC() // the garbage of one side is not collected in the other's time
		start, c0 := time.Now(), cpuTime()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		return float64(time.Since(start)) / float64(time.Millisecond), float64(cpuTime()-c0) / float64(time.Millisecond)
	}
	i := 0
	for b.Loop() {
		var x, y, cx, cy float64
		if i%2 == 0 {
			x, cx = timed(a)
			y, cy = timed(f)
		} else {
			y, cy = timed(f)
			x, cx = timed(a)
		}
		ta, tf, ca, cf = append(ta, x), append(tf, y), append(ca, cx), append(cf, cy)
		i++
	}
	ratios := make([]float64, len(ta))
	for i := range ta {
		ratios[i] = ta[i] / tf[i]
	}
	s := Summarise(ratios)
	b.ReportMetric(s.Median, "x-floor")
	b.ReportMetric(s.Min, "x-min")
	b.ReportMetric(s.Q1, "x-q1")
	b.ReportMetric(s.Q3, "x-q3")
	b.ReportMetric(s.Max, "x-max")
	b.ReportMetric(Summarise(ta).Median, "odx-ms")
	b.ReportMetric(Summarise(tf).Median, "floor-ms")
	b.ReportMetric(float64(len(ta)), "rounds")
	if c := Summarise(cf).Median; c > 0 {
		b.ReportMetric(Summarise(ca).Median, "odx-cpu-ms")
		b.ReportMetric(c, "floor-cpu-ms")
	}
}

// Summary is the median, quartiles and range of some values.
type Summary struct {
	Min, Q1, Median, Q3, Max float64
}

// Summarise returns the Summary of vs (the zero Summary for none). The
// quartiles are the medians of the lower and upper halves.
func Summarise(vs []float64) Summary {
	if len(vs) == 0 {
		return Summary{}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	return Summary{Min: s[0], Q1: median(s[:(n+1)/2]), Median: median(s), Q3: median(s[n/2:]), Max: s[n-1]}
}

// median of sorted values.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
