// Package grid is the explorer's data grid: a virtualised table that draws
// only the visible rows and columns, freezes the key columns on the left,
// scrolls sideways a column at a time and keeps a cell cursor. It is a
// Bubble Tea component (SetSize, Update, View) with its own KeyMap and
// Styles.
package grid

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Column describes one column of the grid.
type Column struct {
	Name  string // property name: the member of each row, shown in the header
	Label string // human name from $metadata, shown instead of Name while labels are on; "" for none
	Type  string // EDM type from $metadata ("Edm.Decimal", …) or ""
	Key   bool   // part of the entity key: frozen on the left, "#" in the header
	Sort  int    // sort mark in the header: 0 none, 1 ascending ▲, -1 descending ▼
}

// Styles are the grid's styles. Only colours and text attributes are
// used: padding, margins, borders and widths are ignored, so that a row is
// drawn with a few escape sequences instead of one Render call per cell.
type Styles struct {
	Header    lipgloss.Style // the header row
	Cell      lipgloss.Style // an ordinary cell
	Cursor    lipgloss.Style // the cell under the cursor
	CursorRow lipgloss.Style // the other cells of the cursor's row
	Null      lipgloss.Style // a null value, over the cell's own style
	Frozen    lipgloss.Style // cells of the key columns frozen on the left
	Marker    lipgloss.Style // the ‹ › scroll markers and the │ after frozen columns
	RowNumber lipgloss.Style // the row numbers (SetRowNumbers)
}

// DefaultStyles returns the grid's styles without colours: a bold header,
// a bold reversed cursor (visible without colour), faint nulls. The
// explorer's styles package adds its palette's colours.
func DefaultStyles() Styles {
	return Styles{
		Header:    lipgloss.NewStyle().Bold(true),
		Cell:      lipgloss.NewStyle(),
		Cursor:    lipgloss.NewStyle().Reverse(true).Bold(true),
		CursorRow: lipgloss.NewStyle(),
		Null:      lipgloss.NewStyle().Faint(true),
		Frozen:    lipgloss.NewStyle(),
		Marker:    lipgloss.NewStyle(),
		RowNumber: lipgloss.NewStyle().Faint(true),
	}
}

// KeyMap holds the grid's keys. The grid binds no page keys (n, p,
// pgup, pgdown): those belong to the screen that loads pages.
type KeyMap struct {
	Up, Down         key.Binding // one row
	Left, Right      key.Binding // one column
	FirstRow         key.Binding
	LastRow          key.Binding
	FirstCol         key.Binding
	LastCol          key.Binding
	HalfUp, HalfDown key.Binding // half the visible rows
}

// DefaultKeyMap returns the grid's keys: arrows and h/j/k/l, g and G for
// the first and last row, home and end for the first and last column,
// ctrl+u and ctrl+d for half a screen. The explorer's key map takes these
// bindings from here, so each is declared once.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "column left")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "column right")),
		FirstRow: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "first row")),
		LastRow:  key.NewBinding(key.WithKeys("G"), key.WithHelp("G", "last row")),
		FirstCol: key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "first column")),
		LastCol:  key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "last column")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
	}
}

// Model is a virtualised data grid: it draws only the visible rows and
// columns, freezes the key columns on the left, scrolls sideways a column
// at a time and keeps a cell cursor. Values are formatted (termtext.FormatValue) when
// first drawn or measured, and kept.
//
// Columns are shown key columns first, then the others in the order given.
// Column indexes in this API (Cursor, SetCursor, SetSort) are indexes into
// the slice given to SetData.
type Model struct {
	// KeyMap is the grid's keys; the screen may disable some.
	KeyMap KeyMap

	cols   []Column
	rows   []map[string]any
	lang   string
	labels bool  // headers show Column.Label where there is one
	order  []int // display position → index in cols
	keys   int   // key columns: display positions [0, keys)
	data   *gridData
	paint  *gridPaint

	width, height int
	row, col      int // cursor: row and display position
	rowOff        int // first row shown
	colOff        int // first scrolling display position shown

	widths map[string]int // widths set by the user, by column name (columns.go)
	frozen string         // last column frozen beyond the keys, "" for none
	short  bool           // GUIDs shown short: the grid is narrower than ShortGUIDBelow

	nums     bool // row numbers on the left (rownums.go)
	numFirst int  // the number of the first row of the data
}

