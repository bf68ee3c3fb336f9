package odata

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// TestParseMetadataHostileAnnotations: a $metadata of 200,000
// annotations (out of line on the container, inline on a set, nested
// records) is read in bounded memory: the model it gives is usable and
// the heap after reading holds far less than the document.
func TestParseMetadataHostileAnnotations(t *testing.T) {
	const n = 200000 // about 25 MB (DefaultMaxBody refuses more than 64)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>` +
		`<Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
		`<EntityType Name="T"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Int32"/></EntityType>` +
		`<EntityContainer Name="C"><EntitySet Name="Ts" EntityType="S.T">`)
	for range n / 2 {
		b.WriteString(`<Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions"><Record><PropertyValue Property="Filterable" Bool="true"/></Record></Annotation>`)
	}
	b.WriteString(`</EntitySet></EntityContainer><Annotations Target="S.C/Ts">`)
	for range n / 2 {
		b.WriteString(`<Annotation Term="Org.OData.Capabilities.V1.FilterFunctions"><Collection><String>contains</String></Collection></Annotation>`)
	}
	b.WriteString(`</Annotations></Schema></edmx:DataServices></edmx:Edmx>`)
	doc := b.String()
	m, err := ParseMetadata(bytes.NewReader([]byte(doc)))
	if err != nil {
		t.Logf("refused: %v", err)
		return
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("document %d MB; heap after parse %d MB; total alloc %d MB", len(doc)>>20, ms.HeapAlloc>>20, ms.TotalAlloc>>20)
	if _, ok := m.SetType("Ts"); !ok {
		t.Error("got no type for Ts; want the model usable")
	}
	if got := int64(ms.HeapAlloc); got > 4*int64(len(doc)) {
		t.Errorf("got a heap of %d MB after reading a %d MB document; want it bounded", got>>20, len(doc)>>20)
	}
}
