package browse

import (
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
)

// gridColumns lists a page's columns for the grid: key columns first (from
// CSDL <Key>, or the key read from @odata.id when the server did not send
// the key property, as ERP.net does unless Id is selected), then the page's
// columns in the given order (the query's column layout), else in $metadata
// order, with types and labels from $metadata when known.
func gridColumns(p *odata.Page, m *odata.Model, set string, order []string) []grid.Column {
	var keys []string
	types := map[string]string{}
	labels := map[string]string{}
	if m != nil {
		if t, ok := m.SetType(screen.SetName(set)); ok {
			keys = t.Key()
			for _, prop := range t.AllProperties() {
				types[prop.Name] = prop.Type
				if prop.Label != "" {
					labels[prop.Name] = prop.Label
				}
			}
			for _, nav := range t.AllNavigation() {
				if nav.Collection {
					types[nav.Name] = "Collection(" + nav.Type + ")"
				} else {
					types[nav.Name] = nav.Type
				}
				if nav.Label != "" {
					labels[nav.Name] = nav.Label
				}
			}
		}
	}
	present := make(map[string]bool, len(p.Columns))
	for _, c := range p.Columns {
		present[c] = true
	}
	hasIDs := len(p.Rows) > 0 && p.Rows[0].ID != ""
	if len(keys) == 0 && hasIDs && !present["Id"] {
		keys = []string{"Id"} // unknown metadata: show the key from @odata.id
	}
	cols := make([]grid.Column, 0, len(p.Columns)+1)
	isKey := map[string]bool{}
	for _, k := range keys {
		if !present[k] && !hasIDs {
			continue
		}
		isKey[k] = true
		t := types[k]
		if t == "" {
			t = "key"
		}
		cols = append(cols, grid.Column{Name: k, Label: labels[k], Type: t, Key: true})
	}
	var shown []string
	if len(order) > 0 {
		shown = screen.RankOrder(p.Columns, order) // the query's column layout
	} else {
		shown = metadataOrder(p.Columns, m, set)
	}
	for _, c := range shown {
		if isKey[c] {
			continue
		}
		cols = append(cols, grid.Column{Name: c, Label: labels[c], Type: types[c]})
	}
	return cols
}

// withKey returns the row's values with any missing key column filled in from
// @odata.id ("Set(9f…)" → "9f…"; compound keys as written).
func withKey(r odata.Row, cols []grid.Column) map[string]any {
	for _, c := range cols {
		if !c.Key {
			break
		}
		if _, ok := r.Values[c.Name]; ok || r.ID == "" {
			continue
		}
		if r.Values == nil {
			r.Values = map[string]any{}
		}
		r.Values[c.Name] = screen.KeyOf(r.ID)
	}
	return r.Values
}
