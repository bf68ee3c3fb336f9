package demo

import (
	"net/http"
	"slices"
	"strings"
)

// $apply, as ERP.net documents it (docs.erp.net, "Grouping and
// aggregation") within the OData Data Aggregation extension: a pipeline of
// filter(…) and compute(…) steps ending in groupby((…)[,aggregate(…)]) or
// aggregate(…). Aggregates: $count, sum, min and max (measures only),
// countdistinct; no average. compute: year, yearmonth, date. Amounts and
// quantities aggregate to {Value,Currency}/{Value,Unit} objects, and a group
// is split per currency or unit. $orderby is refused with groupby, and the
// grouped result has no nextLink. The normal $filter applies before the
// pipeline. This file parses and binds; applyeval.go evaluates and writes.

// applyPlan is a bound $apply pipeline.
type applyPlan struct {
	filters []cond
	compute []computed
	grouped bool       // groupby(…) (else aggregate(…) alone)
	keys    []groupKey // groupby properties, in the order given
	aggs    []aggregate
}

// computed is compute(fn(Prop) as Alias).
type computed struct {
	alias, fn string
	p         *prop
}

// groupKey is one groupby property: an entity property or a computed alias.
type groupKey struct {
	name string
	p    *prop
	comp *computed
}

// aggregate is one aggregate expression: $count as Alias, or Prop with fn as Alias.
type aggregate struct {
	alias, fn string // fn: $count sum min max countdistinct
	p         *prop
}

// applyFuncs are the aggregate methods ERP.net supports.
var applyFuncs = []string{"sum", "min", "max", "countdistinct"}

// parseApply parses and binds $apply against set s.
func parseApply(s *entitySet, v string) (*applyPlan, error) {
	steps, err := splitTop(strings.TrimSpace(v), '/')
	if err != nil {
		return nil, err
	}
	pl := &applyPlan{}
	for i, step := range steps {
		step = strings.TrimSpace(step)
		name, inner, ok := strings.Cut(step, "(")
		if !ok || !strings.HasSuffix(inner, ")") {
			return nil, errSyntax("The $apply step %q is not valid; write a transformation such as groupby((State),aggregate($count as Count)).", step)
		}
		inner = strings.TrimSuffix(inner, ")")
		last := i == len(steps)-1
		switch name {
		case "filter":
			e, err := parseFilter(inner)
			if err != nil {
				return nil, err
			}
			c, err := bind(s, e)
			if err != nil {
				return nil, err
			}
			pl.filters = append(pl.filters, c)
		case "compute":
			if err := pl.parseCompute(s, inner); err != nil {
				return nil, err
			}
		case "groupby", "aggregate":
			if !last {
				return nil, errNotSupported("$apply: %s must be the last transformation; the demo instance supports filter(…) and compute(…) before it.", name)
			}
			if name == "aggregate" {
				return pl, pl.parseAggregates(s, inner)
			}
			pl.grouped = true
			return pl, pl.parseGroupBy(s, inner)
		default:
			return nil, errNotSupported("The $apply transformation %s is not supported; use filter, compute, groupby or aggregate.", name)
		}
	}
	return nil, errNotSupported("$apply must end with groupby(…) or aggregate(…).")
}

func (pl *applyPlan) parseCompute(s *entitySet, inner string) error {
	items, err := splitTop(inner, ',')
	if err != nil {
		return err
	}
	for _, item := range items {
		expr, alias, ok := cutAs(item)
		fn, arg, isCall := strings.Cut(expr, "(")
		if !ok || !isCall || !strings.HasSuffix(arg, ")") {
			return errSyntax("The compute expression %q is not valid; write e.g. compute(year(DocumentDate) as Year).", strings.TrimSpace(item))
		}
		fn = strings.TrimSpace(fn)
		switch fn {
		case "year", "yearmonth", "date":
		case "substring":
			return errNotSupported("compute(substring(…)) is not supported by the demo instance; use year, yearmonth or date.")
		default:
			return errNotSupported("The function %s is not supported in compute; use year, yearmonth or date.", fn)
		}
		name := strings.TrimSpace(strings.TrimSuffix(arg, ")"))
		p := s.byName[name]
		if p == nil {
			return errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", name, s.typeName)
		}
		if p.kind != kDate && p.kind != kDateTime {
			return errSyntax("The function %s needs a date or date-time property, and %s is not one.", fn, name)
		}
		if err := pl.checkAlias(s, alias); err != nil {
			return err
		}
		pl.compute = append(pl.compute, computed{alias: alias, fn: fn, p: p})
	}
	return nil
}

func (pl *applyPlan) parseGroupBy(s *entitySet, inner string) error {
	args, err := splitTop(inner, ',')
	if err != nil {
		return err
	}
	first := strings.TrimSpace(args[0])
	if !strings.HasPrefix(first, "(") || !strings.HasSuffix(first, ")") {
		return errSyntax("groupby takes its properties in parentheses, e.g. groupby((State)).")
	}
	names, err := splitTop(first[1:len(first)-1], ',')
	if err != nil {
		return err
	}
	for _, n := range names {
		n = strings.TrimSpace(n)
		k, err := pl.groupKey(s, n)
		if err != nil {
			return err
		}
		for _, have := range pl.keys {
			if have.name == n {
				return errSyntax("groupby names %s twice; name it once.", n)
			}
		}
		pl.keys = append(pl.keys, k)
	}
	switch {
	case len(args) == 1:
		return nil
	case len(args) > 2:
		return errSyntax("groupby takes two arguments: the properties and one aggregate(…).")
	}
	second := strings.TrimSpace(args[1])
	if !strings.HasPrefix(second, "aggregate(") || !strings.HasSuffix(second, ")") {
		return errNotSupported("The second argument of groupby must be aggregate(…).")
	}
	return pl.parseAggregates(s, second[len("aggregate("):len(second)-1])
}

