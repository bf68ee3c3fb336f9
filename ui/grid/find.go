package grid

import (
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
)

// Pos is a cell: a row of the data and a column as an index into the
// columns given to SetData.
type Pos struct{ Row, Col int }

// nullMark stands for a null or empty cell among the lower-cased texts:
// typed text never holds a control character.
const nullMark = "\x00"

// Find returns the cells whose text, as the grid shows it, contains term
// (which the caller lower-cases), row by row and left to right as shown.
// Null and empty cells never match. The lower-cased texts are kept for
// later searches over the same data, until the next SetData.
func (g *Model) Find(term string) []Pos {
	if strings.TrimSpace(term) == "" {
		return nil
	}
	var out []Pos
	for r := range g.rows {
		for _, i := range g.order {
			if t := g.lowerText(r, i); t != nullMark && strings.Contains(t, term) {
				out = append(out, Pos{r, i})
			}
		}
	}
	return out
}

// lowerText is cell (r, i)'s text lower-cased, or nullMark.
func (g *Model) lowerText(r, i int) string {
	d := g.data
	if d.lower == nil {
		d.lower = make([][]string, len(g.cols))
	}
	col := d.lower[i]
	if col == nil {
		col = make([]string, len(g.rows))
		d.lower[i] = col
	}
	if col[r] == "" {
		c := g.cell(r, i)
		switch {
		case c.kind == termtext.KindNull, c.text == "":
			col[r] = nullMark
		case c.full != "":
			col[r] = strings.ToLower(c.full) // a short GUID is found by its whole text
		default:
			col[r] = strings.ToLower(c.text)
		}
	}
	return col[r]
}

// DisplayPos is where column col (an index into SetData's columns) is
// shown, key columns first, or -1 when there is no such column.
func (g Model) DisplayPos(col int) int {
	for p, i := range g.order {
		if i == col {
			return p
		}
	}
	return -1
}
