package dialog

import (
	"slices"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// What the pickers choose becomes $select and $expand: the property lists
// they offer, and the query options their choices give.

// Prop is one property offered by the column or the expand picker (and
// whose name the filter editor completes).
type Prop struct {
	Name       string
	Label      string // from $metadata (sap:label, Common.Label…), "" when none
	Type       string // EDM type, or the target entity type of a navigation
	Key        bool   // part of the entity key: always shown
	Shown      bool   // column picker: shown; expand picker: expanded
	Nav        bool   // a navigation property (a reference or a collection)
	Collection bool   // a to-many navigation
}

// ColumnProps lists the properties of set for the column picker: the shown
// columns first in their order, then the rest in $metadata order
// (structural properties and references; collections are for the expand
// picker). Names in shown that the metadata does not know are kept. meta
// may be nil.
func ColumnProps(meta *odata.Model, set string, shown []string) []Prop {
	var all []Prop
	if meta != nil {
		if t, ok := meta.SetType(screen.SetName(set)); ok {
			keys := t.Key()
			for _, p := range t.AllProperties() {
				all = append(all, Prop{Name: p.Name, Label: p.Label, Type: p.Type, Key: slices.Contains(keys, p.Name)})
			}
			for _, n := range t.AllNavigation() {
				if !n.Collection {
					all = append(all, Prop{Name: n.Name, Label: n.Label, Type: n.Type, Nav: true})
				}
			}
		}
	}
	out := make([]Prop, 0, len(all)+len(shown))
	for _, name := range shown {
		i := slices.IndexFunc(all, func(p Prop) bool { return p.Name == name })
		p := Prop{Name: name}
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

// NavProps lists the navigation properties of set for the expand picker,
// those named in expand marked Shown. It is nil without metadata.
func NavProps(meta *odata.Model, set string, expand []string) []Prop {
	if meta == nil {
		return nil
	}
	t, ok := meta.SetType(screen.SetName(set))
	if !ok {
		return nil
	}
	var out []Prop
	for _, n := range t.AllNavigation() {
		out = append(out, Prop{Name: n.Name, Label: n.Label, Type: n.Type, Nav: true, Collection: n.Collection,
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

// ToggleExpand returns expand with nav added, or removed when it is there
// already (with whatever options it had). expand is not changed.
func ToggleExpand(expand []string, nav string) []string {
	out := slices.Clone(expand)
	if i := expandIndex(out, nav); i >= 0 {
		return slices.Delete(out, i, i+1)
	}
	return append(out, nav)
}

// selectDefault reports whether a server with $select=default semantics
// (ERP.net) sends p without $select: system attributes and references, but
// not Id, custom or calculated attributes, nor child collections.
func selectDefault(p Prop) bool {
	return !p.Key && p.Name != "Id" && !(p.Nav && p.Collection) &&
		!strings.HasPrefix(p.Name, "CustomProperty_") && !strings.HasPrefix(p.Name, "CalculatedAttribute_")
}

// SelectFor returns the $select that shows exactly the shown columns of
// all, or nil when the server's default already does (send nothing). Where
// the dialect has $select=default (d.SelectDefault, ERP.net) the default is
// the system attributes and references: showing them all plus some others
// gives "default,Other,…"; hiding any gives the explicit list, key first,
// so that hidden columns cost no bytes. Elsewhere the default is every
// structural property, and references are not selected.
func SelectFor(all []Prop, shown []string, d odata.Dialect) []string {
	byDefault := d.SelectDefault
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
		if byDefault {
			def = selectDefault(p)
		}
		switch {
		case def && !isShown[p.Name]:
			allDefault = false
		case !def && isShown[p.Name] && (byDefault || !p.Nav):
			extras = append(extras, p.Name)
		}
	}
	if allDefault {
		if len(extras) == 0 || !byDefault {
			return nil
		}
		return append([]string{"default"}, screen.RankOrder(extras, shown)...)
	}
	out := slices.Clone(keys)
	for _, s := range shown {
		if slices.Contains(out, s) {
			continue
		}
		i := slices.IndexFunc(all, func(p Prop) bool { return p.Name == s })
		if i >= 0 && (all[i].Nav && !byDefault || all[i].Collection) {
			continue
		}
		if i >= 0 || !known[s] {
			out = append(out, s)
		}
	}
	return out
}

// typeLabel is what the pickers show beside a property's name: its label
// from $metadata, if any, and its type.
func typeLabel(p Prop) string {
	t := termtext.Sanitize(screen.ShortType(p.Type))
	switch {
	case p.Nav && p.Collection:
		t = "→ [" + t + "] collection"
	case p.Nav:
		t = "→ " + t
	}
	if p.Key {
		t += " · key, always shown"
	}
	if p.Label != "" {
		t = termtext.Sanitize(p.Label) + " · " + t
	}
	return t
}
