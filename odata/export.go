package odata

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
)

// RowWriter streams rows to an output format. Write each row, then Close
// to finish the document; Close does not close the underlying writer.
// Flush writes out what is buffered without finishing the document: a walk
// that fails half-way flushes and does not Close, so that a JSON array is
// left visibly unclosed.
type RowWriter interface {
	Write(Row) error
	Flush() error
	Close() error
}

var errClosed = errors.New("odata: write to a closed row writer")

// JSONWriter writes rows as one JSON array of objects. Each object holds
// the row's properties in the order the server sent them, without control
// annotations (@odata.id and the like); numbers are written digit for
// digit as received, and <, > and & are not escaped. DEL, the C1 controls
// and the bidirectional controls are always written as \u escapes (see
// EscapeJSON): the data reads back the same, and no terminal or editor
// showing the file interprets them.
type JSONWriter struct {
	// Escape, when set before the first Write, names more runes to write
	// as \u escapes (the command line escapes whatever a terminal could
	// interpret when its output is one).
	Escape func(rune) bool

	w      *bufio.Writer
	buf    bytes.Buffer
	raw    []byte // WriteRaw's row
	enc    rawEnc
	esc    []byte
	n      int
	closed bool
}

// NewJSONWriter returns a JSONWriter writing to w.
func NewJSONWriter(w io.Writer) *JSONWriter { return &JSONWriter{w: bufio.NewWriter(w)} }

// Write adds r to the array.
func (j *JSONWriter) Write(r Row) error {
	if j.closed {
		return errClosed
	}
	j.buf.Reset()
	if j.n == 0 {
		j.buf.WriteString("[\n")
	} else {
		j.buf.WriteString(",\n")
	}
	if err := appendObject(&j.buf, r); err != nil {
		return err
	}
	j.n++
	j.esc = EscapeJSON(j.esc[:0], j.buf.Bytes(), j.Escape)
	_, err := j.w.Write(j.esc)
	return err
}

// Flush writes out the rows written so far, leaving the array open.
func (j *JSONWriter) Flush() error { return j.w.Flush() }

// Close ends the array and flushes.
func (j *JSONWriter) Close() error {
	if j.closed {
		return nil
	}
	j.closed = true
	if j.n == 0 {
		j.w.WriteString("[]\n")
	} else {
		j.w.WriteString("\n]\n")
	}
	return j.w.Flush()
}

// NDJSONWriter writes one JSON object per line (newline-delimited JSON),
// with the same rules as JSONWriter.
type NDJSONWriter struct {
	// Escape is JSONWriter's Escape.
	Escape func(rune) bool

	w      *bufio.Writer
	buf    bytes.Buffer
	raw    []byte // WriteRaw's row
	enc    rawEnc
	esc    []byte
	closed bool
}

// NewNDJSONWriter returns an NDJSONWriter writing to w.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter { return &NDJSONWriter{w: bufio.NewWriter(w)} }

// Write adds r as one line.
func (j *NDJSONWriter) Write(r Row) error {
	if j.closed {
		return errClosed
	}
	j.buf.Reset()
	if err := appendObject(&j.buf, r); err != nil {
		return err
	}
	j.buf.WriteByte('\n')
	j.esc = EscapeJSON(j.esc[:0], j.buf.Bytes(), j.Escape)
	_, err := j.w.Write(j.esc)
	return err
}

// Flush writes out the lines written so far.
func (j *NDJSONWriter) Flush() error { return j.w.Flush() }

// Close flushes.
func (j *NDJSONWriter) Close() error {
	j.closed = true
	return j.w.Flush()
}

// CSVWriter writes rows as RFC 4180 CSV with a header line, laid out for a
// spreadsheet (see spreadsheet.go): the key first (from @odata.id when no
// column holds it), amounts and quantities as a value column and a
// currency or unit column, multi-language strings as one column per
// language, references as their key, other objects and arrays as compact
// JSON; null is an empty field, strings and numbers are written as
// received. The columns are decided by the rows written before the first
// Flush (at most 1,000 rows): a value later that does not fit them is
// written whole, as JSON, in its property's first column. Set RawJSON for
// one column per property, objects as JSON, and no key column added.
//
// Against formula injection, a string that a spreadsheet would read as a
// formula — it starts with =, +, -, @, a tab or a carriage return, as
// OWASP lists them — is written with a leading ' (see GuardCell); so is
// such a column name. JSON numbers, booleans, objects and arrays are never
// changed, nor is a string that is a plain negative number ("-7", "-1.50",
// "-1.5E3": how a server sends Edm.Decimal and Edm.Int64 values when asked
// for IEEE754Compatible JSON), which a spreadsheet reads as a number. Set
// Raw to write every cell as received.
type CSVWriter struct {
	// Raw, set before the first Write, turns the formula guard off.
	Raw bool
	// RawJSON, set before the first Write, writes one column per property
	// as received, objects and arrays as compact JSON, and adds no key
	// column: the columns are the given ones, else the first row's.
	RawJSON bool
	// Language, set before the first Write, is the language whose column
	// comes first among a multi-language string's (EN).
	Language string
	// Text, when set before the first Write, is applied to every field
	// written, header included, after the guard (the command line gives
	// its terminal sanitiser when its output is a terminal).
	Text func(string) string

	w       *csv.Writer
	columns []string
	header  bool
	rec     []string
	closed  bool

	pending []Row         // rows held back until the layout is decided
	plan    []sheetColumn // the layout, nil until decided
	cells   []sheetCell
}