// New returns an empty grid drawn with st.
func New(st Styles) Model {
	return Model{KeyMap: DefaultKeyMap(), data: newGridData(nil, true), paint: newGridPaint(st), labels: true}
}

// SetLabels shows the columns' labels in the header (on, the default), or
// their names. Widths are measured again; the cursor stays on its cell.
func (g *Model) SetLabels(on bool) {
	if on == g.labels {
		return
	}
	g.labels = on
	for i := range g.cols {
		g.data.resetHeader(g.cols, i, on)
	}
	g.scrollIntoView()
}

// Labels reports whether the header shows labels (SetLabels).
func (g Model) Labels() bool { return g.labels }

// HasLabels reports whether any column has a label.
func (g Model) HasLabels() bool {
	for _, c := range g.cols {
		if c.Label != "" {
			return true
		}
	}
	return false
}

// SetStyles changes the grid's styles, for example when the terminal's
// background colour becomes known.
func (g *Model) SetStyles(st Styles) { g.paint = newGridPaint(st) }

// SetData shows rows (decoded with json.Decoder.UseNumber; a missing member
// is null) under cols; lang picks the language of multi-language texts. The
// cursor stays on the same row number and, when a column of the same name
// is still there, on the same column, within the new bounds.
func (g *Model) SetData(cols []Column, rows []map[string]any, lang string) {
	current := g.CurrentColumn().Name
	g.cols = append([]Column(nil), cols...)
	g.rows, g.lang = rows, lang
	g.order = make([]int, 0, len(cols))
	for i, c := range g.cols {
		if c.Key {
			g.order = append(g.order, i)
		}
	}
	g.keys = len(g.order)
	for i, c := range g.cols {
		if !c.Key {
			g.order = append(g.order, i)
		}
	}
	g.data = newGridData(g.cols, g.labels)
	g.short = false
	g.setShort(g.width < ShortGUIDBelow)
	for p, i := range g.order {
		if g.cols[i].Name == current {
			g.col = p
		}
	}
	g.clampCursor()
	g.scrollIntoView()
}

// SetSize sets the grid's width and height in cells, header row included.
func (g *Model) SetSize(w, h int) {
	g.width, g.height = max(w, 0), max(h, 0)
	g.setShort(g.width < ShortGUIDBelow)
	g.scrollIntoView()
}

// Size is the grid's width and height in cells, as given to SetSize.
func (g Model) Size() (width, height int) { return g.width, g.height }

// SetSort sets the sort mark of column col (an index into SetData's
// columns): 0 none, 1 ascending, -1 descending.
func (g *Model) SetSort(col, dir int) {
	if col < 0 || col >= len(g.cols) {
		return
	}
	g.cols[col].Sort = dir
	g.data.resetHeader(g.cols, col, g.labels)
}

// Cursor returns the cursor's row and column (an index into SetData's
// columns); both are 0 when the grid is empty.
func (g Model) Cursor() (row, col int) {
	if len(g.order) == 0 {
		return g.row, 0
	}
	return g.row, g.order[g.col]
}

// SetCursor moves the cursor to row and column col (an index into SetData's
// columns), kept within bounds, and scrolls it into view.
func (g *Model) SetCursor(row, col int) {
	g.row = row
	for p, i := range g.order {
		if i == col {
			g.col = p
		}
	}
	g.clampCursor()
	g.scrollIntoView()
}

// CurrentRow returns the row under the cursor, or nil when there are no rows.
func (g Model) CurrentRow() map[string]any {
	if g.row < len(g.rows) {
		return g.rows[g.row]
	}
	return nil
}

