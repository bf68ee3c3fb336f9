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
type RowWriter interface {
	Write(Row) error
	Close() error
}

var errClosed = errors.New("odata: write to a closed row writer")

// JSONWriter writes rows as one JSON array of objects. Each object holds
// the row's properties in the order the server sent them, without control
// annotations (@odata.id and the like); numbers are written digit for
// digit as received, and <, > and & are not escaped.
type JSONWriter struct {
	w      *bufio.Writer
	buf    bytes.Buffer
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
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

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
	w      *bufio.Writer
	buf    bytes.Buffer
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
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// Close flushes.
func (j *NDJSONWriter) Close() error {
	j.closed = true
	return j.w.Flush()
}

// CSVWriter writes rows as RFC 4180 CSV with a header line: null is an
// empty field, strings and numbers are written as received, and objects
// and arrays (multi-language names, amounts, references) as compact JSON.
type CSVWriter struct {
	w       *csv.Writer
	columns []string
	header  bool
	rec     []string
	closed  bool
}

// NewCSVWriter returns a CSVWriter for the given columns. With nil
// columns the first row's properties, in order, become the columns;
// properties not among the columns are left out.
func NewCSVWriter(w io.Writer, columns []string) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), columns: slices.Clone(columns)}
}

// Write adds r as one record (after the header, on the first call).
func (c *CSVWriter) Write(r Row) error {
	if c.closed {
		return errClosed
	}
	if c.columns == nil {
		c.columns = rowKeys(r)
	}
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.rec = c.rec[:0]
	for _, col := range c.columns {
		s, err := cell(r.Values[col])
		if err != nil {
			return err
		}
		c.rec = append(c.rec, s)
	}
	return c.w.Write(c.rec)
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(c.columns)
}

// Close writes the header if no row came, and flushes.
func (c *CSVWriter) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if len(c.columns) > 0 {
		if err := c.writeHeader(); err != nil {
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
	b.WriteByte('{')
	for i, k := range rowKeys(r) {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := appendValue(b, k); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := appendValue(b, r.Values[k]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// appendValue writes v as compact JSON without HTML escaping.
func appendValue(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}
