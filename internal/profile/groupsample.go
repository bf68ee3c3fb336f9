package profile

import (
	"context"
	"math/big"
	"strconv"

	"github.com/odx-dev/odx/odata"
)

// Group-by without $apply: one $count per member of an enum, else the
// groups of the rows loaded.

// MaxMembers is the most members an enum may have to be counted with one
// $count per member when the server has no $apply.
const MaxMembers = 12

// fallback groups without $apply.
func (g *Groups) fallback(ctx context.Context, c *odata.Client, loaded []odata.Row) (*Groups, error) {
	s := g.spec
	g.Apply = ""
	g.Query = odata.Query{}
	if len(s.Keys) == 1 && (s.Method == Count || s.Method == "") && perMember(s.Keys[0]) {
		counts, reqs, err := memberCounts(ctx, c, g.Set, s.Keys[0], g.Filter)
		g.Requests = append(g.Requests, reqs...)
		if err != nil {
			return nil, err
		}
		g.PerMember = true
		for _, kc := range counts {
			g.Rows += kc.n
			g.Groups = append(g.Groups, Group{Keys: []any{kc.raw}, Labels: []string{keyLabel(s.Keys[0], kc.raw)},
				Count: kc.n, Value: strconv.FormatInt(kc.n, 10)})
		}
		g.sort()
		return g, nil
	}
	if loaded == nil {
		q := odata.Query{Set: g.Set, Filter: g.Filter}
		if u, err := c.URL(q); err == nil {
			g.Requests = append(g.Requests, u.String())
		}
		page, err := c.Page(ctx, q)
		if err != nil {
			return nil, err
		}
		loaded = page.Rows
	}
	out := GroupRows(g.Set, g.Filter, s, loaded)
	out.Requests = g.Requests
	return out, nil
}

// perMember reports an enum column of few enough members to count each.
func perMember(k Column) bool { return len(k.Members) > 0 && len(k.Members) <= MaxMembers }

// memberCounts counts the rows of each member of enum column k with one
// /$count each, and the rows of none (null) from the total.
func memberCounts(ctx context.Context, c *odata.Client, set string, k Column, filter string) ([]keyCount, []string, error) {
	var out []keyCount
	var reqs []string
	var sum int64
	count := func(extra string) (int64, error) {
		q := odata.Query{Set: set, Filter: andFilter(filter, extra)}
		reqs = append(reqs, countText(c, q))
		return c.Count(ctx, q)
	}
	for _, m := range k.Members {
		lit, err := c.Dialect().Literal(k.Type, m)
		if err != nil {
			return nil, reqs, err
		}
		n, err := count(k.Name + " eq " + lit)
		if err != nil {
			return nil, reqs, err
		}
		if n > 0 {
			out = append(out, keyCount{raw: m, n: n})
		}
		sum += n
	}
	total, err := count("")
	if err != nil {
		return nil, reqs, err
	}
	if total > sum {
		out = append(out, keyCount{raw: nil, n: total - sum})
	}
	return out, reqs, nil
}

// countText is the URL of q's /$count, for the requests shown.
func countText(c *odata.Client, q odata.Query) string {
	u, err := c.URL(odata.Query{Set: q.Set + "/$count", Filter: q.Filter, Top: 1})
	if err != nil {
		return ""
	}
	v := u.Query()
	v.Del("$top")
	u.RawQuery = odata.Query{Filter: v.Get("$filter")}.RawQuery()
	return u.String()
}

// GroupRows groups rows (for instance the rows a grid has loaded) as spec
// asks, in the client; the result says it is of those rows only. An
// amount or quantity is aggregated per currency or unit, as ERP.net does.
func GroupRows(set, filter string, spec GroupSpec, rows []odata.Row) *Groups {
	g := &Groups{Set: set, Filter: filter, Aggregate: spec.Label(), spec: spec, Sampled: true, Loaded: len(rows)}
	for _, k := range spec.Keys {
		g.Keys = append(g.Keys, k.Name)
	}
	type acc struct {
		Group
		n         int64 // values aggregated (not null)
		sum, best *big.Rat
	}
	var order []*acc
	index := map[string]*acc{}
	for _, r := range rows {
		var keys []any
		var labels []string
		id := ""
		for _, k := range spec.Keys {
			v := r.Values[k.Name]
			if s, ok := v.(string); ok && k.Kind == Date && len(s) >= 7 {
				v = json6(s) // a date counts per year and month, as compute(yearmonth(…)) does
			}
			keys = append(keys, v)
			labels = append(labels, keyLabel(k, v))
			if v == nil {
				id += "\x00null\x01"
			} else {
				id += display(v) + "\x01"
			}
		}
		var val *big.Rat
		unit := ""
		if spec.Method != Count && spec.Method != "" {
			val, unit, _ = odata.Measure(r.Values[spec.Of.Name])
		}
		id += "\x02" + unit
		a := index[id]
		if a == nil {
			a = &acc{Group: Group{Keys: keys, Labels: labels, Unit: unit}}
			index[id] = a
			order = append(order, a)
		}
		a.Count++
		g.Rows++
		if val == nil {
			continue
		}
		a.n++
		switch spec.Method {
		case Sum, Average:
			if a.sum == nil {
				a.sum = new(big.Rat)
			}
			a.sum.Add(a.sum, val)
		case Min:
			if a.best == nil || val.Cmp(a.best) < 0 {
				a.best = val
			}
		case Max:
			if a.best == nil || val.Cmp(a.best) > 0 {
				a.best = val
			}
		}
	}
	for _, a := range order {
		switch {
		case spec.Method == Count || spec.Method == "":
			a.Value = strconv.FormatInt(a.Count, 10)
		case spec.Method == Sum && a.sum != nil:
			a.Value = decimalText(a.sum)
		case spec.Method == Average && a.sum != nil:
			a.Value = decimalText(new(big.Rat).Quo(a.sum, big.NewRat(a.n, 1)))
		case a.best != nil:
			a.Value = decimalText(a.best)
		}
		g.Groups = append(g.Groups, a.Group)
	}
	g.sort()
	return g
}

// json6 is the year-month number of a "YYYY-MM…" date, as the server's
// yearmonth() gives it (202401).
func json6(s string) any {
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	if err1 != nil || err2 != nil {
		return s
	}
	return int64(y*100 + m)
}
