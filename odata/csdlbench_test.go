package odata

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// The encoding/xml baseline: structs of the same shape as Model (schemas,
// entity/complex/enum types, keys, properties with facets, navigation,
// containers with sets, bindings, singletons and imports).
type (
	xEdmx struct {
		Version string    `xml:"Version,attr"`
		Schemas []xSchema `xml:"DataServices>Schema"`
	}
	xSchema struct {
		Namespace    string        `xml:"Namespace,attr"`
		Alias        string        `xml:"Alias,attr"`
		EntityTypes  []xStructured `xml:"EntityType"`
		ComplexTypes []xStructured `xml:"ComplexType"`
		EnumTypes    []xEnum       `xml:"EnumType"`
		Containers   []xContainer  `xml:"EntityContainer"`
	}
	xStructured struct {
		Name       string      `xml:"Name,attr"`
		BaseType   string      `xml:"BaseType,attr"`
		Abstract   bool        `xml:"Abstract,attr"`
		OpenType   bool        `xml:"OpenType,attr"`
		HasStream  bool        `xml:"HasStream,attr"`
		Key        []xRef      `xml:"Key>PropertyRef"`
		Properties []xProperty `xml:"Property"`
		Navigation []xNav      `xml:"NavigationProperty"`
	}
	xRef struct {
		Name string `xml:"Name,attr"`
	}
	xProperty struct {
		Name      string `xml:"Name,attr"`
		Type      string `xml:"Type,attr"`
		Nullable  string `xml:"Nullable,attr"`
		MaxLength string `xml:"MaxLength,attr"`
		Precision string `xml:"Precision,attr"`
		Scale     string `xml:"Scale,attr"`
	}
	xNav struct {
		Name           string `xml:"Name,attr"`
		Type           string `xml:"Type,attr"`
		Nullable       string `xml:"Nullable,attr"`
		Partner        string `xml:"Partner,attr"`
		ContainsTarget bool   `xml:"ContainsTarget,attr"`
	}
	xEnum struct {
		Name    string `xml:"Name,attr"`
		Members []struct {
			Name  string `xml:"Name,attr"`
			Value string `xml:"Value,attr"`
		} `xml:"Member"`
	}
	xContainer struct {
		Name       string `xml:"Name,attr"`
		EntitySets []struct {
			Name       string `xml:"Name,attr"`
			EntityType string `xml:"EntityType,attr"`
			Bindings   []struct {
				Path   string `xml:"Path,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"NavigationPropertyBinding"`
		} `xml:"EntitySet"`
		Singletons      []xRef `xml:"Singleton"`
		FunctionImports []xRef `xml:"FunctionImport"`
		ActionImports   []xRef `xml:"ActionImport"`
	}
)

func readGraph(b *testing.B) []byte { return openFixture(b, "graph-v1.0-prod.xml") }

// BenchmarkParseGraph parses Microsoft Graph's 3.4 MB $metadata into the full
// Model (streamed with gosax, names resolved, lookups built).
func BenchmarkParseGraph(b *testing.B) {
	data := readGraph(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMetadata(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshalGraph is the baseline: encoding/xml Unmarshal of the same
// document into structs of the same shape.
func BenchmarkUnmarshalGraph(b *testing.B) {
	data := readGraph(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var e xEdmx
		if err := xml.Unmarshal(data, &e); err != nil {
			b.Fatal(err)
		}
	}
}
