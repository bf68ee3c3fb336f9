package grid

import "strings"

// What the user changes about the columns in place: their widths, the
// columns frozen beside the keys, and where the cursor is by name. These
// survive SetData (they are kept by column name), so that a page or a
// changed query keeps them.

const (
	// WidthStep is how many cells NarrowColumn and WidenColumn change a
	// column by.
	WidthStep = 4
	// maxSetWidth is the widest WidenColumn makes a column.
	maxSetWidth = 200
	// ShortGUIDBelow is the width under which GUIDs show as their first 8
	// hex digits and …, so that a GUID key leaves room for the data.
	ShortGUIDBelow = 120
)

// Layout is what the user changed about the grid's columns: widths set by
// name, and the last column frozen beside the keys ("" for the keys only).
type Layout struct {
	Widths map[string]int
	Frozen string
}

// Layout returns the grid's column changes, to give another grid
// (SetLayout) or to remember.
func (g Model) Layout() Layout {
	l := Layout{Frozen: g.frozen}
	if len(g.widths) > 0 {
		l.Widths = make(map[string]int, len(g.widths))
		for k, v := range g.widths {
			l.Widths[k] = v
		}
	}
	return l
}

// SetLayout applies column changes from Layout.
func (g *Model) SetLayout(l Layout) {
	g.widths = nil
	for k, v := range l.Widths {
		if g.widths == nil {
			g.widths = map[string]int{}
		}
		g.widths[k] = max(minColWidth, min(v, maxSetWidth))
	}
	g.frozen = l.Frozen
	g.scrollIntoView()
}

// ResizeColumn changes the width of the column under the cursor by delta
// cells (NarrowColumn: -WidthStep, WidenColumn: +WidthStep), within
// [3, 200], and returns the new width (0 when there are no columns).
func (g *Model) ResizeColumn(delta int) int {
	if len(g.order) == 0 {
		return 0
	}
	name := g.cols[g.order[g.col]].Name
	w := max(minColWidth, min(g.colWidth(g.col)+delta, maxSetWidth))
	if g.widths == nil {
		g.widths = map[string]int{}
	}
	g.widths[name] = w
	g.scrollIntoView()
	return w
}

// ToggleFreeze freezes the columns up to the cursor's beside the keys,
// or, on the last column frozen (or a key), unfreezes them: the keys
// alone stay frozen. It returns how many columns are frozen beyond the
// keys now.
func (g *Model) ToggleFreeze() int {
	if len(g.order) == 0 {
		return 0
	}
	name := g.cols[g.order[g.col]].Name
	if g.col < g.keys || name == g.frozen {
		g.frozen = ""
	} else {
		g.frozen = name
	}
	g.scrollIntoView()
	return g.wantFrozen() - g.keys
}

// Frozen returns the name of the last column frozen beyond the keys, or
// "" when only the keys are.
func (g Model) Frozen() string { return g.frozen }

// wantFrozen is how many display positions the user wants frozen: the
// keys, or up to the column named by frozen when it is shown.
func (g *Model) wantFrozen() int {
	if g.frozen != "" {
		for p := g.keys; p < len(g.order); p++ {
			if g.cols[g.order[p]].Name == g.frozen {
				return p + 1
			}
		}
	}
	return g.keys
}

// frozenCount is how many columns stay on the left: those the user froze
// when they leave room for a column beside them, else the keys when they
// take at most half the width, else none.
func (g *Model) frozenCount() int {
	n := len(g.order)
	if fz := g.wantFrozen(); fz > g.keys && fz < n && g.fits(0, fz-1, g.dataWidth()-2-minColWidth-1) {
		return fz
	}
	if g.keys == 0 || g.keys >= n || !g.fits(0, g.keys-1, g.dataWidth()/2) {
		return 0
	}
	return g.keys
}

// CursorToColumn moves the cursor to the column named name (on the same
// row) and reports whether there is one.
func (g *Model) CursorToColumn(name string) bool {
	for i, c := range g.cols {
		if c.Name == name {
			g.SetCursor(g.row, i)
			return true
		}
	}
	return false
}

// Columns returns the grid's columns in display order (keys first).
func (g Model) Columns() []Column {
	out := make([]Column, len(g.order))
	for p, i := range g.order {
		out[p] = g.cols[i]
	}
	return out
}

// setShort shows GUIDs short (below ShortGUIDBelow) or whole: cells are
// formatted and measured again when it changes.
func (g *Model) setShort(on bool) {
	if on == g.short {
		return
	}
	g.short = on
	d := g.data
	for i := range d.cells {
		d.cells[i] = nil
		d.widths[i] = 0
	}
}

// guidColumn reports whether c may hold GUIDs to show short: an Edm.Guid
// column, or a key of a type $metadata did not give.
func guidColumn(c Column) bool {
	return c.Type == "Edm.Guid" || c.Key && !strings.HasPrefix(c.Type, "Edm.")
}

// shortGUID is s's first 8 hex digits and … when s is a GUID
// (8-4-4-4-12 hex digits), else s.
func shortGUID(s string) string {
	if len(s) != 36 {
		return s
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return s
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return s
			}
		}
	}
	return s[:8] + "…"
}
