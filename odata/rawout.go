package odata

import (
	"bytes"
	"errors"
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
	j.enc.extra = j.Escape
	if j.raw, err = appendRawObject(append(j.raw[:0], sep...), r, &j.enc); err != nil {
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
	j.enc.extra = j.Escape
	if j.raw, err = appendRawObject(j.raw[:0], r, &j.enc); err != nil {
		return err
	}
	j.raw = append(j.raw, '\n')
	_, err = j.w.Write(j.raw)
	return err
}

// rawEnc writes rows read raw (appendRawObject): the writer's escaping,
// a scratch buffer for it, and what putting nested objects in order has
// copied of the row so far.
type rawEnc struct {
	extra   func(rune) bool // more runes to escape (a terminal's), or nil
	scratch []byte
	copied  int // bytes copied to sort nested objects, for this row
	budget  int // the most copied before the row is written decoded
}

// errRawCostly stops writing a row raw whose nested objects, out of order
// and deep, would cost more to sort in place than to decode.
var errRawCostly = errors.New("odata: a row too costly to write raw")

// appendRawObject appends the entity r as appendObject appends it decoded
// and EscapeJSON (with e.extra) escapes it: compact, its properties in the
// order sent, control information and annotations left out, strings as
// encoding/json writes them, numbers digit for digit, nested objects and
// arrays as appendJSON writes them. Only strings can hold a rune to
// escape, and only those stringBytes calls slow (beyond ASCII, or DEL):
// just those are looked at. A row with a name twice, or whose nested
// objects would cost more than a few times its size to put in order
// (thousands of levels each out of order), is written decoded.
func appendRawObject(out []byte, r RawRow, e *rawEnc) ([]byte, error) {
	start := len(out)
	if !r.dup {
		e.copied, e.budget = 0, 4*len(r.JSON)+64<<10
		res, err := e.object(out, r)
		if err != errRawCostly {
			return res, err
		}
		out = res[:start]
	}
	row, err := decodeRawRow(r, nil)
	if err != nil {
		return out, err
	}
	var b bytes.Buffer
	if err := appendObject(&b, row); err != nil {
		return out, err
	}
	return e.escapeFrom(append(out, b.Bytes()...), start), nil
}

// object is appendRawObject for a row without a name twice.
func (e *rawEnc) object(out []byte, r RawRow) ([]byte, error) {
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
		out = append(e.str(out, name, esc), ':')
		if out, err = e.value(out, &rd); err != nil {
			return out, err
		}
	}
}

// escapeFrom passes out[from:] through EscapeJSON (with e.extra), where
// it has a rune to escape.
func (e *rawEnc) escapeFrom(out []byte, from int) []byte {
	i, _ := escapeIndex(out[from:], e.extra)
	if i < 0 {
		return out
	}
	e.scratch = EscapeJSON(e.scratch[:0], out[from+i:], e.extra)
	return append(room(out[:from+i], len(e.scratch)), e.scratch...)
}

// room returns b with room for n more bytes, its capacity at least
// doubled when it grows: append grows a large slice by a quarter, and a
// page of strings that all escape (six bytes out for one in) would copy
// its output a dozen times over.
func room(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), max(2*cap(b), len(b)+n))
	copy(nb, b)
	return nb
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

// str appends a string, given as its valid bytes between the
// quotes, as appendString appends it decoded: as it is unless it has an
// escape, bytes that are not UTF-8, or U+2028/U+2029.
func (e *rawEnc) str(out, raw []byte, slow bool) []byte {
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
	return e.escapeFrom(out, start)
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

// value appends the valid value at rd.pos as appendJSON appends it
// decoded.
func (e *rawEnc) value(out []byte, rd *jsonReader) ([]byte, error) {
	start := rd.pos
	switch c := rd.data[rd.pos]; {
	case c == '"':
		raw, esc, err := rd.stringBytes()
		if err != nil {
			return out, err
		}
		return e.str(out, raw, esc), nil
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
			if out, err = e.value(out, rd); err != nil {
				return out, err
			}
		}
	case c == '{':
		return e.members(out, rd)
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

// members appends the valid object at rd.pos as appendJSON appends the
// map it decodes to: members sorted by name, a name that comes twice with
// its last value. The members are written as they come; only when their
// names are not already in strictly ascending order are they put in order
// afterwards, which copies what they wrote (objects within included: see
// rawEnc.budget).
func (e *rawEnc) members(out []byte, rd *jsonReader) ([]byte, error) {
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
			out = append(e.str(out, raw, esc), ':')
			if out, err = e.value(out, rd); err != nil {
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
	if e.copied += len(out) - base; e.copied > e.budget {
		return out, errRawCostly
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
