package odata

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"slices"
)

// The raw reading of a page (see raw.go): its grammar checked, its
// entities found, their member names and IDs read, without a map.

// rawScan reads a body for decodePageRaw. Each method reports false on
// anything it does not expect, the body then read the ordinary way.
type rawScan struct {
	r    *jsonReader
	rows []RawRow
	ctl  body // the page's count and next link, as the decoder keeps them

	order []string        // property names in the order first seen
	seen  map[string]bool // the names in order
	prev  []string        // the member names of the previous entity
	cur   []string        // the member names of this entity
	dup   bool            // prev has a name twice
	ids   int             // members of this entity that are its @odata.id
}

// top reads the outermost object: it must hold a "value" array.
func (s *rawScan) top() bool {
	r := s.r
	r.skipSpace()
	if !s.byte('{') {
		return false
	}
	coll := false
	for first := true; ; first = false {
		r.skipSpace()
		if first && s.byte('}') {
			return false // {}: no collection
		}
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return false
		}
		raw, esc, err := r.stringBytes()
		if err != nil || !s.colon() {
			return false
		}
		key := string(raw)
		if esc {
			key = unquoteJSON(raw, true)
		}
		switch name, isControl := control(key); {
		case key == "value":
			if !s.byte('[') || !s.entities() {
				return false
			}
			coll = true
		case key == "d" && first:
			return false // OData v2 verbose JSON
		case isControl:
			v, _, err := r.value(1, false)
			if err != nil {
				return false
			}
			s.ctl.setControl(name, v)
		default:
			if !s.skip(1) {
				return false
			}
		}
		r.skipSpace()
		if s.byte(',') {
			continue
		}
		if !s.byte('}') {
			return false
		}
		r.skipSpace()
		return coll && r.pos == len(r.data)
	}
}

// byte consumes c when it is the next byte.
func (s *rawScan) byte(c byte) bool {
	if s.r.pos < len(s.r.data) && s.r.data[s.r.pos] == c {
		s.r.pos++
		return true
	}
	return false
}

// colon consumes the ':' after a member name, and the white space around.
func (s *rawScan) colon() bool {
	s.r.skipSpace()
	ok := s.byte(':')
	s.r.skipSpace()
	return ok
}

// entities reads the elements of the value array, which must be objects.
func (s *rawScan) entities() bool {
	r := s.r
	r.skipSpace()
	if s.byte(']') {
		return true
	}
	for {
		r.skipSpace()
		start := r.pos
		if !s.byte('{') {
			return false
		}
		row, ok := s.entity()
		if !ok {
			return false
		}
		row.JSON = r.data[start:r.pos]
		if s.ids > 1 {
			// @odata.id more than once, in one spelling or several
			// (@id, odata.id): which counts is the decoder's to say.
			if dr, err := decodeRawRow(row, r.names); err == nil {
				row.ID = dr.ID
			}
		}
		s.rows = append(s.rows, row)
		r.skipSpace()
		if s.byte(',') {
			continue
		}
		return s.byte(']')
	}
}

// entity reads the members of an entity whose '{' was consumed: its ID,
// its property names (the page's columns), whether a name comes twice.
func (s *rawScan) entity() (RawRow, bool) {
	r := s.r
	var row RawRow
	s.cur, s.ids = s.cur[:0], 0
	r.skipSpace()
	if !s.byte('}') {
		for {
			r.skipSpace()
			if r.pos >= len(r.data) || r.data[r.pos] != '"' {
				return row, false
			}
			raw, esc, err := r.stringBytes()
			if err != nil || !s.colon() {
				return row, false
			}
			var k string
			if i := len(s.cur); !esc && i < len(s.prev) && string(raw) == s.prev[i] {
				k = s.prev[i] // the same name as the entity before: no lookup
			} else {
				k = r.intern(raw, esc)
			}
			s.cur = append(s.cur, k)
			name, ok := control(k)
			if ok && name == "id" {
				s.ids++
			}
			if ok && name == "id" && r.pos < len(r.data) && r.data[r.pos] == '"' {
				raw, esc, err := r.stringBytes()
				if err != nil {
					return row, false
				}
				row.ID = unquoteJSON(raw, esc)
			} else {
				if ok && name == "id" {
					row.ID = "" // the last @odata.id counts, and only as text
				}
				// The decoder reads a member's value at depth 3 (the body,
				// the value array, the entity): the same limit here.
				if !s.skip(3) {
					return row, false
				}
			}
			r.skipSpace()
			if s.byte(',') {
				continue
			}
			if !s.byte('}') {
				return row, false
			}
			break
		}
	}
	if !slices.Equal(s.cur, s.prev) {
		s.dup = s.names()
		s.prev, s.cur = s.cur, s.prev
	}
	row.dup = s.dup
	return row, true
}

// names adds the property names of s.cur not seen before to the page's
// columns and reports whether a name comes twice in s.cur.
func (s *rawScan) names() (dup bool) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	here := make(map[string]bool, len(s.cur))
	for _, k := range s.cur {
		if here[k] {
			dup = true
		}
		here[k] = true
		if _, isControl := control(k); !isControl && !s.seen[k] {
			s.seen[k] = true
			s.order = append(s.order, k)
		}
	}
	return dup
}

// skip reads past one value at nesting depth depth, checking its grammar.
func (s *rawScan) skip(depth int) bool {
	r := s.r
	if r.pos >= len(r.data) {
		return false
	}
	switch c := r.data[r.pos]; {
	case c == '"':
		_, _, err := r.stringBytes()
		return err == nil
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return false
		}
		r.pos++
		end := closing(c == '{')
		r.skipSpace()
		if s.byte(end) {
			return true
		}
		for {
			r.skipSpace()
			if c == '{' {
				if r.pos >= len(r.data) || r.data[r.pos] != '"' {
					return false
				}
				if _, _, err := r.stringBytes(); err != nil || !s.colon() {
					return false
				}
			}
			if !s.skip(depth + 1) {
				return false
			}
			r.skipSpace()
			if s.byte(',') {
				continue
			}
			return s.byte(end)
		}
	case c == '-' || c >= '0' && c <= '9':
		return r.numberEnd() == nil
	case c == 't':
		return r.literal("true") == nil
	case c == 'f':
		return r.literal("false") == nil
	case c == 'n':
		return r.literal("null") == nil
	}
	return false
}

// rawPageHash is pageHash for rows read raw: the rows' bytes, each with
// its length before it, hashed once; judged when two rows differ.
//
// Bytes, not values: a page repeated byte for byte (what a server that
// loops sends) is caught as decoded, but one sent again with other white
// space, other escapes, another @odata.etag or its nested members in
// another order is not (decoded, it is), and a page whose rows differ
// only in white space is judged where decoded it is not. Hashing values
// would cost the walk what reading raw saves; the walk's other checks (a
// next link read before, more rows than @odata.count, the same first row
// after $skip) do not depend on it.
func rawPageHash(seed maphash.Seed, rows []RawRow) (sum uint64, judged bool) {
	if len(rows) < 2 {
		return 0, false
	}
	for _, r := range rows[1:] {
		if !bytes.Equal(r.JSON, rows[0].JSON) {
			judged = true
			break
		}
	}
	if !judged {
		return 0, false
	}
	var h maphash.Hash
	h.SetSeed(seed)
	var n [8]byte
	for _, r := range rows {
		binary.LittleEndian.PutUint64(n[:], uint64(len(r.JSON)))
		h.Write(n[:])
		h.Write(r.JSON)
	}
	return h.Sum64(), true
}
