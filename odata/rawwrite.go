package odata

import (
	"cmp"
	"io"
	"runtime"
	"slices"
)

// Writing the rows of a page read raw: row by row, or a page at once on
// two goroutines (see raw.go).

// WriteRow writes row i of p to w: as its bytes when p holds it raw and w
// is a RawWriter, else decoded.
func WriteRow(w RowWriter, p *Page, i int) error {
	if p.Raw != nil {
		if rw, ok := w.(RawWriter); ok {
			return rw.WriteRaw(p.Raw[i])
		}
	}
	r, err := p.Row(i)
	if err != nil {
		return err
	}
	return w.Write(r)
}

// WriteRows writes the first n rows of p to w: a page read raw all at once
// where w is a RawPageWriter, else row by row (see WriteRow). It returns
// the rows written: all n, or on an error those known to be written.
func WriteRows(w RowWriter, p *Page, n int) (int, error) {
	if pw, ok := w.(RawPageWriter); ok && p.Raw != nil {
		if err := pw.WriteRawRows(p.Raw[:n]); err != nil {
			return 0, err
		}
		return n, nil
	}
	if p.Raw != nil && n >= parallelRows && runtime.GOMAXPROCS(0) > 1 {
		// A large page read raw for a writer of decoded rows (CSV): its
		// second half decoded on a goroutine of its own meanwhile.
		rows := make([]Row, n)
		var err2 error
		done := make(chan struct{})
		go func() {
			defer close(done)
			err2 = decodeRows(p, rows, n/2, n)
		}()
		err := decodeRows(p, rows, 0, n/2)
		<-done
		if err = cmp.Or(err, err2); err != nil {
			return 0, err
		}
		for i, r := range rows {
			if err := w.Write(r); err != nil {
				return i, err
			}
		}
		return n, nil
	}
	for i := range n {
		if err := WriteRow(w, p, i); err != nil {
			return i, err
		}
	}
	return n, nil
}

// parallelRows is the number of rows from which WriteRows decodes a page
// read raw in two halves at once.
var parallelRows = 200

// decodeRows decodes rows [from, to) of p into rows.
func decodeRows(p *Page, rows []Row, from, to int) error {
	for i := from; i < to; i++ {
		var err error
		if rows[i], err = p.Row(i); err != nil {
			return err
		}
	}
	return nil
}

// RawPageWriter is a RawWriter that writes a page's raw rows at once,
// compacting a large page on two goroutines.
type RawPageWriter interface {
	RawWriter
	WriteRawRows([]RawRow) error
}

// WriteRawRows writes rows as WriteRaw writes each.
func (j *NDJSONWriter) WriteRawRows(rows []RawRow) error {
	if j.closed {
		return errClosed
	}
	var err error
	j.enc.extra = j.Escape
	j.raw, err = writeRawRows(j.w, rows, j.raw, &j.enc, func(b []byte, _ int, r RawRow, e *rawEnc) ([]byte, error) {
		b, err := appendRawObject(b, r, e)
		return append(b, '\n'), err
	})
	return err
}

// WriteRawRows writes rows as WriteRaw writes each.
func (j *JSONWriter) WriteRawRows(rows []RawRow) error {
	if j.closed {
		return errClosed
	}
	n := j.n
	j.n += len(rows)
	var err error
	j.enc.extra = j.Escape
	j.raw, err = writeRawRows(j.w, rows, j.raw, &j.enc, func(b []byte, i int, r RawRow, e *rawEnc) ([]byte, error) {
		if n+i == 0 {
			b = append(b, "[\n"...)
		} else {
			b = append(b, ",\n"...)
		}
		return appendRawObject(b, r, e)
	})
	return err
}

// A page's rows of parallelBytes or more (and at most parallelMax) are
// compacted in two halves at once; the second half is held whole until
// the first is written, so its size is bounded. The first half goes out
// every flushBytes.
var parallelBytes, parallelMax, flushBytes = 256 << 10, 16 << 20, 1 << 20

// writeRawRows appends each row (each(b, i, row, enc) for row i, escaped
// as it goes) and writes the result, every flushBytes. The rows of a page
// between parallelBytes and parallelMax are compacted in two halves at
// once, the first half written while the second is being compacted (on
// an encoder of its own); buf is the caller's buffer for the first half,
// returned for reuse.
func writeRawRows(w io.Writer, rows []RawRow, buf []byte, enc *rawEnc, each func([]byte, int, RawRow, *rawEnc) ([]byte, error)) ([]byte, error) {
	compact := func(b []byte, from int, rows []RawRow, e *rawEnc, flush bool) ([]byte, error) {
		for i, r := range rows {
			var err error
			if b, err = each(room(b, len(r.JSON)+16), from+i, r, e); err != nil {
				return b, err
			}
			if flush && len(b) >= flushBytes {
				if _, err := w.Write(b); err != nil {
					return b, err
				}
				b = b[:0]
			}
		}
		if flush && len(b) > 0 {
			_, err := w.Write(b)
			return b, err
		}
		return b, nil
	}
	size := 0
	for _, r := range rows {
		size += len(r.JSON)
	}
	half := len(rows)
	if size >= parallelBytes && size <= parallelMax && runtime.GOMAXPROCS(0) > 1 {
		half = len(rows) / 2
	}
	var b2 []byte
	var err2 error
	done := make(chan struct{})
	if half < len(rows) {
		go func() {
			defer close(done)
			second := &rawEnc{extra: enc.extra}
			b2, err2 = compact(make([]byte, 0, size/2+size/8), half, rows[half:], second, false)
		}()
	} else {
		close(done)
	}
	b1, err := compact(slices.Grow(buf[:0], min(size+size/8, flushBytes+flushBytes/4)), 0, rows[:half], enc, true)
	<-done
	if err == nil && half < len(rows) {
		if err = err2; err == nil {
			_, err = w.Write(b2)
		}
	}
	return b1, err
}
