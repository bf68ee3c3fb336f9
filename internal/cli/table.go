package cli

import (
	"bufio"
	"cmp"
	"io"
	"runtime"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// The table of `odx get -o table`, streamed: rows are written as pages
// arrive and only one page is ever held. The column widths come from the
// header and the first page; a later page with a wider value widens its
// column from that page on (up to maxColumnWidth), so that no value is cut
// short of the cap and the lines of one page always line up. Values are
// formatted as people read them and sanitised (termtext.FormatValue),
// whatever the output is; where the server sent a formatted value
// (Dataverse's FormattedValue annotation, odata.Row.Formatted) the table
// shows it instead of the raw value. The other formats keep the data exact.

// maxColumnWidth is the most terminal cells a column takes; longer values
// are cut with "…".
const maxColumnWidth = 40

// columnGap separates two columns.
const columnGap = "  "

// tableWriter writes rows as aligned columns, widths counted in terminal
// cells (so that wide CJK characters line up). It is an odata.RowWriter:
// grow before writing each page's rows, Flush after them, Close at the end.
type tableWriter struct {
	w       *bufio.Writer
	cols    []string // the properties shown
	names   []string // their sanitised names, the header
	widths  []int
	started bool // the header is written
	cells   []string
	line    strings.Builder
}

// newTableWriter returns a tableWriter for cols, each column as wide as
// its name (at most maxColumnWidth cells) until grow widens it.
func newTableWriter(w io.Writer, cols []string) *tableWriter {
	t := &tableWriter{w: bufio.NewWriter(w), cols: cols, names: make([]string, len(cols)),
		widths: make([]int, len(cols)), cells: make([]string, len(cols))}
	for i, col := range cols {
		t.names[i] = termtext.Sanitize(col)
		t.widths[i] = max(1, min(maxColumnWidth, ansi.StringWidth(t.names[i])))
	}
	return t
}

// writePage writes the rows of a page: each cell formatted and measured
// once, each column first widened to the widest of its values in rows, at
// most maxColumnWidth cells (a column is never narrowed).
func (t *tableWriter) writePage(rows []odata.Row) error {
	return t.writeRows(len(rows), func(j int) (odata.Row, error) { return rows[j], nil })
}

// parallelRows is the size of a page from which writeRows decodes and
// formats its second half on a goroutine of its own.
var parallelRows = 200

// writeRows is writePage for rows 0…count-1 given by row (a page read raw
// decodes them): a large page decoded and formatted in two halves at
// once, on the core that would otherwise wait for the next page.
func (t *tableWriter) writeRows(count int, row func(int) (odata.Row, error)) error {
	n := len(t.cols)
	cells := make([]string, count*n)
	widths := make([]int, len(cells))
	format := func(from, to int, colWidths []int) error {
		for j := from; j < to; j++ {
			r, err := row(j)
			if err != nil {
				return err
			}
			for i, col := range t.cols {
				c := tableCell(r, col)
				w := cellWidth(c)
				cells[j*n+i], widths[j*n+i] = c, w
				colWidths[i] = max(colWidths[i], min(maxColumnWidth, w))
			}
		}
		return nil
	}
	half := count
	if count >= parallelRows && runtime.GOMAXPROCS(0) > 1 {
		half = count / 2
	}
	second := make([]int, n)
	var err2 error
	done := make(chan struct{})
	if half < count {
		go func() {
			defer close(done)
			err2 = format(half, count, second)
		}()
	} else {
		close(done)
	}
	err := format(0, half, t.widths)
	<-done
	if err = cmp.Or(err, err2); err != nil {
		return err
	}
	for i, w := range second {
		t.widths[i] = max(t.widths[i], w)
	}
	if err := t.writeHeader(); err != nil {
		return err
	}
	for j := range count {
		if err := t.writeLine(cells[j*n:(j+1)*n], widths[j*n:(j+1)*n]); err != nil {
			return err
		}
	}
	return nil
}

// cellWidth is the width of a sanitised cell in terminal cells: its length
// when it is ASCII (no control characters are left in it), else as
// ansi.StringWidth counts.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 || s[i] == 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// tableCell is property col of r as the table shows it: on one line,
// sanitised; the server's formatted value where it sent one.
func tableCell(r odata.Row, col string) string {
	v := r.Values[col]
	if f, ok := r.Formatted[col]; ok && v != nil {
		return termtext.Sanitize(f)
	}
	return termtext.FormatValue(v, "", "EN")
}

// Write adds r as one line (after the header, on the first call).
func (t *tableWriter) Write(r odata.Row) error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	widths := make([]int, len(t.cols))
	for i, col := range t.cols {
		t.cells[i] = tableCell(r, col)
		widths[i] = cellWidth(t.cells[i])
	}
	return t.writeLine(t.cells, widths)
}

func (t *tableWriter) writeHeader() error {
	if t.started {
		return nil
	}
	t.started = true
	widths := make([]int, len(t.names))
	for i, name := range t.names {
		widths[i] = cellWidth(name)
	}
	return t.writeLine(t.names, widths)
}

// writeLine writes cells (of the given widths) padded to the column
// widths; a cell wider than its column is cut with "…". The last column is
// not padded, and is cut only at maxColumnWidth.
func (t *tableWriter) writeLine(cells []string, widths []int) error {
	t.line.Reset()
	for i, c := range cells {
		last := i == len(cells)-1
		width := t.widths[i]
		if last {
			width = maxColumnWidth
		}
		cw := widths[i]
		if cw > width {
			c = ansi.Truncate(c, width, "…")
			cw = ansi.StringWidth(c)
		}
		t.line.WriteString(c)
		if !last {
			t.line.WriteString(strings.Repeat(" ", max(0, t.widths[i]-cw)))
			t.line.WriteString(columnGap)
		}
	}
	_, err := t.w.WriteString(strings.TrimRight(t.line.String(), " ") + "\n")
	return err
}

// Flush writes out the lines written so far.
func (t *tableWriter) Flush() error { return t.w.Flush() }

// Close writes the header if no row came, and flushes.
func (t *tableWriter) Close() error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	return t.w.Flush()
}
