package odata

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Server-side aggregation with $apply (OData Data Aggregation extension):
// a builder for the $apply text, the request, and the dialect's limits.

// Aggregate is one aggregate expression of $apply: "$count as As" when
// Method is "$count", else "Prop with Method as As".
type Aggregate struct {
	Prop   string // the aggregated property; "" for $count
	Method string // $count, sum, min, max, countdistinct, average
	As     string // the alias the result row carries
}

// Count is "$count as as": the number of rows in the group.
func Count(as string) Aggregate { return Aggregate{Method: "$count", As: as} }

// Sum is "prop with sum as as".
func Sum(prop, as string) Aggregate { return Aggregate{prop, "sum", as} }

// Min is "prop with min as as".
func Min(prop, as string) Aggregate { return Aggregate{prop, "min", as} }

// Max is "prop with max as as".
func Max(prop, as string) Aggregate { return Aggregate{prop, "max", as} }

// CountDistinct is "prop with countdistinct as as".
func CountDistinct(prop, as string) Aggregate { return Aggregate{prop, "countdistinct", as} }

// Average is "prop with average as as"; ForDialect rewrites it for a
// server without average (ERP.net).
func Average(prop, as string) Aggregate { return Aggregate{prop, "average", as} }

// String returns the aggregate's $apply text.
func (a Aggregate) String() string {
	if a.Method == "$count" {
		return "$count as " + a.As
	}
	return a.Prop + " with " + a.Method + " as " + a.As
}

// Apply is a $apply pipeline: filter(Filter)/compute(Compute…)/ then
// groupby((GroupBy…),aggregate(Aggregates…)), or aggregate(Aggregates…)
// alone when GroupBy is empty. It is a value; String renders it.
type Apply struct {
	Filter     string      // a filter(…) step first; "" for none
	Compute    []string    // compute(…) items, e.g. "year(DocumentDate) as Year"
	GroupBy    []string    // group keys: properties or computed aliases
	Aggregates []Aggregate // aggregate(…) items
}

// GroupBy groups by props with aggregates aggs (none: distinct key values).
func GroupBy(props []string, aggs ...Aggregate) Apply {
	return Apply{GroupBy: slices.Clone(props), Aggregates: aggs}
}

// AggregateAll aggregates the whole (filtered) set into one row (per
// currency or unit when an amount or quantity is aggregated on ERP.net).
func AggregateAll(aggs ...Aggregate) Apply { return Apply{Aggregates: aggs} }

// Where returns a with the filter step set to expr.
func (a Apply) Where(expr string) Apply { a.Filter = expr; return a }

// String renders the pipeline as $apply text (unescaped).
func (a Apply) String() string {
	var steps []string
	if a.Filter != "" {
		steps = append(steps, "filter("+a.Filter+")")
	}
	if len(a.Compute) > 0 {
		steps = append(steps, "compute("+strings.Join(a.Compute, ",")+")")
	}
	aggs := make([]string, len(a.Aggregates))
	for i, g := range a.Aggregates {
		aggs[i] = g.String()
	}
	switch {
	case len(a.GroupBy) == 0:
		steps = append(steps, "aggregate("+strings.Join(aggs, ",")+")")
	case len(aggs) == 0:
		steps = append(steps, "groupby(("+strings.Join(a.GroupBy, ",")+"))")
	default:
		steps = append(steps, "groupby(("+strings.Join(a.GroupBy, ",")+"),aggregate("+strings.Join(aggs, ",")+"))")
	}
	return strings.Join(steps, "/")
}

// ApplyLimits is how a dialect's $apply departs from the aggregation
// extension.
type ApplyLimits struct {
	// NoAverage: the server has no "average" method (ERP.net); derive it
	// from a sum and a count (ForDialect, Averages).
	NoAverage bool

	// NoOrderByWithGroupBy: $orderby is refused together with groupby
	// (ERP.net): sort the groups on the client (SortGroups).
	NoOrderByWithGroupBy bool

	// FilterFirst: the server applies $filter before $apply (ERP.net
	// documents it, and lists no filter() transformation), so a filter is
	// sent as $filter; elsewhere $filter applies after $apply, so it goes
	// into the pipeline as a filter(…) step.
	FilterFirst bool
}

// ApplyLimits returns the $apply limits of dialect d.
func (d Dialect) ApplyLimits() ApplyLimits {
	if d.Name == ERPNet.Name {
		return ApplyLimits{NoAverage: true, NoOrderByWithGroupBy: true, FilterFirst: true}
	}
	return ApplyLimits{}
}

