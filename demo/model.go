package demo

import "strings"

// kind is the EDM shape of a property as the demo stores and serves it.
type kind int

const (
	kString   kind = iota // Edm.String
	kML                   // Erp.MultilanguageString: {"EN":…,"BG":…}
	kInt32                // Edm.Int32
	kInt64                // Edm.Int64 (a JSON string under IEEE754Compatible=true)
	kDecimal              // Edm.Decimal with Precision/Scale (stored as scaled int64)
	kDouble               // Edm.Double
	kBool                 // Edm.Boolean
	kDate                 // Edm.Date, stored as "YYYY-MM-DD"
	kDateTime             // Edm.DateTimeOffset, stored as time.Time in UTC
	kGuid                 // Edm.Guid (not the key), stored lower case
	kEnum                 // an Erp enum type, stored as the member index
	kAmount               // Erp.Amount: {"Value":decimal,"Currency":string}
	kQuantity             // Erp.Quantity: {"Value":decimal,"Unit":string}
	kRef                  // single-valued navigation property (a reference)
	kLines                // collection-valued navigation property (child rows)
)

// Scales of the Value member of the two complex types.
const (
	amountScale   = 2
	quantityScale = 3
)

// Stored value types (row.vals holds these, or nil for null).
type (
	dec      int64 // a decimal scaled by 10^prop.scale
	dateV    string
	guidV    string
	enumV    int
	refV     string // the referenced row's Id
	mlString []mlText
	amount   struct {
		v   int64 // scaled by 10^amountScale
		cur string
	}
	quantity struct {
		v    int64 // scaled by 10^quantityScale
		unit string
	}
)

type mlText struct{ lang, text string }

// enumType is an EDM EnumType in namespace Erp.
type enumType struct {
	name    string
	members []string
	values  []int
}

func (e *enumType) index(name string) int {
	for i, m := range e.members {
		if m == name {
			return i
		}
	}
	return -1
}

// prop is one structural or navigation property of an entity type.
type prop struct {
	name      string
	kind      kind
	nullable  bool
	maxLen    int
	precision int
	scale     int
	enum      *enumType
	target    *entitySet // kRef, kLines
	partner   string
	cascade   bool // OnDelete Cascade (an owner reference)
	orderable bool
	i         int               // index in row.vals; -1 for kLines
	children  map[string][]*row // kLines: parent Id → child rows in Id order
}

// isDefault reports whether the property belongs to the default projection:
// every property except the key and child collections.
func (p *prop) isDefault() bool { return p.kind != kLines }

// row is one entity.
type row struct {
	id   string // lower-case Guid
	vals []any
}

// entitySet is an entity set and its entity type.
type entitySet struct {
	name     string // e.g. Crm_Sales_Customers
	typeName string // e.g. Crm_Sales_Customer
	props    []*prop
	byName   map[string]*prop
	search   []*prop // $search looks in these
	rows     []*row  // sorted by Id (keyset paging order)
	byID     map[string]*row
	nvals    int // stored values per row
}

func newSet(name, typeName string) *entitySet {
	return &entitySet{name: name, typeName: typeName, byName: map[string]*prop{}}
}

func (s *entitySet) add(p *prop) *prop {
	if p.kind == kLines {
		p.i = -1
		p.children = map[string][]*row{}
	} else {
		p.i = s.nvals
		s.nvals++
	}
	s.props = append(s.props, p)
	s.byName[p.name] = p
	return p
}

// lookup resolves a property name as the server would: exact name first, then
// the synthetic <Prop>Value of an Amount or Quantity.
func (s *entitySet) lookup(name string) (p *prop, synthetic bool) {
	if p := s.byName[name]; p != nil {
		return p, false
	}
	if base, ok := strings.CutSuffix(name, "Value"); ok {
		if p := s.byName[base]; p != nil && (p.kind == kAmount || p.kind == kQuantity) {
			return p, true
		}
	}
	return nil, false
}

// model is the whole fake instance's data: every set, in service-document order.
type model struct {
	sets   []*entitySet
	byName map[string]*entitySet
	enums  []*enumType
}
