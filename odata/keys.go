package odata

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// objectKeys lists the member names of the one JSON object in raw
// (already validated; a leading comma and white space are skipped), in
// order, interned.
func (d *decoder) objectKeys(raw []byte) []string {
	keys := make([]string, 0, d.width+2)
	depth := 0
	raw = raw[bytes.IndexByte(raw, '{'):]
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end, escaped := stringEnd(raw, i)
			if depth == 1 && isKey(raw, end) {
				keys = append(keys, d.intern(raw[i:end+1], escaped))
			}
			i = end
		}
	}
	return keys
}

// stringEnd returns the index of the quote closing the string opening at
// raw[i], and whether the string holds escapes.
func stringEnd(raw []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j, escaped
		}
	}
	return len(raw) - 1, escaped
}

// isKey reports whether the string ending at raw[end] is followed by ':'.
func isKey(raw []byte, end int) bool {
	for j := end + 1; j < len(raw); j++ {
		switch raw[j] {
		case ' ', '\t', '\n', '\r':
			continue
		case ':':
			return true
		}
		return false
	}
	return false
}

// intern returns the name held by the quoted JSON string q, shared with
// earlier rows.
func (d *decoder) intern(q []byte, escaped bool) string {
	body := q[1 : len(q)-1]
	if !escaped && !utf8.Valid(body) {
		escaped = true // decode as encoding/json does: invalid bytes become U+FFFD
	}
	if !escaped {
		if s, ok := d.names[string(body)]; ok {
			return s
		}
	}
	var s string
	if escaped {
		json.Unmarshal(q, &s)
	} else {
		s = string(body)
	}
	if in, ok := d.names[s]; ok {
		return in
	}
	if len(d.names) < 1<<16 {
		d.names[s] = s
	}
	return s
}
