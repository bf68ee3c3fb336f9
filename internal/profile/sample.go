package profile

import (
	"context"
	"math/big"

	"github.com/odx-dev/odx/odata"
)

// fromPage profiles the first page of rows, for a server without $apply.
func (p *Profile) fromPage(ctx context.Context, c *odata.Client, col Column) (*Profile, error) {
	q := odata.Query{Set: p.Set, Filter: p.Filter, Select: []string{col.Name}}
	if u, err := c.URL(q); err == nil {
		p.Requests = append(p.Requests, u.String())
	}
	page, err := c.Page(ctx, q)
	if err != nil {
		return nil, err
	}
	out := FromRows(p.Set, col, p.Filter, page.Rows)
	out.Requests = p.Requests
	return out, nil
}

// FromRows profiles col over rows (for instance the rows a grid has
// loaded); the profile says it is of those rows only.
func FromRows(set string, col Column, filter string, rows []odata.Row) *Profile {
	p := &Profile{Set: set, Column: col.Name, Type: col.Type, Kind: col.Kind.String(), Filter: filter,
		Sampled: true, Loaded: len(rows)}
	switch col.Kind {
	case Categorical, Date:
		var counts []keyCount
		index := map[string]int{}
		for _, r := range rows {
			v := r.Values[col.Name]
			if s, ok := v.(string); ok && col.Kind == Date && len(s) > 10 {
				v = s[:10] // a date-time counts per day, as compute(date(…)) does
			}
			k := "\x00null"
			if v != nil {
				k = display(v)
			}
			i, seen := index[k]
			if !seen {
				i = len(counts)
				index[k] = i
				counts = append(counts, keyCount{raw: v})
			}
			counts[i].n++
		}
		p.fromCounts(col, counts)
	case Numeric:
		p.Rows = int64(len(rows))
		var vals []*big.Rat
		distinct := map[string]bool{}
		st := Stats{}
		sum := new(big.Rat)
		var lo, hi *big.Rat
		for _, r := range rows {
			n, ok := odata.Number(r.Values[col.Name])
			if !ok {
				p.Nulls++
				continue
			}
			vals = append(vals, n)
			distinct[n.RatString()] = true
			sum.Add(sum, n)
			if lo == nil || n.Cmp(lo) < 0 {
				lo = n
			}
			if hi == nil || n.Cmp(hi) > 0 {
				hi = n
			}
		}
		p.Distinct = int64(len(distinct))
		st.Count = int64(len(vals))
		if lo != nil {
			st.Min, st.Max, st.Sum = decimalText(lo), decimalText(hi), decimalText(sum)
			st.Avg = average(sum, st.Count)
			p.Hist, _ = histogram(lo, hi, integral(col.Type), st.Count, func(b *big.Rat) (int64, error) {
				var c int64
				for _, v := range vals {
					if v.Cmp(b) <= 0 {
						c++
					}
				}
				return c, nil
			})
		}
		p.Stats = []Stats{st}
	case Measure:
		p.Rows = int64(len(rows))
		byUnit := map[string]*Stats{}
		sums := map[string]*big.Rat{}
		var order []string
		for _, r := range rows {
			n, unit, ok := odata.Measure(r.Values[col.Name])
			if !ok {
				p.Nulls++
				continue
			}
			st := byUnit[unit]
			if st == nil {
				st = &Stats{Unit: unit, Min: decimalText(n), Max: decimalText(n)}
				byUnit[unit], sums[unit] = st, new(big.Rat)
				order = append(order, unit)
			}
			st.Count++
			sums[unit].Add(sums[unit], n)
			if lo, _ := new(big.Rat).SetString(st.Min); n.Cmp(lo) < 0 {
				st.Min = decimalText(n)
			}
			if hi, _ := new(big.Rat).SetString(st.Max); n.Cmp(hi) > 0 {
				st.Max = decimalText(n)
			}
		}
		for _, u := range order {
			st := byUnit[u]
			st.Sum = decimalText(sums[u])
			st.Avg = average(sums[u], st.Count)
			p.Stats = append(p.Stats, *st)
		}
		sortStats(p.Stats)
	}
	return p
}
