package odata

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Labels: a property's human name, from three sources in order of
// precedence — the Common.Label term of SAP's Common vocabulary (CAP and
// SAP v4 services, inline or out of line), the v2 sap:label attribute (SAP
// Gateway, SuccessFactors), and Core.Description when it is short enough
// to be a label rather than a sentence (see labelLike).

// Label ranks: a higher rank wins.
const (
	rankDesc   uint8 = 1 + iota // Org.OData.Core.V1.Description
	rankSAP                     // sap:label
	rankCommon                  // com.sap.vocabularies.Common.v1.Label
)

const (
	commonNS = "com.sap.vocabularies.Common.v1"
	coreNS   = "Org.OData.Core.V1"
)

// Limits of a Core.Description used as a label: Microsoft Graph describes
// 2,532 properties, mostly in sentences ("The limit on the maximum number
// of devices that the user is permitted to enroll."); a column header
// needs a few words.
const (
	maxDescLabelRunes = 32
	maxDescLabelWords = 5
)

// labelRank reports which label term a term names (by namespace or by
// alias; an alias "Common" or "Core" that the document does not declare is
// taken for the usual vocabulary), 0 for any other term.
func labelRank[T string | []byte](b *builder, term T) uint8 {
	i := -1
	for j := len(term) - 1; j > 0; j-- {
		if term[j] == '.' {
			i = j
			break
		}
	}
	if i <= 0 {
		return 0
	}
	var rank uint8
	var ns, alias string
	switch string(term[i+1:]) {
	case "Label":
		rank, ns, alias = rankCommon, commonNS, "Common"
	case "Description":
		rank, ns, alias = rankDesc, coreNS, "Core"
	default:
		return 0
	}
	prefix := term[:i]
	if string(prefix) == ns {
		return rank
	}
	if full, ok := b.m.aliases[string(prefix)]; ok {
		if full == ns {
			return rank
		}
		return 0
	}
	if string(prefix) == alias {
		return rank
	}
	return 0
}

// labelLike reports whether a description reads as a label: one line of
// at most maxDescLabelWords words and maxDescLabelRunes characters, not
// ending like a sentence.
func labelLike[T string | []byte](s T) bool {
	if len(s) == 0 || len(s) > 4*maxDescLabelRunes {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':', ';', ',':
		return false
	}
	if len(s) > maxDescLabelRunes && utf8.RuneCount([]byte(s)) > maxDescLabelRunes {
		return false
	}
	words, space := 1, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n', '\r', '\t':
			return false
		case ' ':
			if !space {
				if words++; words > maxDescLabelWords {
					return false
				}
			}
			space = true
		default:
			space = false
		}
	}
	return true
}

// targetLabel is an out-of-line label: spans of the builder's labelBuf.
type targetLabel struct {
	target, label [2]int32
	rank          uint8
}

// addTargetLabel records an out-of-line label for target, which must name
// a member of a type: "NS.Type/Member" (namespace or alias).
func (b *builder) addTargetLabel(target, label []byte, rank uint8) {
	i := bytes.IndexByte(target, '/')
	if i <= 0 || i == len(target)-1 || bytes.IndexByte(target[i+1:], '/') >= 0 || bytes.IndexByte(target, '(') >= 0 {
		return
	}
	t0 := int32(len(b.labelBuf))
	b.labelBuf = append(b.labelBuf, target...)
	l0 := int32(len(b.labelBuf))
	b.labelBuf = append(b.labelBuf, label...)
	b.labels = append(b.labels, targetLabel{target: [2]int32{t0, l0}, label: [2]int32{l0, int32(len(b.labelBuf))}, rank: rank})
}

// applyLabels gives the out-of-line labels to the members they target. A
// Common.Label replaces a label already there (sap:label, a description);
// a description fills only a member without one. A valid document never
// has two annotations of one term on one member, so these two rules agree
// with the ranks.
func (b *builder) applyLabels() {
	if len(b.labels) == 0 {
		return
	}
	s := string(b.labelBuf)
	for _, l := range b.labels {
		target, label := s[l.target[0]:l.target[1]], s[l.label[0]:l.label[1]]
		i := strings.IndexByte(target, '/')
		typ, member := b.m.qualify(target[:i]), target[i+1:]
		var props []Property
		var navs []NavigationProperty
		if t := b.m.entities[typ]; t != nil {
			props, navs = t.Properties, t.Navigation
		} else if t := b.m.complex[typ]; t != nil {
			props, navs = t.Properties, t.Navigation
		} else {
			continue
		}
		for j := range props {
			if props[j].Name == member {
				setLabel(&props[j].Label, label, l.rank)
			}
		}
		for j := range navs {
			if navs[j].Name == member {
				setLabel(&navs[j].Label, label, l.rank)
			}
		}
	}
}

func setLabel(dst *string, label string, rank uint8) {
	if rank == rankCommon || *dst == "" {
		*dst = label
	}
}

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
