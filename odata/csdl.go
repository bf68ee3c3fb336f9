package odata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/orisano/gosax"
)

// ParseMetadata reads a metadata document — CSDL XML (OData 4.0/4.01), CSDL
// JSON, or OData v2 EDMX — and returns its compact Model. The format is told
// from the first bytes. XML is parsed as a stream of events, never held
// whole in memory. Errors are one sentence naming the byte offset where the
// document went wrong.
func ParseMetadata(r io.Reader) (*Model, error) {
	br := bufio.NewReaderSize(r, 4096)
	skipped := 0
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		skipped = 3
	}
	for {
		c, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("odata: the metadata document is empty; check the service root URL")
			}
			return nil, fmt.Errorf("odata: reading metadata: %w", err)
		}
		switch c[0] {
		case ' ', '\t', '\r', '\n':
			br.Discard(1)
			skipped++
			continue
		case '<':
			return parseXML(br, skipped)
		case '{':
			return parseJSON(br, skipped)
		}
		return nil, fmt.Errorf("odata: the metadata document starts with %q, neither XML nor JSON; check the service root URL", c[0])
	}
}

// Element kinds the XML parser tracks; anything else is skipped with its
// whole subtree.
const (
	kSkip uint8 = iota
	kEdmx
	kDataServices
	kReference
	kSchema
	kEntityType
	kComplexType
	kKey
	kEnumType
	kContainer
	kEntitySet
	kAssociation
	kAssocSet
	kAnnotations // out-of-line, with Target
	kCapAnnotation
	kCapRecord
	kCapValue // PropertyValue NonSortableProperties / NonFilterableProperties
	kCapCollection
	kCapPath
)

type xmlParser struct {
	rd      *gosax.Reader
	b       *builder
	in      map[string]string // interned strings
	recent  [256]string
	types   map[string]string // type name as written → resolved
	recentT [256][2]string
	off     int // byte offset of the current event

	kinds    []uint8
	skip     int    // depth inside the innermost open kSkip element, 0 outside
	names    []byte // open element names, concatenated
	nameEnds []int
	attrs    []attr
	rootSeen bool

	schema    *Schema
	ns        string
	et        *EntityType
	ct        *ComplexType
	en        *EnumType
	container *EntityContainer
	set       *EntitySet
	assoc     *association
	aset      *assocSet
	target    []byte // attributes of the open Annotations element, split on demand
	capr      *restriction
	pathText  []byte

	nbuf  []byte   // the type's member names, concatenated
	pspan [][2]int // spans of nbuf: property, navigation and member names
	nspan [][2]int
	mspan [][2]int

	propSlab slab[Property]
	navSlab  slab[NavigationProperty]
	keySlab  slab[string]
	memSlab  slab[EnumMember]
}

type attr struct{ key, val []byte }

func parseXML(r io.Reader, offset int) (*Model, error) {
	p := &xmlParser{
		rd:    gosax.NewReaderSize(markingReader{r}, 64<<10),
		b:     newBuilder(),
		in:    make(map[string]string, 1024),
		types: make(map[string]string, 1024),
		off:   offset,
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.b.finish()
}

func (p *xmlParser) run() error {
	for {
		ev, err := p.rd.Event()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return p.errorf("the document ends inside a tag; the download may have been cut short")
			}
			if isReadError(err) {
				return fmt.Errorf("odata: reading metadata at byte %d: %w", p.off, err)
			}
			return p.errorf("the XML is malformed (%v)", err)
		}
		start := p.off
		p.off += len(ev.Bytes)
		if p.skip > 0 { // inside a skipped subtree: count depth only
			switch ev.Type() {
			case gosax.EventStart:
				if b := ev.Bytes; !(len(b) >= 3 && b[len(b)-2] == '/') {
					p.skip++
				}
				continue
			case gosax.EventEnd:
				if p.skip--; p.skip > 0 {
					continue
				}
			case gosax.EventEOF:
			default:
				continue
			}
		}
		switch ev.Type() {
		case gosax.EventStart:
			b := ev.Bytes
			self := len(b) >= 3 && b[len(b)-2] == '/'
			name, rest := gosax.Name(b)
			if len(name) == 0 || name[0] == '/' || name[0] == '>' {
				return p.errorAt(start, "the XML is malformed (bad start tag)")
			}
			k, err := p.open(name, rest, start)
			if err != nil {
				return err
			}
			if self {
				p.close(k)
			} else {
				if k == kSkip {
					p.skip = 1
				}
				p.kinds = append(p.kinds, k)
				p.nameEnds = append(p.nameEnds, len(p.names))
				p.names = append(p.names, name...)
			}
		case gosax.EventEnd:
			name, _ := gosax.Name(ev.Bytes)
			n := len(p.kinds)
			if n == 0 {
				return p.errorAt(start, "the XML is malformed (end tag %s without a start tag)", trunc(name))
			}
			open := p.names[p.nameEnds[n-1]:]
			if !bytes.Equal(open, name) {
				return p.errorAt(start, "the XML is malformed (end tag %s closes element %s)", trunc(name), trunc(open))
			}
			k := p.kinds[n-1]
			p.kinds = p.kinds[:n-1]
			p.names = p.names[:p.nameEnds[n-1]]
			p.nameEnds = p.nameEnds[:n-1]
			p.close(k)
		case gosax.EventText, gosax.EventCData:
			if n := len(p.kinds); n > 0 && p.kinds[n-1] == kCapPath {
				t := ev.Bytes
				if ev.Type() == gosax.EventCData {
					t = bytes.TrimSuffix(bytes.TrimPrefix(t, []byte("<![CDATA[")), []byte("]]>"))
				} else if t, err = gosax.Unescape(t); err != nil {
					return p.errorAt(start, "the XML is malformed (%v)", err)
				}
				p.pathText = append(p.pathText, t...)
			}
		case gosax.EventEOF:
			if n := len(p.kinds); n > 0 {
				return p.errorf("the document ends inside element %s; the download may have been cut short", trunc(p.names[p.nameEnds[n-1]:]))
			}
			if !p.rootSeen {
				return p.errorf("the document has no root element; it is not an OData metadata document")
			}
			return nil
		}
	}
}

