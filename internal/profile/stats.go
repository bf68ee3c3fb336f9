package profile

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/odx-dev/odx/odata"
)

// Buckets is the number of bars of a histogram.
const Buckets = 10

// aggregated profiles a number or a measure: one aggregate request (per
// currency for an amount), one /$count for the nulls (or the total), and
// for a number Buckets-1 /$count requests for the histogram.
func (p *Profile) aggregated(ctx context.Context, c *odata.Client, col Column) error {
	aggs := []odata.Aggregate{odata.Count("Count"), odata.Sum(col.Name, "Sum"), odata.Min(col.Name, "Min"), odata.Max(col.Name, "Max")}
	if col.Kind == Numeric {
		aggs = append(aggs, odata.CountDistinct(col.Name, "Distinct"))
	}
	rows, err := p.apply(ctx, c, odata.AggregateAll(aggs...))
	if err != nil {
		return err
	}
	if col.Kind == Measure {
		return p.measures(ctx, c, rows)
	}
	if len(rows) != 1 {
		return fmt.Errorf("the server answered the aggregate of %s with %d rows; want 1", col.Name, len(rows))
	}
	r := rows[0].Values
	total, _ := odata.Number(r["Count"])
	distinct, _ := odata.Number(r["Distinct"])
	if total == nil {
		return fmt.Errorf("the server's aggregate of %s has no count", col.Name)
	}
	p.Rows = total.Num().Int64()
	if distinct != nil {
		p.Distinct = distinct.Num().Int64()
	}
	if p.Nulls, err = p.count(ctx, c, col.Name+" eq null"); err != nil {
		return err
	}
	st := Stats{Count: p.Rows - p.Nulls, Min: numText(r["Min"]), Max: numText(r["Max"]), Sum: numText(r["Sum"])}
	st.Avg = average(r["Sum"], st.Count)
	p.Stats = []Stats{st}
	lo, okLo := odata.Number(r["Min"])
	hi, okHi := odata.Number(r["Max"])
	if !okLo || !okHi {
		return nil
	}
	p.Hist, err = histogram(lo, hi, integral(col.Type), st.Count, func(b *big.Rat) (int64, error) {
		return p.count(ctx, c, col.Name+" le "+decimalText(b))
	})
	return err
}

// measures fills an amount's statistics, one per currency, and its nulls
// (the rows not in any currency).
func (p *Profile) measures(ctx context.Context, c *odata.Client, rows []odata.Row) error {
	var inUnits int64
	for _, r := range rows {
		sum, unit, ok := odata.Measure(r.Values["Sum"])
		if !ok {
			continue // the group of null amounts
		}
		n, _ := odata.Number(r.Values["Count"])
		st := Stats{Unit: unit, Sum: decimalText(sum)}
		if n != nil {
			st.Count = n.Num().Int64()
		}
		if lo, _, ok := odata.Measure(r.Values["Min"]); ok {
			st.Min = decimalText(lo)
		}
		if hi, _, ok := odata.Measure(r.Values["Max"]); ok {
			st.Max = decimalText(hi)
		}
		st.Avg = average(st.Sum, st.Count)
		inUnits += st.Count
		p.Stats = append(p.Stats, st)
	}
	sortStats(p.Stats)
	total, err := p.count(ctx, c, "")
	if err != nil {
		return err
	}
	p.Rows, p.Nulls = total, max(0, total-inUnits)
	return nil
}

// dates fills a date profile from its values per day (or date).
func (p *Profile) dates(vals []Value) {
	if len(vals) == 0 {
		return
	}
	days := make([]int64, len(vals))
	lo, hi := 0, 0
	for i, v := range vals {
		days[i] = dayNumber(v.Value)
		if days[i] < days[lo] {
			lo = i
		}
		if days[i] > days[hi] {
			hi = i
		}
	}
	var n int64
	for _, v := range vals {
		n += v.Count
	}
	p.Stats = []Stats{{Count: n, Min: dayText(days[lo]), Max: dayText(days[hi])}}
	hist, _ := histogram(big.NewRat(days[lo], 1), big.NewRat(days[hi], 1), true, n, func(b *big.Rat) (int64, error) {
		var c int64
		for i, v := range vals {
			if big.NewRat(days[i], 1).Cmp(b) <= 0 {
				c += v.Count
			}
		}
		return c, nil
	})
	for i := range hist {
		hist[i].Low, hist[i].High = dayText(ratInt(hist[i].Low)), dayText(ratInt(hist[i].High))
	}
	p.Hist = hist
}

// dayNumber is the day of a "YYYY-MM-DD…" text since 1970-01-01.
func dayNumber(s string) int64 {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0
	}
	return t.Unix() / 86400
}

func dayText(d int64) string { return time.Unix(d*86400, 0).UTC().Format(time.DateOnly) }

func ratInt(s string) int64 {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0
	}
	return new(big.Int).Quo(r.Num(), r.Denom()).Int64()
}

// histogram splits [lo, hi] into Buckets equal ranges (whole numbers when
// integral) and counts each from cumulative counts: le(b) is the number of
// values ≤ b, total the number of values.
func histogram(lo, hi *big.Rat, integral bool, total int64, le func(b *big.Rat) (int64, error)) ([]Bucket, error) {
	if total == 0 || lo.Cmp(hi) > 0 {
		return nil, nil
	}
	width := new(big.Rat).Quo(new(big.Rat).Sub(hi, lo), big.NewRat(Buckets, 1))
	if integral {
		w := new(big.Int).Quo(width.Num(), width.Denom())
		if new(big.Rat).SetInt(w).Cmp(width) < 0 {
			w.Add(w, big.NewInt(1))
		}
		if w.Sign() == 0 {
			w.SetInt64(1)
		}
		width.SetInt(w)
	}
	var out []Bucket
	var prev int64
	low := new(big.Rat).Set(lo)
	for i := 0; i < Buckets && (i == 0 || low.Cmp(hi) < 0); i++ {
		high := new(big.Rat).Add(lo, new(big.Rat).Mul(width, big.NewRat(int64(i+1), 1)))
		var cum int64
		if high.Cmp(hi) >= 0 || i == Buckets-1 {
			high.Set(hi)
			cum = total
		} else {
			var err error
			if cum, err = le(high); err != nil {
				return nil, err
			}
		}
		b := Bucket{Low: decimalText(low), High: decimalText(high), Count: cum - prev}
		if integral && i > 0 { // whole numbers: (a, b] reads a+1 – b
			b.Low = decimalText(new(big.Rat).Add(low, big.NewRat(1, 1)))
		}
		out = append(out, b)
		prev = cum
		low = high
		if cum == total && high.Cmp(hi) == 0 {
			break
		}
	}
	return out, nil
}

// integral reports an integer EDM type.
func integral(t string) bool {
	switch t {
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
		return true
	}
	return false
}

// numText is a decoded number as exact decimal text ("" for null).
func numText(v any) string {
	n, ok := odata.Number(v)
	if !ok {
		return ""
	}
	return decimalText(n)
}

// average is sum/n as decimal text, "" when there is nothing to divide.
func average(sum any, n int64) string {
	s, ok := sum.(*big.Rat)
	if !ok {
		s, ok = odata.Number(sum)
	}
	if !ok || n == 0 {
		return ""
	}
	return decimalText(new(big.Rat).Quo(s, big.NewRat(n, 1)))
}

// sortStats puts the currencies or units with the most values first.
func sortStats(st []Stats) {
	slices.SortStableFunc(st, func(a, b Stats) int { return cmp.Compare(b.Count, a.Count) })
}
