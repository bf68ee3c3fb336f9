package cli

import (
	"bufio"
	"io"
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

// grow widens each column to the widest of its values in rows (the page
// about to be written), at most maxColumnWidth cells; it never narrows one.
func (t *tableWriter) grow(rows []odata.Row) {
	for _, r := range rows {
		for i, col := range t.cols {
			if t.widths[i] < maxColumnWidth {
				t.widths[i] = max(t.widths[i], min(maxColumnWidth, ansi.StringWidth(tableCell(r, col))))
			}
		}
	}
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
	for i, col := range t.cols {
		t.cells[i] = tableCell(r, col)
	}
	return t.writeLine(t.cells)
}

func (t *tableWriter) writeHeader() error {
	if t.started {
		return nil
	}
	t.started = true
	return t.writeLine(t.names)
}

// writeLine writes cells padded to the column widths; a cell wider than
// its column is cut with "…". The last column is not padded, and is cut
// only at maxColumnWidth.
func (t *tableWriter) writeLine(cells []string) error {
	t.line.Reset()
	for i, c := range cells {
		last := i == len(cells)-1
		width := t.widths[i]
		if last {
			width = maxColumnWidth
		}
		cw := ansi.StringWidth(c)
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
