package odata

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Reverse navigation: the entity sets whose entities point at an entity of
// another set (a sales order's Customer points at a customer), found in
// $metadata, and the $filter that lists those pointing at one entity.

// Reverse is one way back to an entity set: navigation property Nav of the
// entities of Set leads to it.
type Reverse struct {
	Set        string // the entity set whose entities point back
	Nav        string // their navigation property
	Label      string // Nav's label from $metadata, "" when none
	Collection bool   // Nav is to-many: an entity may point at several

	// Partner is the navigation property of the pointed-at type that is
	// the same relationship seen from its side (v4 Partner, a v2
	// association's other end), "" when it has none: where it is set, the
	// relation is also reachable forward.
	Partner string
}

// ReverseNavigation lists the (entity set, navigation property) pairs that
// lead to entity set set, as Model.NavigationTarget resolves them
// (navigation property bindings, v2 association sets, else the only set of
// the navigation's type), in document order of the sets, then of the
// properties. Contained navigation (ContainsTarget) is left out: its
// entities live in no entity set. It is nil when set is unknown.
func (m *Model) ReverseNavigation(set string) []Reverse {
	target, ok := m.sets[set]
	if !ok {
		return nil
	}
	tt, _ := m.EntityType(target.EntityType)
	var out []Reverse
	for _, s := range m.setList {
		t, ok := m.EntityType(s.EntityType)
		if !ok {
			continue
		}
		for _, n := range t.AllNavigation() {
			if n.ContainsTarget || !m.related(n.Type, tt) {
				continue
			}
			if to, ok := m.NavigationTarget(s.Name, n.Name); !ok || to != target {
				continue
			}
			out = append(out, Reverse{Set: s.Name, Nav: n.Name, Label: n.Label, Collection: n.Collection, Partner: partner(tt, t, n)})
		}
	}
	return out
}

// related reports whether entity type name and type t are one type or one
// derives from the other: only then may a navigation property of type name
// lead to a set of type t. It saves resolving every navigation property of
// a large service.
func (m *Model) related(name string, t *EntityType) bool {
	if t == nil {
		return true // unknown: let NavigationTarget decide
	}
	for x := t; x != nil; x = x.base {
		if x.QualifiedName() == name {
			return true
		}
	}
	nt, ok := m.entities[name]
	if !ok {
		return false
	}
	for x := nt.base; x != nil; x = x.base {
		if x == t {
			return true
		}
	}
	return false
}

// partner names the navigation property of type to that is the other side
// of navigation property n of type from, "" when there is none.
func partner(to, from *EntityType, n NavigationProperty) string {
	if to == nil {
		return ""
	}
	if n.Partner != "" {
		if _, ok := to.NavigationProperty(n.Partner); ok {
			return n.Partner
		}
	}
	for _, p := range to.AllNavigation() {
		switch {
		case p.Partner == n.Name && p.Type == from.QualifiedName():
			return p.Name
		case p.v2 != nil && n.v2 != nil && p.v2.relationship == n.v2.relationship &&
			p.v2.fromRole == n.v2.toRole && p.v2.toRole == n.v2.fromRole:
			return p.Name
		}
	}
	return ""
}

// KeyValue is one key property of an entity and its value written as a
// URL literal.
type KeyValue struct {
	Name    string
	Literal string
}

// EntityKey returns the key of row, an entity of entity set set, as
// literals of dialect d: the key properties' values when the row holds them
// all, else the key predicate that ends the row's @odata.id (ERP.net does
// not send its key Id unless selected).
func (m *Model) EntityKey(d Dialect, set string, row Row) ([]KeyValue, error) {
	t, ok := m.SetType(set)
	if !ok {
		return nil, fmt.Errorf("odata: $metadata has no entity set %s", oneLine(set, 80))
	}
	keys := t.Key()
	if len(keys) == 0 {
		return nil, fmt.Errorf("odata: %s declares no key", t.QualifiedName())
	}
	out := make([]KeyValue, 0, len(keys))
	for _, k := range keys {
		v, ok := row.Values[k]
		if !ok || v == nil {
			break
		}
		typ := "Edm.String"
		if p, ok := t.Property(k); ok {
			typ = p.Type
		}
		lit, err := d.Literal(typ, v)
		if err != nil {
			return nil, fmt.Errorf("odata: key %s: %w", k, err)
		}
		out = append(out, KeyValue{Name: k, Literal: lit})
	}
	if len(out) == len(keys) {
		return out, nil
	}
	kv, err := KeyPredicate(row.ID)
	if err != nil {
		return nil, err
	}
	if len(kv) == 1 && kv[0].Name == "" && len(keys) == 1 {
		return []KeyValue{{Name: keys[0], Literal: kv[0].Literal}}, nil
	}
	if len(kv) != len(keys) {
		return nil, fmt.Errorf("odata: the key of %s has %d parts, %s has %d", oneLine(row.ID, 80), len(kv), t.QualifiedName(), len(keys))
	}
	for i := range kv {
		if kv[i].Name == "" {
			return nil, fmt.Errorf("odata: the key of %s does not name its parts", oneLine(row.ID, 80))
		}
	}
	return kv, nil
}

