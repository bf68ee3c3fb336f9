package odata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unsafe"

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

// slab builds many short slices (one type's properties, one enum's
// members) in shared chunks of about 32 KB, so that thousands of them cost a
// handful of allocations and no copying. A run is begun, added to, and
// ended; the slice end returns has no spare capacity, so appending to it
// copies rather than overwriting the next run.
type slab[T any] struct {
	chunk []T
	start int // first element of the current run
}

func (s *slab[T]) begin() { s.start = len(s.chunk) }

func (s *slab[T]) add(v T) {
	if len(s.chunk) == cap(s.chunk) { // move the run to a fresh chunk
		run := s.chunk[s.start:]
		c := make([]T, len(run), max(2*len(run), chunkLen[T](cap(s.chunk))))
		copy(c, run)
		s.chunk, s.start = c, 0
	}
	s.chunk = append(s.chunk, v)
}

// len returns the length of the current run.
func (s *slab[T]) len() int { return len(s.chunk) - s.start }

// run returns the current run so far.
func (s *slab[T]) run() []T { return s.chunk[s.start:] }

func (s *slab[T]) end() []T {
	n := len(s.chunk)
	if n == s.start {
		return nil
	}
	r := s.chunk[s.start:n:n]
	s.start = n
	return r
}

// arena copies the model's strings (names, type names) into shared chunks
// of 16 KB: a few allocations of one size instead of thousands of all
// sizes, which is less memory (no rounding to size classes, no partly used
// span per size class) and so, right after a collection, no new one
// during the parse. The bytes of a chunk are never written again once a
// string refers to them.
type arena struct{ buf []byte }

const arenaChunk = 16 << 10

func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.buf)-len(a.buf) {
		if len(b) > arenaChunk/4 {
			return string(b)
		}
		a.buf = make([]byte, 0, arenaChunk)
	}
	i := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[i], len(b))
}

// tail returns the free end of the current chunk, to build a string in
// place by appending (a type's names); keep then makes it a string.
func (a *arena) tail() []byte {
	if cap(a.buf)-len(a.buf) < arenaChunk/8 {
		a.buf = make([]byte, 0, arenaChunk)
	}
	return a.buf[len(a.buf):len(a.buf)]
}

// keep returns b, built on a tail, as a string. When b outgrew the chunk,
// append moved it to an array of its own, which the string then owns.
func (a *arena) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if n := len(a.buf); n < cap(a.buf) && &a.buf[:n+1][n] == &b[0] {
		a.buf = a.buf[:n+len(b)]
	}
	return unsafe.String(&b[0], len(b))
}

// concat is a + b in the arena.
func (a *arena) concat(x, y string) string {
	n := len(x) + len(y)
	if n == 0 || n > arenaChunk/4 {
		return x + y
	}
	if n > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	i := len(a.buf)
	a.buf = append(append(a.buf, x...), y...)
	return unsafe.String(&a.buf[i], n)
}

// push appends v to s, doubling the capacity when s is full: append
// grows a long slice by a quarter at a time, which leaves about four times
// its final size behind as garbage, doubling about once.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		n := make([]T, len(s), max(2*cap(s), 8))
		copy(n, s)
		s = n
	}
	return append(s, v)
}

// chunkLen is the length of the chunk of a slab or a pool that follows
// one of length n: twice as many bytes, from 1 KB to 32 KB. Sizes that are
// powers of two are exact size classes whose span holds whole chunks (one
// from 16 KB up), so the heap the collector paces on grows by what is
// used: a chunk of 19,456 bytes would take a span of 40 KB.
func chunkLen[T any](n int) int {
	var zero T
	size := max(int(unsafe.Sizeof(zero)), 1)
	bytes := min(max(2*n*size, 1<<10), 32<<10)
	for bytes&(bytes-1) != 0 { // round down to a power of two
		bytes &= bytes - 1
	}
	return max(bytes/size, 1)
}

// pool allocates values of one type in chunks, so that thousands of small
// structs cost a few allocations. Pointers stay valid: a full chunk is left
// as it is and a new one started.
type pool[T any] struct{ chunk []T }

func (p *pool[T]) new() *T {
	if len(p.chunk) == cap(p.chunk) {
		p.chunk = make([]T, 0, chunkLen[T](cap(p.chunk)))
	}
	var zero T
	p.chunk = append(p.chunk, zero)
	return &p.chunk[len(p.chunk)-1]
}
