package odata

import (
	"bytes"
	"unsafe"
)

// open handles a start tag and returns the kind of element it opens.
// Elements the model does not need (and everything inside them) are kSkip,
// whose attributes are never even split.
func (p *xmlParser) open(name, rest []byte, start int) (uint8, error) {
	n := len(p.kinds)
	if n == 0 {
		if p.rootSeen {
			return 0, p.errorAt(start, "the XML is malformed (a second root element %s)", trunc(name))
		}
		p.rootSeen = true
		if string(local(name)) != "Edmx" {
			return 0, p.errorAt(start, "the root element is %s, not edmx:Edmx; this is not an OData metadata document", trunc(name))
		}
		if err := p.readAttrs(rest, start); err != nil {
			return 0, err
		}
		m := p.b.m
		m.Version = p.attrStr("Version")
		xmlns := "xmlns"
		if pre := prefix(name); pre != nil {
			xmlns += ":" + string(pre)
		}
		m.V2 = m.Version == "1.0" || bytes.Contains(p.attr(xmlns), []byte("schemas.microsoft.com/ado/2007/06/edmx"))
		return kEdmx, nil
	}
	parent := p.kinds[n-1]
	ln := string(local(name))
	switch parent {
	case kEdmx:
		switch ln {
		case "DataServices":
			return kDataServices, nil
		case "Reference":
			return kReference, nil
		}
	case kReference:
		if ln == "Include" {
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			if alias := p.attrStr("Alias"); alias != "" {
				p.b.m.aliases[alias] = p.attrStr("Namespace")
			}
		}
	case kDataServices:
		if ln == "Schema" {
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			p.schema = &Schema{Namespace: p.attrStr("Namespace"), Alias: p.attrStr("Alias")}
			if p.schema.Alias != "" {
				p.b.m.aliases[p.schema.Alias] = p.schema.Namespace
			}
			p.b.m.Schemas = append(p.b.m.Schemas, p.schema)
			return kSchema, nil
		}
	case kSchema:
		return p.openSchemaChild(ln, rest, start)
	case kEntityType, kComplexType:
		switch ln {
		case "Key":
			if parent == kEntityType {
				return kKey, nil
			}
		case "Property":
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			p.propSlab.add(p.property())
			p.pspan = append(p.pspan, p.span(p.attr("Name")))
		case "NavigationProperty":
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			p.navSlab.add(p.navigation())
			p.nspan = append(p.nspan, p.span(p.attr("Name")))
		}
	case kKey:
		if ln == "PropertyRef" {
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			if alias := p.attr("Alias"); alias != nil {
				p.keySlab.add(p.str(alias))
			} else {
				p.keySlab.add(p.attrStr("Name"))
			}
		}
	case kEnumType:
		if ln == "Member" {
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			var mb EnumMember
			p.mspan = append(p.mspan, p.span(p.attr("Name")))
			if v, ok := atoi(p.attr("Value")); ok {
				mb.Value = v
			} else if run := p.memSlab.run(); len(run) > 0 {
				mb.Value = run[len(run)-1].Value + 1
			}
			p.memSlab.add(mb)
		}
	case kContainer:
		return p.openContainerChild(ln, rest, start)
	case kEntitySet:
		switch ln {
		case "NavigationPropertyBinding":
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			p.set.Bindings = append(p.set.Bindings, NavigationBinding{Path: p.attrStr("Path"), Target: p.attrStr("Target")})
		case "Annotation":
			return p.openAnnotation(rest, start)
		}
	case kAssociation, kAssocSet:
		if ln == "End" {
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			if parent == kAssociation {
				p.assoc.ends = append(p.assoc.ends, assocEnd{role: p.attrStr("Role"), typ: p.typeRef(p.attr("Type")), mult: p.attrStr("Multiplicity")})
			} else {
				p.aset.ends = append(p.aset.ends, assocSetEnd{role: p.attrStr("Role"), set: p.attrStr("EntitySet")})
			}
		}
	case kAnnotations:
		if ln == "Annotation" {
			return p.openAnnotation(rest, start)
		}
	case kCapAnnotation:
		if ln == "Record" {
			return kCapRecord, nil
		}
	case kCapRecord:
		if ln == "PropertyValue" {
			return p.openPropertyValue(rest, start)
		}
	case kCapValue:
		if ln == "Collection" {
			return kCapCollection, nil
		}
	case kCapCollection:
		if ln == "PropertyPath" {
			p.pathText = p.pathText[:0]
			return kCapPath, nil
		}
	}
	return kSkip, nil
}

