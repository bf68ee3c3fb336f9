package odata

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// What the row writers (export.go) escape: the cells a spreadsheet would
// run as formulas, and the characters in JSON that a terminal or an editor
// would interpret.

// GuardCell returns s with a leading ' when a spreadsheet would read it as
// a formula: it starts with =, +, -, @, a tab or a carriage return
// (OWASP's advice against CSV injection) and is not a plain negative
// number such as -7, -1.50 or -1.5E3. Any other s is returned as it is.
func GuardCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
	case '-':
		if isUnsignedNumber(s[1:]) {
			return s
		}
	default:
		return s
	}
	return "'" + s
}

// isUnsignedNumber reports whether s is digits with an optional fraction
// and exponent: 7, 1.50, .5, 1.5E3, 2e-8.
func isUnsignedNumber(s string) bool {
	digits := func(i int) int {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	i := digits(0)
	mant := i
	if i < len(s) && s[i] == '.' {
		j := digits(i + 1)
		mant += j - i - 1
		i = j
	}
	if mant == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// EscapeJSON appends to dst the JSON text b with DEL, the C1 controls
// (U+0080–U+009F) and the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, U+200E, U+200F, U+061C) written as \u escapes, and so
// every rune for which extra, when not nil, reports true. b must be JSON as
// encoding/json writes it (valid UTF-8, only ASCII outside strings): the
// result then parses to the same data. encoding/json escapes the C0
// controls, U+2028 and U+2029 but none of the above.
func EscapeJSON(dst, b []byte, extra func(rune) bool) []byte {
	for {
		i, size := escapeIndex(b, extra)
		if i < 0 {
			return append(dst, b...)
		}
		r, _ := utf8.DecodeRune(b[i:])
		dst = appendEscape(append(dst, b[:i]...), r)
		b = b[i+size:]
	}
}

// escapeIndex returns the index in b of the first rune EscapeJSON escapes
// and its size, or -1: eight bytes at a time over ASCII below DEL.
func escapeIndex(b []byte, extra func(rune) bool) (int, int) {
	for i := 0; i < len(b); {
		for i+8 <= len(b) && asciiBelowDEL(b[i:i+8]) {
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if c == 0x7f || (size > 1 && (escapedAlways(r) || (extra != nil && extra(r)))) {
			return i, size
		}
		i += size
	}
	return -1, 0
}

// escapedAlways reports the runes EscapeJSON always escapes.
func escapedAlways(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) ||
		(r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// appendEscape appends r as \uXXXX, or as a UTF-16 surrogate pair of them.
func appendEscape(dst []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	one := func(dst []byte, u rune) []byte {
		return append(dst, '\\', 'u', hex[u>>12&0xf], hex[u>>8&0xf], hex[u>>4&0xf], hex[u&0xf])
	}
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		return one(one(dst, hi), lo)
	}
	return one(dst, r)
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
