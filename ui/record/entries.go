package record

import (
	"sort"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// entry is one line group of the record view: a property, a navigation
// property, or a reverse navigation (a set whose entities point at this
// record).
type entry struct {
	name       string
	label      string // from $metadata, "" when none
	typ        string
	value      any
	formatted  string // the server's display text of value (odata.Row.Formatted), "" when none
	nav        bool   // navigation property: enter opens it
	collection bool
	reverse    *odata.Query // reverse navigation: enter opens this filtered set
}

// entries orders a row's values: properties in metadata order (else by
// name), then navigation properties (declared or seen as references,
// related.Navigation).
func entries(set string, row odata.Row, m *odata.Model) []entry {
	navs := related.Navigation(set, row, m)
	seen := map[string]bool{}
	for _, n := range navs {
		seen[n.Name] = true
	}
	var out []entry
	if m != nil {
		if props, ok := propertiesOf(set, m); ok {
			for _, p := range props {
				v, ok := row.Values[p.Name]
				if !ok {
					continue
				}
				typ := p.Type
				if p.Collection {
					typ = "Collection(" + typ + ")"
				}
				out = append(out, entry{name: p.Name, label: p.Label, typ: typ, value: v, formatted: row.Formatted[p.Name]})
				seen[p.Name] = true
			}
		}
	}
	var rest []string
	for k := range row.Values {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		v := row.Values[k]
		out = append(out, entry{name: k, typ: typeOfValue(v), value: v, formatted: row.Formatted[k]})
	}
	for _, n := range navs {
		out = append(out, fromRelated(n))
	}
	return out
}

// propertiesOf is the declared properties of what set names: an entity
// set's type, else the return type (entity or complex) of the function
// import a call path names ("GetExchangeRate(FromCurrency='EUR',…)").
func propertiesOf(set string, m *odata.Model) ([]odata.Property, bool) {
	name := screen.SetName(set)
	if t, ok := m.SetType(name); ok {
		return t.AllProperties(), true
	}
	if i := strings.IndexByte(name, '?'); i >= 0 { // a v2 call: Name?a=1
		name = name[:i]
	}
	f, ok := m.FunctionImport(name)
	if !ok {
		return nil, false
	}
	rt := strings.TrimSuffix(strings.TrimPrefix(f.ReturnType, "Collection("), ")")
	if t, ok := m.EntityType(rt); ok {
		return t.AllProperties(), true
	}
	if t, ok := m.ComplexType(rt); ok {
		return t.AllProperties(), true
	}
	return nil, false
}

// fromRelated is the record's entry of a related entry.
func fromRelated(e related.Entry) entry {
	return entry{name: e.Name, label: e.Label, typ: e.Type, value: e.Value, nav: e.Reverse == nil,
		collection: e.Collection, reverse: e.Reverse}
}

// rel is the related entry of a navigation or reverse entry.
func (e entry) rel() related.Entry {
	return related.Entry{Name: e.name, Label: e.label, Type: e.typ, Value: e.value, Collection: e.collection, Reverse: e.reverse}
}

// valueText is the entry's value as the record shows it, in full: the
// server's formatted value with the raw one after it in parentheses
// ("Active (1)") where the server sent one that differs, else the raw
// value formatted.
func (e entry) valueText(lang string) string {
	text := termtext.FormatValueLong(e.value, e.typ, lang)
	if e.formatted == "" || e.value == nil {
		return text
	}
	f := termtext.Sanitize(e.formatted)
	if f == text {
		return f
	}
	return f + " (" + text + ")"
}

// shown is the entry's name as the record shows it: its label, unless
// names is set or it has none.
func (e entry) shown(names bool) string {
	if names || e.label == "" {
		return e.name
	}
	return e.label
}

func typeOfValue(v any) string {
	switch v.(type) {
	case nil:
		return ""
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	default:
		return "number"
	}
}
