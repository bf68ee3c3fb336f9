package odata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

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
	kAnnotations   // out-of-line, with Target
	kCapAnnotation // a Capabilities or Aggregation annotation kept (csdlcap.go)
	kCapTree       // an element inside one
	kProperty      // a Property of an entity or complex type: its Annotation children may be labels
	kNavProperty   // a NavigationProperty, likewise
	kLabel         // an Annotation whose label is in a child String element
	kLabelText     // that String element
	kOperation     // an unbound Function or Action of a schema (csdlop.go)
	kImport        // a FunctionImport or ActionImport: v2's has Parameter children
)

type xmlParser struct {
	sc    *xscan
	b     *builder
	strs  table[struct{}] // interned strings (str)
	types table[string]   // type name as written → resolved (typeRef)
	off   int             // byte offset of the current event

	kinds    []uint8
	skip     int    // depth inside the innermost open kSkip element, 0 outside
	names    []byte // open element names, concatenated
	nameEnds []int
	attrs    []attr
	rootSeen bool

	schema    *Schema
	et        *EntityType
	ct        *ComplexType
	en        *EnumType
	container *EntityContainer
	set       *EntitySet
	assoc     *association
	aset      *assocSet
	target    []byte // attributes of the open Annotations element, split on demand
	// memberTarget reports a '/' in them: the target may be a member
	memberTarget bool
	cap          capNote   // the kept annotation open
	capWhere     uint8     // where it is: kEntitySet, kContainer or kAnnotations
	capNodes     []xnode   // its elements, the Annotation first
	capStack     []int32   // the open ones, as indexes of capNodes
	pathText     []byte    // text of a label's String element
	op           *opDecl   // the schema operation open
	imp          *opImport // the import open

	labs    []inLabel // the type's labels so far
	lrank   uint8     // the rank of the label annotation open
	lparent uint8     // what it annotates: kProperty, kNavProperty or kAnnotations
	lbuf    []byte    // its String attribute, out of line
	ltarget []byte    // its target, out of line

	nbuf  []byte   // the type's qualified name and member names, concatenated
	qlen  int      // length of the qualified name in nbuf
	pspan [][2]int // spans of nbuf: property, navigation and member names
	nspan [][2]int
	mspan [][2]int

	mem      arena // the model's strings
	nmem     arena // the types' names (nbuf), built in place
	propSlab slab[Property]
	navSlab  slab[NavigationProperty]
	keySlab  slab[string]
	memSlab  slab[EnumMember]
	bindSlab slab[NavigationBinding]
	etPool   pool[EntityType]
	ctPool   pool[ComplexType]
	enPool   pool[EnumType]
}

type attr struct{ key, val []byte }

func parseXML(r io.Reader, offset int) (*Model, error) {
	p := &xmlParser{
		sc:  newXScan(markingReader{r}, offset, 32<<10),
		b:   newBuilder(),
		off: offset,
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.b.finish()
}

func (p *xmlParser) run() error {
	for {
		n := len(p.kinds)
		wantText := p.skip == 0 && n > 0 && (p.kinds[n-1] == kLabelText || p.kinds[n-1] == kCapTree || p.kinds[n-1] == kCapAnnotation)
		tok, err := p.sc.next(wantText)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return p.errorAt(p.sc.base+p.sc.pos, "the document ends inside a tag; the download may have been cut short")
			}
			if isReadError(err) {
				return fmt.Errorf("odata: reading metadata at byte %d: %w", p.off, err)
			}
			return p.errorAt(p.sc.base+p.sc.pos, "the XML is malformed (%v)", err)
		}
		start := tok.off
		p.off = tok.off + len(tok.b)
		if p.skip > 0 { // inside a skipped subtree: count depth only
			switch tok.kind {
			case tStart:
				if b := tok.b; !(len(b) >= 3 && b[len(b)-2] == '/') {
					p.skip++
				}
				continue
			case tEnd:
				if p.skip--; p.skip > 0 {
					continue
				}
			case tEOF:
			default:
				continue
			}
		}
		switch tok.kind {
		case tStart:
			b := tok.b
			self := len(b) >= 3 && b[len(b)-2] == '/'
			name, rest := tagName(b)
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
		case tEnd:
			b := tok.b
			if n == 0 {
				name, _ := gosax.Name(b)
				return p.errorAt(start, "the XML is malformed (end tag %s without a start tag)", trunc(name))
			}
			// The usual end tag, "</" name ">", needs no splitting.
			open := p.names[p.nameEnds[n-1]:]
			if len(b) != len(open)+3 || b[len(b)-1] != '>' || string(b[2:len(b)-1]) != string(open) {
				if name, _ := gosax.Name(b); !bytes.Equal(open, name) {
					return p.errorAt(start, "the XML is malformed (end tag %s closes element %s)", trunc(name), trunc(open))
				}
			}
			k := p.kinds[n-1]
			p.kinds = p.kinds[:n-1]
			p.names = p.names[:p.nameEnds[n-1]]
			p.nameEnds = p.nameEnds[:n-1]
			p.close(k)
		case tText, tCData:
			if !wantText {
				continue
			}
			t := tok.b
			if tok.kind == tCData {
				t = t[len("<![CDATA[") : len(t)-len("]]>")]
			} else if t, err = gosax.Unescape(t); err != nil {
				return p.errorAt(start, "the XML is malformed (%v)", err)
			}
			if p.kinds[n-1] == kLabelText {
				p.pathText = append(p.pathText, t...)
			} else {
				p.capText(t)
			}
		case tEOF:
			if n > 0 {
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