func (p *xmlParser) openSchemaChild(ln string, rest []byte, start int) (uint8, error) {
	switch ln {
	case "EntityType", "ComplexType", "EnumType", "EntityContainer", "Association":
	case "Annotations":
		// Most out-of-line annotations are descriptions: keep the raw
		// attributes and split them only if a restriction shows up.
		p.target = append(p.target[:0], rest...)
		return kAnnotations, nil
	default:
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	ns := p.schema.Namespace
	switch ln {
	case "EntityType":
		qn := qname(ns, p.attr("Name"))
		p.et = &EntityType{
			Name: qn[len(ns)+1:], Namespace: ns, qname: qn, BaseType: p.typeRef(p.attr("BaseType")),
			Abstract: p.attrBool("Abstract", false), OpenType: p.attrBool("OpenType", false),
			HasStream: p.attrBool("HasStream", false),
		}
		p.resetScratch()
		return kEntityType, nil
	case "ComplexType":
		qn := qname(ns, p.attr("Name"))
		p.ct = &ComplexType{
			Name: qn[len(ns)+1:], Namespace: ns, qname: qn, BaseType: p.typeRef(p.attr("BaseType")),
			Abstract: p.attrBool("Abstract", false), OpenType: p.attrBool("OpenType", false),
		}
		p.resetScratch()
		return kComplexType, nil
	case "EnumType":
		qn := qname(ns, p.attr("Name"))
		p.en = &EnumType{Name: qn[len(ns)+1:], Namespace: ns, qname: qn, UnderlyingType: p.attrStr("UnderlyingType"), IsFlags: p.attrBool("IsFlags", false)}
		p.resetScratch()
		return kEnumType, nil
	case "EntityContainer":
		p.container = &EntityContainer{Name: p.attrStr("Name"), Namespace: ns}
		p.b.m.Containers = append(p.b.m.Containers, p.container)
		return kContainer, nil
	case "Association":
		p.assoc = &association{}
		p.b.assocs[ns+"."+p.attrStr("Name")] = p.assoc
		return kAssociation, nil
	default: // Annotations
		return kAnnotations, nil
	}
}

func (p *xmlParser) openContainerChild(ln string, rest []byte, start int) (uint8, error) {
	switch ln {
	case "EntitySet", "Singleton", "FunctionImport", "ActionImport", "AssociationSet":
	default:
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	c := p.container
	switch ln {
	case "EntitySet":
		p.set = &EntitySet{Name: p.attrCopy("Name"), EntityType: p.typeRef(p.attr("EntityType")), container: c}
		c.EntitySets = append(c.EntitySets, p.set)
		return kEntitySet, nil
	case "Singleton":
		c.Singletons = append(c.Singletons, p.attrStr("Name"))
	case "FunctionImport":
		c.FunctionImports = append(c.FunctionImports, p.attrStr("Name"))
	case "ActionImport":
		c.ActionImports = append(c.ActionImports, p.attrStr("Name"))
	case "AssociationSet":
		p.aset = &assocSet{assoc: p.attrStr("Association")}
		return kAssocSet, nil
	}
	return kSkip, nil
}

// openAnnotation starts a Capabilities Sort/FilterRestrictions annotation;
// any other (or qualified) annotation is skipped.
func (p *xmlParser) openAnnotation(rest []byte, start int) (uint8, error) {
	if !bytes.Contains(rest, []byte("Restrictions")) {
		return kSkip, nil
	}
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	ok, filter := p.b.capabilityTerm(string(p.attr("Term")))
	if !ok || p.attr("Qualifier") != nil {
		return kSkip, nil
	}
	target := ""
	if p.set == nil { // out of line: the Annotations element's Target
		if err := p.readAttrs(p.target, start); err != nil {
			return 0, err
		}
		if p.attr("Qualifier") != nil {
			return kSkip, nil
		}
		target = p.attrCopy("Target")
	}
	p.capr = &restriction{target: target, filter: filter}
	return kCapAnnotation, nil
}

func (p *xmlParser) openPropertyValue(rest []byte, start int) (uint8, error) {
	if err := p.readAttrs(rest, start); err != nil {
		return 0, err
	}
	switch string(p.attr("Property")) {
	case "Sortable":
		p.capr.none = p.capr.none || !p.capr.filter && string(p.attr("Bool")) == "false"
	case "Filterable":
		p.capr.none = p.capr.none || p.capr.filter && string(p.attr("Bool")) == "false"
	case "NonSortableProperties":
		if !p.capr.filter {
			return kCapValue, nil
		}
	case "NonFilterableProperties":
		if p.capr.filter {
			return kCapValue, nil
		}
	}
	return kSkip, nil
}

// close finishes an element of kind k.
func (p *xmlParser) close(k uint8) {
	switch k {
	case kEntityType:
		p.et.Properties, p.et.Navigation = p.members()
		p.et.DeclaredKey = p.keySlab.end()
		p.schema.EntityTypes = append(p.schema.EntityTypes, p.et)
		p.et = nil
	case kComplexType:
		p.ct.Properties, p.ct.Navigation = p.members()
		p.schema.ComplexTypes = append(p.schema.ComplexTypes, p.ct)
		p.ct = nil
	case kEnumType:
		p.en.Members = p.memSlab.end()
		names := string(p.nbuf)
		for i, sp := range p.mspan {
			p.en.Members[i].Name = names[sp[0]:sp[1]]
		}
		p.schema.EnumTypes = append(p.schema.EnumTypes, p.en)
		p.en = nil
	case kSchema:
		p.schema = nil
	case kContainer:
		p.container = nil
	case kEntitySet:
		p.set = nil
	case kAssociation:
		p.assoc = nil
	case kAssocSet:
		p.b.assocSets = append(p.b.assocSets, *p.aset)
		p.aset = nil
	case kAnnotations:
		p.target = p.target[:0]
	case kCapAnnotation:
		if p.set != nil {
			p.capr.apply(p.set)
		} else if p.capr.target != "" {
			p.b.targeted = append(p.b.targeted, *p.capr)
		}
		p.capr = nil
	case kCapPath:
		p.capr.props = append(p.capr.props, p.str(bytes.TrimSpace(p.pathText)))
	}
}

func (p *xmlParser) resetScratch() {
	p.propSlab.begin()
	p.navSlab.begin()
	p.keySlab.begin()
	p.memSlab.begin()
	p.pspan, p.nspan, p.mspan, p.nbuf = p.pspan[:0], p.nspan[:0], p.mspan[:0], p.nbuf[:0]
}

// span appends a member name to the type's name buffer; members() turns
// the buffer into one string that all the type's member names share.
func (p *xmlParser) span(name []byte) [2]int {
	i := len(p.nbuf)
	p.nbuf = append(p.nbuf, name...)
	return [2]int{i, len(p.nbuf)}
}

// members names the scratch properties and navigation properties and
// copies them out of the scratch space.
func (p *xmlParser) members() ([]Property, []NavigationProperty) {
	props, navs := p.propSlab.end(), p.navSlab.end()
	names := string(p.nbuf)
	for i, sp := range p.pspan {
		props[i].Name = names[sp[0]:sp[1]]
	}
	for i, sp := range p.nspan {
		navs[i].Name = names[sp[0]:sp[1]]
	}
	return props, navs
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
		perChunk := 32 << 10 / max(int(unsafe.Sizeof(v)), 1)
		c := make([]T, len(run), max(2*len(run), min(2*cap(s.chunk), perChunk), 8))
		copy(c, run)
		s.chunk, s.start = c, 0
	}
	s.chunk = append(s.chunk, v)
}

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

func (p *xmlParser) property() Property {
	pr := Property{Nullable: p.attrBool("Nullable", true), Precision: FacetUnset, Scale: FacetUnset}
	pr.Type, pr.Collection = p.typeName(p.attr("Type"))
	if v := p.attr("MaxLength"); string(v) == "max" {
		pr.MaxLength = MaxLengthMax
	} else if n, ok := atoi(v); ok {
		pr.MaxLength = int(n)
	}
	if n, ok := atoi(p.attr("Precision")); ok {
		pr.Precision = int(n)
	}
	switch v := p.attr("Scale"); string(v) {
	case "variable":
		pr.Scale = ScaleVariable
	case "floating":
		pr.Scale = ScaleFloating
	default:
		if n, ok := atoi(v); ok {
			pr.Scale = int(n)
		}
	}
	for _, a := range p.attrs { // v2 SAP annotations
		if bytes.HasSuffix(a.key, []byte(":sortable")) && string(a.val) == "false" {
			pr.NotSortable = true
		}
		if bytes.HasSuffix(a.key, []byte(":filterable")) && string(a.val) == "false" {
			pr.NotFilterable = true
		}
	}
	return pr
}

func (p *xmlParser) navigation() NavigationProperty {
	n := NavigationProperty{
		Nullable: p.attrBool("Nullable", true), Partner: p.attrCopy("Partner"),
		ContainsTarget: p.attrBool("ContainsTarget", false),
		relationship:   p.attrCopy("Relationship"), fromRole: p.attrCopy("FromRole"), toRole: p.attrCopy("ToRole"),
	}
	n.Type, n.Collection = p.typeName(p.attr("Type"))
	return n
}

// typeName splits "Collection(T)" and resolves T with typeRef.
func (p *xmlParser) typeName(b []byte) (string, bool) {
	if inner, ok := bytes.CutPrefix(b, []byte("Collection(")); ok && bytes.HasSuffix(inner, []byte(")")) {
		return p.typeRef(inner[:len(inner)-1]), true
	}
	return p.typeRef(b), false
}

// qname builds "ns.name" with one allocation; the type's Name is a
// substring of it.
func qname(ns string, name []byte) string {
	b := make([]byte, 0, len(ns)+1+len(name))
	b = append(append(append(b, ns...), '.'), name...)
	return string(b)
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
