package profile

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
)

// Style is how Lines draws: the width it may fill and the bar character
// (a block where the terminal has one, "#" in plain text).
type Style struct {
	Width int  // terminal cells; 0 means 80
	Plain bool // bars of '#' instead of '█'
	// Top lists at most Top values before "others" (0: all, up to TopN).
	Top int
	// Spaced puts a blank line after each bar (presenter mode).
	Spaced bool
}

// maxLabel is the most cells a value's label takes.
const maxLabel = 40

// Lines draws the profile as text lines: a header, then the values with
// their bars (categorical) or the statistics and the histogram.
func (p *Profile) Lines(st Style) []string {
	if st.Width <= 0 {
		st.Width = 80
	}
	s := termtext.Sanitize
	head := fmt.Sprintf("%s · %s (%s, %s)", s(p.Set), s(p.Column), s(p.Type), p.Kind)
	parts := []string{plural(p.Rows, "row"), group(p.Nulls) + " null"}
	if p.Distinct > 0 || p.Kind == Categorical.String() {
		parts = append(parts, group(p.Distinct)+" distinct")
	}
	lines := []string{head, strings.Join(parts, " · ")}
	if p.Filter != "" {
		lines = append(lines, "under $filter: "+s(p.Filter))
	}
	lines = append(lines, p.Note(), "")
	if len(p.Values) > 0 || p.Others > 0 || (p.Kind == Categorical.String() && p.Nulls > 0) {
		var bars []bar
		vals, others := p.Values, p.Others
		if st.Top > 0 && len(vals) > st.Top {
			for _, v := range vals[st.Top:] {
				others += v.Count
			}
			vals = vals[:st.Top]
		}
		for _, v := range vals {
			bars = append(bars, bar{label: s(v.Value), n: v.Count})
		}
		if others > 0 {
			bars = append(bars, bar{label: fmt.Sprintf("(%d others)", p.Distinct-int64(len(vals))), n: others, aside: true})
		}
		if p.Nulls > 0 {
			bars = append(bars, bar{label: "(null)", n: p.Nulls, aside: true})
		}
		lines = append(lines, drawBars("VALUE", bars, p.Rows, st)...)
	}
	if len(p.Stats) > 0 {
		lines = append(lines, p.statLines()...)
	}
	if len(p.Hist) > 0 {
		var bars []bar
		var n int64
		for _, b := range p.Hist {
			bars = append(bars, bar{label: num(b.Low, 0) + " – " + num(b.High, 0), n: b.Count})
			n += b.Count
		}
		lines = append(lines, "")
		lines = append(lines, drawBars("RANGE", bars, n, st)...)
	}
	return lines
}

