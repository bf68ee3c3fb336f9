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
}

// Schema is one Schema element: a namespace and the types declared in it.
type Schema struct {
	Namespace    string
	Alias        string // "" when the schema has none
	EntityTypes  []*EntityType
	ComplexTypes []*ComplexType
	EnumTypes    []*EnumType
}

// Facet values for Property.MaxLength, Precision and Scale.
const (
	FacetUnset    = -1 // the attribute is absent (MaxLength uses 0 instead)
	MaxLengthMax  = -2 // MaxLength="max"
	ScaleVariable = -2 // Scale="variable"
	ScaleFloating = -3 // Scale="floating"
)

// Property is a structural property of an entity or complex type.
type Property struct {
	Name string

	// Type is the qualified type name ("Edm.String", "NS.Address"); for a
	// collection it is the element type and Collection is true.
	Type       string
	Collection bool

	// Nullable follows the format's default when the document is silent:
	// true in XML, false in CSDL JSON.
	Nullable bool

	// MaxLength is 0 when unset and MaxLengthMax for "max". Precision is
	// FacetUnset when unset. Scale is FacetUnset, ScaleVariable,
	// ScaleFloating or a number.
	MaxLength int
	Precision int
	Scale     int

	// NotSortable and NotFilterable are set by v2 sap:sortable="false" and
	// sap:filterable="false". Set-level Capabilities annotations are
	// consulted by Model.Sortable and Model.Filterable.
	NotSortable   bool
	NotFilterable bool
}

// NavigationProperty is a navigation property of an entity (or complex) type.
type NavigationProperty struct {
	Name string

	// Type is the qualified target entity type; Collection reports a
	// to-many navigation.
	Type       string
	Collection bool

	// Nullable is meaningful for single-valued navigation only.
	Nullable       bool
	Partner        string
	ContainsTarget bool

	// v2: the association and roles this navigation property goes through.
	relationship, fromRole, toRole string
}

// EntityType is an EntityType element.
type EntityType struct {
	Name      string
	Namespace string

	// BaseType is the qualified name of the base type, "" when none.
	BaseType  string
	Abstract  bool
	OpenType  bool
	HasStream bool

	// DeclaredKey lists the key properties declared on this type itself,
	// by the name key predicates use: the PropertyRef's Alias when it has
	// one (a key inside a complex property), else its Name. Use Key for the
	// effective (inherited) key.
	DeclaredKey []string

	// Properties and Navigation are the members declared on this type
	// itself, in document order; use AllProperties and AllNavigation to
	// include inherited ones.
	Properties []Property
	Navigation []NavigationProperty

	base  *EntityType
	qname string
}

// QualifiedName returns Namespace + "." + Name.
func (t *EntityType) QualifiedName() string {
	if t.qname == "" {
		return t.Namespace + "." + t.Name
	}
	return t.qname
}

// Base returns the resolved base type, or nil when there is none or it is
// not declared in the document.
func (t *EntityType) Base() *EntityType { return t.base }

// chain returns the type and its ancestors, root first.
func (t *EntityType) chain() []*EntityType {
	var c []*EntityType
	for x := t; x != nil; x = x.base {
		c = append(c, x)
	}
	for i, j := 0, len(c)-1; i < j; i, j = i+1, j-1 {
		c[i], c[j] = c[j], c[i]
	}
	return c
}

// AllProperties returns the structural properties of the type including
// inherited ones: those of the root base type first, each type's in
// declaration order. The slice is new on each call.
func (t *EntityType) AllProperties() []Property {
	var out []Property
	for _, x := range t.chain() {
		out = append(out, x.Properties...)
	}
	return out
}

// AllNavigation returns the navigation properties including inherited ones,
// in the same order as AllProperties.
func (t *EntityType) AllNavigation() []NavigationProperty {
	var out []NavigationProperty
	for _, x := range t.chain() {
		out = append(out, x.Navigation...)
	}
	return out
}

