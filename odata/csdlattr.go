package odata

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"

	"github.com/orisano/gosax"
)

// local strips a namespace prefix.
func local(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// str interns b: for strings that repeat, such as set and property names
// in navigation bindings.
func (p *xmlParser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	e := p.strs.find(b)
	if e.key == "" {
		e.key = p.mem.str(b)
	}
	return e.key
}

// attrClass classes the bytes readAttrs stops at: 1 for XML white space,
// 2 for '='.
var attrClass = [256]uint8{' ': 1, '\t': 1, '\n': 1, '\r': 1, '=': 2}

// readAttrs splits a start tag's attributes into p.attrs, unescaping values.
func (p *xmlParser) readAttrs(rest []byte, start int) error {
	p.attrs = p.attrs[:0]
	i, n := 0, len(rest)
	for {
		for i < n && attrClass[rest[i]] == 1 {
			i++
		}
		if i == n {
			return nil
		}
		k := i // key: up to '=' or white space
		// Eight bytes at a time to the first '=' or byte up to ' ' (the
		// byte loop then steps over a control character, as before).
		for ; i+8 <= n; i += 8 {
			v := binary.LittleEndian.Uint64(rest[i:])
			if m := zeroBytes(v^('='*splat)) | lessThan21(v); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		for i < n && attrClass[rest[i]] == 0 {
			i++
		}
		key := rest[k:i]
		for i < n && attrClass[rest[i]] == 1 {
			i++
		}
		if i == n || rest[i] != '=' || len(key) == 0 {
			return p.errorAt(start, "the XML is malformed (attribute %s has no value)", trunc(key))
		}
		i++
		for i < n && attrClass[rest[i]] == 1 {
			i++
		}
		if i == n || (rest[i] != '"' && rest[i] != '\'') {
			return p.errorAt(start, "the XML is malformed (attribute %s has no quoted value)", trunc(key))
		}
		q := rest[i]
		i++
		v0, esc := i, false
		// Eight bytes at a time to the first quote, '&' or '\r'.
		for qq := uint64(q) * splat; i+8 <= n; i += 8 {
			v := binary.LittleEndian.Uint64(rest[i:])
			if m := zeroBytes(v^qq) | zeroBytes(v^('&'*splat)) | zeroBytes(v^('\r'*splat)); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		for i < n && rest[i] != q {
			if rest[i] == '&' || rest[i] == '\r' {
				esc = true
			}
			i++
		}
		if i == n {
			return p.errorAt(start, "the XML is malformed (attribute %s is not closed)", trunc(key))
		}
		v := rest[v0:i]
		i++
		if esc {
			var err error
			if v, err = gosax.Unescape(v); err != nil {
				return p.errorAt(start, "the XML is malformed (%v)", err)
			}
		}
		p.attrs = append(p.attrs, attr{key, v})
	}
}

// tagName splits a start tag, "<name attributes>" or "<name attributes/>",
// into its name and raw attributes, as gosax.Name does.
func tagName(b []byte) (name, rest []byte) {
	end := len(b) - 1 // the '>'
	if end > 1 && b[end-1] == '/' {
		end--
	}
	i := 1
	for ; i+8 <= end; i += 8 { // to the first byte up to ' ', eight at a time
		if m := lessThan21(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			break
		}
	}
	for i < end && attrClass[b[i]] != 1 {
		i++
	}
	if i >= end {
		return b[1:end], nil
	}
	return b[1:i], b[i+1 : end]
}

func isSpace(c byte) bool { return attrClass[c] == 1 }

// attr returns the value of the attribute named key, or nil.
func (p *xmlParser) attr(key string) []byte {
	for _, a := range p.attrs {
		if string(a.key) == key {
			return a.val
		}
	}
	return nil
}

// typeRef interns a qualified type name and rewrites an alias prefix to its
// namespace when the alias is already known (References and earlier Schema
// elements). A name whose prefix might still turn out to be an alias is
// noted, so that finish resolves everything again only if one did.
func (p *xmlParser) typeRef(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	e := p.types.find(b)
	if e.key == "" {
		raw := p.mem.str(b)
		res := raw
		if i := strings.LastIndexByte(raw, '.'); i > 0 && raw[:i] != "Edm" {
			if ns, ok := p.b.m.aliases[raw[:i]]; ok {
				res = p.mem.concat(ns, raw[i:])
			} else if u := p.b.unresolved; len(u) == 0 || u[len(u)-1] != raw[:i] {
				p.b.unresolved = append(u, raw[:i])
			}
		}
		e.key, e.val = raw, res
	}
	return e.val
}

const splat uint64 = 0x0101010101010101

// zeroBytes marks v's zero bytes with their high bit. A byte above a zero
// byte may be marked too (the borrow), never one below: the lowest mark
// is exact, so TrailingZeros64/8 is the index of the first zero byte.
func zeroBytes(v uint64) uint64 { return (v - splat) &^ v & (splat * 0x80) }

// lessThan21 marks v's bytes below 0x21 (white space and control
// characters) likewise.
func lessThan21(v uint64) uint64 { return (v - 0x21*splat) &^ v & (splat * 0x80) }

// nameHash hashes a qualified name for the direct-mapped caches: its
// length and its first and last eight bytes, which tell apart names that
// share a namespace.
func nameHash(b []byte) int {
	n := len(b)
	var x uint64
	if n >= 8 {
		x = binary.LittleEndian.Uint64(b[n-8:]) ^ binary.LittleEndian.Uint64(b[:8])*31
	} else {
		for _, c := range b {
			x = x<<8 | uint64(c)
		}
	}
	x ^= uint64(n)
	return int((x * 0x9E3779B97F4A7C15) >> 40)
}

// attrStr returns an attribute's value interned, attrCopy a fresh copy (for
// names that rarely repeat, where a map lookup costs more than it saves).
func (p *xmlParser) attrStr(key string) string { return p.str(p.attr(key)) }

func (p *xmlParser) attrCopy(key string) string { return p.mem.str(p.attr(key)) }

func (p *xmlParser) attrBool(key string, def bool) bool {
	switch string(p.attr(key)) {
	case "true":
		return true
	case "false":
		return false
	}
	return def
}

// property reads a Property element's attributes in one pass (it is by far
// the most frequent element) and appends the property's name to the type's
// name buffer.
func (p *xmlParser) property() Property {
	pr := Property{Nullable: true, Precision: FacetUnset, Scale: FacetUnset}
	for _, a := range p.attrs {
		switch string(a.key) {
		case "Name":
			if len(p.pspan) == p.propSlab.len() { // the first Name wins
				p.pspan = push(p.pspan, p.span(a.val))
			}
		case "Type":
			pr.Type, pr.Collection = p.typeName(a.val)
		case "Nullable":
			pr.Nullable = string(a.val) != "false"
		case "MaxLength":
			if string(a.val) == "max" {
				pr.MaxLength = MaxLengthMax
			} else if n, ok := atoi(a.val); ok {
				pr.MaxLength = int32(n)
			}
		case "Precision":
			if n, ok := atoi(a.val); ok {
				pr.Precision = int32(n)
			}
		case "Scale":
			switch string(a.val) {
			case "variable":
				pr.Scale = ScaleVariable
			case "floating":
				pr.Scale = ScaleFloating
			default:
				if n, ok := atoi(a.val); ok {
					pr.Scale = int32(n)
				}
			}
		default: // SAP annotations (sap:label, sap:sortable, sap:filterable)
			if bytes.HasSuffix(a.key, []byte(":label")) {
				if v, ok := usableLabel(a.val, rankSAP); ok {
					p.inlineLabel(false, p.propSlab.len(), rankSAP, v)
				}
			}
			if bytes.HasSuffix(a.key, []byte(":sortable")) && string(a.val) == "false" {
				pr.NotSortable = true
			}
			if bytes.HasSuffix(a.key, []byte(":filterable")) && string(a.val) == "false" {
				pr.NotFilterable = true
			}
		}
	}
	if len(p.pspan) < p.propSlab.len()+1 { // no Name attribute
		p.pspan = append(p.pspan, [2]int{len(p.nbuf), len(p.nbuf)})
	}
	return pr
}

// navigation reads a NavigationProperty's attributes in one pass (Dynamics
// CRM has 5,228), the first of each name counting, as p.attr would.
func (p *xmlParser) navigation() NavigationProperty {
	n := NavigationProperty{Nullable: true}
	var typ, partner, rel, from, to []byte
	var seen uint8
	first := func(bit uint8) bool {
		ok := seen&bit == 0
		seen |= bit
		return ok
	}
	for _, a := range p.attrs {
		switch string(a.key) {
		case "Nullable":
			if first(1) {
				n.Nullable = string(a.val) != "false"
			}
		case "ContainsTarget":
			if first(2) {
				n.ContainsTarget = string(a.val) == "true"
			}
		case "Type":
			if first(4) {
				typ = a.val
			}
		case "Partner":
			if first(8) {
				partner = a.val
			}
		case "Relationship":
			if first(16) {
				rel = a.val
			}
		case "FromRole":
			if first(32) {
				from = a.val
			}
		case "ToRole":
			if first(64) {
				to = a.val
			}
		default: // v2: sap:label
			if bytes.HasSuffix(a.key, []byte(":label")) {
				if v, ok := usableLabel(a.val, rankSAP); ok {
					p.inlineLabel(true, p.navSlab.len(), rankSAP, v)
				}
			}
		}
	}
	n.Partner = p.mem.str(partner)
	if seen&16 != 0 {
		n.v2 = &v2nav{relationship: p.mem.str(rel), fromRole: p.mem.str(from), toRole: p.mem.str(to)}
	}
	n.Type, n.Collection = p.typeName(typ)
	return n
}

// typeName splits "Collection(T)" and resolves T with typeRef.
func (p *xmlParser) typeName(b []byte) (string, bool) {
	if inner, ok := bytes.CutPrefix(b, []byte("Collection(")); ok && bytes.HasSuffix(inner, []byte(")")) {
		return p.typeRef(inner[:len(inner)-1]), true
	}
	return p.typeRef(b), false
}

// prefix returns the namespace prefix of a name, or nil.
func prefix(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[:i]
	}
	return nil
}

// atoi parses a decimal integer of at most 18 digits without allocating.
func atoi(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
