package odata

import (
	"fmt"
	"strings"
)

// builder collects what the XML and JSON parsers read, with names as the
// document wrote them (alias or namespace), and turns it into a resolved
// Model once the whole document is read.
type builder struct {
	m         *Model
	assocs    map[string]*association // v2, keyed "Namespace.Name"
	assocSets []assocSet
	targeted  []capNote     // out-of-line Capabilities and Aggregation annotations
	labels    []targetLabel // out-of-line labels, spans of labelBuf
	labelBuf  []byte
	qualified map[string]string

	// unresolved lists the prefixes of type names the XML parser could not
	// resolve when it met them; late the ones among them that turned out to
	// be aliases declared after their first use (Microsoft Graph does
	// this). all is set when every name still needs resolving (JSON).
	unresolved []string
	late       []string
	all        bool
}

// association is a v2 Association: two ends with role, type and
// multiplicity ("1", "0..1", "*").
type association struct {
	ends []assocEnd
}

type assocEnd struct{ role, typ, mult string }

// assocSet is a v2 AssociationSet: the association and, per role, the set.
type assocSet struct {
	assoc string
	ends  []assocSetEnd
}

type assocSetEnd struct{ role, set string }

func newBuilder() *builder {
	return &builder{
		m:      &Model{aliases: map[string]string{}},
		assocs: map[string]*association{},
	}
}

// q resolves an alias-qualified name, remembering answers so that repeated
// references share one string.
func (b *builder) q(name string) string {
	if !b.all {
		for _, a := range b.late {
			if len(name) > len(a) && name[len(a)] == '.' && name[:len(a)] == a {
				return b.resolve(name)
			}
		}
		return name
	}
	return b.resolve(name)
}

func (b *builder) resolve(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || name[:i] == "Edm" {
		return name
	}
	ns, ok := b.m.aliases[name[:i]]
	if !ok {
		return name
	}
	if s, ok := b.qualified[name]; ok {
		return s
	}
	s := ns + name[i:]
	b.qualified[name] = s
	return s
}

// finish resolves names and builds the lookup tables.
func (b *builder) finish() (*Model, error) {
	m := b.m
	b.qualified = make(map[string]string, 256)
	for _, prefix := range b.unresolved {
		if _, ok := m.aliases[prefix]; ok && !contains(b.late, prefix) {
			b.late = append(b.late, prefix)
		}
	}
	var ne, nc, nn, ns int
	for _, s := range m.Schemas {
		ne, nc, nn = ne+len(s.EntityTypes), nc+len(s.ComplexTypes), nn+len(s.EnumTypes)
	}
	for _, c := range m.Containers {
		ns += len(c.EntitySets)
	}
	m.entities = make(map[string]*EntityType, ne)
	m.complex = make(map[string]*ComplexType, nc)
	m.enums = make(map[string]*EnumType, nn)
	m.sets = make(map[string]*EntitySet, ns)
	m.bySetTy = make(map[string][]*EntitySet, ns)

	for _, s := range m.Schemas {
		for _, t := range s.EntityTypes {
			if q := t.QualifiedName(); m.entities[q] == nil {
				m.entities[q] = t
			}
		}
		for _, t := range s.ComplexTypes {
			if q := t.QualifiedName(); m.complex[q] == nil {
				m.complex[q] = t
			}
		}
		for _, t := range s.EnumTypes {
			if q := t.QualifiedName(); m.enums[q] == nil {
				m.enums[q] = t
			}
		}
	}
	for _, s := range m.Schemas {
		for _, t := range s.EntityTypes {
			t.BaseType = b.q(t.BaseType)
			t.base = m.entities[t.BaseType]
			b.props(t.Properties)
			b.navs(t.Navigation)
		}
		for _, t := range s.ComplexTypes {
			t.BaseType = b.q(t.BaseType)
			t.base = m.complex[t.BaseType]
			b.props(t.Properties)
			b.navs(t.Navigation)
		}
		for _, t := range s.EnumTypes {
			if t.UnderlyingType == "" {
				t.UnderlyingType = "Edm.Int32"
			}
		}
	}
	if err := b.checkCycles(); err != nil {
		return nil, err
	}
	for _, c := range m.Containers {
		for _, s := range c.EntitySets {
			s.EntityType = b.q(s.EntityType)
			if _, dup := m.sets[s.Name]; !dup {
				m.sets[s.Name] = s
				m.bySetTy[s.EntityType] = append(m.bySetTy[s.EntityType], s)
			}
			m.setList = append(m.setList, s)
		}
	}
	b.bindAssociationSets()
	b.applyLabels()
	b.applyTargeted()
	return m, nil
}

