package grid

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/internal/termtext"
)

// gridLayout is what one View draws: the frozen columns, then the
// scrolling ones from colOff on that fit.
type gridLayout struct {
	fz          int
	cols        []layoutCol
	left, right bool // columns hidden on the left, on the right
	used        int  // cells taken by columns and gutters, › excluded
}

type layoutCol struct {
	p, i, w int // display position, column index, drawn width
}

func (g *Model) layout() gridLayout {
	n := len(g.order)
	lay := gridLayout{fz: g.frozenCount(), cols: g.layoutBuf()}
	for p := range lay.fz {
		w := g.colWidth(p)
		lay.cols = append(lay.cols, layoutCol{p, g.order[p], w})
		lay.used += w + 1
	}
	lay.used++ // │ or ‹
	room := g.scrollWidth(lay.fz)
	from := max(g.colOff, lay.fz)
	lay.left = from > lay.fz
	p := from
	for ; p < n; p++ {
		w := g.colWidth(p)
		if w+1 > room {
			least := 3
			if p == from {
				least = 1
			}
			if room-1 >= least {
				lay.cols = append(lay.cols, layoutCol{p, g.order[p], room - 1})
				lay.used += room
			}
			break
		}
		lay.cols = append(lay.cols, layoutCol{p, g.order[p], w})
		lay.used += w + 1
		room -= w + 1
	}
	lay.right = p < n
	if g.data.drawn != nil {
		g.data.drawn.lay = lay.cols // the next layout reuses it
	}
	return lay
}

// layoutBuf is an empty slice for a layout's columns, reusing the last
// layout's: a layout is used before the next one is made.
func (g *Model) layoutBuf() []layoutCol {
	if d := g.data.drawn; d != nil && d.lay != nil {
		return d.lay[:0]
	}
	return make([]layoutCol, 0, 32)
}

// View draws the header and the visible rows, at most SetSize's width and
// height. Server text in it is sanitised; the only escape sequences are the
// styles' own.
func (g Model) View() string {
	if s, ok := g.keptView(); ok {
		return s
	}
	var b strings.Builder
	g.WriteView(&b)
	s := b.String()
	if d := g.data.drawn; d != nil && g.width >= 6 && len(g.order) > 0 && len(g.rows) > 0 {
		d.view, d.viewFrom, d.viewTo = s, g.rowOff, min(len(g.rows), g.rowOff+g.visibleRows())
		d.viewRow, d.viewCol = g.row, g.col
	}
	return s
}

// keptView is the last view when it is still what View would draw: the
// same rows shown, the cursor where it was, none of its lines drawn again
// since (what else changes a line is checked by drawing it: linesFor and
// rowLine keep what has not changed).
func (g *Model) keptView() (string, bool) {
	d := g.data.drawn
	if d == nil || d.view == "" || g.width < 6 || g.height <= 0 || len(g.order) == 0 {
		return "", false
	}
	if d.viewFrom != g.rowOff || d.viewTo != min(len(g.rows), g.rowOff+g.visibleRows()) || d.viewRow != g.row || d.viewCol != g.col {
		return "", false
	}
	lay := g.layout()
	dd := g.linesFor(lay)
	g.headerLine(dd, lay)
	for r := d.viewFrom; r < d.viewTo; r++ {
		g.rowLine(dd, lay, r)
	}
	if dd != d || d.redrawn {
		return "", false
	}
	return d.view, true
}

// WriteView writes what View returns to b, growing b once by what it
// needs: a screen that draws lines of its own above the grid builds its
// body in one allocation, without copying the grid's view.
func (g Model) WriteView(b *strings.Builder) {
	if g.width <= 0 || g.height <= 0 {
		return
	}
	if g.width < 6 { // too narrow for the layout: cut every line
		var all strings.Builder
		g.writeView(&all)
		lines := strings.Split(all.String(), "\n")
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, g.width, "")
		}
		b.WriteString(strings.Join(lines, "\n"))
		return
	}
	g.writeView(b)
}

