package odata

import (
	"bytes"
	"strings"
)

// Capabilities and Aggregation annotations in the XML stream (see
// capabilities.go). An annotation of a kept term is read whole into a small
// tree of xnodes, then converted to the value CSDL JSON would give, so that
// one interpreter serves both formats. They are rare (Graph has a few
// hundred among its 10,000 annotations), so the tree costs little.

// xnode is an element inside a kept annotation. The nodes live in
// p.capNodes and are reused from one annotation to the next (kids are
// indexes), so that reading one costs no allocation once the slices have
// grown.
type xnode struct {
	name  string
	attrs []xattr
	text  []byte
	kids  []int32
}

type xattr struct{ key, val string }

func (n *xnode) attr(key string) (string, bool) {
	for _, a := range n.attrs {
		if a.key == key {
			return a.val, true
		}
	}
	return "", false
}

// capHint is a cheap test of an Annotation's raw attributes, before they are
// split: could its term be one capTermOf keeps?
func capHint(rest []byte) bool {
	return bytes.Contains(rest, []byte("Restrictions")) || bytes.Contains(rest, []byte("Supported")) ||
		bytes.Contains(rest, []byte("FilterFunctions"))
}

// openCap starts an Annotation of a kept term, inline in an entity set or
// the entity container or out of line in an Annotations element (where);
// any other annotation, or a qualified one, is skipped.
func (p *xmlParser) openCap(rest []byte, start int, where uint8) (uint8, error) {
	if !capHint(rest) {
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	term := p.b.capTermOf(view(p.attr("Term")))
	if term == capNone || p.attr("Qualifier") != nil {
		return kSkip, nil
	}
	p.capNodes = p.capNodes[:0]
	root := p.xnode("Annotation")
	target := ""
	if where == kAnnotations {
		if err := p.readAttrs(p.target, start); err != nil {
			return 0, err
		}
		if p.attr("Qualifier") != nil {
			return kSkip, nil
		}
		if target = p.attrCopy("Target"); target == "" {
			return kSkip, nil
		}
	}
	p.cap = capNote{target: target, term: term}
	p.capWhere = where
	p.capStack = append(p.capStack[:0], root)
	return kCapAnnotation, nil
}

// openCapChild reads an element inside a kept annotation.
func (p *xmlParser) openCapChild(name, rest []byte, start int) (uint8, error) {
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	n := p.xnode(p.str(local(name)))
	top := &p.capNodes[p.capStack[len(p.capStack)-1]]
	top.kids = append(top.kids, n)
	p.capStack = append(p.capStack, n)
	return kCapTree, nil
}

// xnode makes a node of the element whose attributes p.attrs holds and
// returns its index.
func (p *xmlParser) xnode(name string) int32 {
	i := len(p.capNodes)
	if i < cap(p.capNodes) {
		p.capNodes = p.capNodes[:i+1]
	} else {
		p.capNodes = append(p.capNodes, xnode{})
	}
	n := &p.capNodes[i]
	n.name, n.attrs, n.text, n.kids = name, n.attrs[:0], n.text[:0], n.kids[:0]
	for _, a := range p.attrs {
		n.attrs = append(n.attrs, xattr{p.str(a.key), p.str(a.val)})
	}
	return int32(i)
}

// capText adds character data to the innermost open node.
func (p *xmlParser) capText(t []byte) {
	top := &p.capNodes[p.capStack[len(p.capStack)-1]]
	top.text = append(top.text, t...)
}

// closeCap ends a kept annotation: its value is applied to the set or the
// container it is inline in, or kept for finish when out of line.
func (p *xmlParser) closeCap() {
	n := p.cap
	n.val = annValue(p.capNodes, 0)
	p.capStack = p.capStack[:0]
	switch {
	case p.capWhere == kEntitySet && p.set != nil:
		n.applySet(p.set)
	case p.capWhere == kContainer && p.container != nil:
		n.applyContainer(p.container)
	case p.capWhere == kAnnotations:
		p.b.targeted = push(p.b.targeted, n)
	}
}

// valueAttrs are the attribute forms of constant and path expressions.
var valueAttrs = [...]string{
	"Bool", "String", "EnumMember", "PropertyPath", "Path", "NavigationPropertyPath", "AnnotationPath",
	"Int", "Decimal", "Float", "Date", "DateTimeOffset", "TimeOfDay", "Duration", "Guid", "Binary",
}

// annValue is the value of an Annotation or a PropertyValue element,
// nodes[i]: an attribute expression, else its first child expression, else
// noValue.
func annValue(nodes []xnode, i int32) any {
	n := &nodes[i]
	for _, k := range valueAttrs {
		if v, ok := n.attr(k); ok {
			return attrValue(k, v)
		}
	}
	for _, c := range n.kids {
		if nodes[c].name != "Annotation" {
			return elemValue(nodes, c)
		}
	}
	return noValue{}
}

func attrValue(kind, v string) any {
	switch kind {
	case "Bool":
		switch strings.TrimSpace(v) {
		case "true":
			return true
		case "false":
			return false
		}
		return nil
	case "EnumMember": // "NS.Type/Member": the member, as CSDL JSON writes it
		if i := strings.LastIndexByte(v, '/'); i >= 0 {
			return v[i+1:]
		}
	}
	return v
}

// elemValue converts an expression element, nodes[i]: Record, Collection,
// Null or a constant or path written as an element.
func elemValue(nodes []xnode, i int32) any {
	n := &nodes[i]
	switch n.name {
	case "Record":
		rec := make(map[string]any, len(n.kids))
		for _, c := range n.kids {
			if nodes[c].name != "PropertyValue" {
				continue
			}
			if prop, ok := nodes[c].attr("Property"); ok {
				rec[prop] = annValue(nodes, c)
			}
		}
		return rec
	case "Collection":
		list := make([]any, 0, len(n.kids))
		for _, c := range n.kids {
			if nodes[c].name != "Annotation" {
				list = append(list, elemValue(nodes, c))
			}
		}
		return list
	case "Null":
		return nil
	}
	return attrValue(n.name, strings.TrimSpace(string(n.text)))
}
