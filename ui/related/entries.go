// Package related lists the records related to one row of an entity set,
// both ways, for the screens that offer them (the record view, and the
// grid's related-records picker): the row's navigation properties (→ what
// they lead to) and the sets whose entities point at the row (← reverse
// navigation found in $metadata, opened as that set filtered to the row).
// It also holds how each opens: a reverse entry is a filtered query
// (screen.OpenQuery), a navigation property is read with
// odata.Client.LoadRelated (Load) and shown as rows (Loaded.Open); and how
// a reverse entry is counted (Count, CountText).
package related

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Entry is one related-records entry of a row: a navigation property
// (Reverse nil) or a reverse navigation (Reverse set).
type Entry struct {
	// Name is the navigation property's name, or "Set by Nav" for a
	// reverse entry.
	Name string
	// Label is $metadata's label ("Set by Label" for a reverse entry), ""
	// when none.
	Label string
	// Type is the navigation property's type ("Collection(…)" when it is
	// a collection, "reference" when only a reference in the row names it).
	Type string
	// Value is the navigation property's value in the row (a reference or
	// the expanded entity), nil when none.
	Value any
	// Collection is set when the entry leads to many entities.
	Collection bool
	// Reverse is the filtered query of a reverse entry.
	Reverse *odata.Query
}

// Shown is the entry's name as a screen shows it: its label, unless names
// is set or it has none.
func (e Entry) Shown(names bool) string {
	if names || e.Label == "" {
		return e.Name
	}
	return e.Label
}

// Entries lists a row's related entries: its navigation properties, then
// its reverse navigation.
func Entries(set string, row odata.Row, m *odata.Model, d odata.Dialect) []Entry {
	return append(Navigation(set, row, m), Reverse(set, row, m, d)...)
}

// Navigation lists a row's navigation properties: those $metadata
// declares for its set, in their order, then the values of the row that
// are unexpanded references ({"@odata.id": …}) and not declared, by name.
func Navigation(set string, row odata.Row, m *odata.Model) []Entry {
	var out []Entry
	seen := map[string]bool{}
	if m != nil {
		if t, ok := m.SetType(screen.SetName(set)); ok {
			for _, p := range t.AllProperties() {
				seen[p.Name] = true
			}
			for _, n := range t.AllNavigation() {
				typ := n.Type
				if n.Collection {
					typ = "Collection(" + typ + ")"
				}
				out = append(out, Entry{Name: n.Name, Label: n.Label, Type: typ, Value: row.Values[n.Name], Collection: n.Collection})
				seen[n.Name] = true
			}
		}
	}
	var refs []string
	for k, v := range row.Values {
		if !seen[k] && IsReference(v) {
			refs = append(refs, k)
		}
	}
	sort.Strings(refs)
	for _, k := range refs {
		out = append(out, Entry{Name: k, Type: "reference", Value: row.Values[k]})
	}
	return out
}

// IsReference reports an unexpanded single reference: {"@odata.id": …}.
func IsReference(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m["@odata.id"]
	return ok
}

// Reverse lists a row's reverse navigation entries: one per (set,
// navigation property) of $metadata that leads to the row's set, except
// those its own navigation properties reach already (a partner), those
// the service will not filter by, and those the dialect cannot write (a
// to-many navigation on ERP.net or v2). path is the resource path the row
// was read from.
func Reverse(path string, row odata.Row, m *odata.Model, d odata.Dialect) []Entry {
	if m == nil {
		return nil
	}
	set, ok := entitySet(m, path)
	if !ok {
		return nil
	}
	revs := m.ReverseNavigation(set)
	if len(revs) == 0 {
		return nil
	}
	key, err := m.EntityKey(d, set, row)
	if err != nil {
		return nil // no key, no filter
	}
	var out []Entry
	for _, r := range revs {
		if r.Partner != "" || !m.Filterable(r.Set, r.Nav) {
			continue
		}
		f, err := odata.ReverseFilter(d, set, r, key)
		if err != nil {
			continue
		}
		e := Entry{Name: r.Set + " by " + r.Nav, Reverse: &odata.Query{Set: r.Set, Filter: f}, Collection: r.Collection}
		if r.Label != "" {
			e.Label = r.Set + " by " + r.Label
		}
		out = append(out, e)
	}
	return out
}

// entitySet is the entity set a resource path's entities belong to: the
// set it names, followed through its navigation segments.
func entitySet(m *odata.Model, path string) (string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	set := screen.SetName(segs[0])
	if _, ok := m.EntitySet(set); !ok {
		return "", false
	}
	for _, seg := range segs[1:] {
		s, ok := m.NavigationTarget(set, screen.SetName(seg))
		if !ok {
			return "", false
		}
		set = s.Name
	}
	return set, true
}

// Set names the entity set navigation property nav of set leads to, for
// the $metadata lookups of the related grid; nav itself when $metadata
// does not say.
func Set(meta *odata.Model, set, nav string) string {
	if meta != nil {
		if t, ok := meta.NavigationTarget(screen.SetName(set), nav); ok {
			return t.Name
		}
	}
	return nav
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

// Title is a row's name in a breadcrumb: a number, code or name when the
// row has one, else its key from @odata.id, else, for a row without
// @odata.id (minimal-metadata servers send none), its key values as
// $metadata names them; "" when none of these is known.
func Title(set string, row odata.Row, m *odata.Model, lang string) string {
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
