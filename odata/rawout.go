package odata

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"io"
	"runtime"
	"slices"
	"unicode/utf8"
)

// Writing rows read raw (see raw.go): the entity's bytes compacted as they
// are copied, with exactly the output the decoded row would give.

// RawWriter is a RowWriter that writes a row read raw without decoding it.
type RawWriter interface {
	RowWriter
	WriteRaw(RawRow) error
}

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

// WriteRaw adds r to the array, as Write adds it decoded.
func (j *JSONWriter) WriteRaw(r RawRow) error {
	if j.closed {
		return errClosed
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	var err error
	if j.raw, err = appendRawObject(append(j.raw[:0], sep...), r, j.Escape); err != nil {
		return err
	}
	j.n++
	_, err = j.w.Write(j.raw)
	return err
}

// WriteRaw adds r as one line, as Write adds it decoded.
func (j *NDJSONWriter) WriteRaw(r RawRow) error {
	if j.closed {
		return errClosed
	}
	var err error
	if j.raw, err = appendRawObject(j.raw[:0], r, j.Escape); err != nil {
		return err
	}
	j.raw = append(j.raw, '\n')
	_, err = j.w.Write(j.raw)
	return err
}

// escapeFrom passes out[from:] through EscapeJSON (with extra), where it
// has a rune to escape.
func escapeFrom(out []byte, from int, extra func(rune) bool) []byte {
	i, _ := escapeIndex(out[from:], extra)
	if i < 0 {
		return out
	}
	esc := EscapeJSON(nil, out[from+i:], extra)
	return append(out[:from+i], esc...)
}

// asciiBelowDEL reports whether every byte of b is below 0x7f, eight at a
// time: a word has a byte of 0x7f or more exactly when the byte, or the
// byte plus one, has its top bit set (no carry crosses bytes below 0x80).
func asciiBelowDEL(b []byte) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		if (w|(w+ones))&tops != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x7f {
			return false
		}
	}
	return true
}

// appendRawObject appends the entity r as appendObject appends it decoded
// and EscapeJSON (with extra) escapes it: compact, its properties in the
// order sent, control information and annotations left out, strings as
// encoding/json writes them, numbers digit for digit, nested objects and
// arrays as appendJSON writes them. Only strings can hold a rune to
// escape, and only those stringBytes calls slow (beyond ASCII, or DEL):
// just those are looked at.
func appendRawObject(out []byte, r RawRow, extra func(rune) bool) ([]byte, error) {
	if r.dup {
		row, err := decodeRawRow(r, nil)
		if err != nil {
			return out, err
		}
		var b bytes.Buffer
		if err := appendObject(&b, row); err != nil {
			return out, err
		}
		return escapeFrom(append(out, b.Bytes()...), len(out), extra), nil
	}
	rd := jsonReader{data: r.JSON, pos: 1} // r.JSON is a valid object
	skip := rawScan{r: &rd}
	out = append(out, '{')
	n := 0
	for {
		rd.skipSpace()
		switch rd.data[rd.pos] {
		case '}':
			return append(out, '}'), nil
		case ',':
			rd.pos++
			rd.skipSpace()
		}
		name, esc, err := rd.stringBytes()
		if err != nil {
			return out, err
		}
		skip.colon()
		if isControlRaw(name, esc) {
			skip.skip(1)
			continue
		}
		if n > 0 {
			out = append(out, ',')
		}
		n++
		out = append(appendRawString(out, name, esc, extra), ':')
		if out, err = appendRawValue(out, &rd, extra); err != nil {
			return out, err
		}
	}
}

// isControlRaw is control's ok for a member name as its bytes between
// the quotes.
func isControlRaw(raw []byte, escaped bool) bool {
	if escaped {
		_, ok := control(unquoteJSON(raw, true))
		return ok
	}
	return len(raw) == 0 || raw[0] == '#' || bytes.IndexByte(raw, '@') >= 0 || bytes.HasPrefix(raw, []byte("odata."))
}

// appendRawString appends a string, given as its valid bytes between the
// quotes, as appendString appends it decoded: as it is unless it has an
// escape, bytes that are not UTF-8, or U+2028/U+2029.
func appendRawString(out, raw []byte, slow bool, extra func(rune) bool) []byte {
	if !slow {
		out = append(out, '"')
		out = append(out, raw...)
		return append(out, '"')
	}
	start := len(out)
	if bytes.IndexByte(raw, '\\') < 0 && !hasLineSep(raw) && utf8.Valid(raw) {
		out = append(out, '"')
		out = append(out, raw...)
		out = append(out, '"')
	} else {
		out = appendString(out, unquoteJSON(raw, true))
	}
	return escapeFrom(out, start, extra)
}

// hasLineSep reports whether b holds U+2028 or U+2029 (E2 80 A8, E2 80 A9).
func hasLineSep(b []byte) bool {
	for {
		i := bytes.IndexByte(b, 0xe2)
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if b[i+1] == 0x80 && (b[i+2] == 0xa8 || b[i+2] == 0xa9) {
			return true
		}
		b = b[i+1:]
	}
}