// Suffixes of the aliases ForDialect gives the parts of a derived average.
const (
	avgSum   = "_sum"
	avgCount = "_count"
)

// ForDialect rewrites a for a server with limits l: each average becomes a
// sum (alias As+"_sum") and, once, a count (As+"_count"); Averages puts the
// average back into the rows. The count is of rows, nulls included: an
// average over a nullable property needs the nulls filtered out (or their
// number subtracted) to be exact.
func (a Apply) ForDialect(l ApplyLimits) Apply {
	if !l.NoAverage {
		return a
	}
	var out []Aggregate
	for _, g := range a.Aggregates {
		if g.Method != "average" {
			out = append(out, g)
			continue
		}
		out = append(out, Sum(g.Prop, g.As+avgSum), Count(g.As+avgCount))
	}
	a.Aggregates = out
	return a
}

// Averages sets, in each row, every average of a (as given to ForDialect)
// from its sum and count parts, and removes the parts. An amount's average
// keeps its currency: {"Value": …, "Currency": …}.
func Averages(a Apply, rows []Row) {
	for _, g := range a.Aggregates {
		if g.Method != "average" {
			continue
		}
		for i := range rows {
			r := &rows[i]
			sum, ok := r.Values[g.As+avgSum]
			if !ok {
				continue
			}
			n, _ := Number(r.Values[g.As+avgCount])
			r.Values[g.As] = divide(sum, n)
			delete(r.Values, g.As+avgSum)
			delete(r.Values, g.As+avgCount)
			r.Keys = slices.DeleteFunc(r.Keys, func(k string) bool { return k == g.As+avgSum || k == g.As+avgCount })
			r.Keys = append(r.Keys, g.As)
		}
	}
}

// divide is sum/n as a decimal string (sum a number, or an amount object
// whose Value is divided); nil when either is missing or n is zero.
func divide(sum any, n *big.Rat) any {
	if n == nil || n.Sign() == 0 {
		return nil
	}
	if m, ok := sum.(map[string]any); ok {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		out["Value"] = divide(m["Value"], n)
		return out
	}
	s, ok := Number(sum)
	if !ok {
		return nil
	}
	return strings.TrimRight(strings.TrimRight(new(big.Rat).Quo(s, n).FloatString(6), "0"), ".")
}

// Number reads a decoded numeric value (json.Number, a decimal string under
// IEEE754Compatible, or a float) exactly; ok is false for anything else.
func Number(v any) (*big.Rat, bool) {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	case float64:
		return new(big.Rat).SetFloat64(v), true
	case int64:
		return new(big.Rat).SetInt64(v), true
	case int:
		return new(big.Rat).SetInt64(int64(v)), true
	default:
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// Measure splits an aggregated amount {"Value","Currency"} or quantity
// {"Value","Unit"} into its number and unit; a plain number has unit "".
func Measure(v any) (n *big.Rat, unit string, ok bool) {
	if m, isObj := v.(map[string]any); isObj {
		unit, _ = m["Currency"].(string)
		if u, has := m["Unit"].(string); has {
			unit = u
		}
		n, ok = Number(m["Value"])
		return n, unit, ok
	}
	n, ok = Number(v)
	return n, "", ok
}

// SortGroups orders rows by the aggregate (or key) named by, numerically
// where both values are numbers (amounts by their Value), else as text;
// nulls last. It is stable, for servers that refuse $orderby with groupby.
func SortGroups(rows []Row, by string, desc bool) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		va, vb := a.Values[by], b.Values[by]
		switch {
		case va == nil && vb == nil:
			return 0
		case va == nil:
			return 1
		case vb == nil:
			return -1
		}
		var n int
		na, _, okA := Measure(va)
		nb, _, okB := Measure(vb)
		if okA && okB {
			n = na.Cmp(nb)
		} else {
			n = cmp.Compare(groupText(va), groupText(vb))
		}
		if desc {
			n = -n
		}
		return n
	})
}

func groupText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ApplyQuery is the Query of Set?$apply=… for dialect d, without $top:
// filter goes into $filter where the dialect applies it first, else into a
// filter(…) step; the pipeline (rewritten for the dialect's limits) is the
// "$apply" parameter. An export pages it like any query.
func (c *Client) ApplyQuery(set string, a Apply, filter string) Query {
	q := Query{Set: set}
	if filter != "" {
		if c.Dialect().ApplyLimits().FilterFirst {
			q.Filter = filter
		} else {
			a.Filter = andExpr(a.Filter, filter)
		}
	}
	q.Params = url.Values{"$apply": {a.ForDialect(c.Dialect().ApplyLimits()).String()}}
	return q
}

