package odata

import (
	"encoding/binary"
	"io"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// The strings of jsonReader: found eight bytes at a time, unquoted as
// encoding/json does.

// stringBytes reads the string at r.pos and returns its bytes between the
// quotes, and whether they need unquote's work (escapes, or bytes that are
// not UTF-8).
func (r *jsonReader) stringBytes() ([]byte, bool, error) {
	data := r.data // in locals, not through r: a tenth of a page's time
	start := r.pos + 1
	pos := start
	slow := false
	for {
		// Eight bytes at a time up to the first that ends the string or
		// needs a look: most of a page is plain text.
		for pos+8 <= len(data) {
			w := binary.LittleEndian.Uint64(data[pos:])
			hit := specials(w)
			if hit == 0 {
				slow = slow || w&msb != 0 // bytes of UTF-8 beyond ASCII
				pos += 8
				continue
			}
			n := bits.TrailingZeros64(hit) >> 3 // the first special byte
			slow = slow || w&msb&(1<<(n*8)-1) != 0
			pos += n
			break
		}
		if pos >= len(data) {
			r.pos = pos
			return nil, false, io.ErrUnexpectedEOF
		}
		switch c := data[pos]; {
		case c == '"':
			r.pos = pos + 1
			return data[start:pos], slow, nil
		case c == '\\':
			slow = true
			r.pos = pos
			if err := r.escape(); err != nil {
				return nil, false, err
			}
			pos = r.pos
		case c < 0x20:
			r.pos = pos
			return nil, false, r.syntax("in string literal")
		case c >= utf8.RuneSelf || c == 0x7f:
			slow = true // DEL too: the writers escape it (EscapeJSON)
			pos++
		default:
			pos++
		}
	}
}

// escape reads past the escape sequence at r.pos (its backslash).
func (r *jsonReader) escape() error {
	r.pos++
	if r.pos >= len(r.data) {
		return io.ErrUnexpectedEOF
	}
	switch r.data[r.pos] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		r.pos++
	case 'u':
		r.pos++
		for range 4 {
			if r.pos >= len(r.data) {
				return io.ErrUnexpectedEOF
			}
			if !isHex(r.data[r.pos]) {
				return r.syntax("in \\u hexadecimal character escape")
			}
			r.pos++
		}
	default:
		return r.syntax("in string escape code")
	}
	return nil
}

// Eight bytes in a word: 0x01 and 0x80 in each byte.
const lsb, msb = 0x0101010101010101, 0x8080808080808080

// specials has the top bit set in the bytes of w (little-endian) that are
// a quote, a backslash, a control character (below 0x20) or DEL, at least in
// the first of them, and in no byte before it. (x - n*lsb) & ^x & msb marks
// the bytes of x below n (n <= 0x80), and with n = 1 on w ^ c*lsb the
// bytes equal to c; a borrow only starts at a byte that is marked, so only
// bytes after a marked one can be marked wrongly. Bytes of 0x80 and above
// are never marked.
func specials(w uint64) uint64 {
	q := w ^ (lsb * '"')
	b := w ^ (lsb * '\\')
	d := w ^ (lsb * 0x7f)
	return ((w-lsb*0x20)&^w | (q-lsb)&^q | (b-lsb)&^b | (d-lsb)&^d) & msb
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// unquoteJSON decodes the validated bytes of a string as encoding/json does.
func unquoteJSON(raw []byte, slow bool) string {
	if !slow || utf8.Valid(raw) && !hasByte(raw, '\\') {
		return string(raw)
	}
	b := make([]byte, 0, len(raw)+8)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			i++
			switch raw[i] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r1 := hex4(raw[i+1 : i+5])
				i += 4
				if utf16.IsSurrogate(r1) {
					if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
						r2 := hex4(raw[i+3 : i+7])
						if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 7
							continue
						}
					}
					r1 = utf8.RuneError
				}
				b = utf8.AppendRune(b, r1)
			default: // " \ /
				b = append(b, raw[i])
			}
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			b = utf8.AppendRune(b, r) // invalid bytes: U+FFFD each
			i += size
		}
	}
	return string(b)
}

func hasByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
