package odata

import (
	"slices"
	"strings"
)

// What a service says it can do, from the Capabilities and Aggregation
// vocabularies in its metadata document: inline on an entity set or the
// entity container, or out of line in Annotations whose Target is the
// container, a set ("NS.Container/Set") or an entity type (Microsoft Graph
// annotates types; such an annotation holds for every set of exactly that
// type). Terms may be written with the vocabulary's namespace or an alias.
// Qualified annotations (Qualifier="…", "@Term#q") are ignored.

// Support is what a metadata document says about one capability.
type Support uint8

// The answers a document can give.
const (
	SupportUnknown Support = iota // the document does not say
	SupportYes
	SupportNo
)

// String returns "unknown", "yes" or "no".
func (s Support) String() string {
	switch s {
	case SupportYes:
		return "yes"
	case SupportNo:
		return "no"
	}
	return "unknown"
}

func supportOf(b bool) Support {
	if b {
		return SupportYes
	}
	return SupportNo
}

// capSet holds the capabilities annotated on one entity set or container.
type capSet struct {
	funcs    []string // Capabilities.FilterFunctions
	hasFuncs bool
	exprs    []propExpr // FilterRestrictions/FilterExpressionRestrictions
	apply    Support    // Aggregation.ApplySupported
	skip     Support    // Capabilities.SkipSupported
	top      Support    // Capabilities.TopSupported
	count    Support    // Capabilities.CountRestrictions/Countable
}

// propExpr is one FilterExpressionRestrictions record.
type propExpr struct{ prop, allowed string }

