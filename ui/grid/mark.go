package grid

import "charm.land/lipgloss/v2"

// gridMarks are the cells a page search highlights.
type gridMarks struct {
	at    func(row, col int) bool
	paint paint
}

// SetMarks highlights every cell for which marked(row, col) is true, col
// being an index into SetData's columns, drawn with st's attributes over the
// cell's own style (only colours and text attributes are used). nil removes
// the highlights. SetData clears them: set them again for new rows.
func (g *Model) SetMarks(marked func(row, col int) bool, st lipgloss.Style) {
	if marked == nil {
		g.data.marks = nil
		return
	}
	g.data.marks = &gridMarks{at: marked, paint: codes(st)}
}

// Marked reports whether cell (row, col) is highlighted; col is an index
// into SetData's columns.
func (g Model) Marked(row, col int) bool {
	m := g.data.marks
	return m != nil && m.at(row, col)
}

// writeMarked writes a cell's text with the mark's codes over the paint in
// use, padded to its column's width (on the left when right is set).
func (w *runWriter) writeMarked(m paint, text string, pad int, right bool) {
	if right {
		writeSpaces(w.b, pad)
	}
	cur := w.cur
	w.b.WriteString(m.pre)
	w.b.WriteString(text)
	w.b.WriteString(m.suf)
	// The mark's closing codes may reset every attribute: open the cell's
	// paint again for what follows.
	if cur >= 0 {
		w.b.WriteString(w.p[cur].pre)
	}
	if !right {
		writeSpaces(w.b, pad)
	}
}

// MarkCells highlights the cells at ps (as Find returns them) with st, as
// SetMarks does; an empty ps removes the highlights.
func (g *Model) MarkCells(ps []Pos, st lipgloss.Style) {
	if len(ps) == 0 {
		g.SetMarks(nil, st)
		return
	}
	n := len(g.cols)
	bits := make([]uint64, (len(g.rows)*n+63)/64)
	for _, p := range ps {
		k := p.Row*n + p.Col
		bits[k/64] |= 1 << (k % 64)
	}
	g.SetMarks(func(row, col int) bool {
		k := row*n + col
		return row >= 0 && col >= 0 && col < n && k/64 < len(bits) && bits[k/64]&(1<<(k%64)) != 0
	}, st)
}
