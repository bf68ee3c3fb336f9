package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// runMetadata prints entity sets with keys, properties and navigation.
func runMetadata(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "metadata", "odx metadata [SET] [--file PATH] [-o text|json]")
	cf := addConnFlags(fs)
	file := fs.String("file", "", "read a local CSDL `file` (XML or JSON) instead of the service's $metadata")
	out := textOrJSON(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("name at most one entity set")
	}
	if err := checkTextOrJSON(*out); err != nil {
		return err
	}
	var m *odata.Model
	if *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			return fmt.Errorf("cannot open %s: %v", *file, errors.Unwrap(err))
		}
		defer f.Close()
		if m, err = odata.ParseMetadata(f); err != nil {
			return fmt.Errorf("%s: %v", *file, err)
		}
	} else {
		s, err := connect(ctx, env, cf)
		if err != nil {
			return err
		}
		defer s.Close()
		if m, err = s.Client.Metadata(ctx); err != nil {
			return err
		}
	}
	set := ""
	if len(pos) == 1 {
		set = pos[0]
		if _, ok := m.EntitySet(set); !ok {
			return fmt.Errorf("the metadata has no entity set %q; run `odx metadata` for the list", set)
		}
	}
	return quietPipe(writeMetadata(env.stdout, m, set, *out))
}

// setInfo is what `odx metadata` says of an entity set.
type setInfo struct {
	Name       string     `json:"name"`
	EntityType string     `json:"entity_type"`
	Key        []string   `json:"key"`
	Properties []propInfo `json:"properties,omitempty"`
	Navigation []navInfo  `json:"navigation,omitempty"`
}

type propInfo struct {
	Name      string     `json:"name"`
	Label     string     `json:"label,omitempty"` // from $metadata (Common.Label, sap:label…)
	Type      string     `json:"type"`
	Nullable  bool       `json:"nullable"`
	MaxLength string     `json:"max_length,omitempty"` // a number or "max"
	Precision *int32     `json:"precision,omitempty"`
	Scale     string     `json:"scale,omitempty"` // a number, "variable" or "floating"
	Enum      []enumInfo `json:"enum_members,omitempty"`
}

// enumInfo is one member of an enum-typed property's type.
type enumInfo struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// containerInfo is what the service offers besides entity sets.
type containerInfo struct {
	Singletons, FunctionImports, ActionImports []string
}

// facets returns p's MaxLength, Precision and Scale as `odx metadata`
// writes them ("" / nil when unset).
func facets(p odata.Property) (maxLen string, precision *int32, scale string) {
	switch {
	case p.MaxLength == odata.MaxLengthMax:
		maxLen = "max"
	case p.MaxLength > 0:
		maxLen = fmt.Sprint(p.MaxLength)
	}
	if p.Precision != odata.FacetUnset {
		v := p.Precision
		precision = &v
	}
	switch {
	case p.Scale == odata.ScaleVariable:
		scale = "variable"
	case p.Scale == odata.ScaleFloating:
		scale = "floating"
	case p.Scale >= 0:
		scale = fmt.Sprint(p.Scale)
	}
	return maxLen, precision, scale
}

type navInfo struct {
	Name       string `json:"name"`
	Label      string `json:"label,omitempty"`
	Type       string `json:"type"`
	Collection bool   `json:"collection"`
	Target     string `json:"target_set,omitempty"`
}

func describeSet(m *odata.Model, s *odata.EntitySet) setInfo {
	si := setInfo{Name: s.Name, EntityType: s.EntityType}
	t, ok := m.EntityType(s.EntityType)
	if !ok {
		return si
	}
	si.Key = t.Key()
	for _, p := range t.AllProperties() {
		typ := p.Type
		if p.Collection {
			typ = "Collection(" + typ + ")"
		}
		pi := propInfo{Name: p.Name, Label: p.Label, Type: typ, Nullable: p.Nullable}
		pi.MaxLength, pi.Precision, pi.Scale = facets(p)
		if e, ok := m.EnumType(p.Type); ok {
			for _, mb := range e.Members {
				pi.Enum = append(pi.Enum, enumInfo{Name: mb.Name, Value: mb.Value})
			}
		}
		si.Properties = append(si.Properties, pi)
	}
	for _, n := range t.AllNavigation() {
		ni := navInfo{Name: n.Name, Label: n.Label, Type: n.Type, Collection: n.Collection}
		if target, ok := m.NavigationTarget(s.Name, n.Name); ok {
			ni.Target = target.Name
		}
		si.Navigation = append(si.Navigation, ni)
	}
	return si
}

// writeMetadata prints every entity set in brief, or one set in detail.
func writeMetadata(w io.Writer, m *odata.Model, set, format string) error {
	var infos []setInfo
	for _, s := range m.EntitySets() {
		if set == "" || s.Name == set {
			infos = append(infos, describeSet(m, s))
		}
	}
	var ci containerInfo
	for _, c := range m.Containers {
		ci.Singletons = append(ci.Singletons, c.Singletons...)
		ci.FunctionImports = append(ci.FunctionImports, c.FunctionImports...)
		ci.ActionImports = append(ci.ActionImports, c.ActionImports...)
	}
	if format == "json" {
		if set != "" && len(infos) == 1 {
			return printJSON(w, infos[0])
		}
		if infos == nil {
			infos = []setInfo{}
		}
		return printJSON(w, infos) // entity sets only: the array scripts read
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	s := termtext.Sanitize
	if set == "" {
		fmt.Fprintln(tw, "SET\tKEY\tPROPERTIES\tNAVIGATION\tTYPE")
		for _, si := range infos {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", s(si.Name), s(strings.Join(si.Key, ",")), len(si.Properties), len(si.Navigation), s(si.EntityType))
		}
		fmt.Fprintf(tw, "\n%d entity sets\n", len(infos))
		for _, l := range []struct {
			what  string
			names []string
		}{{"singletons", ci.Singletons}, {"function imports", ci.FunctionImports}, {"action imports (never called by odx)", ci.ActionImports}} {
			if len(l.names) > 0 {
				fmt.Fprintf(tw, "%s: %s\n", l.what, s(strings.Join(l.names, ", ")))
			}
		}
		return tw.Flush()
	}
	si := infos[0]
	fmt.Fprintf(tw, "%s (%s)\nkey: %s\n\n", s(si.Name), s(si.EntityType), s(strings.Join(si.Key, ", ")))
	fmt.Fprintln(tw, "PROPERTY\tTYPE\tNULLABLE\tFACETS")
	for _, p := range si.Properties {
		var f []string
		if p.MaxLength != "" {
			f = append(f, "max length "+p.MaxLength)
		}
		if p.Precision != nil {
			f = append(f, fmt.Sprintf("precision %d", *p.Precision))
		}
		if p.Scale != "" {
			f = append(f, "scale "+p.Scale)
		}
		if len(p.Enum) > 0 {
			var ms []string
			for _, e := range p.Enum {
				ms = append(ms, fmt.Sprintf("%s=%d", e.Name, e.Value))
			}
			f = append(f, "members "+strings.Join(ms, " "))
		}
		if p.Label != "" {
			f = append([]string{"label “" + p.Label + "”"}, f...)
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", s(p.Name), s(p.Type), p.Nullable, s(strings.Join(f, ", ")))
	}
	if len(si.Navigation) > 0 {
		fmt.Fprintln(tw, "\nNAVIGATION\tTARGET\tMANY\tTARGET SET")
		for _, n := range si.Navigation {
			fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", s(n.Name), s(n.Type), n.Collection, s(n.Target))
		}
	}
	return tw.Flush()
}
