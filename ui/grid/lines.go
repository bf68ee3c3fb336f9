package grid

// The drawn lines are kept: a cursor key redraws the two rows it changes
// (the cursor's old row and its new one) and copies the others. Every line
// is drawn again when what it depends on changes: the columns shown and
// their widths, the row numbers, the paints, the marks, short GUIDs.

// drawn is what one layout drew: the header and each data row's line.
type drawn struct {
	sig    lineSig
	cols   []layoutCol // the columns the lines were drawn with
	header string      // "" until drawn
	lines  []string    // by row; "" until drawn
	cursor []int       // by row: the cursor's display position when drawn as its row, else -1
	lay    []layoutCol // layout's buffer, reused
	buf    lineBuf     // where a line is drawn

	// The last view, kept while no line of it is drawn again and it shows
	// the same rows: a frame with nothing changed (a tick, a spinner)
	// costs no copy.
	view             string
	viewFrom, viewTo int  // the rows it shows
	viewRow, viewCol int  // the cursor it shows
	redrawn          bool // a line was drawn since view was made
}

// lineSig is what the lines depend on besides their columns and the cursor.
type lineSig struct {
	fz, nw, first int
	left, right   bool
	used          int
	paint         *gridPaint
	marks         *gridMarks
	short         bool
}

// linesFor returns the drawn lines valid for lay, forgetting them when
// anything they depend on changed.
func (g *Model) linesFor(lay gridLayout) *drawn {
	d := g.data.drawn
	if d == nil {
		d = &drawn{}
		g.data.drawn = d
	}
	sig := lineSig{
		fz: lay.fz, nw: g.numWidth(), first: g.numFirst, left: lay.left, right: lay.right, used: lay.used,
		paint: g.paint, marks: g.data.marks, short: g.short,
	}
	if len(d.lines) != len(g.rows) || sig != d.sig || !sameCols(d.cols, lay.cols) {
		d.sig = sig
		d.cols = append(d.cols[:0], lay.cols...)
		d.header, d.redrawn = "", true
		if len(d.lines) != len(g.rows) {
			d.lines, d.cursor = make([]string, len(g.rows)), make([]int, len(g.rows))
		} else {
			clear(d.lines)
		}
	}
	return d
}

func sameCols(a, b []layoutCol) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// headerLine returns the header drawn with lay.
func (g *Model) headerLine(d *drawn, lay gridLayout) string {
	if d.header == "" {
		g.writeHeader(&d.buf, lay)
		d.header, d.redrawn = d.buf.take(), true
	}
	return d.header
}

// rowLine returns row r drawn with lay, drawing it when it is not yet, or
// when the cursor came onto it, left it or moved along it.
func (g *Model) rowLine(d *drawn, lay gridLayout, r int) string {
	cur := -1
	if r == g.row {
		cur = g.col
	}
	if d.lines[r] == "" || d.cursor[r] != cur {
		g.writeRow(&d.buf, lay, r)
		d.lines[r], d.cursor[r], d.redrawn = d.buf.take(), cur, true
	}
	return d.lines[r]
}
