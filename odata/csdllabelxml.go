package odata

import "bytes"

// Labels in the XML stream: the sap:label attribute (csdlattr.go) and the
// Annotation elements of label terms, inline in a Property or
// NavigationProperty or out of line in an Annotations element.

// inLabel is a label met inside a type's declaration (an attribute or an
// inline annotation) for member i: a span of the type's name buffer.
type inLabel struct {
	i    int32
	nav  bool
	rank uint8
	sp   [2]int
}

// inlineLabel records label v (see usableLabel) of rank for the type's
// property (or navigation property) number i, unless it already has one of
// a higher rank.
func (p *xmlParser) inlineLabel(nav bool, i int, rank uint8, v []byte) {
	if n := len(p.labs); n > 0 && p.labs[n-1].nav == nav && int(p.labs[n-1].i) == i {
		if p.labs[n-1].rank < rank {
			p.labs[n-1].rank, p.labs[n-1].sp = rank, p.span(v)
		}
		return
	}
	p.labs = append(p.labs, inLabel{i: int32(i), nav: nav, rank: rank, sp: p.span(v)})
}

// openLabel reads an Annotation element that may carry a label: inline in a
// Property or NavigationProperty (parent), or out of line in an
// Annotations element (kAnnotations). A label written as a child String
// element is read when that element ends.
//
// Most annotations are not labels (Graph has 5,922 annotations, among them
// 4,474 descriptions, mostly sentences): the usual form, Term="…"
// String="…" and nothing else, is read without splitting the attributes.
func (p *xmlParser) openLabel(rest []byte, start int, parent uint8) (uint8, error) {
	switch term, v, ok := quickAnnotation(rest); {
	case !ok:
		if !bytes.Contains(rest, []byte("Label")) && !bytes.Contains(rest, []byte("Description")) {
			return kSkip, nil
		}
	case !bytes.HasSuffix(term, []byte(".Label")) && !bytes.HasSuffix(term, []byte(".Description")):
		return kSkip, nil
	case v != nil:
		v = bytes.TrimSpace(v)
		if term[len(term)-1] == 'n' && !descMayBeLabel(v) { // a Description
			return kSkip, nil
		}
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
			break // escapes: readAttrs reads them
		}
		rank := labelRank(p.b, term)
		if rank == 0 || len(v) == 0 || rank == rankDesc && !labelLike(v) {
			return kSkip, nil
		}
		p.lrank, p.lparent = rank, parent
		if parent == kAnnotations {
			if ok, err := p.annotationsTarget(start); !ok || err != nil {
				return kSkip, err
			}
		}
		p.put(v)
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	rank := labelRank(p.b, p.attr("Term"))
	if rank == 0 || p.attr("Qualifier") != nil {
		return kSkip, nil
	}
	p.lrank, p.lparent = rank, parent
	v := p.attr("String")
	if parent == kAnnotations {
		p.lbuf = append(p.lbuf[:0], v...) // annotationsTarget reuses p.attrs
		hasString := v != nil
		if ok, err := p.annotationsTarget(start); !ok || err != nil {
			return kSkip, err
		}
		if hasString {
			p.label(p.lbuf)
			return kSkip, nil
		}
		return kLabel, nil
	}
	if v != nil {
		p.label(v)
		return kSkip, nil
	}
	return kLabel, nil
}

// quickAnnotation reads an Annotation start tag's attributes written the
// usual way: Term="…" first, then String="…" and nothing more. It returns
// the term and the string as written (escaped; nil when there is no such
// String attribute); ok is false when the term is not in that form.
func quickAnnotation(rest []byte) (term, v []byte, ok bool) {
	a := skipSpace(rest)
	if len(a) < 6 || string(a[:6]) != `Term="` {
		return nil, nil, false
	}
	a = a[6:]
	end := bytes.IndexByte(a, '"')
	if end <= 0 {
		return nil, nil, false
	}
	term, a = a[:end], skipSpace(a[end+1:])
	if len(a) < 8 || string(a[:8]) != `String="` {
		return term, nil, true
	}
	a = a[8:]
	if end = bytes.IndexByte(a, '"'); end < 0 || !onlySpace(a[end+1:]) {
		return term, nil, true
	}
	return term, a[:end], true
}

// annotationsTarget reads the Target of the open Annotations element into
// p.ltarget; ok is false when the element has a Qualifier (a label for
// some device or role only).
func (p *xmlParser) annotationsTarget(start int) (ok bool, err error) {
	if a := skipSpace(p.target); len(a) > 8 && string(a[:8]) == `Target="` {
		a = a[8:]
		if end := bytes.IndexByte(a, '"'); end >= 0 && onlySpace(a[end+1:]) && bytes.IndexByte(a[:end], '&') < 0 {
			p.ltarget = append(p.ltarget[:0], a[:end]...)
			return true, nil
		}
	}
	if err := p.readAttrs(p.target, start); err != nil {
		return false, err
	}
	if p.attr("Qualifier") != nil {
		return false, nil
	}
	p.ltarget = append(p.ltarget[:0], p.attr("Target")...)
	return true, nil
}

// descMayBeLabel turns away most descriptions before their escapes are
// read: v, as written, ends like a sentence or is too long for a label
// however it is escaped.
func descMayBeLabel(v []byte) bool {
	if len(v) == 0 || len(v) > 10*maxDescLabelRunes { // &#x10FFFF; is 10 bytes
		return false
	}
	switch v[len(v)-1] {
	case '.', '!', '?', ':', ',': // not ';', which ends an escape
		return false
	}
	return true
}

// onlySpace reports the end of a start tag's attributes: spaces, and the
// slash of an empty-element tag.
func onlySpace(b []byte) bool {
	b = skipSpace(b)
	return len(b) == 0 || len(b) == 1 && b[0] == '/'
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// label gives the label v (of rank p.lrank) to its element when it is
// usable.
func (p *xmlParser) label(v []byte) {
	if v, ok := usableLabel(v, p.lrank); ok {
		p.put(v)
	}
}

// put gives the usable label v (of rank p.lrank) to its element.
func (p *xmlParser) put(v []byte) {
	switch p.lparent {
	case kProperty:
		p.inlineLabel(false, p.propSlab.len()-1, p.lrank, v)
	case kNavProperty:
		p.inlineLabel(true, p.navSlab.len()-1, p.lrank, v)
	case kAnnotations:
		p.b.addTargetLabel(p.ltarget, v, p.lrank)
	}
}

// usableLabel trims a label of rank; ok is false when nothing is left, or
// when a description is not label-like.
func usableLabel(v []byte, rank uint8) ([]byte, bool) {
	v = bytes.TrimSpace(v)
	return v, len(v) > 0 && (rank != rankDesc || labelLike(v))
}