// appendRawValue appends the valid value at rd.pos as appendJSON appends
// it decoded.
func appendRawValue(out []byte, rd *jsonReader, extra func(rune) bool) ([]byte, error) {
	start := rd.pos
	switch c := rd.data[rd.pos]; {
	case c == '"':
		raw, esc, err := rd.stringBytes()
		if err != nil {
			return out, err
		}
		return appendRawString(out, raw, esc, extra), nil
	case c == '[':
		rd.pos++
		out = append(out, '[')
		for n := 0; ; n++ {
			rd.skipSpace()
			switch rd.data[rd.pos] {
			case ']':
				rd.pos++
				return append(out, ']'), nil
			case ',':
				rd.pos++
				rd.skipSpace()
			}
			if n > 0 {
				out = append(out, ',')
			}
			var err error
			if out, err = appendRawValue(out, rd, extra); err != nil {
				return out, err
			}
		}
	case c == '{':
		return appendRawMembers(out, rd, extra)
	case c == 't':
		rd.pos += len("true")
	case c == 'f':
		rd.pos += len("false")
	case c == 'n':
		rd.pos += len("null")
	default:
		if err := rd.numberEnd(); err != nil {
			return out, err
		}
	}
	return append(out, rd.data[start:rd.pos]...), nil
}

// rawMember is a member of a nested object: its name decoded, and where
// it was written ("name":value) in the output.
type rawMember struct {
	name       []byte
	start, end int
}

// appendRawMembers appends the valid object at rd.pos as appendJSON
// appends the map it decodes to: members sorted by name, a name that comes
// twice with its last value. The members are written as they come; only
// when their names are not already in strictly ascending order are they
// put in order afterwards.
func appendRawMembers(out []byte, rd *jsonReader, extra func(rune) bool) ([]byte, error) {
	var buf [16]rawMember
	ms := buf[:0]
	base := len(out)
	out = append(out, '{')
	sorted := true
	rd.pos++
	for {
		rd.skipSpace()
		switch rd.data[rd.pos] {
		case '}':
			rd.pos++
		case ',':
			rd.pos++
			rd.skipSpace()
			fallthrough
		default:
			raw, esc, err := rd.stringBytes()
			if err != nil {
				return out, err
			}
			name := raw
			if esc {
				name = []byte(unquoteJSON(raw, true))
			}
			if n := len(ms); n > 0 {
				sorted = sorted && bytes.Compare(ms[n-1].name, name) < 0
				out = append(out, ',')
			}
			rd.skipSpace()
			rd.pos++ // ':'
			rd.skipSpace()
			start := len(out)
			out = append(appendRawString(out, raw, esc, extra), ':')
			if out, err = appendRawValue(out, rd, extra); err != nil {
				return out, err
			}
			ms = append(ms, rawMember{name: name, start: start, end: len(out)})
			continue
		}
		break
	}
	if sorted {
		return append(out, '}'), nil
	}
	var tmp [512]byte
	written := append(tmp[:0], out[base:]...)
	for i := range ms {
		ms[i].start -= base
		ms[i].end -= base
	}
	slices.SortStableFunc(ms, func(a, b rawMember) int { return bytes.Compare(a.name, b.name) })
	out = append(out[:base], '{')
	n := 0
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(ms[i+1].name, m.name) {
			continue // the last value of a name counts
		}
		if n > 0 {
			out = append(out, ',')
		}
		n++
		out = append(out, written[m.start:m.end]...)
	}
	return append(out, '}'), nil
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
	j.raw, err = writeRawRows(j.w, rows, j.raw, func(b []byte, _ int, r RawRow) ([]byte, error) {
		b, err := appendRawObject(b, r, j.Escape)
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
	j.raw, err = writeRawRows(j.w, rows, j.raw, func(b []byte, i int, r RawRow) ([]byte, error) {
		if n+i == 0 {
			b = append(b, "[\n"...)
		} else {
			b = append(b, ",\n"...)
		}
		return appendRawObject(b, r, j.Escape)
	})
	return err
}

// parallelBytes is the size of a page's rows from which writeRawRows
// compacts the second half on a goroutine of its own.
var parallelBytes = 256 << 10

// writeRawRows appends each row (each(b, i, row) for row i, escaped as it
// goes) and writes the result. The rows of a page of parallelBytes or
// more are compacted in two halves at once, the first half written while
// the second is being compacted; buf is the caller's buffer for the first
// half, returned for reuse.
func writeRawRows(w io.Writer, rows []RawRow, buf []byte, each func([]byte, int, RawRow) ([]byte, error)) ([]byte, error) {
	compact := func(b []byte, from int, rows []RawRow) ([]byte, error) {
		for i, r := range rows {
			var err error
			if b, err = each(b, from+i, r); err != nil {
				return b, err
			}
		}
		return b, nil
	}
	size := 0
	for _, r := range rows {
		size += len(r.JSON)
	}
	need := size + size/8 // compact JSON, and a line's end
	half := len(rows)
	if size >= parallelBytes && runtime.GOMAXPROCS(0) > 1 {
		half = len(rows) / 2
		need /= 2
	}
	var b2 []byte
	var err2 error
	done := make(chan struct{})
	if half < len(rows) {
		go func() {
			defer close(done)
			b2, err2 = compact(make([]byte, 0, need), half, rows[half:])
		}()
	} else {
		close(done)
	}
	b1, err := compact(slices.Grow(buf[:0], need), 0, rows[:half])
	if err == nil {
		_, err = w.Write(b1)
	}
	<-done
	if err == nil && half < len(rows) {
		if err = err2; err == nil {
			_, err = w.Write(b2)
		}
	}
	return b1, err
}
