package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// group is one result instance of an $apply pipeline: its key values (one
// per groupby key), the measure units it was split by (one per aggregate;
// "" when the aggregate is not over an amount or quantity, or the value is
// null) and its rows.
type group struct {
	vals  []any
	units []string
	rows  []*row
}

// respond evaluates the pipeline over rows after q's $filter and $search,
// windows the groups with q's $skip/$top and encodes the response body.
func (pl *applyPlan) respond(root string, q *query, rows []*row, ieee bool) []byte {
	base := &query{set: q.set, filter: q.filter, search: q.search}
	matched, _, _ := base.run(rows, 0)
	groups := pl.groups(matched)
	total := len(groups)
	groups = groups[min(q.skip, len(groups)):]
	if q.hasTop && len(groups) > q.top {
		groups = groups[:q.top]
	}
	e := &encoder{ieee: ieee, b: make([]byte, 0, 64*len(groups)+256)}
	e.raw(`{"@odata.context":`)
	var names []string
	for _, k := range pl.keys {
		names = append(names, k.name)
	}
	for _, a := range pl.aggs {
		names = append(names, a.alias)
	}
	e.str(root + "$metadata#" + q.set.name + "(" + strings.Join(names, ",") + ")")
	if q.count {
		e.raw(`,"@odata.count":`)
		e.b = strconv.AppendInt(e.b, int64(total), 10)
	}
	e.raw(`,"value":[`)
	for gi, g := range groups {
		if gi > 0 {
			e.b = append(e.b, ',')
		}
		e.b = append(e.b, '{')
		for i, k := range pl.keys {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.key(k.name)
			e.keyValue(k, g.vals[i])
		}
		for i, a := range pl.aggs {
			if i > 0 || len(pl.keys) > 0 {
				e.b = append(e.b, ',')
			}
			e.key(a.alias)
			e.aggValue(a, g.units[i], g.rows)
		}
		e.b = append(e.b, '}')
	}
	e.raw(`]}`)
	return e.b
}

// groups splits rows (which pass the filter steps) into groups in the order
// their first rows come. aggregate(…) alone gives one group even without rows.
func (pl *applyPlan) groups(rows []*row) []*group {
	var out []*group
	index := map[string]*group{}
	var sb strings.Builder
	for _, r := range rows {
		if !pl.keep(r) {
			continue
		}
		vals := make([]any, len(pl.keys))
		units := make([]string, len(pl.aggs))
		sb.Reset()
		for i, k := range pl.keys {
			vals[i] = k.value(r)
			fmt.Fprintf(&sb, "%T:%v\x00", vals[i], vals[i])
		}
		for i, a := range pl.aggs {
			units[i] = unitOf(a, r)
			sb.WriteString(units[i])
			sb.WriteByte(0)
		}
		g := index[sb.String()]
		if g == nil {
			g = &group{vals: vals, units: units}
			index[sb.String()] = g
			out = append(out, g)
		}
		g.rows = append(g.rows, r)
	}
	if len(out) == 0 && !pl.grouped {
		out = append(out, &group{units: make([]string, len(pl.aggs))})
	}
	return out
}

func (pl *applyPlan) keep(r *row) bool {
	for _, c := range pl.filters {
		if !c.match(r) {
			return false
		}
	}
	return true
}

// value is the key's value in r: the stored value, or the computed one.
func (k groupKey) value(r *row) any {
	if k.comp == nil {
		return k.p.get(r)
	}
	var day string
	switch v := k.comp.p.get(r).(type) {
	case nil:
		return nil
	case dateV:
		day = string(v)
	case time.Time:
		day = v.UTC().Format(time.DateOnly)
	}
	y, _ := strconv.ParseInt(day[:4], 10, 64)
	m, _ := strconv.ParseInt(day[5:7], 10, 64)
	switch k.comp.fn {
	case "year":
		return y
	case "yearmonth":
		return y*100 + m
	}
	return dateV(day)
}

// unitOf is the currency or unit that splits groups for a measured aggregate.
func unitOf(a aggregate, r *row) string {
	if a.p == nil {
		return ""
	}
	switch v := a.p.get(r).(type) {
	case amount:
		return v.cur
	case quantity:
		return v.unit
	}
	return ""
}

// keyValue appends a group key: a reference as {"Id":…}, as ERP.net does.
func (e *encoder) keyValue(k groupKey, v any) {
	switch {
	case v == nil:
		e.raw("null")
	case k.comp != nil:
		if d, ok := v.(dateV); ok {
			e.str(string(d))
			return
		}
		e.b = strconv.AppendInt(e.b, v.(int64), 10)
	case k.p.kind == kRef:
		e.raw(`{"Id":`)
		e.str(string(v.(refV)))
		e.b = append(e.b, '}')
	default:
		e.value(k.p, v)
	}
}

// aggValue appends the aggregate a over rows (one unit: cur).
func (e *encoder) aggValue(a aggregate, unit string, rows []*row) {
	switch a.fn {
	case "$count":
		e.b = strconv.AppendInt(e.b, int64(len(rows)), 10)
		return
	case "countdistinct":
		seen := map[any]bool{}
		for _, r := range rows {
			if v := a.p.get(r); v != nil {
				seen[v] = true
			}
		}
		e.b = strconv.AppendInt(e.b, int64(len(seen)), 10)
		return
	}
	var acc any
	for _, r := range rows {
		v := a.p.get(r)
		if v == nil {
			continue
		}
		if acc == nil {
			acc = v
			continue
		}
		acc = combine(a.fn, acc, v)
	}
	if m, ok := acc.(amount); ok {
		m.cur = unit
		acc = m
	}
	e.value(a.p, acc)
}

// combine folds the stored value v into acc with sum, min or max.
func combine(fn string, acc, v any) any {
	pick := func(n int) bool { return fn == "min" && n > 0 || fn == "max" && n < 0 }
	switch a := acc.(type) {
	case int64:
		b := v.(int64)
		if fn == "sum" {
			return a + b
		}
		if pick(compareStored(a, b)) {
			return b
		}
	case dec:
		b := v.(dec)
		if fn == "sum" {
			return a + b
		}
		if pick(compareStored(a, b)) {
			return b
		}
	case float64:
		b := v.(float64)
		if fn == "sum" {
			return a + b
		}
		if pick(compareStored(a, b)) {
			return b
		}
	case amount:
		b := v.(amount)
		if fn == "sum" {
			return amount{v: a.v + b.v, cur: a.cur}
		}
		if pick(cmpInt(a.v, b.v)) {
			return b
		}
	case quantity:
		b := v.(quantity)
		if fn == "sum" {
			return quantity{v: a.v + b.v, unit: a.unit}
		}
		if pick(cmpInt(a.v, b.v)) {
			return b
		}
	}
	return acc
}

func cmpInt(a, b int64) int { return compareStored(a, b) }
