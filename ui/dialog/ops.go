package dialog

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// What $filter can do with one property: the comparison operators its
// type has (no ordering of GUIDs or Booleans, nothing on a collection),
// the text functions (only on text), both narrowed to what the dialect
// understands and to the service's Capabilities annotations (the
// functions a set allows, a property's FilterExpressionRestrictions,
// properties not filterable at all).

// Ops is what $filter can do with one property.
type Ops struct {
	Compare []string // comparison operators: "eq", "ne", "gt", …, "in", "has"
	Funcs   []string // text functions taking it first: "contains", "startswith", …
}

// None reports that the property cannot be filtered by at all.
func (o Ops) None() bool { return len(o.Compare) == 0 && len(o.Funcs) == 0 }

// Can reports whether op (an operator or a function) works on the property.
func (o Ops) Can(op string) bool {
	return slices.Contains(o.Compare, op) || slices.Contains(o.Funcs, op)
}

// kinds of property type, for the operators they take.
var (
	ordered = []string{"eq", "ne", "gt", "ge", "lt", "le", "in"}
	equal   = []string{"eq", "ne", "in"}
	textOps = []string{"contains", "startswith", "endswith", "substringof"}
)

// OpsFor is what $filter can do with p, a property of set, on a service of
// dialect d described by meta (nil: not known; then only the dialect and
// p's type narrow it). A navigation property: nothing but ERP.net's
// reference comparison (eq, ne); a complex value (an amount, an address):
// nothing as a whole, except ERP.net's multi-language texts, which take
// the text functions; binary: eq and ne only.
func OpsFor(meta *odata.Model, d odata.Dialect, set string, p Prop) Ops {
	var o Ops
	t := p.Type
	switch {
	case p.Collection || strings.HasPrefix(t, "Collection("):
		return Ops{}
	case p.Nav:
		if d.Name == odata.ERPNet.Name {
			o.Compare = []string{"eq", "ne"}
		}
	case t == "" || t == "key":
		o.Compare, o.Funcs = ordered, textOps
	case t == "Edm.String":
		o.Compare, o.Funcs = ordered, textOps
	case t == "Edm.Guid":
		o.Compare = equal
	case t == "Edm.Boolean":
		o.Compare = []string{"eq", "ne"}
	case t == "Edm.Binary":
		o.Compare = []string{"eq", "ne"}
	case isTemporal(t) || isNumeric(t):
		o.Compare = ordered
	case strings.HasPrefix(t, "Edm."): // streams, geography…
		return Ops{}
	case meta != nil && isEnum(meta, t):
		o.Compare = append(slices.Clone(equal), "has")
	case isMultiLanguage(t):
		o.Funcs = []string{"contains"} // ERP.net's only comparison for them
	default: // a complex type: filter by one of its members
		return Ops{}
	}
	o.Compare = keep(o.Compare, d.Supports)
	o.Funcs = keep(o.Funcs, d.Supports)
	if meta != nil {
		o = narrow(meta, set, p.Name, o)
	}
	return o
}

// narrow applies the service's Capabilities annotations of set to prop.
func narrow(meta *odata.Model, set, prop string, o Ops) Ops {
	if !meta.Filterable(set, prop) {
		return Ops{}
	}
	if fs := meta.FilterFunctions(set); fs != nil {
		o.Funcs = keep(o.Funcs, func(f string) bool { return slices.Contains(fs, f) })
	}
	only := func(ops ...string) []string {
		return keep(o.Compare, func(op string) bool { return slices.Contains(ops, op) })
	}
	switch meta.FilterExpression(set, prop) {
	case "SingleValue":
		o.Compare, o.Funcs = only("eq"), nil
	case "MultiValue":
		o.Compare, o.Funcs = only("eq", "in"), nil
	case "SingleRange", "MultiRange":
		o.Compare, o.Funcs = only("ge", "le"), nil
	case "SearchExpression":
		o.Compare = nil
	case "MultiRangeOrSearchExpression":
		o.Compare = only("ge", "le")
	}
	return o
}

// keep returns the items of list that ok accepts, in order.
func keep(list []string, ok func(string) bool) []string {
	var out []string
	for _, s := range list {
		if ok(s) {
			out = append(out, s)
		}
	}
	return out
}

func isNumeric(t string) bool {
	switch t {
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal", "Edm.Double", "Edm.Single":
		return true
	}
	return false
}

func isTemporal(t string) bool {
	switch t {
	case "Edm.Date", "Edm.DateTimeOffset", "Edm.TimeOfDay", "Edm.Duration", "Edm.DateTime", "Edm.Time":
		return true
	}
	return false
}

func isEnum(meta *odata.Model, t string) bool {
	_, ok := meta.EnumType(t)
	return ok
}

// isMultiLanguage reports ERP.net's multi-language text type.
func isMultiLanguage(t string) bool {
	return strings.HasSuffix(strings.ToLower(t), ".multilanguagestring")
}

// BinaryLiteral is the binary'…' literal of term, the text of a binary
// value as shown (base64, standard or URL-safe, padded or not), in the
// dialect's form; ok is false unless term is exactly such a text — a term
// that would be read as other bytes than it says (base64 "zzz" decodes to
// bytes that write back as "zzw") is no literal.
func BinaryLiteral(d odata.Dialect, term string) (string, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.Strict().DecodeString(term)
		if err != nil || enc.EncodeToString(b) != term {
			continue
		}
		lit, err := d.Literal("Edm.Binary", b)
		return lit, err == nil
	}
	return "", false
}