// FilterFunctions returns the functions the service allows in $filter on
// set (Capabilities.FilterFunctions on the set, else on its entity
// container), or nil when neither is annotated. The slice is a copy.
func (m *Model) FilterFunctions(set string) []string {
	s, ok := m.sets[set]
	if !ok {
		return nil
	}
	if s.caps.hasFuncs {
		return nonNil(slices.Clone(s.caps.funcs))
	}
	if c := s.container; c != nil && c.caps.hasFuncs {
		return nonNil(slices.Clone(c.caps.funcs))
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// FilterExpression returns the AllowedExpressions that
// Capabilities.FilterRestrictions/FilterExpressionRestrictions gives for
// property prop of set, as the document writes it: "SingleValue",
// "MultiValue", "SingleRange", "MultiRange", "SearchExpression" or
// "MultiRangeOrSearchExpression" (Microsoft Graph writes its own values,
// such as "ge le" or "any"); "" when the property is not restricted this
// way. Whether prop may be filtered at all is Filterable.
func (m *Model) FilterExpression(set, prop string) string {
	s, ok := m.sets[set]
	if !ok {
		return ""
	}
	for _, e := range s.caps.exprs {
		if e.prop == prop {
			return e.allowed
		}
	}
	return ""
}

// ApplySupported reports whether the service supports $apply on set:
// known is true when Org.OData.Aggregation.V1.ApplySupported annotates the
// set or its entity container, and supported is then true unless the
// annotation's value is Null. known is false when the document does not
// say (a server may still support $apply; try it).
func (m *Model) ApplySupported(set string) (supported, known bool) {
	s, ok := m.sets[set]
	if !ok {
		return false, false
	}
	a := s.caps.apply
	if a == SupportUnknown && s.container != nil {
		a = s.container.caps.apply
	}
	return a == SupportYes, a != SupportUnknown
}

// Paging reports whether set supports $skip (Capabilities.SkipSupported),
// $top (TopSupported) and $count (CountRestrictions/Countable), from
// annotations on the set, else on its entity container. An annotation
// without a value means yes (the terms are tags), a CountRestrictions
// record without Countable too (its default).
func (m *Model) Paging(set string) (skip, top, count Support) {
	s, ok := m.sets[set]
	if !ok {
		return SupportUnknown, SupportUnknown, SupportUnknown
	}
	skip, top, count = s.caps.skip, s.caps.top, s.caps.count
	if c := s.container; c != nil {
		skip, top, count = orSupport(skip, c.caps.skip), orSupport(top, c.caps.top), orSupport(count, c.caps.count)
	}
	return skip, top, count
}

func orSupport(a, b Support) Support {
	if a == SupportUnknown {
		return b
	}
	return a
}

// capTerm names the annotation terms the model keeps.
type capTerm uint8

const (
	capNone capTerm = iota
	capSort
	capFilter
	capFilterFuncs
	capSkip
	capTop
	capCount
	capApply
)

const (
	capabilitiesNS = "Org.OData.Capabilities.V1"
	aggregationNS  = "Org.OData.Aggregation.V1"
)

// capTermOf tells which kept term a term name is (namespace or alias
// qualified); capNone for any other.
func (b *builder) capTermOf(term string) capTerm {
	i := strings.LastIndexByte(term, '.')
	if i <= 0 {
		return capNone
	}
	ns := term[:i]
	if a, ok := b.m.aliases[ns]; ok {
		ns = a
	}
	switch ns {
	case capabilitiesNS:
		switch term[i+1:] {
		case "SortRestrictions":
			return capSort
		case "FilterRestrictions":
			return capFilter
		case "FilterFunctions":
			return capFilterFuncs
		case "SkipSupported":
			return capSkip
		case "TopSupported":
			return capTop
		case "CountRestrictions":
			return capCount
		}
	case aggregationNS:
		if term[i+1:] == "ApplySupported" {
			return capApply
		}
	}
	return capNone
}

// noValue is the value of an annotation that gives none (a tag).
type noValue struct{}

// capNote is one kept annotation and its value, converted to the shape
// encoding/json gives CSDL JSON (map[string]any for a record, []any for a
// collection, string, bool, nil for Null; noValue when absent). target is
// the Annotations Target of an out-of-line annotation, "" inline.
type capNote struct {
	target string
	term   capTerm
	val    any
}

// applySet records the annotation on an entity set.
func (n *capNote) applySet(s *EntitySet) {
	switch n.term {
	case capSort:
		rec, _ := n.val.(map[string]any)
		if v, ok := rec["Sortable"].(bool); ok && !v {
			s.NoSort = true
		}
		s.SortRestricted = append(s.SortRestricted, paths(rec["NonSortableProperties"])...)
	case capFilter:
		rec, _ := n.val.(map[string]any)
		if v, ok := rec["Filterable"].(bool); ok && !v {
			s.NoFilter = true
		}
		s.FilterRestricted = append(s.FilterRestricted, paths(rec["NonFilterableProperties"])...)
		exprs, _ := rec["FilterExpressionRestrictions"].([]any)
		for _, e := range exprs {
			r, _ := e.(map[string]any)
			prop, allowed := pathOf(r["Property"]), pathOf(r["AllowedExpressions"])
			if prop != "" && allowed != "" {
				s.caps.exprs = append(s.caps.exprs, propExpr{prop, allowed})
			}
		}
	default:
		n.applyCaps(&s.caps)
	}
}

// applyContainer records the annotation on an entity container; the
// restrictions of single sets do not apply to a container.
func (n *capNote) applyContainer(c *EntityContainer) {
	if n.term != capSort && n.term != capFilter {
		n.applyCaps(&c.caps)
	}
}

func (n *capNote) applyCaps(cs *capSet) {
	switch n.term {
	case capFilterFuncs:
		list, ok := n.val.([]any)
		if !ok {
			return
		}
		cs.funcs, cs.hasFuncs = cs.funcs[:0], true
		for _, v := range list {
			if f := pathOf(v); f != "" {
				cs.funcs = append(cs.funcs, f)
			}
		}
	case capSkip:
		cs.skip = both(cs.skip, tagSupport(n.val))
	case capTop:
		cs.top = both(cs.top, tagSupport(n.val))
	case capCount:
		switch v := n.val.(type) {
		case map[string]any:
			b, ok := v["Countable"].(bool)
			cs.count = both(cs.count, supportOf(!ok || b))
		case noValue:
			cs.count = both(cs.count, SupportYes)
		}
	case capApply:
		cs.apply = both(cs.apply, supportOf(n.val != nil))
	}
}

// both combines two annotations of one term on one target (Graph annotates
// some types twice, Countable=false and Countable=true): no wins, as it
// does for Sortable and Filterable.
func both(old, v Support) Support {
	if old == SupportNo || v == SupportUnknown {
		return old
	}
	return v
}

// tagSupport reads a Core.Tag-typed term: no value means true.
func tagSupport(v any) Support {
	switch v := v.(type) {
	case bool:
		return supportOf(v)
	case noValue:
		return SupportYes
	case string: // an Edm.Bool written as text
		switch strings.TrimSpace(v) {
		case "true":
			return SupportYes
		case "false":
			return SupportNo
		}
	}
	return SupportUnknown
}

// paths reads a collection of property paths.
func paths(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if p := pathOf(x); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pathOf reads a string or a path: "Name" (CSDL JSON and XML constants) or
// {"$PropertyPath": "Name"} (and $Path, $NavigationPropertyPath).
func pathOf(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		for _, k := range [...]string{"$PropertyPath", "$Path", "$NavigationPropertyPath"} {
			if s, ok := v[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// applyTargeted applies the out-of-line annotations: to the container or
// set their target names, and to the sets of an entity type they target.
func (b *builder) applyTargeted() {
	m := b.m
	for i := range b.targeted {
		n := &b.targeted[i]
		if s := b.targetSet(n.target); s != nil {
			n.applySet(s)
			continue
		}
		if c := b.targetContainer(n.target); c != nil {
			n.applyContainer(c)
			continue
		}
		for _, s := range m.bySetTy[m.qualify(n.target)] {
			n.applySet(s)
		}
	}
}

// targetContainer resolves an annotation target naming an entity
// container: "NS.Container" (namespace or alias).
func (b *builder) targetContainer(target string) *EntityContainer {
	q := b.m.qualify(target)
	for _, c := range b.m.Containers {
		if isContainer(q, c) {
			return c
		}
	}
	return nil
}

// isContainer reports whether q, a namespace-qualified name, names c.
func isContainer(q string, c *EntityContainer) bool {
	return len(q) == len(c.Namespace)+1+len(c.Name) && strings.HasPrefix(q, c.Namespace) && q[len(c.Namespace)] == '.' && strings.HasSuffix(q, c.Name)
}
