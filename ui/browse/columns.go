package browse

import (
	"slices"
	"strings"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
)

// gridColumns lists a page's columns for the grid: key columns first (from
// CSDL <Key>, or the key read from @odata.id when the server did not send
// the key property, as ERP.net does unless Id is selected), then the page's
// columns in the given order (the query's column layout), else in $metadata
// order, with types from $metadata when known.
func gridColumns(p *odata.Page, m *odata.Model, set string, order []string) []grid.Column {
	var keys []string
	types := map[string]string{}
	if m != nil {
		if t, ok := m.SetType(screen.SetName(set)); ok {
			keys = t.Key()
			for _, prop := range t.AllProperties() {
				types[prop.Name] = prop.Type
			}
			for _, nav := range t.AllNavigation() {
				if nav.Collection {
					types[nav.Name] = "Collection(" + nav.Type + ")"
				} else {
					types[nav.Name] = nav.Type
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
		cols = append(cols, grid.Column{Name: k, Type: t, Key: true})
	}
	var shown []string
	if len(order) > 0 {
		shown = rankOrder(p.Columns, order) // the query's column layout
	} else {
		shown = metadataOrder(p.Columns, m, set)
	}
	for _, c := range shown {
		if isKey[c] {
			continue
		}
		cols = append(cols, grid.Column{Name: c, Type: types[c]})
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
		r.Values[c.Name] = keyOf(r.ID)
	}
	return r.Values
}

// keyOf returns the key part of an entity id: the text between the last
// "(" and the closing ")", without quotes around a single string key.
func keyOf(id string) string {
	i := strings.LastIndexByte(id, '(')
	if i < 0 || !strings.HasSuffix(id, ")") {
		return id
	}
	k := id[i+1 : len(id)-1]
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' && !strings.Contains(k, ",") {
		k = strings.ReplaceAll(k[1:len(k)-1], "''", "'")
	}
	return k
}

// rankOrder sorts names (stably) by their position in order; names not in
// order come last, in their own order.
func rankOrder(names, order []string) []string {
	rank := make(map[string]int, len(order))
	for i, n := range order {
		if _, dup := rank[n]; !dup {
			rank[n] = i
		}
	}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}
