package auth

import (
	"bytes"
	"html"
	"strings"
)

// The decoders a Masker adds to the redactor's (redactdecode.go): what an
// HTTP header, an HTML page or an XML document makes of its text.

// decodeQuotedPairs undoes the quoted-pairs of an HTTP quoted-string:
// backslash followed by any byte stands for that byte.
func decodeQuotedPairs(t text) (text, bool) {
	if bytes.IndexByte(t.b, '\\') < 0 {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if b[i] == '\\' && i+1 < len(b) {
			d.emit(i, i+2, b[i+1])
			i += 2
			continue
		}
		d.emit(i, i+1, b[i])
		i++
	}
	return d.out, d.changed
}

// decodeHTMLLoose undoes character references as an HTML reader does:
// numeric ones with or without the ";", and every named one with it.
func decodeHTMLLoose(t text) (text, bool) {
	if bytes.IndexByte(t.b, '&') < 0 {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if j := refEnd(b, i); j > i {
			if dec := html.UnescapeString(string(b[i:j])); dec != string(b[i:j]) {
				d.emit(i, j, []byte(dec)...)
				i = j
				continue
			}
		}
		d.emit(i, i+1, b[i])
		i++
	}
	return d.out, d.changed
}

// refEnd returns the end of the character reference at b[i:] (numeric,
// its ";" optional, or named with its ";"), or i when there is none.
func refEnd(b []byte, i int) int {
	if b[i] != '&' || i+2 >= len(b) {
		return i
	}
	j := i + 1
	if b[j] != '#' {
		for j < len(b) && j-i < 40 && isAlnum(b[j]) {
			j++
		}
		if j == i+1 || j == len(b) || b[j] != ';' {
			return i
		}
		return j + 1
	}
	j++
	hex := j < len(b) && (b[j] == 'x' || b[j] == 'X')
	if hex {
		j++
	}
	start := j
	for j < len(b) && (b[j] >= '0' && b[j] <= '9' || hex && isHexDigit(b[j])) {
		j++
	}
	if j == start {
		return i
	}
	if j < len(b) && b[j] == ';' {
		j++
	}
	return j
}

func isHexDigit(c byte) bool {
	return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c >= '0' && c <= '9'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// decodeMarkup takes out what an XML or HTML reader does not show as text:
// tags, comments, processing instructions and CDATA markers (CDATA
// content stays). Character references are left to decodeHTMLLoose.
func decodeMarkup(t text) (text, bool) {
	if bytes.IndexByte(t.b, '<') < 0 {
		return text{}, false // nothing to decode
	}
	d := decoding{in: t}
	b := t.b
	for i := 0; i < len(b); {
		if b[i] != '<' || i+1 == len(b) {
			d.emit(i, i+1, b[i])
			i++
			continue
		}
		switch rest := b[i:]; {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				end = len(rest)
			}
			for k := 9; k < end; k++ {
				d.emit(i+k, i+k+1, b[i+k])
			}
			d.change()
			i += min(len(rest), end+3)
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			d.change()
			if end < 0 {
				return d.out, true
			}
			i += 4 + end + 3
		case isAlnum(rest[1]) || strings.IndexByte("/?!", rest[1]) >= 0:
			end := bytes.IndexByte(rest, '>')
			d.change()
			if end < 0 {
				return d.out, true
			}
			i += end + 1
		default:
			d.emit(i, i+1, b[i])
			i++
		}
	}
	return d.out, d.changed
}
