package odata

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// jsonReader reads a JSON text held whole in memory, token by token like a
// json.Decoder with UseNumber, and builds values without reflection: the
// decoder of a response body. Values are what encoding/json gives an any
// with UseNumber (nil, bool, string, json.Number, map[string]any, []any),
// invalid UTF-8 and lone surrogates in strings become U+FFFD, a duplicate
// member name keeps the last value, and nesting deeper than 10,000 levels
// is an error, all as encoding/json does. Decoding a page this way, an
// entity's member order read in the same pass, takes a fraction of the
// CPU of json.Decoder.Decode into an any and a second scan for the order.
type jsonReader struct {
	data  []byte
	pos   int
	stack []frame
	names map[string]string // interned member names
	// frozen: names is only read (it is shared by goroutines decoding
	// rows of one page read raw); a name not in it is a string of its own
	frozen bool
	width  int // the most members of an entity so far, to size the next
}

// frame is one open array or object.
type frame struct {
	object bool
	items  int  // elements or members read
	value  bool // object: the next token is a member's value
}

// maxDepth is encoding/json's limit of nesting.
const maxDepth = 10000

// jsonSyntaxError is a JSON text that is not valid: what was found where.
type jsonSyntaxError struct {
	msg    string
	Offset int64
}

func (e *jsonSyntaxError) Error() string { return e.msg }

func newJSONReader(data []byte, names map[string]string) *jsonReader {
	return &jsonReader{data: data, names: names}
}

// InputOffset is the offset of the next byte to read.
func (r *jsonReader) InputOffset() int64 { return int64(r.pos) }

func (r *jsonReader) skipSpace() {
	if r.pos < len(r.data) && r.data[r.pos] > ' ' {
		return // compact JSON: no white space between tokens
	}
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// syntax is the error of an unexpected byte (or the end) at r.pos.
func (r *jsonReader) syntax(context string) error {
	if r.pos >= len(r.data) {
		return io.ErrUnexpectedEOF
	}
	return &jsonSyntaxError{msg: fmt.Sprintf("invalid character %s %s", quoteChar(r.data[r.pos]), context), Offset: int64(r.pos + 1)}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// More reports whether the current array or object has another element.
func (r *jsonReader) More() bool {
	r.skipSpace()
	return r.pos < len(r.data) && r.data[r.pos] != ']' && r.data[r.pos] != '}'
}

// prepare consumes the separator before the next value or member name of
// the current container and reports whether the container ends instead
// (its closing byte not consumed).
func (r *jsonReader) prepare() (end bool, err error) {
	r.skipSpace()
	if len(r.stack) == 0 {
		return false, nil
	}
	f := &r.stack[len(r.stack)-1]
	if f.object && f.value {
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return false, r.syntax("after object key")
		}
		r.pos++
		r.skipSpace()
		return false, nil
	}
	if r.pos < len(r.data) && r.data[r.pos] == closing(f.object) {
		return true, nil
	}
	if f.items > 0 {
		if r.pos >= len(r.data) || r.data[r.pos] != ',' {
			if f.object {
				return false, r.syntax("after object key:value pair")
			}
			return false, r.syntax("after array element")
		}
		r.pos++
		r.skipSpace()
	}
	return false, nil
}

func closing(object bool) byte {
	if object {
		return '}'
	}
	return ']'
}

// Token returns the next token: a json.Delim, a string (a member name or a
// value), a json.Number, a bool or nil; io.EOF at the end of the text.
func (r *jsonReader) Token() (json.Token, error) {
	end, err := r.prepare()
	if err != nil {
		return nil, err
	}
	if len(r.stack) == 0 && r.pos >= len(r.data) {
		return nil, io.EOF
	}
	if end {
		f := r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		r.pos++
		r.done()
		return json.Delim(closing(f.object)), nil
	}
	if n := len(r.stack); n > 0 && r.stack[n-1].object && !r.stack[n-1].value {
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return nil, r.syntax("looking for beginning of object key string")
		}
		k, err := r.name()
		if err != nil {
			return nil, err
		}
		r.stack[n-1].value = true
		return k, nil
	}
	if r.pos < len(r.data) && (r.data[r.pos] == '{' || r.data[r.pos] == '[') {
		if len(r.stack) >= maxDepth {
			return nil, &jsonSyntaxError{msg: "exceeded max depth", Offset: int64(r.pos)}
		}
		obj := r.data[r.pos] == '{'
		r.pos++
		r.stack = append(r.stack, frame{object: obj})
		return json.Delim(r.data[r.pos-1]), nil
	}
	v, err := r.scalar()
	if err != nil {
		return nil, err
	}
	r.done()
	return v, nil
}

// done records that the current container's element (or member value)
// has been read.
func (r *jsonReader) done() {
	if n := len(r.stack); n > 0 {
		f := &r.stack[n-1]
		f.items++
		f.value = false
	}
}

// Decode reads the next value whole into *v (an *any).
func (r *jsonReader) Decode(v *any) error {
	end, err := r.prepare()
	if err != nil {
		return err
	}
	if end || r.pos >= len(r.data) {
		if r.pos >= len(r.data) && len(r.stack) == 0 {
			return io.EOF
		}
		return r.syntax("looking for beginning of value")
	}
	x, _, err := r.value(len(r.stack), false)
	if err != nil {
		return err
	}
	*v = x
	r.done()
	return nil
}

