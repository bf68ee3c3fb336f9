package grid

// HitTest tells what a position in the grid is over, for the mouse: x and
// y are cells from the grid's top-left corner (the header is line 0).
//
// ok is false outside the grid, below the last row and on the "no rows"
// and "no columns" lines. Otherwise header reports the header line (row is
// then -1), or row is the index into SetData's rows of the row drawn there;
// col is the index into SetData's columns of the column under x (a
// column's separating space counts as that column's: after a frozen one,
// before a scrolling one), or -1 over the row numbers, the │ ‹ › gutters
// and the blank right of the last column. Frozen columns, the horizontal
// scroll and the row numbers are taken into account.
func (g Model) HitTest(x, y int) (row, col int, header, ok bool) {
	row, col = -1, -1
	if x < 0 || y < 0 || x >= g.width || y >= g.height || len(g.order) == 0 {
		return row, col, false, false
	}
	if y == 0 {
		header = true
	} else {
		row = g.rowOff + y - 1
		if row >= len(g.rows) {
			return -1, -1, false, false
		}
	}
	x -= g.numWidth()
	if x < 0 {
		return row, -1, header, true // the row numbers
	}
	lay := g.layout()
	pos := 0
	for _, lc := range lay.cols[:lay.fz] {
		if pos += lc.w + 1; x < pos { // the cell, then a space
			return row, lc.i, header, true
		}
	}
	if x == pos { // │, ‹ or a space
		return row, -1, header, true
	}
	pos++
	for _, lc := range lay.cols[lay.fz:] {
		if pos += lc.w + 1; x < pos { // a space, then the cell
			return row, lc.i, header, true
		}
	}
	return row, -1, header, true
}