// ApplyTextQuery is ApplyQuery for $apply text as a user wrote it: filter
// is sent as $filter where the dialect applies it first, else put in
// front of the pipeline as a filter(…) step.
func (c *Client) ApplyTextQuery(set, apply, filter string) Query {
	q := Query{Set: set}
	if filter != "" {
		if c.Dialect().ApplyLimits().FilterFirst {
			q.Filter = filter
		} else {
			apply = "filter(" + filter + ")/" + apply
		}
	}
	q.Params = url.Values{"$apply": {apply}}
	return q
}

func andExpr(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return "(" + a + ") and (" + b + ")"
}

// ApplyURL is the URL of Set?$apply=… for dialect d: filter goes into
// $filter where the dialect applies it first, else into a filter(…) step.
// No $top is sent: grouped results have no stable paging.
func (c *Client) ApplyURL(set string, a Apply, filter string) (*url.URL, error) {
	if set == "" {
		return nil, errNoSet
	}
	return c.queryURL(c.ApplyQuery(set, a, filter))
}

// maxApplyPages bounds the next links followed for one grouped result.
const maxApplyPages = 1000

// maxApplyRows bounds the rows (groups) read for one grouped result, so
// that a hostile or broken server cannot fill memory with them. A
// variable so that a test can lower it.
var maxApplyRows = 1 << 20

// Apply runs $apply a on set under filter and returns the result rows (the
// groups), following next links if the server pages them. Averages the
// dialect lacks are derived (see ForDialect). The rows are in the server's
// order; sort them with SortGroups.
func (c *Client) Apply(ctx context.Context, set string, a Apply, filter string) ([]Row, error) {
	u, err := c.ApplyURL(set, a, filter)
	if err != nil {
		return nil, err
	}
	rows, err := c.applyRows(ctx, u)
	if err != nil {
		return nil, err
	}
	Averages(a, rows)
	return rows, nil
}

// ApplyText runs $apply text as written (see ApplyTextQuery) on set under
// filter and returns the result rows with their columns in the order the
// server first sent them.
func (c *Client) ApplyText(ctx context.Context, set, apply, filter string) (rows []Row, columns []string, err error) {
	if set == "" {
		return nil, nil, errNoSet
	}
	u, err := c.queryURL(c.ApplyTextQuery(set, apply, filter))
	if err != nil {
		return nil, nil, err
	}
	if rows, err = c.applyRows(ctx, u); err != nil {
		return nil, nil, err
	}
	return rows, orderColumns(nil, rows), nil
}

// applyRows fetches the grouped result at u, following next links (on the
// service's origin only). It stops with an error, rather than cut the
// groups short, on a next link already followed (ErrPagingLoop), after
// maxApplyPages next links, or past maxApplyRows rows.
func (c *Client) applyRows(ctx context.Context, u *url.URL) ([]Row, error) {
	p, err := c.fetchPage(ctx, u, nil, c.pageSize(), false)
	if err != nil {
		return nil, err
	}
	rows := p.Rows
	seen := map[string]bool{canonical(u): true}
	for n := 0; ; n++ {
		if len(rows) > maxApplyRows {
			return nil, fmt.Errorf("odata: the server sent more than %d groups, so odx stopped reading them; narrow the $apply or its filter", maxApplyRows)
		}
		if p.NextLink == "" {
			return rows, nil
		}
		if n >= maxApplyPages {
			return nil, fmt.Errorf("odata: the server pages its groups in more than %d pages, so odx stopped reading them after %d rows; narrow the $apply or its filter", maxApplyPages+1, len(rows))
		}
		nu, err := c.resolve(p.NextLink)
		if err != nil {
			return nil, err
		}
		link := canonical(nu)
		if seen[link] {
			return nil, linkError(int64(len(rows)))
		}
		seen[link] = true
		if p, err = c.fetchPage(ctx, nu, nil, c.pageSize(), false); err != nil {
			return nil, err
		}
		rows = append(rows, p.Rows...)
	}
}

// ApplyUnsupported reports whether err looks like a server without $apply:
// a 4xx answer (other than 401, 403, 404 and 429) or 501 Not Implemented.
func ApplyUnsupported(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests:
		return false
	case http.StatusNotImplemented:
		return true
	}
	return e.Status >= 400 && e.Status < 500
}
