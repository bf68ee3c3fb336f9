package browse

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
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
		r.Values[c.Name] = odata.KeyText(r.ID)
	}
	return r.Values
}

// columnKey handles the keys that change the grid's columns in place:
// hide the column under the cursor (a query without it), narrow or widen
// it, freeze the columns up to it, jump to a column by name; ok is false
// for other keys.
func (m *Model) columnKey(msg pressed) (cmd tea.Cmd, ok bool) {
	b, k, env := m.cur, m.keys, m.env
	col := b.grid.CurrentColumn()
	name := termtext.Sanitize(col.Name)
	switch {
	case key.Matches(msg, k.HideColumn):
		return m.hideColumn(col), true
	case key.Matches(msg, k.Narrow, k.Widen):
		if col.Name == "" {
			return nil, true
		}
		d := grid.WidthStep
		if key.Matches(msg, k.Narrow) {
			d = -d
		}
		w := b.grid.ResizeColumn(d)
		m.shareLayout()
		env.Notice(fmt.Sprintf("%s: %d cells wide", name, w), false)
		return m.rememberLayout(b.query), true
	case key.Matches(msg, k.Freeze):
		if col.Name == "" {
			return nil, true
		}
		n := b.grid.ToggleFreeze()
		m.shareLayout()
		if n == 0 {
			env.Notice("unfrozen: only the key stays on the left", false)
		} else {
			env.Notice(fmt.Sprintf("frozen up to %s (%d %s beside the key); | on it unfreezes", name, n, plural(n, "column", "columns")), false)
		}
		return m.rememberLayout(b.query), true
	case key.Matches(msg, k.JumpColumn):
		var props []dialog.Prop
		for _, c := range b.grid.Columns() {
			props = append(props, dialog.Prop{Name: c.Name, Label: c.Label})
		}
		if len(props) == 0 {
			return nil, true
		}
		env.Post(screen.OpenDialog{Dialog: dialog.NewJump(env, props)})
	default:
		return nil, false
	}
	return nil, true
}

// hideColumn runs the query with the columns shown but col, as the column
// picker's apply does.
func (m *Model) hideColumn(col grid.Column) tea.Cmd {
	b, env := m.cur, m.env
	name := termtext.Sanitize(col.Name)
	switch {
	case col.Name == "":
		return nil
	case col.Key:
		env.Notice(name+" is the key: it is always shown", false)
		return nil
	case env.Meta == nil:
		env.Notice("hiding a column needs $metadata, which has not arrived yet", false)
		return nil
	}
	var shown []string
	others := 0
	for _, c := range b.cols {
		if c.Name == col.Name {
			continue
		}
		shown = append(shown, c.Name)
		if !c.Key {
			others++
		}
	}
	if others == 0 {
		env.Notice("at least one column stays shown", false)
		return nil
	}
	props := dialog.ColumnProps(env.Meta, screen.SetName(b.query.Set), columnNamesOf(b.cols))
	cmd := m.chooseColumns(dialog.ColumnsChosen{Columns: shown, Select: dialog.SelectFor(props, shown, env.Dialect)})
	env.Notice("hiding "+name+"; c shows it again", false)
	return cmd
}

// chooseColumns runs the query with the columns chosen.
func (m *Model) chooseColumns(msg dialog.ColumnsChosen) tea.Cmd {
	q := m.cur.query
	q.Columns, q.Select = msg.Columns, msg.Select
	return m.runQuery(q, false)
}

// shareLayout gives the pending grid the widths and frozen columns of the
// grid shown.
func (m *Model) shareLayout() {
	if m.pending != nil {
		m.pending.grid.SetLayout(m.cur.grid.Layout())
	}
}

func columnNamesOf(cols []grid.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