// statLines is the table of statistics, one line per currency or unit.
func (p *Profile) statLines() []string {
	head := []string{"COUNT", "MIN", "MAX", "SUM", "AVERAGE"}
	if p.Kind == Measure.String() {
		head = append([]string{"UNIT"}, head...)
	}
	if p.Kind == Date.String() {
		head = head[:3]
	}
	rows := [][]string{head}
	for _, st := range p.Stats {
		frac := 0
		if p.Kind == Measure.String() {
			frac = 2 // amounts read with cents: 67,476,133.80
		}
		r := []string{group(st.Count), num(st.Min, frac), num(st.Max, frac), num(st.Sum, frac), num(round(st.Avg, 2), frac)}
		if p.Kind == Measure.String() {
			r = append([]string{termtext.Sanitize(st.Unit)}, r...)
		}
		rows = append(rows, r[:len(head)])
	}
	widths := make([]int, len(head))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var out []string
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i == 0 && p.Kind == Measure.String() {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// bar is one labelled count; aside marks the "(N others)" and "(null)"
// bars, which do not set the scale.
type bar struct {
	label string
	n     int64
	aside bool
}

// drawBars lays out label, count, share and a bar scaled to the largest
// count of a value, in st.Width cells. The "(N others)" and "(null)" bars
// do not set the scale, so that one of them, larger than every value, does
// not shrink the values' bars to a cell each: a longer one is cut at the
// full width and ends in › (> with plain bars).
func drawBars(title string, bars []bar, total int64, st Style) []string {
	lw, cw := ansi.StringWidth(title), len("COUNT")
	var most, mostAside int64
	for i := range bars {
		bars[i].label = ansi.Truncate(bars[i].label, maxLabel, "…")
		lw = max(lw, ansi.StringWidth(bars[i].label))
		cw = max(cw, len(group(bars[i].n)))
		if bars[i].aside {
			mostAside = max(mostAside, bars[i].n)
		} else {
			most = max(most, bars[i].n)
		}
	}
	if most == 0 {
		most = mostAside
	}
	room := max(0, st.Width-lw-cw-len("  100.0%  ")-2)
	ch, more := "█", "›"
	if st.Plain {
		ch, more = "#", ">"
	}
	out := []string{fmt.Sprintf("%s%s  %*s   SHARE", title, strings.Repeat(" ", lw-ansi.StringWidth(title)), cw, "COUNT")}
	for _, b := range bars {
		share := 0.0
		if total > 0 {
			share = 100 * float64(b.n) / float64(total)
		}
		n := 0
		if most > 0 {
			n = int((float64(room)*float64(b.n) + float64(most)/2) / float64(most))
		}
		if n == 0 && b.n > 0 && room > 0 {
			n = 1
		}
		drawn := strings.Repeat(ch, n)
		if n > room && room > 0 {
			drawn = strings.Repeat(ch, room-1) + more
		}
		line := fmt.Sprintf("%s%s  %*s  %5.1f%%  %s", b.label, strings.Repeat(" ", lw-ansi.StringWidth(b.label)), cw, group(b.n), share, drawn)
		out = append(out, strings.TrimRight(line, " "))
		if st.Spaced {
			out = append(out, "")
		}
	}
	return out
}

// CSV is the profile as one table: the values (value, count, share) of a
// categorical column, the statistics per currency of an amount, else the
// histogram (low, high, count, share).
func (p *Profile) CSV() [][]string {
	share := func(n, total int64) string {
		if total == 0 {
			return ""
		}
		return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64)
	}
	switch {
	case p.Kind == Categorical.String():
		out := [][]string{{"value", "count", "share"}}
		for _, v := range p.Values {
			out = append(out, []string{v.Value, strconv.FormatInt(v.Count, 10), share(v.Count, p.Rows)})
		}
		if p.Others > 0 {
			out = append(out, []string{"(others)", strconv.FormatInt(p.Others, 10), share(p.Others, p.Rows)})
		}
		if p.Nulls > 0 {
			out = append(out, []string{"(null)", strconv.FormatInt(p.Nulls, 10), share(p.Nulls, p.Rows)})
		}
		return out
	case p.Kind == Measure.String() || len(p.Hist) == 0:
		out := [][]string{{"unit", "count", "min", "max", "sum", "average"}}
		for _, st := range p.Stats {
			out = append(out, []string{st.Unit, strconv.FormatInt(st.Count, 10), st.Min, st.Max, st.Sum, st.Avg})
		}
		return out
	}
	out := [][]string{{"low", "high", "count", "share"}}
	var total int64
	for _, b := range p.Hist {
		total += b.Count
	}
	for _, b := range p.Hist {
		out = append(out, []string{b.Low, b.High, strconv.FormatInt(b.Count, 10), share(b.Count, total)})
	}
	return out
}

// group writes n with grouped thousands.
func group(n int64) string {
	s, _ := termtext.GroupDecimal(strconv.FormatInt(n, 10), 0)
	return s
}

func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return group(n) + " " + what + "s"
}

// num groups a decimal's thousands, with at least frac decimals; other
// text (a date) stays as it is.
func num(s string, frac int) string {
	if g, ok := termtext.GroupDecimal(s, frac); ok {
		return g
	}
	return termtext.Sanitize(s)
}

// round rounds decimal text to at most places decimals ("" stays "").
func round(s string, places int) string {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s
	}
	out := r.FloatString(places)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out
}
