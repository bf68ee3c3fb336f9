package profile

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/odx-dev/odx/odata"
)

// Group-by: the rows of a set grouped by one or two columns with one
// aggregate, computed by the server with $apply in one request.

// The aggregate methods of a group-by.
const (
	Count   = "count"
	Sum     = "sum"
	Average = "average"
	Min     = "min"
	Max     = "max"
)

// Methods are the aggregate methods of a numeric column, in the order a
// chooser offers them (count comes first and needs no column).
var Methods = []string{Sum, Average, Min, Max}

// GroupSpec is what a group-by asks: the group keys (one or two columns)
// and the aggregate (Method of Of; Of is unused for Count).
type GroupSpec struct {
	Keys   []Column
	Method string
	Of     Column
}

// Label names the aggregate for people: "count", "sum of TotalAmount".
func (s GroupSpec) Label() string {
	if s.Method == Count || s.Method == "" {
		return "count"
	}
	return s.Method + " of " + s.Of.Name
}

// monthSuffix is the suffix of a date key's computed year-month alias.
const monthSuffix = "_Month"

// keyName is the name a key's values come under in the groups: a date is
// grouped by its year and month (compute(yearmonth(…))).
func keyName(c Column) string {
	if c.Kind == Date {
		return c.Name + monthSuffix
	}
	return c.Name
}

// Alias is the name the aggregate comes under in the groups: Of_Method
// (TotalAmount_sum), or Count for a count.
func (s GroupSpec) Alias() string {
	if s.Method == Count || s.Method == "" {
		return "Count"
	}
	return s.Of.Name + "_" + s.Method
}

// Apply is the $apply pipeline of s: groupby((keys),aggregate(Of with
// Method as Of_Method,$count as Count)); a date key is grouped by
// compute(yearmonth(Col) as Col_Month).
func (s GroupSpec) Apply() odata.Apply {
	var a odata.Apply
	for _, k := range s.Keys {
		if k.Kind == Date {
			a.Compute = append(a.Compute, "yearmonth("+k.Name+") as "+keyName(k))
		}
		a.GroupBy = append(a.GroupBy, keyName(k))
	}
	if s.Method != Count && s.Method != "" {
		a.Aggregates = append(a.Aggregates, odata.Aggregate{Prop: s.Of.Name, Method: s.Method, As: s.Alias()})
	}
	a.Aggregates = append(a.Aggregates, odata.Count("Count"))
	return a
}

// Groups is a computed group-by.
type Groups struct {
	Set       string   `json:"set"`
	Filter    string   `json:"filter,omitempty"`
	Keys      []string `json:"keys"`
	Aggregate string   `json:"aggregate"`
	Rows      int64    `json:"rows"` // rows counted, over every group
	Groups    []Group  `json:"groups"`

	// Sampled: the server has no $apply, the groups are of the first
	// Loaded rows only (see Note). PerMember: counted with one $count per
	// member of an enum.
	Sampled   bool `json:"sampled,omitempty"`
	Loaded    int  `json:"loaded,omitempty"`
	PerMember bool `json:"perMember,omitempty"`

	Apply    string      `json:"apply,omitempty"` // the $apply sent
	Query    odata.Query `json:"-"`               // the query of the $apply (for an export)
	Requests []string    `json:"requests,omitempty"`

	spec GroupSpec
}

// Group is one group: its key values, its rows and the aggregate.
type Group struct {
	Keys   []any    `json:"keys"`   // as the server sent them (for a filter)
	Labels []string `json:"labels"` // as people read them
	Count  int64    `json:"count"`
	Value  string   `json:"value,omitempty"` // the aggregate as exact decimal text; "" for null
	Unit   string   `json:"unit,omitempty"`  // the currency or unit of an amount or quantity
}

// Spec is the group-by asked.
func (g *Groups) Spec() GroupSpec { return g.spec }

// Note says where the groups come from.
func (g *Groups) Note() string {
	switch {
	case g.Sampled:
		return fmt.Sprintf("from the %d rows loaded, not the whole set (the server does not support $apply)", g.Loaded)
	case g.PerMember:
		return "counted with one $count per member (the server does not support $apply)"
	case g.Filter != "":
		return "computed by the server with $apply over every row the filter matches"
	}
	return "computed by the server with $apply over the whole set"
}