// Key returns the names of the key properties: the key declared on the
// nearest type in the BaseType chain (a derived type must not redeclare it).
// It is nil when no type in the chain declares a key.
func (t *EntityType) Key() []string {
	for x := t; x != nil; x = x.base {
		if len(x.DeclaredKey) > 0 {
			return x.DeclaredKey
		}
	}
	return nil
}

// Property returns the structural property with the given name, searching
// the type and its base types.
func (t *EntityType) Property(name string) (*Property, bool) {
	for x := t; x != nil; x = x.base {
		for i := range x.Properties {
			if x.Properties[i].Name == name {
				return &x.Properties[i], true
			}
		}
	}
	return nil, false
}

// NavigationProperty returns the navigation property with the given name,
// searching the type and its base types.
func (t *EntityType) NavigationProperty(name string) (*NavigationProperty, bool) {
	for x := t; x != nil; x = x.base {
		for i := range x.Navigation {
			if x.Navigation[i].Name == name {
				return &x.Navigation[i], true
			}
		}
	}
	return nil, false
}

// ComplexType is a ComplexType element.
type ComplexType struct {
	Name       string
	Namespace  string
	BaseType   string // qualified, "" when none
	Abstract   bool
	OpenType   bool
	Properties []Property // declared on this type, in document order
	Navigation []NavigationProperty

	base  *ComplexType
	qname string
}

// QualifiedName returns Namespace + "." + Name.
func (t *ComplexType) QualifiedName() string {
	if t.qname == "" {
		return t.Namespace + "." + t.Name
	}
	return t.qname
}

// AllProperties returns the structural properties including inherited ones,
// base type's first.
func (t *ComplexType) AllProperties() []Property {
	var c []*ComplexType
	for x := t; x != nil; x = x.base {
		c = append(c, x)
	}
	var out []Property
	for i := len(c) - 1; i >= 0; i-- {
		out = append(out, c[i].Properties...)
	}
	return out
}

// EnumType is an EnumType element.
type EnumType struct {
	Name           string
	Namespace      string
	UnderlyingType string // "Edm.Int32" when the document is silent
	IsFlags        bool
	Members        []EnumMember

	qname string
}

// QualifiedName returns Namespace + "." + Name.
func (t *EnumType) QualifiedName() string {
	if t.qname == "" {
		return t.Namespace + "." + t.Name
	}
	return t.qname
}

// EnumMember is one member of an enum type. Value is the declared value or,
// when absent, the previous member's value plus one (0 for the first).
type EnumMember struct {
	Name  string
	Value int64
}

// EntityContainer is an EntityContainer element. Singletons and operation
// imports are recorded by name only.
type EntityContainer struct {
	Name            string
	Namespace       string
	EntitySets      []*EntitySet
	Singletons      []string
	FunctionImports []string
	ActionImports   []string
}

// EntitySet is an entity set of a container.
type EntitySet struct {
	Name string

	// EntityType is the qualified name of the set's entity type.
	EntityType string

	// Bindings map navigation property paths to target sets, from
	// NavigationPropertyBinding (v4) or AssociationSet ends (v2).
	Bindings []NavigationBinding

	// SortRestricted and FilterRestricted list properties the service says
	// cannot be sorted or filtered (Capabilities.SortRestrictions /
	// FilterRestrictions NonSortableProperties / NonFilterableProperties).
	// NoSort and NoFilter report Sortable=false / Filterable=false for the
	// whole set.
	SortRestricted   []string
	FilterRestricted []string
	NoSort           bool
	NoFilter         bool

	container *EntityContainer
}

// Container returns the container that declares the set.
func (s *EntitySet) Container() *EntityContainer { return s.container }

// NavigationBinding is one NavigationPropertyBinding: Path names a
// navigation property (possibly type-cast, "NS.Derived/Nav"), Target an
// entity set, possibly container-qualified ("NS.Container/Set").
type NavigationBinding struct {
	Path   string
	Target string
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
