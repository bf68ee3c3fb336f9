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
	ln := view(local(name))
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
			return kProperty, nil
		case "NavigationProperty":
			if err := p.readAttrs(rest, start); err != nil {
				return 0, err
			}
			p.navSlab.add(p.navigation())
			p.nspan = push(p.nspan, p.span(p.attr("Name")))
			return kNavProperty, nil
		}
	case kProperty, kNavProperty:
		if ln == "Annotation" {
			return p.openLabel(rest, start, parent)
		}
	case kLabel:
		if ln == "String" {
			p.pathText = p.pathText[:0]
			return kLabelText, nil
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
			p.mspan = push(p.mspan, p.span(p.attr("Name")))
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
			p.bindSlab.add(NavigationBinding{Path: p.attrStr("Path"), Target: p.attrStr("Target")})
		case "Annotation":
			return p.openCap(rest, start, kEntitySet)
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
			if capHint(rest) {
				if k, err := p.openCap(rest, start, kAnnotations); k != kSkip || err != nil {
					return k, err
				}
			}
			if p.memberTarget {
				return p.openLabel(rest, start, kAnnotations)
			}
		}
	case kCapAnnotation, kCapTree:
		return p.openCapChild(name, rest, start)
	case kOperation, kImport:
		return p.openOpChild(parent, ln, rest, start)
	}
	return kSkip, nil
}

// view returns b as a string without copying it, for comparisons while b
// is unchanged (an element's name during open); it must not be kept.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func (p *xmlParser) openSchemaChild(ln string, rest []byte, start int) (uint8, error) {
	switch ln {
	case "EntityType", "ComplexType", "EnumType", "EntityContainer", "Association", "Function", "Action":
	case "Annotations":
		// Most out-of-line annotations are descriptions: keep the raw
		// attributes and split them only if a restriction shows up.
		p.target = append(p.target[:0], rest...)
		p.memberTarget = bytes.IndexByte(rest, '/') >= 0 // "NS.Type/Member": may hold labels
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
		p.et = p.etPool.new()
		*p.et = EntityType{
			Namespace: ns, BaseType: p.typeRef(p.attr("BaseType")),
			Abstract: p.attrBool("Abstract", false), OpenType: p.attrBool("OpenType", false),
			HasStream: p.attrBool("HasStream", false),
		}
		p.startType(ns)
		return kEntityType, nil
	case "ComplexType":
		p.ct = p.ctPool.new()
		*p.ct = ComplexType{
			Namespace: ns, BaseType: p.typeRef(p.attr("BaseType")),
			Abstract: p.attrBool("Abstract", false), OpenType: p.attrBool("OpenType", false),
		}
		p.startType(ns)
		return kComplexType, nil
	case "EnumType":
		p.en = p.enPool.new()
		*p.en = EnumType{Namespace: ns, UnderlyingType: p.attrStr("UnderlyingType"), IsFlags: p.attrBool("IsFlags", false)}
		p.startType(ns)
		return kEnumType, nil
	case "Function", "Action":
		return p.openOperation(ln, ns), nil
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
	case "Annotation":
		return p.openCap(rest, start, kContainer)
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
		p.bindSlab.begin()
		c.EntitySets = append(c.EntitySets, p.set)
		return kEntitySet, nil
	case "Singleton":
		c.Singletons = append(c.Singletons, p.attrStr("Name"))
	case "FunctionImport":
		c.FunctionImports = append(c.FunctionImports, p.attrStr("Name"))
		return p.openImport(c, ln), nil
	case "ActionImport":
		c.ActionImports = append(c.ActionImports, p.attrStr("Name"))
		return p.openImport(c, ln), nil
	case "AssociationSet":
		p.aset = &assocSet{assoc: p.attrStr("Association")}
		return kAssocSet, nil
	}
	return kSkip, nil
}

// close finishes an element of kind k.
func (p *xmlParser) close(k uint8) {
	switch k {
	case kEntityType:
		names := p.nmem.keep(p.nbuf)
		p.et.qname, p.et.Name = names[:p.qlen], names[len(p.et.Namespace)+1:p.qlen]
		p.et.Properties, p.et.Navigation = p.members(names)
		p.et.DeclaredKey = p.keySlab.end()
		p.schema.EntityTypes = push(p.schema.EntityTypes, p.et)
		p.et = nil
	case kComplexType:
		names := p.nmem.keep(p.nbuf)
		p.ct.qname, p.ct.Name = names[:p.qlen], names[len(p.ct.Namespace)+1:p.qlen]
		p.ct.Properties, p.ct.Navigation = p.members(names)
		p.schema.ComplexTypes = push(p.schema.ComplexTypes, p.ct)
		p.ct = nil
	case kEnumType:
		p.en.Members = p.memSlab.end()
		names := p.nmem.keep(p.nbuf)
		p.en.qname, p.en.Name = names[:p.qlen], names[len(p.en.Namespace)+1:p.qlen]
		for i, sp := range p.mspan {
			p.en.Members[i].Name = names[sp[0]:sp[1]]
		}
		p.schema.EnumTypes = push(p.schema.EnumTypes, p.en)
		p.en = nil
	case kSchema:
		p.schema = nil
	case kContainer:
		p.container = nil
	case kEntitySet:
		p.set.Bindings = p.bindSlab.end()
		p.set = nil
	case kAssociation:
		p.assoc = nil
	case kAssocSet:
		p.b.assocSets = append(p.b.assocSets, *p.aset)
		p.aset = nil
	case kAnnotations:
		p.target = p.target[:0]
	case kCapAnnotation:
		p.closeCap()
	case kCapTree:
		p.capStack = p.capStack[:len(p.capStack)-1]
	case kLabelText:
		p.label(p.pathText)
	case kOperation, kImport:
		p.closeOp(k)
	}
}

// startType begins a type: its runs of members, and its name buffer,
// which starts with the qualified name.
func (p *xmlParser) startType(ns string) {
	p.propSlab.begin()
	p.navSlab.begin()
	p.keySlab.begin()
	p.memSlab.begin()
	p.pspan, p.nspan, p.mspan = p.pspan[:0], p.nspan[:0], p.mspan[:0]
	p.labs = p.labs[:0]
	p.nbuf = append(append(append(p.nmem.tail(), ns...), '.'), p.attr("Name")...)
	p.qlen = len(p.nbuf)
}

// span appends a member name to the type's name buffer. When the type
// ends, the buffer becomes one string that the type's qualified name, name
// and member names share: one allocation per type.
func (p *xmlParser) span(name []byte) [2]int {
	i := len(p.nbuf)
	p.nbuf = append(p.nbuf, name...)
	return [2]int{i, len(p.nbuf)}
}

// members ends the type's runs of properties and navigation properties and
// names them.
func (p *xmlParser) members(names string) ([]Property, []NavigationProperty) {
	props, navs := p.propSlab.end(), p.navSlab.end()
	for i, sp := range p.pspan {
		props[i].Name = names[sp[0]:sp[1]]
	}
	for i, sp := range p.nspan {
		navs[i].Name = names[sp[0]:sp[1]]
	}
	for _, l := range p.labs {
		if l.nav {
			navs[l.i].Label = names[l.sp[0]:l.sp[1]]
		} else {
			props[l.i].Label = names[l.sp[0]:l.sp[1]]
		}
	}
	return props, navs
}