// ComputeGroups groups set under filter as spec asks, with $apply. When
// meta (nil for none) says the set has no $apply (NoApply), or the first
// request is refused as unsupported (odata.ApplyUnsupported),
// a count by one enum column of few members is made of one $count per
// member; anything else is grouped from loaded (the grid's rows; when nil,
// a page fetched for it), which the result says.
func ComputeGroups(ctx context.Context, c *odata.Client, meta *odata.Model, set, filter string, spec GroupSpec, loaded []odata.Row) (*Groups, error) {
	if len(spec.Keys) == 0 || len(spec.Keys) > 2 {
		return nil, fmt.Errorf("group by one or two columns, not %d", len(spec.Keys))
	}
	g := &Groups{Set: set, Filter: filter, Aggregate: spec.Label(), spec: spec}
	for _, k := range spec.Keys {
		g.Keys = append(g.Keys, k.Name)
	}
	derive := spec.Method == Average && c.Dialect().ApplyLimits().NoAverage
	a := spec.Apply()
	if derive { // sum (under the average's alias) and $count; the average is made in averages
		a.Aggregates[0].Method = Sum
	}
	if NoApply(meta, set) {
		return g.fallback(ctx, c, loaded)
	}
	g.Query = c.ApplyQuery(set, a, filter)
	g.Apply = g.Query.Params.Get("$apply")
	if u, err := c.ApplyURL(set, a, filter); err == nil {
		g.Requests = append(g.Requests, u.String())
	}
	rows, err := c.Apply(ctx, set, a, filter)
	if odata.ApplyUnsupported(err) {
		return g.fallback(ctx, c, loaded)
	}
	if err != nil {
		return nil, err
	}
	if derive {
		if err := g.averages(ctx, c, rows); err != nil {
			return nil, err
		}
	}
	g.fromRows(rows)
	return g, nil
}

// averages turns each group's sum into its average for a server without
// the average method: the sum over the rows with a value. An amount's
// nulls are a group of their own already (the groups are split per
// currency); a number's are counted per group with one more request.
func (g *Groups) averages(ctx context.Context, c *odata.Client, rows []odata.Row) error {
	nulls := map[string]int64{}
	if g.spec.Of.Kind != Measure {
		a := GroupSpec{Keys: g.spec.Keys, Method: Count}.Apply()
		nf := AndFilter(g.Filter, g.spec.Of.Name+" eq null")
		if u, err := c.ApplyURL(g.Set, a, nf); err == nil {
			g.Requests = append(g.Requests, u.String())
		}
		nrows, err := c.Apply(ctx, g.Set, a, nf)
		if err != nil {
			return err
		}
		for _, r := range nrows {
			n, _ := odata.Number(r.Values["Count"])
			if n != nil {
				nulls[g.rowID(r)] = n.Num().Int64()
			}
		}
	}
	alias := g.spec.Alias()
	for _, r := range rows {
		sum, _, ok := odata.Measure(r.Values[alias])
		n, _ := odata.Number(r.Values["Count"])
		if !ok || n == nil {
			continue
		}
		vals := n.Num().Int64() - nulls[g.rowID(r)]
		if vals <= 0 {
			r.Values[alias] = nil
			continue
		}
		avg := decimalText(new(big.Rat).Quo(sum, big.NewRat(vals, 1)))
		if m, isObj := r.Values[alias].(map[string]any); isObj {
			m["Value"] = avg
		} else {
			r.Values[alias] = avg
		}
	}
	return nil
}

// rowID identifies a server's group by its key values.
func (g *Groups) rowID(r odata.Row) string {
	var b strings.Builder
	for _, k := range g.spec.Keys {
		if v := r.Values[keyName(k)]; v == nil {
			b.WriteString("\x00null")
		} else {
			b.WriteString(display(v))
		}
		b.WriteByte(1)
	}
	return b.String()
}

// fromRows reads the server's groups.
func (g *Groups) fromRows(rows []odata.Row) {
	for _, r := range rows {
		var gr Group
		for _, k := range g.spec.Keys {
			v := r.Values[keyName(k)]
			gr.Keys = append(gr.Keys, v)
			gr.Labels = append(gr.Labels, keyLabel(k, v))
		}
		if n, ok := odata.Number(r.Values["Count"]); ok {
			gr.Count = n.Num().Int64()
		}
		g.Rows += gr.Count
		if g.spec.Method == Count || g.spec.Method == "" {
			gr.Value = strconv.FormatInt(gr.Count, 10)
		} else if n, unit, ok := odata.Measure(r.Values[g.spec.Alias()]); ok {
			gr.Value, gr.Unit = decimalText(n), unit
		}
		g.Groups = append(g.Groups, gr)
	}
	g.sort()
}

