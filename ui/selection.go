package ui

import (
	"slices"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// What the pickers choose becomes $select and $expand: the property lists
// they offer, and the query options their choices give.

// columnProps lists the properties of set for the column picker: the shown
// columns first in their order, then the rest in $metadata order (structural
// properties and references; collections are for the expand picker). Names
// in shown that the metadata does not know are kept. m may be nil.
func columnProps(m *odata.Model, set string, shown []string) []pickProp {
	var all []pickProp
	if m != nil {
		if t, ok := m.SetType(setName(set)); ok {
			keys := t.Key()
			for _, p := range t.AllProperties() {
				all = append(all, pickProp{Name: p.Name, Type: p.Type, Key: slices.Contains(keys, p.Name)})
			}
			for _, n := range t.AllNavigation() {
				if !n.Collection {
					all = append(all, pickProp{Name: n.Name, Type: n.Type, Nav: true})
				}
			}
		}
	}
	out := make([]pickProp, 0, len(all)+len(shown))
	for _, name := range shown {
		i := slices.IndexFunc(all, func(p pickProp) bool { return p.Name == name })
		p := pickProp{Name: name}
		if i >= 0 {
			p = all[i]
			all = slices.Delete(all, i, i+1)
		}
		p.Shown = true
		out = append(out, p)
	}
	for _, p := range all {
		p.Shown = p.Key
		out = append(out, p)
	}
	return out
}

// navProps lists the navigation properties of set for the expand picker,
// those named in expand marked Shown.
func navProps(m *odata.Model, set string, expand []string) []pickProp {
	if m == nil {
		return nil
	}
	t, ok := m.SetType(setName(set))
	if !ok {
		return nil
	}
	var out []pickProp
	for _, n := range t.AllNavigation() {
		out = append(out, pickProp{Name: n.Name, Type: n.Type, Nav: true, Collection: n.Collection,
			Shown: expandIndex(expand, n.Name) >= 0})
	}
	return out
}

// expandIndex is the index of the $expand item for nav ("Lines" or
// "Lines($select=…)"), or -1.
func expandIndex(expand []string, nav string) int {
	return slices.IndexFunc(expand, func(item string) bool {
		head, _, _ := strings.Cut(item, "(")
		head, _, _ = strings.Cut(head, "/")
		return strings.TrimSpace(head) == nav
	})
}

// toggleExpand returns expand with nav added, or removed when it is there
// already (with whatever options it had).
func toggleExpand(expand []string, nav string) []string {
	out := slices.Clone(expand)
	if i := expandIndex(out, nav); i >= 0 {
		return slices.Delete(out, i, i+1)
	}
	return append(out, nav)
}

// erpDefault reports whether ERP.net sends p without $select: system
// attributes and references, but not Id, custom or calculated attributes,
// nor child collections.
func erpDefault(p pickProp) bool {
	return !p.Key && p.Name != "Id" && !(p.Nav && p.Collection) &&
		!strings.HasPrefix(p.Name, "CustomProperty_") && !strings.HasPrefix(p.Name, "CalculatedAttribute_")
}

// selectFor returns the $select that shows exactly the shown columns of all,
// or nil when the server's default already does (send nothing). On ERP.net
// (erp) the default is the system attributes and references: showing them
// all plus some others gives "default,Other,…"; hiding any gives the explicit
// list, key first, so that hidden columns cost no bytes. Elsewhere the
// default is every structural property, and references are not selected.
func selectFor(all []pickProp, shown []string, erp bool) []string {
	isShown := make(map[string]bool, len(shown))
	for _, s := range shown {
		isShown[s] = true
	}
	known := make(map[string]bool, len(all))
	allDefault := true
	var extras, keys []string
	for _, p := range all {
		known[p.Name] = true
		if p.Key {
			keys = append(keys, p.Name)
			continue
		}
		def := !p.Nav
		if erp {
			def = erpDefault(p)
		}
		switch {
		case def && !isShown[p.Name]:
			allDefault = false
		case !def && isShown[p.Name] && (erp || !p.Nav):
			extras = append(extras, p.Name)
		}
	}
	if allDefault {
		if len(extras) == 0 || !erp {
			return nil
		}
		return append([]string{"default"}, rankOrder(extras, shown)...)
	}
	out := slices.Clone(keys)
	for _, s := range shown {
		if slices.Contains(out, s) {
			continue
		}
		i := slices.IndexFunc(all, func(p pickProp) bool { return p.Name == s })
		if i >= 0 && (all[i].Nav && !erp || all[i].Collection) {
			continue
		}
		if i >= 0 || !known[s] {
			out = append(out, s)
		}
	}
	return out
}
