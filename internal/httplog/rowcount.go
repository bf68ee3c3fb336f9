package httplog

import "encoding/binary"

// rowCounter counts the entities of an OData collection response as its
// bytes stream past, without buffering: the objects directly inside an
// array that is a member of the top-level object ("value" in v4 JSON). It
// keeps only a little state between chunks, so the request log can show
// rows for a body it never holds.
type rowCounter struct {
	rows     int
	depth    int    // nesting depth of containers
	arrayAt2 bool   // the container at depth 2 is an array
	inStr    bool   // inside a string
	esc      bool   // after a backslash inside a string
	stack    []byte // container kinds at depths 1..3: '{' or '['
}

// write scans p. Inside a string it steps eight bytes at a time while
// none of them is a quote or a backslash, outside one it steps over what
// is not a quote, a brace or a bracket by a table: the body of a page is
// mostly strings.
func (c *rowCounter) write(p []byte) {
	for i := 0; i < len(p); {
		if c.inStr {
			if c.esc {
				c.esc = false
				i++
				continue
			}
			for i+8 <= len(p) && !quoteOrBackslash(binary.LittleEndian.Uint64(p[i:])) {
				i += 8
			}
			for i < len(p) && p[i] != '"' && p[i] != '\\' {
				i++
			}
			if i == len(p) {
				return
			}
			if p[i] == '\\' {
				c.esc = true
			} else {
				c.inStr = false
			}
			i++
			continue
		}
		b := p[i]
		i++
		if !structural[b] {
			continue
		}
		switch b {
		case '"':
			c.inStr = true
		case '{', '[':
			c.depth++
			if c.depth == 3 && b == '{' && c.arrayAt2 && len(c.stack) >= 1 && c.stack[0] == '{' {
				c.rows++
			}
			if c.depth == 2 {
				c.arrayAt2 = b == '['
			}
			if c.depth <= 3 {
				c.stack = append(c.stack[:c.depth-1], b)
			}
		case '}', ']':
			if c.depth > 0 {
				c.depth--
			}
		}
	}
}

// structural marks the bytes write acts on outside a string.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// quoteOrBackslash reports whether one of the eight bytes of w is '"' or
// '\\' (a zero byte of w XOR the byte repeated: exact, no false report).
func quoteOrBackslash(w uint64) bool {
	q, bs := w^('"'*ones), w^('\\'*ones)
	return ((q-ones)&^q|(bs-ones)&^bs)&highs != 0
}
