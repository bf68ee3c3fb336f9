package demo

import (
	"fmt"
	"strings"
	"sync"
)

// $metadata is CSDL XML 4.0 in namespace Erp. Orderable properties carry two
// annotations: the custom Boolean term Erp.Orderable on the property, and the
// standard Org.OData.Capabilities.V1.SortRestrictions on the entity set,
// whose NonSortableProperties lists every other property.

var (
	metadataOnce sync.Once
	metadataDoc  []byte
)

func metadataXML() []byte {
	metadataOnce.Do(func() { metadataDoc = buildMetadata(demoData()) })
	return metadataDoc
}

func edmType(p *prop) string {
	switch p.kind {
	case kString:
		return "Edm.String"
	case kML:
		return "Erp.MultilanguageString"
	case kInt32:
		return "Edm.Int32"
	case kInt64:
		return "Edm.Int64"
	case kDecimal:
		return "Edm.Decimal"
	case kDouble:
		return "Edm.Double"
	case kBool:
		return "Edm.Boolean"
	case kDate:
		return "Edm.Date"
	case kDateTime:
		return "Edm.DateTimeOffset"
	case kGuid:
		return "Edm.Guid"
	case kEnum:
		return "Erp." + p.enum.name
	case kAmount:
		return "Erp.Amount"
	case kQuantity:
		return "Erp.Quantity"
	case kRef:
		return "Erp." + p.target.typeName
	}
	return "Collection(Erp." + p.target.typeName + ")"
}

func buildMetadata(m *model) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	w(`<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">` + "\n")
	w(`<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">`)
	w(`<edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/></edmx:Reference>` + "\n")
	w(`<edmx:DataServices><Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">` + "\n")
	w(`<Term Name="Orderable" Type="Edm.Boolean" AppliesTo="Property"/>` + "\n")
	for _, s := range m.sets {
		w(`<EntityType Name="%s"><Key><PropertyRef Name="Id"/></Key>`+"\n", s.typeName)
		w(`<Property Name="Id" Type="Edm.Guid" Nullable="false"/>` + "\n")
		for _, p := range s.props {
			writeProp(&b, p)
		}
		w("</EntityType>\n")
	}
	w(`<ComplexType Name="Amount"><Property Name="Value" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="%d"/>`, amountScale)
	w(`<Property Name="Currency" Type="Edm.String" MaxLength="3"/></ComplexType>` + "\n")
	w(`<ComplexType Name="Quantity"><Property Name="Value" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="%d"/>`, quantityScale)
	w(`<Property Name="Unit" Type="Edm.String" MaxLength="16"/></ComplexType>` + "\n")
	w(`<ComplexType Name="MultilanguageString" OpenType="true"><Property Name="EN" Type="Edm.String"/><Property Name="BG" Type="Edm.String"/></ComplexType>` + "\n")
	w(`<ComplexType Name="OpenObject" OpenType="true"/>` + "\n")
	for _, e := range m.enums {
		w(`<EnumType Name="%s">`, e.name)
		for k, name := range e.members {
			w(`<Member Name="%s" Value="%d"/>`, name, e.values[k])
		}
		w("</EnumType>\n")
	}
	w(`<Function Name="GetVersion"><ReturnType Type="Erp.OpenObject" Nullable="false"/></Function>` + "\n")
	w("%s", operationsSchemaXML())
	w(`<EntityContainer Name="Container">` + "\n")
	for _, s := range m.sets {
		w(`<EntitySet Name="%s" EntityType="Erp.%s">`, s.name, s.typeName)
		var nonSortable []string
		for _, p := range s.props {
			if p.kind == kRef || p.kind == kLines {
				w(`<NavigationPropertyBinding Path="%s" Target="%s"/>`, p.name, p.target.name)
			}
			if !p.orderable {
				nonSortable = append(nonSortable, p.name)
			}
		}
		w(`<Annotation Term="Org.OData.Capabilities.V1.SortRestrictions"><Record><PropertyValue Property="NonSortableProperties"><Collection>`)
		for _, n := range nonSortable {
			w(`<PropertyPath>%s</PropertyPath>`, n)
		}
		w("</Collection></PropertyValue></Record></Annotation></EntitySet>\n")
	}
	w(`<FunctionImport Name="GetVersion" Function="Erp.GetVersion" IncludeInServiceDocument="true"/>` + "\n")
	w("%s", operationsContainerXML())
	w("</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>\n")
	return []byte(b.String())
}

func writeProp(b *strings.Builder, p *prop) {
	switch p.kind {
	case kRef, kLines:
		fmt.Fprintf(b, `<NavigationProperty Name="%s" Type="%s"`, p.name, edmType(p))
		if p.kind == kRef && !p.nullable {
			b.WriteString(` Nullable="false"`)
		}
		if p.partner != "" {
			fmt.Fprintf(b, ` Partner="%s"`, p.partner)
		}
		if p.cascade {
			b.WriteString(`><OnDelete Action="Cascade"/></NavigationProperty>` + "\n")
		} else {
			b.WriteString("/>\n")
		}
		return
	}
	fmt.Fprintf(b, `<Property Name="%s" Type="%s"`, p.name, edmType(p))
	if !p.nullable {
		b.WriteString(` Nullable="false"`)
	}
	if p.maxLen > 0 {
		fmt.Fprintf(b, ` MaxLength="%d"`, p.maxLen)
	}
	if p.kind == kDecimal {
		fmt.Fprintf(b, ` Precision="%d" Scale="%d"`, p.precision, p.scale)
	}
	if p.orderable {
		b.WriteString(`><Annotation Term="Erp.Orderable" Bool="true"/></Property>` + "\n")
	} else {
		b.WriteString("/>\n")
	}
}