// CurrentColumn returns the column under the cursor, or a zero Column.
func (g Model) CurrentColumn() Column {
	if g.col < len(g.order) {
		return g.cols[g.order[g.col]]
	}
	return Column{}
}

// Len returns the number of rows.
func (g Model) Len() int { return len(g.rows) }

// Update moves the cursor on the keys of KeyMap.
func (g Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return g, nil
	}
	half := max(1, g.visibleRows()/2)
	km := g.KeyMap
	ks := k.String() // once: each key.Matches would make it again
	switch {
	case matches(ks, km.Up):
		g.row--
	case matches(ks, km.Down):
		g.row++
	case matches(ks, km.HalfUp):
		g.row -= half
	case matches(ks, km.HalfDown):
		g.row += half
	case matches(ks, km.FirstRow):
		g.row = 0
	case matches(ks, km.LastRow):
		g.row = len(g.rows) - 1
	case matches(ks, km.Left):
		g.col--
	case matches(ks, km.Right):
		// From the last frozen column, go on to the first one shown.
		if fz := g.frozenCount(); g.col == fz-1 && g.colOff > fz {
			g.col = g.colOff
		} else {
			g.col++
		}
	case matches(ks, km.FirstCol):
		g.col = 0
	case matches(ks, km.LastCol):
		g.col = len(g.order) - 1
	default:
		return g, nil
	}
	g.clampCursor()
	g.scrollIntoView()
	return g, nil
}

// matches reports whether the key named ks is one of b's, b enabled, as
// key.Matches does for a key press.
func matches(ks string, b key.Binding) bool {
	if !b.Enabled() {
		return false
	}
	for _, k := range b.Keys() {
		if k == ks {
			return true
		}
	}
	return false
}

func (g *Model) clampCursor() {
	g.row = max(0, min(g.row, len(g.rows)-1))
	g.col = max(0, min(g.col, len(g.order)-1))
}

// visibleRows is how many data rows fit under the header.
func (g *Model) visibleRows() int { return max(0, g.height-1) }

// scrollIntoView moves the offsets the least needed to show the cursor.
func (g *Model) scrollIntoView() {
	vis := g.visibleRows()
	if g.row < g.rowOff {
		g.rowOff = g.row
	}
	if vis > 0 && g.row >= g.rowOff+vis {
		g.rowOff = g.row - vis + 1
	}
	g.rowOff = max(0, min(g.rowOff, len(g.rows)-vis))

	n := len(g.order)
	if n == 0 || g.dataWidth() <= 0 {
		return
	}
	fz := g.frozenCount()
	avail := g.scrollWidth(fz)
	g.colOff = max(g.colOff, fz)
	if g.col >= fz {
		if g.col < g.colOff {
			g.colOff = g.col
		}
		for g.colOff < g.col && !g.fits(g.colOff, g.col, avail) {
			g.colOff++
		}
	}
	// Leave no room unused on the right when columns are hidden on the left.
	for g.colOff > fz && g.fits(g.colOff-1, n-1, avail) {
		g.colOff--
	}
	g.colOff = min(g.colOff, max(fz, n-1))
}

// fits reports whether the columns from display position a to b, each with
// the one space that separates it, fit in avail cells. It measures no more
// columns than it needs to.
func (g *Model) fits(a, b, avail int) bool {
	w := 0
	for p := a; p <= b; p++ {
		if w += g.colWidth(p) + 1; w > avail {
			return false
		}
	}
	return true
}

// spanWidth is the width of the columns from display position a to b, each
// with the one space that separates it.
func (g *Model) spanWidth(a, b int) int {
	w := 0
	for p := a; p <= b; p++ {
		w += g.colWidth(p) + 1
	}
	return w
}

// scrollWidth is the width left for scrolling columns beside fz frozen
// ones: the row numbers, the frozen columns, the │ or ‹ gutter and the › gutter take the rest.
func (g *Model) scrollWidth(fz int) int {
	w := g.dataWidth() - 2
	if fz > 0 {
		w -= g.spanWidth(0, fz-1)
	}
	return w
}