func (pl *applyPlan) groupKey(s *entitySet, n string) (groupKey, error) {
	for i := range pl.compute {
		if pl.compute[i].alias == n {
			return groupKey{name: n, comp: &pl.compute[i]}, nil
		}
	}
	if strings.Contains(n, "/") {
		return groupKey{}, errNotSupported("Grouping by the path %s is not supported by the demo instance; group by the entity's own properties.", n)
	}
	p := s.byName[n]
	if n == "Id" {
		p = idProp
	}
	if p == nil {
		if n == "" {
			return groupKey{}, errSyntax("groupby has an empty property; separate names with single commas.")
		}
		return groupKey{}, errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", n, s.typeName)
	}
	switch p.kind {
	case kML, kLines, kAmount, kQuantity:
		return groupKey{}, errNotSupported("$apply/groupby: %s is not a dimension, so it cannot be a group key.", n)
	}
	return groupKey{name: n, p: p}, nil
}

func (pl *applyPlan) parseAggregates(s *entitySet, inner string) error {
	items, err := splitTop(inner, ',')
	if err != nil {
		return err
	}
	for _, item := range items {
		expr, alias, ok := cutAs(item)
		if !ok {
			return errSyntax("The aggregate expression %q is not valid; write Property with sum as Alias or $count as Alias.", strings.TrimSpace(item))
		}
		if err := pl.checkAlias(s, alias); err != nil {
			return err
		}
		if expr == "$count" {
			pl.aggs = append(pl.aggs, aggregate{alias: alias, fn: "$count"})
			continue
		}
		name, fn, ok := strings.Cut(expr, " with ")
		name, fn = strings.TrimSpace(name), strings.TrimSpace(fn)
		if !ok {
			return errSyntax("The aggregate expression %q is not valid; write Property with sum as Alias.", strings.TrimSpace(item))
		}
		if fn == "average" {
			return errNotSupported("The aggregation method 'average' is not supported; aggregate with sum and $count instead.")
		}
		if !slices.Contains(applyFuncs, fn) {
			return errNotSupported("The aggregation method '%s' is not supported; use sum, min, max, countdistinct or $count.", fn)
		}
		if base, _, isPath := strings.Cut(name, "/"); isPath {
			if p := s.byName[base]; p != nil && (p.kind == kAmount || p.kind == kQuantity) {
				return errNotSupported("Aggregating %s is not supported; aggregate %s itself, and the result keeps its measure.", name, base)
			}
			return errNotSupported("Aggregating the path %s is not supported by the demo instance.", name)
		}
		p := s.byName[name]
		if name == "Id" {
			p = idProp
		}
		if p == nil {
			return errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", name, s.typeName)
		}
		measure := p.kind == kInt32 || p.kind == kInt64 || p.kind == kDecimal || p.kind == kDouble || p.kind == kAmount || p.kind == kQuantity
		switch {
		case p.kind == kLines || p.kind == kML:
			return errNotSupported("%s cannot be aggregated.", name)
		case fn != "countdistinct" && !measure:
			return errNotSupported("The aggregation method '%s' applies to measures (numbers, amounts, quantities) only, and %s is not one.", fn, name)
		}
		pl.aggs = append(pl.aggs, aggregate{alias: alias, fn: fn, p: p})
	}
	return nil
}

// checkAlias rejects an alias that is not an identifier or is taken.
func (pl *applyPlan) checkAlias(s *entitySet, alias string) error {
	if alias == "" || !isIdentStart(alias[0]) || strings.IndexFunc(alias, func(r rune) bool { return r > 127 || !isIdentChar(byte(r)) }) >= 0 {
		return errSyntax("The alias %q is not a valid name.", alias)
	}
	taken := s.byName[alias] != nil
	for _, c := range pl.compute {
		taken = taken || c.alias == alias
	}
	for _, a := range pl.aggs {
		taken = taken || a.alias == alias
	}
	if taken {
		return errSyntax("The alias %s is already a property or an alias; choose another name.", alias)
	}
	return nil
}

// cutAs splits "expr as Alias".
func cutAs(item string) (expr, alias string, ok bool) {
	i := strings.LastIndex(item, " as ")
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+4:]), true
}

// serveApply answers a collection request with $apply; handled is false when
// the request has no $apply.
func (i *Instance) serveApply(w http.ResponseWriter, r *http.Request, s *entitySet, ps []param, ieee bool) (handled bool, _ *apiError) {
	var apply string
	var rest []param
	has := map[string]bool{}
	for _, p := range ps {
		if p.key == "$apply" {
			apply, handled = p.val, true
			continue
		}
		has[p.key] = true
		rest = append(rest, p)
	}
	if !handled {
		return false, nil
	}
	for _, o := range []string{"$select", "$expand", "$skiptoken"} {
		if has[o] {
			return true, errNotSupported("The query option %s is not supported together with $apply.", o)
		}
	}
	pl, err := parseApply(s, apply)
	if err != nil {
		return true, err.(*apiError)
	}
	if pl.grouped && has["$orderby"] {
		return true, &apiError{status: http.StatusInternalServerError, typ: "NotSupportedException", msg: "OData $orderby is not supported together with $apply groupby."}
	}
	q, err := buildQuery(s, rest, topOptions)
	if err != nil {
		return true, err.(*apiError)
	}
	i.writeBody(w, ieee, pl.respond(serviceRoot(r), q, s.rows, ieee))
	return true, nil
}
