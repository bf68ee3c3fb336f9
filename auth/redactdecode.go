package auth

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The decoders of redaction: each undoes one layer of escaping of a text
// and says, for every byte it produces, which bytes of the source text it
// stands for, so that a run of the secret found in the decoded text can be
// redacted in the source.

// text is a byte string decoded from a source text: byte k of b stands for
// source bytes from[k] to to[k] (exclusive).
type text struct {
	b        []byte
	from, to []int
}

func identity(s string) text {
	t := text{b: []byte(s), from: make([]int, len(s)), to: make([]int, len(s))}
	for i := 0; i < len(s); i++ {
		t.from[i], t.to[i] = i, i+1
	}
	return t
}

// decoders undo one layer of escaping; each reports whether it decoded
// anything, and returns at once, having built nothing, when the text has
// none of the bytes its escapes start with (callers use a decoded text only
// when it reports one).
var decoders = []func(text) (text, bool){
	decodeBackslash,
	func(t text) (text, bool) { return decodePercent(t, false) },
	func(t text) (text, bool) { return decodePercent(t, true) },
	decodeHTML,
}

// decoding builds a text from an input text. Until the first change the
// output is the input's prefix up to next and is not built: a text with an
// escape only near its end is copied once, not byte by byte.
type decoding struct {
	in      text
	out     text
	changed bool
	next    int // while !changed: the input bytes before next are the output
}

// emit appends bytes that stand for input bytes i to j (exclusive).
func (d *decoding) emit(i, j int, bs ...byte) {
	if !d.changed {
		if i == d.next && j == i+1 && len(bs) == 1 && bs[0] == d.in.b[i] {
			d.next = j
			return
		}
		d.change()
	}
	for _, c := range bs {
		d.out.b = append(d.out.b, c)
		d.out.from = append(d.out.from, d.in.from[i])
		d.out.to = append(d.out.to, d.in.to[j-1])
	}
}

// change marks the output changed, building it from the input's prefix
// passed through so far.
func (d *decoding) change() {
	if d.changed {
		return
	}
	d.changed = true
	n, c := d.next, len(d.in.b)
	d.out.b = append(make([]byte, 0, c), d.in.b[:n]...)
	d.out.from = append(make([]int, 0, c), d.in.from[:n]...)
	d.out.to = append(make([]int, 0, c), d.in.to[:n]...)
}

func (d *decoding) emitRune(i, j int, r rune) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d.emit(i, j, buf[:n]...)
}

// decodeBackslash undoes JSON and Go string escapes: \" \\ \/ \' \n \t \r
// \b \f \a \v, \xHH, \uHHHH (with surrogate pairs) and \UHHHHHHHH.
func decodeBackslash(t text) (text, bool) {
	if bytes.IndexByte(t.b, '\\') < 0 {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if b[i] != '\\' || i+1 == len(b) {
			d.emit(i, i+1, b[i])
			i++
			continue
		}
		c := b[i+1]
		switch c {
		case '"', '\\', '/', '\'':
			d.emit(i, i+2, c)
			i += 2
			continue
		case 'n', 't', 'r', 'b', 'f', 'a', 'v':
			d.emit(i, i+2, controlEscape(c))
			i += 2
			continue
		case 'x':
			if v, ok := hexValue(b, i+2, 2); ok {
				d.emit(i, i+4, byte(v))
				i += 4
				continue
			}
		case 'u':
			if v, ok := hexValue(b, i+2, 4); ok {
				r, n := rune(v), 6
				if r >= 0xd800 && r < 0xdc00 && i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
					if lo, ok := hexValue(b, i+8, 4); ok && lo >= 0xdc00 && lo < 0xe000 {
						r, n = 0x10000+(r-0xd800)<<10+rune(lo-0xdc00), 12
					}
				}
				d.emitRune(i, i+n, r)
				i += n
				continue
			}
		case 'U':
			if v, ok := hexValue(b, i+2, 8); ok && v <= utf8.MaxRune {
				d.emitRune(i, i+10, rune(v))
				i += 10
				continue
			}
		}
		d.emit(i, i+1, b[i])
		i++
	}
	return d.out, d.changed
}

// controlEscape is the control character of the escape \c.
func controlEscape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'a':
		return '\a'
	}
	return '\v'
}

// decodePercent undoes %XX escapes, and with form, "+" for a space.
func decodePercent(t text, form bool) (text, bool) {
	if bytes.IndexByte(t.b, '%') < 0 && (!form || bytes.IndexByte(t.b, '+') < 0) {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if b[i] == '%' {
			if v, ok := hexValue(b, i+1, 2); ok {
				d.emit(i, i+3, byte(v))
				i += 3
				continue
			}
		}
		if form && b[i] == '+' {
			d.emit(i, i+1, ' ')
			i++
			continue
		}
		d.emit(i, i+1, b[i])
		i++
	}
	return d.out, d.changed
}

// htmlNames are the character references decodeHTML knows by name.
var htmlNames = map[string]rune{"quot": '"', "amp": '&', "lt": '<', "gt": '>', "apos": '\'', "sol": '/',
	"bsol": '\\', "plus": '+', "equals": '=', "percnt": '%'}

// decodeHTML undoes HTML character references: &#NN;, &#xHH; and a few
// named ones.
func decodeHTML(t text) (text, bool) {
	if bytes.IndexByte(t.b, '&') < 0 {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if b[i] == '&' {
			if end := indexByteFrom(b, i+1, ';', 12); end > 0 {
				ref := string(b[i+1 : end])
				if r, ok := htmlRef(ref); ok {
					d.emitRune(i, end+1, r)
					i = end + 1
					continue
				}
			}
		}
		d.emit(i, i+1, b[i])
		i++
	}
	return d.out, d.changed
}

func htmlRef(ref string) (rune, bool) {
	if r, ok := htmlNames[ref]; ok {
		return r, true
	}
	if !strings.HasPrefix(ref, "#") {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, false
	}
	return rune(v), true
}

// indexByteFrom returns the index of c in b[from:from+max], or -1.
func indexByteFrom(b []byte, from int, c byte, max int) int {
	for i := from; i < len(b) && i < from+max; i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// hexValue parses n hex digits at b[i:].
func hexValue(b []byte, i, n int) (uint32, bool) {
	if i+n > len(b) {
		return 0, false
	}
	var v uint32
	for _, c := range b[i : i+n] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint32(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
