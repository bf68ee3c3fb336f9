package demo

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// param is one decoded query parameter, in request order.
type param struct{ key, val string }

// parseParams splits a raw query on '&' only (a ';' belongs to $expand
// options), decodes each part and rejects a repeated system query option.
func parseParams(raw string) ([]param, error) {
	var ps []param
	seen := map[string]bool{}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errSyntax("The query string is not correctly percent-encoded near %q.", k)
		}
		if strings.HasPrefix(key, "$") {
			if seen[key] {
				return nil, errSyntax("The query option %s appears more than once; give it once.", key)
			}
			seen[key] = true
		}
		ps = append(ps, param{key, val})
	}
	return ps, nil
}

// query is a bound request against one entity set (or one expanded level).
type query struct {
	set       *entitySet
	withID    bool
	out       []*prop          // written properties in declared order
	expand    map[*prop]*query // expanded navigation properties
	filter    cond
	order     []orderKey
	top, skip int
	hasTop    bool
	skiptoken string
	count     bool
	search    string
	selectTxt string // explicit $select, for the context URL
}

type orderKey struct {
	p    *prop
	desc bool
}

// Query options allowed at the top level and inside $expand(...).
var (
	topOptions    = []string{"$select", "$expand", "$filter", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$search", "$format"}
	nestedOptions = []string{"$select", "$expand", "$filter", "$orderby", "$top", "$skip", "$count"}
	refOptions    = []string{"$select", "$expand"}
)

// buildQuery binds query options to set s. allowed lists the options legal here.
func buildQuery(s *entitySet, ps []param, allowed []string) (*query, error) {
	q := &query{set: s}
	opts := map[string]string{}
	for _, p := range ps {
		if !strings.HasPrefix(p.key, "$") {
			continue // ERP.net extensions (options, IEEE754Compatible, …) are not query options
		}
		if p.key == "$apply" {
			return nil, errNotSupported("$apply (grouping and aggregation) is not supported by the demo instance.")
		}
		if !slices.Contains(allowed, p.key) {
			if slices.Contains(topOptions, p.key) {
				return nil, errNotSupported("The query option %s is not supported here.", p.key)
			}
			return nil, errSyntax("The query parameter %s is not supported; the known options are %s.", p.key, strings.Join(topOptions, ", "))
		}
		opts[p.key] = p.val
	}
	var err error
	if v, ok := opts["$top"]; ok {
		if q.top, err = nonNegative("$top", v); err != nil {
			return nil, err
		}
		q.hasTop = true
	}
	if v, ok := opts["$skip"]; ok {
		if q.skip, err = nonNegative("$skip", v); err != nil {
			return nil, err
		}
	}
	if v, ok := opts["$count"]; ok {
		if v != "true" && v != "false" {
			return nil, errSyntax("$count must be true or false, not %q.", v)
		}
		q.count = v == "true"
	}
	if v, ok := opts["$format"]; ok {
		if f, _, _ := strings.Cut(v, ";"); f != "json" && f != "application/json" {
			return nil, errNotSupported("$format=%s is not supported; the Domain API answers JSON only.", v)
		}
	}
	if v, ok := opts["$skiptoken"]; ok {
		if len(v) != 36 || !reGuid().MatchString(v) {
			return nil, errSyntax("The $skiptoken %q is not valid; follow @odata.nextLink as given.", v)
		}
		q.skiptoken = strings.ToLower(v)
	}
	if v, ok := opts["$search"]; ok {
		q.search = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`))
	}
	if v, ok := opts["$filter"]; ok {
		e, err := parseFilter(v)
		if err != nil {
			return nil, err
		}
		if q.filter, err = bind(s, e); err != nil {
			return nil, err
		}
	}
	if v, ok := opts["$orderby"]; ok {
		if q.order, err = parseOrderBy(s, v); err != nil {
			return nil, err
		}
	}
	if q.skiptoken != "" && len(q.order) > 0 {
		return nil, errNotSupported("$skiptoken cannot be combined with $orderby; ordered results page with $skip.")
	}
	sel, hasSel := opts["$select"]
	if err := q.bindSelect(sel, hasSel); err != nil {
		return nil, err
	}
	if v, ok := opts["$expand"]; ok {
		if err := q.bindExpand(v); err != nil {
			return nil, err
		}
	}
	return q, nil
}

func nonNegative(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errSyntax("%s must be a whole number of zero or more, not %q.", name, v)
	}
	return n, nil
}

func parseOrderBy(s *entitySet, v string) ([]orderKey, error) {
	var keys []orderKey
	for item := range strings.SplitSeq(v, ",") {
		f := strings.Fields(item)
		if len(f) == 0 || len(f) > 2 || len(f) == 2 && f[1] != "asc" && f[1] != "desc" {
			return nil, errSyntax("The $orderby item %q is not valid; write Property, Property asc or Property desc.", strings.TrimSpace(item))
		}
		p := s.byName[f[0]]
		if f[0] == "Id" {
			p = idProp
		}
		if p == nil {
			return nil, errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", f[0], s.typeName)
		}
		if p != idProp && !p.orderable {
			return nil, errNotSupported("Cannot order %s by %s: the property %s is not orderable (orderable: %s).", s.name, p.name, p.name, orderableNames(s))
		}
		keys = append(keys, orderKey{p: p, desc: len(f) == 2 && f[1] == "desc"})
	}
	return keys, nil
}

func orderableNames(s *entitySet) string {
	names := []string{"Id"}
	for _, p := range s.props {
		if p.orderable {
			names = append(names, p.name)
		}
	}
	return strings.Join(names, ", ")
}

// bindSelect applies $select: absent, '*' or 'default' give the default
// projection (every property but Id and child collections); Id and other
// properties are added by name.
func (q *query) bindSelect(v string, has bool) error {
	chosen := map[*prop]bool{}
	def := !has
	if has {
		q.selectTxt = v
		for item := range strings.SplitSeq(v, ",") {
			item = strings.TrimSpace(item)
			switch {
			case item == "*" || item == "default":
				def = true
			case item == "Id":
				q.withID = true
			case item == "":
				return errSyntax("$select has an empty item; separate property names with single commas.")
			case strings.Contains(item, "/"):
				return errNotSupported("Selecting the path %s is not supported; use $expand=%s($select=…).", item, strings.SplitN(item, "/", 2)[0])
			default:
				p := q.set.byName[item]
				if p == nil {
					return errSyntax("Could not find a property named '%s' on type 'Erp.%s'.", item, q.set.typeName)
				}
				if p.kind == kLines {
					return errNotSupported("%s is a child collection and cannot be selected; use $expand=%s.", item, item)
				}
				chosen[p] = true
			}
		}
	}
	for _, p := range q.set.props {
		if chosen[p] || def && p.isDefault() {
			q.out = append(q.out, p)
		}
	}
	return nil
}

// bindExpand parses $expand=Nav,Nav(opt;opt) and binds each nested query.
func (q *query) bindExpand(v string) error {
	items, err := splitTop(v, ',')
	if err != nil {
		return err
	}
	q.expand = map[*prop]*query{}
	for _, item := range items {
		item = strings.TrimSpace(item)
		name, inner, hasOpts := strings.Cut(item, "(")
		name = strings.TrimSpace(name)
		p := q.set.byName[name]
		if p == nil || (p.kind != kRef && p.kind != kLines) {
			if strings.Contains(name, "/") {
				return errNotSupported("Expanding the path %s is not supported by the demo instance.", name)
			}
			return errSyntax("%s is not a navigation property of Erp.%s, so it cannot be expanded.", name, q.set.typeName)
		}
		if _, dup := q.expand[p]; dup {
			return errSyntax("%s is expanded twice; expand it once.", name)
		}
		var ps []param
		if hasOpts {
			if !strings.HasSuffix(inner, ")") {
				return errSyntax("The options of $expand=%s are not closed; add ')'.", name)
			}
			parts, err := splitTop(strings.TrimSuffix(inner, ")"), ';')
			if err != nil {
				return err
			}
			for _, part := range parts {
				k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
				if !ok || !strings.HasPrefix(k, "$") {
					return errSyntax("The $expand option %q is not valid; write $option=value.", part)
				}
				ps = append(ps, param{k, val})
			}
		}
		allowed := nestedOptions
		if p.kind == kRef {
			allowed = refOptions
		}
		sub, err := buildQuery(p.target, ps, allowed)
		if err != nil {
			return err
		}
		q.expand[p] = sub
		if !slices.Contains(q.out, p) {
			q.out = append(q.out, p)
			slices.SortFunc(q.out, func(a, b *prop) int { return q.set.index(a) - q.set.index(b) })
		}
	}
	return nil
}

func (s *entitySet) index(p *prop) int { return slices.Index(s.props, p) }

// splitTop splits v at sep outside parentheses and quotes.
func splitTop(v string, sep byte) ([]string, error) {
	var out []string
	depth, start, quoted := 0, 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth < 0 {
				return nil, errSyntax("A ')' in the query has no matching '('.")
			}
		case c == sep && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	if depth != 0 || quoted {
		return nil, errSyntax("A '(' or quote in the query is not closed.")
	}
	return append(out, v[start:]), nil
}