// KeyPredicate parses the key predicate that ends an entity id or URL
// ("…/People('x')", "Orders(OrderID=1,Line=2)"): one KeyValue with no
// Name for a single key, else one per named part, each value as written
// (a URL literal). A percent-encoded id is decoded first.
func KeyPredicate(id string) ([]KeyValue, error) {
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	bad := func() ([]KeyValue, error) {
		return nil, fmt.Errorf("odata: %q does not end in a key predicate", oneLine(id, 80))
	}
	if !strings.HasSuffix(id, ")") {
		return bad()
	}
	quoted := false
	start := -1
	for i := len(id) - 2; i >= 0; i-- { // quotes inside strings are doubled: parity holds
		if c := id[i]; c == '\'' {
			quoted = !quoted
		} else if c == '(' && !quoted {
			start = i
			break
		}
	}
	if start < 0 || quoted {
		return bad()
	}
	var out []KeyValue
	for _, part := range splitOutside(id[start+1:len(id)-1], ',') {
		name, val := "", part
		if i := strings.IndexByte(part, '='); i > 0 && !strings.Contains(part[:i], "'") {
			name, val = strings.TrimSpace(part[:i]), part[i+1:]
			if !identRE().MatchString(name) {
				return bad()
			}
		}
		if val = strings.TrimSpace(val); val == "" {
			return bad()
		}
		out = append(out, KeyValue{Name: name, Literal: val})
	}
	if len(out) == 0 || len(out) > 1 && out[0].Name == "" {
		return bad()
	}
	return out, nil
}

// splitOutside splits s at each sep outside a quoted string.
func splitOutside(s string, sep byte) []string {
	var out []string
	quoted, from := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			quoted = !quoted
		case sep:
			if !quoted {
				out = append(out, s[from:i])
				from = i + 1
			}
		}
	}
	return append(out, s[from:])
}

// ErrNoReverseFilter reports a reverse relation the dialect cannot filter
// by: a to-many navigation where the service has no lambda operators
// (ERP.net, OData v2).
var ErrNoReverseFilter = errors.New("odata: the service cannot filter by a to-many navigation property")

// ReverseFilter returns the $filter on r.Set that keeps the entities whose
// navigation property r.Nav points at the entity of set target whose key
// is key, in dialect d's form:
//
//   - ERP.net compares a reference with the entity's URI string:
//     Customer eq 'Crm_Sales_Customers(guid)';
//   - OData v4 and v2 compare the key through the navigation property:
//     Customer/Id eq 5, and Tags/any(x:x/Id eq 5) for a to-many one (v4
//     only; else ErrNoReverseFilter).
func ReverseFilter(d Dialect, target string, r Reverse, key []KeyValue) (string, error) {
	if !identRE().MatchString(r.Nav) {
		return "", fmt.Errorf("odata: %q is not a navigation property name", oneLine(r.Nav, 80))
	}
	if len(key) == 0 {
		return "", errors.New("odata: the entity has no key")
	}
	if r.Collection && (d.SelectDefault || d.V2) {
		return "", ErrNoReverseFilter
	}
	if d.SelectDefault { // ERP.net
		if len(key) != 1 {
			return "", errors.New("odata: ERP.net references take a single key")
		}
		return r.Nav + " eq " + quoteLiteral(target+"("+key[0].Literal+")"), nil
	}
	prefix := r.Nav + "/"
	if r.Collection {
		prefix = "x/"
	}
	parts := make([]string, len(key))
	for i, k := range key {
		if !identRE().MatchString(k.Name) {
			return "", fmt.Errorf("odata: %q is not a key property name", oneLine(k.Name, 80))
		}
		parts[i] = prefix + k.Name + " eq " + k.Literal
	}
	f := strings.Join(parts, " and ")
	if r.Collection {
		return r.Nav + "/any(x:" + f + ")", nil
	}
	return f, nil
}