// Entity reads the next value whole like Decode and, when it is an
// object, also returns its member names in order, each once.
func (r *jsonReader) Entity() (any, []string, error) {
	end, err := r.prepare()
	if err != nil {
		return nil, nil, err
	}
	if end || r.pos >= len(r.data) {
		return nil, nil, r.syntax("looking for beginning of value")
	}
	x, keys, err := r.value(len(r.stack), true)
	if err != nil {
		return nil, nil, err
	}
	r.width = max(r.width, len(keys))
	r.done()
	return x, keys, nil
}

// value parses the value at r.pos (white space skipped) at nesting depth
// depth; with order, an object's member names in order, each once.
func (r *jsonReader) value(depth int, order bool) (any, []string, error) {
	r.skipSpace()
	if r.pos >= len(r.data) {
		return nil, nil, io.ErrUnexpectedEOF
	}
	switch r.data[r.pos] {
	case '{':
		if depth >= maxDepth {
			return nil, nil, &jsonSyntaxError{msg: "exceeded max depth", Offset: int64(r.pos)}
		}
		return r.object(depth+1, order)
	case '[':
		if depth >= maxDepth {
			return nil, nil, &jsonSyntaxError{msg: "exceeded max depth", Offset: int64(r.pos)}
		}
		r.pos++
		a := []any{}
		r.skipSpace()
		if r.pos < len(r.data) && r.data[r.pos] == ']' {
			r.pos++
			return a, nil, nil
		}
		for {
			v, _, err := r.value(depth+1, false)
			if err != nil {
				return nil, nil, err
			}
			a = append(a, v)
			r.skipSpace()
			if r.pos >= len(r.data) {
				return nil, nil, io.ErrUnexpectedEOF
			}
			switch r.data[r.pos] {
			case ',':
				r.pos++
			case ']':
				r.pos++
				return a, nil, nil
			default:
				return nil, nil, r.syntax("after array element")
			}
		}
	}
	v, err := r.scalar()
	return v, nil, err
}

// object parses the object at r.pos.
func (r *jsonReader) object(depth int, order bool) (any, []string, error) {
	r.pos++
	var m map[string]any
	var keys []string
	if order {
		m, keys = make(map[string]any, r.width), make([]string, 0, r.width)
	} else {
		m = map[string]any{}
	}
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return m, keys, nil
	}
	for {
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return nil, nil, r.syntax("looking for beginning of object key string")
		}
		k, err := r.name()
		if err != nil {
			return nil, nil, err
		}
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return nil, nil, r.syntax("after object key")
		}
		r.pos++
		v, _, err := r.value(depth, false)
		if err != nil {
			return nil, nil, err
		}
		if order {
			if _, dup := m[k]; !dup {
				keys = append(keys, k)
			}
		}
		m[k] = v
		r.skipSpace()
		if r.pos >= len(r.data) {
			return nil, nil, io.ErrUnexpectedEOF
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return m, keys, nil
		default:
			return nil, nil, r.syntax("after object key:value pair")
		}
	}
}

// name reads a member name, interned.
func (r *jsonReader) name() (string, error) {
	raw, escaped, err := r.stringBytes()
	if err != nil {
		return "", err
	}
	return r.intern(raw, escaped), nil
}

// intern returns the member name whose bytes between the quotes are raw
// (escaped as stringBytes says), one string for all its occurrences.
func (r *jsonReader) intern(raw []byte, escaped bool) string {
	if !escaped {
		if s, ok := r.names[string(raw)]; ok {
			return s
		}
	}
	s := unquoteJSON(raw, escaped)
	if in, ok := r.names[s]; ok {
		return in
	}
	if len(r.names) < 1<<16 && !r.frozen {
		r.names[s] = s
	}
	return s
}

// scalar parses a string, number, true, false or null at r.pos.
func (r *jsonReader) scalar() (any, error) {
	if r.pos >= len(r.data) {
		return nil, io.ErrUnexpectedEOF
	}
	switch c := r.data[r.pos]; {
	case c == '"':
		raw, escaped, err := r.stringBytes()
		if err != nil {
			return nil, err
		}
		return unquoteJSON(raw, escaped), nil
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	}
	return nil, r.syntax("looking for beginning of value")
}

func (r *jsonReader) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if r.pos >= len(r.data) {
			return io.ErrUnexpectedEOF
		}
		if r.data[r.pos] != word[i] {
			return r.syntax("in literal " + word + " (expecting " + quoteChar(word[i]) + ")")
		}
		r.pos++
	}
	return nil
}

// number reads a number in JSON's grammar.
func (r *jsonReader) number() (any, error) {
	start := r.pos
	if err := r.numberEnd(); err != nil {
		return nil, err
	}
	return json.Number(r.data[start:r.pos]), nil
}

// numberEnd reads past a number in JSON's grammar.
func (r *jsonReader) numberEnd() error {
	digits := func() int {
		j := r.pos
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
		}
		return r.pos - j
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	switch {
	case r.pos >= len(r.data):
		return io.ErrUnexpectedEOF
	case r.data[r.pos] == '0':
		r.pos++
	case digits() == 0:
		return r.syntax("in numeric literal")
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if r.pos >= len(r.data) {
			return io.ErrUnexpectedEOF
		}
		if digits() == 0 {
			return r.syntax("after decimal point in numeric literal")
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if r.pos >= len(r.data) {
			return io.ErrUnexpectedEOF
		}
		if digits() == 0 {
			return r.syntax("in exponent of numeric literal")
		}
	}
	return nil
}
