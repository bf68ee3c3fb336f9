package odata

import (
	"bytes"
	"encoding/binary"
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
	if j.raw, err = appendRawObject(append(j.raw[:0], sep...), r); err != nil {
		return err
	}
	j.n++
	return writeEscaped(j.w, j.raw, &j.esc, j.Escape)
}

// WriteRaw adds r as one line, as Write adds it decoded.
func (j *NDJSONWriter) WriteRaw(r RawRow) error {
	if j.closed {
		return errClosed
	}
	var err error
	if j.raw, err = appendRawObject(j.raw[:0], r); err != nil {
		return err
	}
	j.raw = append(j.raw, '\n')
	return writeEscaped(j.w, j.raw, &j.esc, j.Escape)
}

// writeEscaped writes b through EscapeJSON, or as it is when it holds no
// byte that EscapeJSON could change (all below DEL).
func writeEscaped(w interface{ Write([]byte) (int, error) }, b []byte, esc *[]byte, extra func(rune) bool) error {
	if !asciiBelowDEL(b) {
		*esc = EscapeJSON((*esc)[:0], b, extra)
		b = *esc
	}
	_, err := w.Write(b)
	return err
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

// appendRawObject appends the entity r as appendObject appends it decoded:
// compact, its properties in the order sent, control information and
// annotations left out, strings as encoding/json writes them, numbers
// digit for digit, nested objects and arrays as appendJSON writes them.
func appendRawObject(out []byte, r RawRow) ([]byte, error) {
	if r.dup {
		row, err := decodeRawRow(r, nil)
		if err != nil {
			return out, err
		}
		var b bytes.Buffer
		if err := appendObject(&b, row); err != nil {
			return out, err
		}
		return append(out, b.Bytes()...), nil
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
		out = append(appendRawString(out, name, esc), ':')
		if out, err = appendRawValue(out, &rd); err != nil {
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
func appendRawString(out, raw []byte, slow bool) []byte {
	if !slow || !bytes.ContainsAny(raw, "\\\u2028\u2029") && utf8.Valid(raw) {
		out = append(out, '"')
		out = append(out, raw...)
		return append(out, '"')
	}
	return appendString(out, unquoteJSON(raw, true))
}

// appendRawValue appends the valid value at rd.pos as appendJSON appends
// it decoded.
func appendRawValue(out []byte, rd *jsonReader) ([]byte, error) {
	start := rd.pos
	switch c := rd.data[rd.pos]; {
	case c == '"':
		raw, esc, err := rd.stringBytes()
		if err != nil {
			return out, err
		}
		return appendRawString(out, raw, esc), nil
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
			if out, err = appendRawValue(out, rd); err != nil {
				return out, err
			}
		}
	case c == '{':
		return appendRawMembers(out, rd)
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

// rawMember is a member of a nested object: its name as sent (raw, esc:
// stringBytes' answer) and decoded, and where its value starts.
type rawMember struct {
	raw, name []byte
	esc       bool
	value     int
}

// appendRawMembers appends the valid object at rd.pos as appendJSON
// appends the map it decodes to: members sorted by name, a name that comes
// twice with its last value.
func appendRawMembers(out []byte, rd *jsonReader) ([]byte, error) {
	var buf [16]rawMember
	ms := buf[:0]
	skip := rawScan{r: rd}
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
			skip.colon()
			ms = append(ms, rawMember{raw: raw, name: name, esc: esc, value: rd.pos})
			if !skip.skip(2) {
				return out, rd.syntax("in an object")
			}
			continue
		}
		break
	}
	end := rd.pos
	slices.SortStableFunc(ms, func(a, b rawMember) int { return bytes.Compare(a.name, b.name) })
	out = append(out, '{')
	n := 0
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(ms[i+1].name, m.name) {
			continue // the last value of a name counts
		}
		if n > 0 {
			out = append(out, ',')
		}
		n++
		out = append(appendRawString(out, m.raw, m.esc), ':')
		rd.pos = m.value
		var err error
		if out, err = appendRawValue(out, rd); err != nil {
			return out, err
		}
	}
	rd.pos = end
	return append(out, '}'), nil
}