// isReadError tells an error of the underlying reader (network, size limit,
// cancelled context) from a gosax syntax complaint.
func isReadError(err error) bool {
	var re *readError
	return errors.As(err, &re)
}

func (p *xmlParser) errorf(format string, args ...any) error {
	return p.errorAt(p.off, format, args...)
}

func (p *xmlParser) errorAt(off int, format string, args ...any) error {
	return fmt.Errorf("odata: metadata XML at byte %d: "+format, append([]any{off}, args...)...)
}

// trunc quotes an element or attribute name for an error message, cut to
// 40 bytes; quoting keeps control characters from reaching a terminal.
func trunc(b []byte) string {
	if len(b) > 40 {
		return strconv.Quote(string(b[:40])) + "…"
	}
	return strconv.Quote(string(b))
}

// readError marks an error of the underlying reader (network, size limit,
// cancelled context) so it is not reported as bad XML.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

type markingReader struct{ r io.Reader }

func (m markingReader) Read(b []byte) (int, error) {
	n, err := m.r.Read(b)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}

// local strips a namespace prefix.
func local(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// str interns b: for strings that repeat, such as type names.
func (p *xmlParser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// A direct-mapped cache in front of the map: most lookups are the same
	// few type names (Edm.String…), and comparing is cheaper than hashing.
	h := (len(b)*31 + int(b[len(b)-1])*7 + int(b[len(b)/2])) & (len(p.recent) - 1)
	if s := p.recent[h]; s == string(b) {
		return s
	}
	s, ok := p.in[string(b)]
	if !ok {
		s = string(b)
		p.in[s] = s
	}
	p.recent[h] = s
	return s
}

// readAttrs splits a start tag's attributes into p.attrs, unescaping values.
func (p *xmlParser) readAttrs(rest []byte, start int) error {
	p.attrs = p.attrs[:0]
	for {
		i := 0
		for i < len(rest) && isSpace(rest[i]) {
			i++
		}
		rest = rest[i:]
		if len(rest) == 0 {
			return nil
		}
		eq := bytes.IndexByte(rest, '=')
		if eq <= 0 {
			return p.errorAt(start, "the XML is malformed (attribute %s has no value)", trunc(bytes.TrimSpace(rest)))
		}
		key := rest[:eq]
		for len(key) > 0 && isSpace(key[len(key)-1]) {
			key = key[:len(key)-1]
		}
		j := eq + 1
		for j < len(rest) && isSpace(rest[j]) {
			j++
		}
		if j == len(rest) || (rest[j] != '"' && rest[j] != '\'') {
			return p.errorAt(start, "the XML is malformed (attribute %s has no quoted value)", trunc(key))
		}
		end := bytes.IndexByte(rest[j+1:], rest[j])
		if end < 0 || len(key) == 0 || bytes.IndexByte(key, ' ') >= 0 {
			return p.errorAt(start, "the XML is malformed (attribute %s is not well formed)", trunc(key))
		}
		v := rest[j+1 : j+1+end]
		rest = rest[j+2+end:]
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
			var err error
			if v, err = gosax.Unescape(v); err != nil {
				return p.errorAt(start, "the XML is malformed (%v)", err)
			}
		}
		p.attrs = append(p.attrs, attr{key, v})
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

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
	h := (len(b)*31 + int(b[len(b)-1])*7 + int(b[len(b)/2])) & (len(p.recentT) - 1)
	if e := p.recentT[h]; e[0] == string(b) {
		return e[1]
	}
	res, ok := p.types[string(b)]
	if !ok {
		raw := string(b)
		res = raw
		if i := strings.LastIndexByte(raw, '.'); i > 0 && raw[:i] != "Edm" {
			if ns, ok := p.b.m.aliases[raw[:i]]; ok {
				res = ns + raw[i:]
			} else if u := p.b.unresolved; len(u) == 0 || u[len(u)-1] != raw[:i] {
				p.b.unresolved = append(u, raw[:i])
			}
		}
		p.types[raw] = res
		p.recentT[h] = [2]string{raw, res}
		return res
	}
	p.recentT[h] = [2]string{string(b), res}
	return res
}

// attrStr returns an attribute's value interned, attrCopy a fresh copy (for
// names that rarely repeat, where a map lookup costs more than it saves).
func (p *xmlParser) attrStr(key string) string { return p.str(p.attr(key)) }

func (p *xmlParser) attrCopy(key string) string { return string(p.attr(key)) }

func (p *xmlParser) attrBool(key string, def bool) bool {
	switch string(p.attr(key)) {
	case "true":
		return true
	case "false":
		return false
	}
	return def
}
