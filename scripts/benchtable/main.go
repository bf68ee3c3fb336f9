// Command benchtable reads `go test -bench` output on stdin and prints a
// Markdown table of the median of each benchmark's metrics, then the ratios
// between benchmarks measured in the same run (a baseline against ours).
// scripts/bench runs it; the result goes into docs/benchmarks.md.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ratios compares each of our benchmarks with its baseline: baseline ÷ ours
// for time, so that bigger is better.
var ratios = []struct{ ours, base, metric, what string }{
	{"GridCursorView", "BubblesTableCursorView", "ns/op", "grid cursor key + View() vs bubbles/v2 table (200×120 cells)"},
	{"GridCursorView", "BubblesTableCursorView", "allocs/op", "allocations of the same"},
	{"ParseGraph", "UnmarshalGraph", "ns/op", "CSDL stream parse of graph-v1.0-prod.xml vs encoding/xml Unmarshal"},
	{"ParseGraph", "UnmarshalGraph", "allocs/op", "allocations of the same"},
}

var line = regexp.MustCompile(`^Benchmark([^\s-]+)(?:-\d+)?\s+\d+\s+(.*)$`)

func main() {
	values := map[string]map[string][]float64{} // bench → metric → samples
	var order []string
	var header []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		if strings.HasPrefix(t, "goos:") || strings.HasPrefix(t, "goarch:") || strings.HasPrefix(t, "cpu:") {
			if !slices.Contains(header, t) {
				header = append(header, t)
			}
			continue
		}
		m := line.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		name := m[1]
		if values[name] == nil {
			values[name] = map[string][]float64{}
			order = append(order, name)
		}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			values[name][f[i+1]] = append(values[name][f[i+1]], v)
		}
	}
	fmt.Println("```")
	for _, h := range header {
		fmt.Println(h)
	}
	fmt.Println("```")
	fmt.Println()
	fmt.Println("| benchmark | median time | B/op | allocs/op | other |")
	fmt.Println("|---|---|---|---|---|")
	for _, name := range order {
		ms := values[name]
		var other []string
		for metric, vs := range ms {
			switch metric {
			case "ns/op", "B/op", "allocs/op":
			default:
				other = append(other, fmt.Sprintf("%s %s", num(median(vs)), metric))
			}
		}
		slices.Sort(other)
		fmt.Printf("| %s | %s | %s | %s | %s |\n", name, dur(median(ms["ns/op"])), num(median(ms["B/op"])), num(median(ms["allocs/op"])), strings.Join(other, ", "))
	}
	fmt.Println()
	fmt.Println("| ratio (same run) | baseline ÷ ours |")
	fmt.Println("|---|---|")
	for _, r := range ratios {
		o, b := values[r.ours][r.metric], values[r.base][r.metric]
		if len(o) == 0 || len(b) == 0 || median(o) == 0 {
			continue
		}
		fmt.Printf("| %s (%s) | **%.1f×** |\n", r.what, r.metric, median(b)/median(o))
	}
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2]
}

func dur(ns float64) string {
	switch {
	case ns == 0:
		return "—"
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func num(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