func (b *builder) props(ps []Property) {
	for i := range ps {
		ps[i].Type = b.q(ps[i].Type)
	}
}

func (b *builder) navs(ns []NavigationProperty) {
	for i := range ns {
		n := &ns[i]
		if n.v2 != nil && n.Type == "" {
			b.resolveV2(n)
		}
		n.Type = b.q(n.Type)
	}
}

// resolveV2 finds a v2 navigation property's target type and multiplicity
// through its Association's ToRole end.
func (b *builder) resolveV2(n *NavigationProperty) {
	a := b.assocs[b.m.qualify(n.v2.relationship)]
	if a == nil {
		return
	}
	for _, e := range a.ends {
		if e.role == n.v2.toRole {
			n.Type = e.typ
			n.Collection = e.mult == "*"
			n.Nullable = e.mult != "1"
			return
		}
	}
}

// checkCycles rejects a BaseType chain that loops, which would otherwise
// make AllProperties and Key run forever.
func (b *builder) checkCycles() error {
	limit := len(b.m.entities) + 1
	for _, t := range b.m.entities {
		n := 0
		for x := t; x != nil; x = x.base {
			if n++; n > limit {
				return fmt.Errorf("odata: entity type %q has a BaseType cycle; the metadata document is invalid", t.QualifiedName())
			}
		}
	}
	climit := len(b.m.complex) + 1
	for _, t := range b.m.complex {
		n := 0
		for x := t; x != nil; x = x.base {
			if n++; n > climit {
				return fmt.Errorf("odata: complex type %q has a BaseType cycle; the metadata document is invalid", t.QualifiedName())
			}
		}
	}
	return nil
}

// bindAssociationSets turns each v2 AssociationSet into navigation property
// bindings on the sets at its ends.
func (b *builder) bindAssociationSets() {
	for _, as := range b.assocSets {
		assoc := b.m.qualify(as.assoc)
		for _, from := range as.ends {
			s := b.m.sets[from.set]
			if s == nil {
				continue
			}
			t := b.m.entities[s.EntityType]
			if t == nil {
				continue
			}
			for _, to := range as.ends {
				if to.role == from.role {
					continue
				}
				for _, n := range t.AllNavigation() {
					if n.v2 != nil && b.m.qualify(n.v2.relationship) == assoc && n.v2.fromRole == from.role && n.v2.toRole == to.role {
						s.Bindings = append(s.Bindings, NavigationBinding{Path: n.Name, Target: to.set})
					}
				}
			}
		}
	}
}

// targetSet resolves an annotation target naming an entity set:
// "NS.Container/Set" (namespace or alias).
func (b *builder) targetSet(target string) *EntitySet {
	i := strings.IndexByte(target, '/')
	if i < 0 {
		return nil
	}
	container, set := b.m.qualify(target[:i]), target[i+1:]
	if strings.ContainsRune(set, '/') {
		return nil
	}
	// The set of that name is nearly always the one: a lookup, not a
	// search, so that many annotations cost no more than they are long.
	if s := b.m.sets[set]; s != nil && s.container != nil && isContainer(container, s.container) {
		return s
	}
	if len(b.m.Containers) < 2 {
		return nil
	}
	for _, c := range b.m.Containers {
		if !isContainer(container, c) {
			continue
		}
		for _, s := range c.EntitySets {
			if s.Name == set {
				return s
			}
		}
	}
	return nil
}