func (g *Model) writeView(b *strings.Builder) {
	if len(g.order) == 0 {
		var lb lineBuf
		g.writeMessage(&lb, "no columns")
		b.Write(lb.b)
		return
	}
	lay := g.layout()
	d := g.linesFor(lay)
	header := g.headerLine(d, lay)
	end := min(len(g.rows), g.rowOff+g.visibleRows())
	n := len(header)
	for r := g.rowOff; r < end; r++ {
		n += len(g.rowLine(d, lay, r)) + 1
	}
	if len(g.rows) == 0 && g.height > 1 {
		d.buf.WriteByte('\n')
		g.writeMessage(&d.buf, "no rows")
		n += len(d.buf.b)
	}
	if d.redrawn { // the view kept is not what the lines show now
		d.view, d.redrawn = "", false
	}
	b.Grow(n)
	b.WriteString(header)
	if len(g.rows) == 0 {
		b.Write(d.buf.b)
		d.buf.b = d.buf.b[:0]
	}
	for r := g.rowOff; r < end; r++ {
		b.WriteByte('\n')
		b.WriteString(d.lines[r])
	}
}

func (g *Model) writeMessage(b *lineBuf, msg string) {
	w := runWriter{b: b, p: g.paint, cur: -1}
	w.use(pNull)
	b.WriteString(ansi.Truncate(msg, g.width, "…"))
	w.end()
}

func (g *Model) writeHeader(b *lineBuf, lay gridLayout) {
	w := runWriter{b: b, p: g.paint, cur: -1}
	head := func(lc layoutCol) {
		text := g.data.headers[lc.i]
		tw := textWidth(text)
		if tw > lc.w {
			text = ansi.Truncate(text, lc.w, "…")
			tw = textWidth(text)
		}
		b.WriteString(text)
		writeSpaces(b, lc.w-tw)
	}
	if nw := g.numWidth(); nw > 0 {
		g.writeNumber(&w, -1, nw, false)
	}
	w.use(pHeader)
	for _, lc := range lay.cols[:lay.fz] {
		head(lc)
		b.WriteByte(' ')
	}
	switch {
	case lay.left:
		w.use(pMarker)
		b.WriteString("‹")
	case lay.fz > 0:
		w.use(pMarker)
		b.WriteString("│")
	default:
		b.WriteByte(' ')
	}
	w.use(pHeader)
	for _, lc := range lay.cols[lay.fz:] {
		b.WriteByte(' ')
		head(lc)
	}
	writeSpaces(b, g.dataWidth()-1-lay.used)
	if lay.right {
		w.use(pMarker)
		b.WriteString("›")
	} else {
		b.WriteByte(' ')
	}
	w.end()
}

func (g *Model) writeRow(b *lineBuf, lay gridLayout, r int) {
	w := runWriter{b: b, p: g.paint, cur: -1}
	onRow := r == g.row
	base := pCell
	if onRow {
		base = pRow
	}
	if nw := g.numWidth(); nw > 0 {
		g.writeNumber(&w, r, nw, onRow)
	}
	for _, lc := range lay.cols[:lay.fz] {
		g.writeCell(&w, r, lc, onRow, true)
		w.use(base)
		b.WriteByte(' ')
	}
	if lay.fz > 0 {
		w.use(pMarker)
		b.WriteString("│")
	} else {
		w.use(base)
		b.WriteByte(' ')
	}
	for _, lc := range lay.cols[lay.fz:] {
		w.use(base)
		b.WriteByte(' ')
		g.writeCell(&w, r, lc, onRow, false)
	}
	w.end()
}

func (g *Model) writeCell(w *runWriter, r int, lc layoutCol, onRow, frozen bool) {
	c := g.cell(r, lc.i)
	text, tw := c.fit(lc.w)
	null := c.kind == termtext.KindNull
	switch {
	case onRow && lc.p == g.col:
		w.use(pCursor)
	case onRow && null:
		w.use(pRowNull)
	case onRow:
		w.use(pRow)
	case frozen && null:
		w.use(pFrozenNull)
	case frozen:
		w.use(pFrozen)
	case null:
		w.use(pNull)
	default:
		w.use(pCell)
	}
	if m := g.data.marks; m != nil && m.at(r, lc.i) {
		w.writeMarked(m.paint, text, lc.w-tw, c.kind == termtext.KindNumber)
		return
	}
	if c.kind == termtext.KindNumber {
		writeSpaces(w.b, lc.w-tw)
		w.b.WriteString(text)
		return
	}
	w.b.WriteString(text)
	writeSpaces(w.b, lc.w-tw)
}
