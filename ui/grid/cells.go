package grid

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/internal/termtext"
)

// The cells: what one SetData gives the grid, formatted and measured the
// first time a cell is drawn or a column's width is needed, and kept.

const (
	sampleRows  = 200    // rows measured for a column's width
	maxColWidth = 40     // widest a column gets; longer values end in …
	minColWidth = 3      // narrowest a column gets
	nullText    = "null" // what a null cell shows, dimmed
)

// gridData holds the formatted cells and measured widths of one SetData.
// Copies of a Model share it; SetData replaces it rather than clearing it.
// Everything is indexed by column index (into Model.cols).
type gridData struct {
	headers []string   // header text: # for keys, name, sort mark
	widths  []int      // 0 until measured
	cells   [][]cell   // nil until measured; then one per row, formatted on use
	marks   *gridMarks // search highlights (mark.go), nil when none
	lower   [][]string // lower-cased cell texts for Find (find.go), per column
	drawn   *drawn     // the lines drawn (lines.go), nil until drawn
}

type cell struct {
	text string
	full string // the whole text when text is a short GUID, else ""

	clip  string // text cut to fit clipW cells
	w     int    // width of text in cells
	clipW int
	clipN int // width of clip
	kind  termtext.Kind
	ok    bool // formatted
}

func newGridData(cols []Column, labels bool) *gridData {
	d := &gridData{
		headers: make([]string, len(cols)),
		widths:  make([]int, len(cols)),
		cells:   make([][]cell, len(cols)),
	}
	for i := range cols {
		d.headers[i] = headerText(cols[i], labels)
	}
	return d
}

// resetHeader recomputes column i's header and has its width measured again.
func (d *gridData) resetHeader(cols []Column, i int, labels bool) {
	d.headers[i] = headerText(cols[i], labels)
	d.widths[i] = 0
	if d.drawn != nil {
		d.drawn.header = ""
	}
}

// headerText is a column's header: its label (with labels on) or name, #
// before a key, the sort mark after.
func headerText(c Column, labels bool) string {
	name := c.Name
	if labels && c.Label != "" {
		name = c.Label
	}
	s := termtext.Sanitize(name)
	if c.Key {
		s = "#" + s
	}
	switch c.Sort {
	case 1:
		s += " ▲"
	case -1:
		s += " ▼"
	}
	return s
}

// cell returns row r of column i, formatting it the first time.
func (g *Model) cell(r, i int) *cell {
	cs := g.data.cells[i]
	if cs == nil {
		cs = make([]cell, len(g.rows))
		g.data.cells[i] = cs
	}
	c := &cs[r]
	if !c.ok {
		col := g.cols[i]
		v := g.rows[r][col.Name]
		c.kind = termtext.ValueKind(v, col.Type)
		if c.kind == termtext.KindNull {
			c.text = nullText
		} else {
			c.text = termtext.FormatValue(v, col.Type, g.lang)
			if g.short && guidColumn(col) {
				if s := shortGUID(c.text); s != c.text {
					c.full, c.text = c.text, s
				}
			}
		}
		c.w, c.ok = textWidth(c.text), true
	}
	return c
}

// fit returns the cell's text cut to at most w cells, and its width.
func (c *cell) fit(w int) (string, int) {
	if c.w <= w {
		return c.text, c.w
	}
	if c.clipW != w || c.clip == "" {
		c.clip = ansi.Truncate(c.text, w, "…")
		c.clipW, c.clipN = w, textWidth(c.clip)
	}
	return c.clip, c.clipN
}

// colWidth returns the width of the column at display position p, measured
// from its header and its first sampleRows rows the first time.
func (g *Model) colWidth(p int) int {
	i := g.order[p]
	if w, ok := g.widths[g.cols[i].Name]; ok {
		return w
	}
	if w := g.data.widths[i]; w > 0 {
		return w
	}
	w := textWidth(g.data.headers[i])
	for r := range min(len(g.rows), sampleRows) {
		w = max(w, g.cell(r, i).w)
	}
	w = max(minColWidth, min(w, maxColWidth))
	g.data.widths[i] = w
	return w
}

func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