// NewCSVWriter returns a CSVWriter for the given columns. With nil
// columns the properties of the rows become the columns (with RawJSON,
// the first row's, in order); properties not among the columns are left
// out.
func NewCSVWriter(w io.Writer, columns []string) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), columns: slices.Clone(columns)}
}

// Write adds r as one record (after the header, on the first call). Until
// the layout is decided (the first Flush, or 1,000 rows) rows are held
// back.
func (c *CSVWriter) Write(r Row) error {
	if c.closed {
		return errClosed
	}
	if c.RawJSON {
		return c.writeRaw(r)
	}
	if c.plan == nil {
		c.pending = append(c.pending, r)
		if len(c.pending) < planRows {
			return nil
		}
		return c.start(true)
	}
	return c.writeSheet(r)
}

// start decides the layout from the rows held back, writes the header and
// them. Unless final, rows that give no column at all (entities without a
// property) stay held back: a layout of no columns would drop the columns
// of the rows after them.
func (c *CSVWriter) start(final bool) error {
	plan := planSheet(c.pending, c.columns, cmpOr(c.Language, "EN"))
	if len(plan) == 0 && !final {
		return nil
	}
	c.plan = plan
	c.header = true
	c.rec = c.rec[:0]
	for _, col := range c.plan {
		for _, h := range col.headers() {
			c.rec = append(c.rec, c.text(c.guard(h)))
		}
	}
	if err := c.w.Write(c.rec); err != nil {
		return err
	}
	rows := c.pending
	c.pending = nil
	for _, r := range rows {
		if err := c.writeSheet(r); err != nil {
			return err
		}
	}
	return nil
}

func (c *CSVWriter) writeSheet(r Row) error {
	c.cells = c.cells[:0]
	for _, col := range c.plan {
		var err error
		if c.cells, err = sheetCells(c.cells, col, r); err != nil {
			return err
		}
	}
	c.rec = c.rec[:0]
	for _, x := range c.cells {
		s := x.text
		if x.server {
			s = c.guard(s)
		}
		c.rec = append(c.rec, c.text(s))
	}
	return c.w.Write(c.rec)
}

// writeRaw writes r with one column per property, objects as JSON.
func (c *CSVWriter) writeRaw(r Row) error {
	if c.columns == nil {
		c.columns = slices.Clone(rowKeys(r))
	}
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.rec = c.rec[:0]
	for _, col := range c.columns {
		v := r.Values[col]
		s, err := cell(v)
		if err != nil {
			return err
		}
		if _, isString := v.(string); isString {
			s = c.guard(s)
		}
		c.rec = append(c.rec, c.text(s))
	}
	return c.w.Write(c.rec)
}

// guard is GuardCell unless the writer is Raw.
func (c *CSVWriter) guard(s string) string {
	if c.Raw {
		return s
	}
	return GuardCell(s)
}

func (c *CSVWriter) text(s string) string {
	if c.Text == nil {
		return s
	}
	return c.Text(s)
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	c.rec = c.rec[:0]
	for _, col := range c.columns {
		c.rec = append(c.rec, c.text(c.guard(col)))
	}
	return c.w.Write(c.rec)
}

// Flush decides the layout if rows are held back (see Write; rows that
// give no column yet stay held back) and writes
// out the records written so far.
func (c *CSVWriter) Flush() error {
	if len(c.pending) > 0 {
		if err := c.start(false); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// Close writes the rows held back, or the header if no row came (when
// there are columns), and flushes.
func (c *CSVWriter) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	switch {
	case len(c.pending) > 0:
		if err := c.start(true); err != nil {
			return err
		}
	case c.RawJSON && len(c.columns) > 0:
		if err := c.writeHeader(); err != nil {
			return err
		}
	case !c.RawJSON && c.plan == nil && len(c.columns) > 0:
		if err := c.start(true); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

func cell(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return string(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	var b bytes.Buffer
	if err := appendValue(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

// rowKeys returns r's property names: r.Keys, then any others sorted.
func rowKeys(r Row) []string {
	if len(r.Keys) == len(r.Values) && hasAll(r) {
		return r.Keys // the common case: nothing to filter or add
	}
	keys := make([]string, 0, len(r.Values))
	for _, k := range r.Keys {
		if _, ok := r.Values[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == len(r.Values) {
		return keys
	}
	var rest []string
	for k := range r.Values {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

func appendObject(b *bytes.Buffer, r Row) error {
	out := append(b.AvailableBuffer(), '{')
	for i, k := range rowKeys(r) {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, k)
		out = append(out, ':')
		var err error
		if out, err = appendJSON(out, r.Values[k]); err != nil {
			return err
		}
	}
	b.Write(append(out, '}'))
	return nil
}

// hasAll reports whether every name in r.Keys has a value.
func hasAll(r Row) bool {
	for _, k := range r.Keys {
		if _, ok := r.Values[k]; !ok {
			return false
		}
	}
	return true
}

// appendValue writes v as compact JSON without HTML escaping.
func appendValue(b *bytes.Buffer, v any) error {
	out, err := appendJSON(b.AvailableBuffer(), v)
	if err != nil {
		return err
	}
	b.Write(out)
	return nil
}
