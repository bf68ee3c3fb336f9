package grid

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Paints: the grid draws a style as the escape sequences before and after
// its text, taken once from lipgloss, and writes runs of cells between
// them without a Render call per cell.

// The paints, one per style and combination of styles.
const (
	pCell = iota
	pNull
	pFrozen
	pFrozenNull
	pRow
	pRowNull
	pCursor
	pHeader
	pMarker
	pNum
	pNumRow
	nPaints
)

type paint struct{ pre, suf string }

type gridPaint [nPaints]paint

func newGridPaint(st Styles) *gridPaint {
	styles := [nPaints]lipgloss.Style{
		pCell:       st.Cell,
		pNull:       st.Null.Inherit(st.Cell),
		pFrozen:     st.Frozen,
		pFrozenNull: st.Null.Inherit(st.Frozen),
		pRow:        st.CursorRow,
		pRowNull:    st.Null.Inherit(st.CursorRow),
		pCursor:     st.Cursor,
		pHeader:     st.Header,
		pMarker:     st.Marker,
		pNum:        st.RowNumber,
		pNumRow:     st.RowNumber.Inherit(st.CursorRow),
	}
	var gp gridPaint
	for i, s := range styles {
		gp[i] = codes(s)
	}
	return &gp
}

// codes renders a placeholder with st's colours and attributes and keeps
// what comes before and after it.
func codes(st lipgloss.Style) paint {
	const placeholder = "\uE000"
	st = st.UnsetPadding().UnsetMargins().UnsetBorderStyle().UnsetWidth().UnsetHeight().
		UnsetMaxWidth().UnsetMaxHeight().UnsetAlign().UnsetTransform().UnsetString()
	out := st.Render(placeholder)
	pre, suf, ok := strings.Cut(out, placeholder)
	if !ok || strings.Contains(out, "\n") || strings.Contains(suf, placeholder) {
		return paint{}
	}
	return paint{pre, suf}
}

// runWriter writes styled runs: a new paint closes the previous run.
type runWriter struct {
	b   *lineBuf
	p   *gridPaint
	cur int
}

func (w *runWriter) use(i int) {
	if i == w.cur {
		return
	}
	if w.cur >= 0 {
		w.b.WriteString(w.p[w.cur].suf)
	}
	w.b.WriteString(w.p[i].pre)
	w.cur = i
}

func (w *runWriter) end() {
	if w.cur >= 0 {
		w.b.WriteString(w.p[w.cur].suf)
	}
	w.cur = -1
}

const blanks = "                                                                "

func writeSpaces(b *lineBuf, n int) {
	for n > 0 {
		k := min(n, len(blanks))
		b.WriteString(blanks[:k])
		n -= k
	}
}

// lineBuf is a line being drawn: a byte buffer that the drawn lines reuse,
// each copied out once whole (one allocation of the line's exact size).
type lineBuf struct{ b []byte }

func (l *lineBuf) WriteString(s string) { l.b = append(l.b, s...) }

func (l *lineBuf) Write(p []byte) { l.b = append(l.b, p...) }

func (l *lineBuf) WriteByte(c byte) error {
	l.b = append(l.b, c)
	return nil
}

// take returns the line drawn and empties the buffer for the next.
func (l *lineBuf) take() string {
	s := string(l.b)
	l.b = l.b[:0]
	return s
}
