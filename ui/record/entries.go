package record

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
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
	nav        bool // navigation property: enter opens it
	collection bool
	reverse    *odata.Query // reverse navigation: enter opens this filtered set
}

// entries orders a row's values: properties in metadata order (else by
// name), then navigation properties (declared or seen as references).
func entries(set string, row odata.Row, m *odata.Model) []entry {
	var out []entry
	seen := map[string]bool{}
	var navs []entry
	if m != nil {
		if t, ok := m.SetType(screen.SetName(set)); ok {
			for _, p := range t.AllProperties() {
				v, ok := row.Values[p.Name]
				if !ok {
					continue
				}
				typ := p.Type
				if p.Collection {
					typ = "Collection(" + typ + ")"
				}
				out = append(out, entry{name: p.Name, label: p.Label, typ: typ, value: v})
				seen[p.Name] = true
			}
			for _, n := range t.AllNavigation() {
				typ := n.Type
				if n.Collection {
					typ = "Collection(" + typ + ")"
				}
				navs = append(navs, entry{name: n.Name, label: n.Label, typ: typ, value: row.Values[n.Name], nav: true, collection: n.Collection})
				seen[n.Name] = true
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
		if isReference(v) {
			navs = append(navs, entry{name: k, typ: "reference", value: v, nav: true})
			continue
		}
		out = append(out, entry{name: k, typ: typeOfValue(v), value: v})
	}
	return append(out, navs...)
}

// shown is the entry's name as the record shows it: its label, unless
// names is set or it has none.
func (e entry) shown(names bool) string {
	if names || e.label == "" {
		return e.name
	}
	return e.label
}

// isReference reports an unexpanded single reference: {"@odata.id": …}.
func isReference(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m["@odata.id"]
	return ok
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

// recordTitle is a readable name for a row in a breadcrumb: a number, code
// or name when the row has one, else its key.
func recordTitle(row odata.Row, lang string) string {
	for _, k := range []string{"Number", "DocumentNo", "Code", "PartNumber", "Name", "PartyName", "Title", "UserName"} {
		if v, ok := row.Values[k]; ok && v != nil {
			if s := termtext.FormatValue(v, "", lang); s != "" {
				return ansi.Truncate(s, 24, "…")
			}
		}
	}
	k := odata.KeyText(row.ID)
	if len(k) > 12 {
		k = k[:8] + "…"
	}
	return termtext.Sanitize(k)
}

// title is the record's name in the breadcrumb: recordTitle, else, for a
// row without @odata.id (minimal-metadata servers send none), its key
// values as $metadata names them.
func title(set string, row odata.Row, m *odata.Model, lang string) string {
	if t := recordTitle(row, lang); t != "" || m == nil {
		return t
	}
	t, ok := m.SetType(screen.SetName(set))
	if !ok {
		return ""
	}
	var parts []string
	for _, k := range t.Key() {
		if v, ok := row.Values[k]; ok && v != nil {
			parts = append(parts, termtext.FormatValue(v, "", lang))
		}
	}
	k := termtext.Sanitize(strings.Join(parts, ","))
	if ansi.StringWidth(k) > 12 {
		k = ansi.Truncate(k, 9, "…")
	}
	return k
}
