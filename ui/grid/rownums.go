package grid

import "strconv"

// Row numbers: a frozen column on the very left with each row's absolute
// number (the first row of the data is numbered as SetRowNumbers says),
// right-aligned and dimmed, as wide as the largest number. The rest of the
// grid is laid out in the width left beside it.

// minDataWidth is the least width the columns keep beside the row numbers:
// in a narrower grid the numbers are not drawn.
const minDataWidth = 12

// SetRowNumbers shows (on) or hides a frozen leftmost column of row
// numbers; first is the number of the first row of the data (1 for a
// first page, 51 for the second page of 50). The cursor stays on its cell.
func (g *Model) SetRowNumbers(on bool, first int) {
	g.nums, g.numFirst = on, first
	g.scrollIntoView()
}

// RowNumbers reports whether row numbers are on, and the number of the
// first row of the data (SetRowNumbers).
func (g Model) RowNumbers() (on bool, first int) { return g.nums, g.numFirst }

// numWidth is the width the row numbers take, their separating space
// included: 0 when they are off or the grid is too narrow for them.
func (g *Model) numWidth() int {
	if !g.nums {
		return 0
	}
	last := g.numFirst + max(0, len(g.rows)-1)
	w := max(digits(g.numFirst), digits(last)) + 1
	if g.width-w < minDataWidth {
		return 0
	}
	return w
}

// dataWidth is the width the columns are laid out in: the grid's width
// less the row numbers.
func (g *Model) dataWidth() int { return g.width - g.numWidth() }

// digits is the number of cells n takes in decimal, its sign included.
func digits(n int) int {
	d := 1
	if n < 0 {
		d++
		n = -n
	}
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// writeNumber writes row r's number right-aligned in nw-1 cells and the
// separating space, in the row numbers' paint (r < 0: the header's blank).
func (g *Model) writeNumber(w *runWriter, r, nw int, onRow bool) {
	if r < 0 {
		w.use(pHeader)
		writeSpaces(w.b, nw)
		return
	}
	if onRow {
		w.use(pNumRow)
	} else {
		w.use(pNum)
	}
	var buf [24]byte
	s := strconv.AppendInt(buf[:0], int64(g.numFirst+r), 10)
	writeSpaces(w.b, nw-1-len(s))
	w.b.Write(s)
	w.b.WriteByte(' ')
}
