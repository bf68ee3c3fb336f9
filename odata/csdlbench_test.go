package odata

import (
	"bytes"
	"encoding/xml"
	"runtime"
	"slices"
	"testing"
	"time"
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
// Model (streamed by xscan, names resolved, lookups built).
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

// pairedFixtures are the documents the paired benchmark compares on:
// Microsoft Graph v1.0 and a Dynamics CRM (Dataverse) organisation.
var pairedFixtures = []string{"graph-v1.0-prod.xml", "dynamics-crm-schema.xml"}

// BenchmarkCSDLPaired measures ParseMetadata against encoding/xml
// Unmarshal as a paired ratio: each iteration runs one Unmarshal and one
// parse of the same document, in alternating order, each after a
// runtime.GC so that neither pays for the other's garbage; the ratio of
// each pair is Unmarshal ÷ parse. Times are the process's CPU time (the
// collector's included; time spent waiting for a core on a shared machine
// excluded), wall-clock ratios are reported beside them. It reports the
// median ratio with its quartiles (x-q1, x-q3), the median wall-clock ratio
// (wall-x) and the median CPU time of each side; ns/op is the wall time of
// a whole pair with its two collections. Run with -benchtime 40x or more.
func BenchmarkCSDLPaired(b *testing.B) {
	for _, name := range pairedFixtures {
		b.Run(name, func(b *testing.B) {
			data := openFixture(b, name)
			parse := func() (cpu, wall time.Duration) {
				runtime.GC()
				c, t := cpuNow(), time.Now()
				if _, err := ParseMetadata(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
				return cpuNow() - c, time.Since(t)
			}
			unmarshal := func() (cpu, wall time.Duration) {
				runtime.GC()
				c, t := cpuNow(), time.Now()
				var e xEdmx
				if err := xml.Unmarshal(data, &e); err != nil {
					b.Fatal(err)
				}
				return cpuNow() - c, time.Since(t)
			}
			var ratios, walls, ours, base []float64
			for i := 0; b.Loop(); i++ {
				var p, u, pw, uw time.Duration
				if i%2 == 0 {
					p, pw = parse()
					u, uw = unmarshal()
				} else {
					u, uw = unmarshal()
					p, pw = parse()
				}
				ratios = append(ratios, float64(u)/float64(max(p, 1)))
				walls = append(walls, float64(uw)/float64(max(pw, 1)))
				ours, base = append(ours, float64(p)), append(base, float64(u))
			}
			b.ReportMetric(quantile(ratios, 0.5), "x-median")
			b.ReportMetric(quantile(ratios, 0.25), "x-q1")
			b.ReportMetric(quantile(ratios, 0.75), "x-q3")
			b.ReportMetric(quantile(walls, 0.5), "wall-x")
			b.ReportMetric(quantile(ours, 0.5), "parse-cpu-ns")
			b.ReportMetric(quantile(base, 0.5), "unmarshal-cpu-ns")
		})
	}
}

// quantile returns the q-quantile of xs (nearest rank; xs is sorted in
// place).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	return xs[int(q*float64(len(xs)-1)+0.5)]
}
