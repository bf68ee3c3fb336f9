package httplog

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

// write scans p.
func (c *rowCounter) write(p []byte) {
	for _, b := range p {
		if c.inStr {
			switch {
			case c.esc:
				c.esc = false
			case b == '\\':
				c.esc = true
			case b == '"':
				c.inStr = false
			}
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
