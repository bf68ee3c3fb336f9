package odata

// Facet values for Property.MaxLength, Precision and Scale.
const (
	FacetUnset    = -1 // the attribute is absent (MaxLength uses 0 instead)
	MaxLengthMax  = -2 // MaxLength="max"
	ScaleVariable = -2 // Scale="variable"
	ScaleFloating = -3 // Scale="floating"
)

// Property is a structural property of an entity or complex type.
//
// The facets are int32 to keep the struct small: a large service has tens
// of thousands of properties.
type Property struct {
	Name string

	// Label is the property's human name from $metadata, "" when it has
	// none: the Common.Label annotation (com.sap.vocabularies.Common.v1,
	// inline or out of line, unqualified), else the v2 sap:label
	// attribute, else a Core.Description short enough to be a label (at
	// most five words and 32 characters on one line, not ending like a
	// sentence). Queries always use Name.
	Label string

	// Type is the qualified type name ("Edm.String", "NS.Address"); for a
	// collection it is the element type and Collection is true.
	Type string

	// MaxLength is 0 when unset and MaxLengthMax for "max". Precision is
	// FacetUnset when unset. Scale is FacetUnset, ScaleVariable,
	// ScaleFloating or a number.
	MaxLength int32
	Precision int32
	Scale     int32

	Collection bool

	// Nullable follows the format's default when the document is silent:
	// true in XML, false in CSDL JSON.
	Nullable bool

	// NotSortable and NotFilterable are set by v2 sap:sortable="false" and
	// sap:filterable="false". Set-level Capabilities annotations are
	// consulted by Model.Sortable and Model.Filterable.
	NotSortable   bool
	NotFilterable bool
}

// NavigationProperty is a navigation property of an entity (or complex) type.
type NavigationProperty struct {
	Name string

	// Label is the human name, from the same sources as Property.Label.
	Label string

	// Type is the qualified target entity type; Collection reports a
	// to-many navigation.
	Type       string
	Collection bool

	// Nullable is meaningful for single-valued navigation only.
	Nullable       bool
	Partner        string
	ContainsTarget bool

	v2 *v2nav // the association this v2 navigation property goes through
}

// v2nav is a v2 NavigationProperty's Relationship, FromRole and ToRole.
type v2nav struct{ relationship, fromRole, toRole string }

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
// imports are listed by name; Model.FunctionImport, ActionImport and
// Operations describe the imports.
type EntityContainer struct {
	Name            string
	Namespace       string
	EntitySets      []*EntitySet
	Singletons      []string
	FunctionImports []string
	ActionImports   []string

	imports []*opImport // see csdlop.go
	caps    capSet      // see capabilities.go
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

	caps      capSet // see capabilities.go
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
