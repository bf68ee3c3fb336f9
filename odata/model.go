package odata

import "strings"

// Model is the compact form of a service's metadata document ($metadata):
// the types and entity sets a client needs to show and query data. It is
// built by ParseMetadata from CSDL XML, CSDL JSON or OData v2 EDMX and is
// read-only afterwards, so it may be shared between goroutines.
//
// Every qualified name stored in a Model (BaseType, Property.Type,
// NavigationProperty.Type, EntitySet.EntityType) uses the schema's namespace,
// never its alias, so names can be compared directly.
type Model struct {
	// Version is the document's CSDL version: "4.0" or "4.01" for CSDL, "1.0"
	// (the edmx version) for an OData v2 document.
	Version string

	// V2 reports an OData v2 (EDMX 1.0) document.
	V2 bool

	// Schemas in document order.
	Schemas []*Schema

	// Containers are the entity containers in document order; a v4 document
	// has one.
	Containers []*EntityContainer

	aliases  map[string]string // alias → namespace, document-global
	entities map[string]*EntityType
	complex  map[string]*ComplexType
	enums    map[string]*EnumType
	sets     map[string]*EntitySet
	bySetTy  map[string][]*EntitySet // entity type → sets of exactly that type
	setList  []*EntitySet
	ops      map[string][]*opDecl // unbound operations by qualified name (csdlop.go)
}

// Schema is one Schema element: a namespace and the types declared in it.
type Schema struct {
	Namespace    string
	Alias        string // "" when the schema has none
	EntityTypes  []*EntityType
	ComplexTypes []*ComplexType
	EnumTypes    []*EnumType
}

// Qualify rewrites a qualified name that uses a schema alias so that it uses
// the namespace ("graph.user" → "microsoft.graph.user"); other names are
// returned unchanged. A "Collection(…)" wrapper is kept.
func (m *Model) Qualify(name string) string {
	if inner, ok := strings.CutPrefix(name, "Collection("); ok && strings.HasSuffix(inner, ")") {
		return "Collection(" + m.qualify(inner[:len(inner)-1]) + ")"
	}
	return m.qualify(name)
}

func (m *Model) qualify(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return name
	}
	if ns, ok := m.aliases[name[:i]]; ok {
		return ns + name[i:]
	}
	return name
}

// EntityType looks up an entity type by qualified name, written with its
// namespace or its alias ("microsoft.graph.user" or "graph.user").
func (m *Model) EntityType(qualifiedName string) (*EntityType, bool) {
	t, ok := m.entities[m.qualify(qualifiedName)]
	return t, ok
}

// ComplexType looks up a complex type by qualified name (namespace or alias).
func (m *Model) ComplexType(qualifiedName string) (*ComplexType, bool) {
	t, ok := m.complex[m.qualify(qualifiedName)]
	return t, ok
}

// EnumType looks up an enum type by qualified name (namespace or alias).
func (m *Model) EnumType(qualifiedName string) (*EnumType, bool) {
	t, ok := m.enums[m.qualify(qualifiedName)]
	return t, ok
}

// EntitySet looks up an entity set by name in any container (the first
// container that declares the name wins).
func (m *Model) EntitySet(name string) (*EntitySet, bool) {
	s, ok := m.sets[name]
	return s, ok
}

// EntitySets returns every entity set of every container in document order.
// The slice is shared: do not modify it.
func (m *Model) EntitySets() []*EntitySet { return m.setList }

// SetType returns the entity type of the named entity set.
func (m *Model) SetType(set string) (*EntityType, bool) {
	s, ok := m.sets[set]
	if !ok {
		return nil, false
	}
	return m.EntityType(s.EntityType)
}

// NavigationTarget returns the entity set that navigation property navProp
// of entity set set leads to. It follows the set's navigation property
// bindings (v4 NavigationPropertyBinding, v2 AssociationSet); when the
// document binds nothing it falls back to the only entity set whose type is
// the navigation property's type, if there is exactly one.
func (m *Model) NavigationTarget(set, navProp string) (*EntitySet, bool) {
	s, ok := m.sets[set]
	if !ok {
		return nil, false
	}
	for _, b := range s.Bindings {
		if b.Path == navProp {
			return m.bindingTarget(b.Target)
		}
	}
	for _, b := range s.Bindings { // type-cast path: "NS.Derived/Nav"
		if strings.HasSuffix(b.Path, "/"+navProp) {
			return m.bindingTarget(b.Target)
		}
	}
	t, ok := m.EntityType(s.EntityType)
	if !ok {
		return nil, false
	}
	np, ok := t.NavigationProperty(navProp)
	if !ok {
		return nil, false
	}
	if c := m.bySetTy[np.Type]; len(c) == 1 {
		return c[0], true
	}
	return nil, false
}

// bindingTarget resolves a binding target: "Set", "Container/Set" or
// "NS.Container/Set".
func (m *Model) bindingTarget(target string) (*EntitySet, bool) {
	if s, ok := m.sets[target]; ok {
		return s, true
	}
	if i := strings.LastIndexByte(target, '/'); i >= 0 {
		s, ok := m.sets[target[i+1:]]
		return s, ok
	}
	return nil, false
}

// Sortable reports whether the service allows $orderby on property prop of
// entity set set, as far as the document says: false when the set is
// annotated Capabilities.SortRestrictions Sortable=false or lists the
// property among NonSortableProperties, or when a v2 property carries
// sap:sortable="false". Without such annotations it reports true.
func (m *Model) Sortable(set, prop string) bool {
	s, ok := m.sets[set]
	if !ok {
		return true
	}
	if s.NoSort || contains(s.SortRestricted, prop) {
		return false
	}
	if t, ok := m.EntityType(s.EntityType); ok {
		if p, ok := t.Property(prop); ok && p.NotSortable {
			return false
		}
	}
	return true
}

// Filterable is Sortable's counterpart for $filter
// (Capabilities.FilterRestrictions, sap:filterable).
func (m *Model) Filterable(set, prop string) bool {
	s, ok := m.sets[set]
	if !ok {
		return true
	}
	if s.NoFilter || contains(s.FilterRestricted, prop) {
		return false
	}
	if t, ok := m.EntityType(s.EntityType); ok {
		if p, ok := t.Property(prop); ok && p.NotFilterable {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