// keyLabel is a key value as people read it: a year-month as 2024-01.
func keyLabel(k Column, v any) string {
	if v == nil {
		return "(null)"
	}
	s := display(v)
	if k.Kind == Date && len(s) == 6 {
		return s[:4] + "-" + s[4:]
	}
	return s
}

// sort orders the groups by the aggregate, largest first, nulls last;
// amounts of different currencies are not compared: the currency with the
// most rows comes first, each currency's groups by amount.
func (g *Groups) sort() {
	units := map[string]int64{}
	for _, gr := range g.Groups {
		units[gr.Unit] += gr.Count
	}
	slices.SortStableFunc(g.Groups, func(a, b Group) int {
		va, okA := new(big.Rat).SetString(a.Value)
		vb, okB := new(big.Rat).SetString(b.Value)
		switch {
		case !okA && !okB:
			return 0
		case !okA:
			return 1
		case !okB:
			return -1
		case a.Unit != b.Unit:
			if n := cmp.Compare(units[b.Unit], units[a.Unit]); n != 0 {
				return n
			}
			return strings.Compare(a.Unit, b.Unit)
		}
		return vb.Cmp(va)
	})
}

// Max is the largest aggregate of the groups in unit (for a bar's scale).
// A group whose keys are all null does not set the scale while another
// group has a value: the rows without a sales person, say, would shrink the
// named ones' bars to a cell each (its own bar is cut at the width).
func (g *Groups) Max(unit string) *big.Rat {
	var most, mostNull *big.Rat
	for _, gr := range g.Groups {
		if gr.Unit != unit {
			continue
		}
		v, ok := new(big.Rat).SetString(gr.Value)
		if !ok {
			continue
		}
		if allNull(gr.Keys) {
			if mostNull == nil || v.Cmp(mostNull) > 0 {
				mostNull = v
			}
		} else if most == nil || v.Cmp(most) > 0 {
			most = v
		}
	}
	if most == nil {
		return mostNull
	}
	return most
}

// allNull reports whether every key of a group is null.
func allNull(keys []any) bool {
	for _, k := range keys {
		if k != nil {
			return false
		}
	}
	return len(keys) > 0
}

// Clause is the $filter clause that keeps the rows of group gr: each key
// equal to its value (a year-month as a range of dates), joined with and.
func (g *Groups) Clause(d odata.Dialect, meta *odata.Model, gr Group) (string, error) {
	var parts []string
	for i, k := range g.spec.Keys {
		c, err := keyClause(d, meta, g.Set, k, gr.Keys[i])
		if err != nil {
			return "", err
		}
		parts = append(parts, c)
	}
	return strings.Join(parts, " and "), nil
}

// keyClause is the clause of one key; a date key's value is a year-month.
func keyClause(d odata.Dialect, meta *odata.Model, set string, k Column, v any) (string, error) {
	if k.Kind != Date || v == nil {
		return Clause(d, meta, set, k, v)
	}
	n, ok := odata.Number(v)
	if !ok || !n.IsInt() {
		return "", fmt.Errorf("the month %v of %s cannot be filtered on from here", v, k.Name)
	}
	ym := n.Num().Int64()
	y, m := ym/100, ym%100
	ny, nm := y, m+1
	if nm > 12 {
		ny, nm = y+1, 1
	}
	from := time.Date(int(y), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(int(ny), time.Month(nm), 1, 0, 0, 0, 0, time.UTC)
	if !d.Supports("lt") { // ERP.net: le the month's last day (moment)
		if k.Type == "Edm.Date" {
			return k.Name + " ge " + from.Format(time.DateOnly) + " and " + k.Name + " le " + to.AddDate(0, 0, -1).Format(time.DateOnly), nil
		}
		return k.Name + " ge " + from.Format(time.RFC3339) + " and " + k.Name + " le " + to.Add(-time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00"), nil
	}
	if k.Type == "Edm.Date" {
		return k.Name + " ge " + from.Format(time.DateOnly) + " and " + k.Name + " lt " + to.Format(time.DateOnly), nil
	}
	return k.Name + " ge " + from.Format(time.RFC3339) + " and " + k.Name + " lt " + to.Format(time.RFC3339), nil
}
