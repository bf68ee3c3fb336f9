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
	fs := newFlagSet(env, "metadata", "odx metadata [SET|FUNCTION] [--file PATH] [-o text|json]")
	cf := addConnFlags(fs)
	file := fs.String("file", "", "read a local CSDL `file` (XML or JSON) instead of the service's $metadata")
	out := textOrJSON(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("name at most one entity set or function")
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
			if op, ok := operation(m, set); ok {
				return quietPipe(writeOperation(env.stdout, op, *out))
			}
			return fmt.Errorf("the metadata has no entity set or function %q; run `odx metadata` for the list", set)
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
	// Capabilities are what the document's annotations say of the set;
	// nil when they say nothing.
	Capabilities *capInfo `json:"capabilities,omitempty"`
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
	Singletons []string
	Operations []opInfo
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
	si.Capabilities = capabilities(m, s.Name)
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
	}
	for _, f := range m.Operations() {
		ci.Operations = append(ci.Operations, describeOperation(f))
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
		if len(ci.Singletons) > 0 {
			fmt.Fprintf(tw, "singletons: %s\n", s(strings.Join(ci.Singletons, ", ")))
		}
		writeOperations(tw, ci.Operations)
		return tw.Flush()
	}
	si := infos[0]
	fmt.Fprintf(tw, "%s (%s)\nkey: %s\n", s(si.Name), s(si.EntityType), s(strings.Join(si.Key, ", ")))
	if c := si.Capabilities; c != nil {
		fmt.Fprintf(tw, "capabilities: %s\n", s(c.text()))
	}
	fmt.Fprintln(tw)
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

// capInfo is what a set's Capabilities and Aggregation annotations say:
// "yes" or "no" for $skip, $top, $count and $apply ("" when the document
// does not say) and the functions $filter may use.
type capInfo struct {
	Skip            string   `json:"skip,omitempty"`
	Top             string   `json:"top,omitempty"`
	Count           string   `json:"count,omitempty"`
	Apply           string   `json:"apply,omitempty"`
	FilterFunctions []string `json:"filter_functions,omitempty"`
}

// capabilities returns what the document says of set, nil when nothing.
func capabilities(m *odata.Model, set string) *capInfo {
	var c capInfo
	say := func(v odata.Support) string {
		if v == odata.SupportUnknown {
			return ""
		}
		return v.String()
	}
	skip, top, count := m.Paging(set)
	c.Skip, c.Top, c.Count = say(skip), say(top), say(count)
	if ok, known := m.ApplySupported(set); known {
		c.Apply = "no"
		if ok {
			c.Apply = "yes"
		}
	}
	fns := m.FilterFunctions(set)
	c.FilterFunctions = fns
	if c.Skip == "" && c.Top == "" && c.Count == "" && c.Apply == "" && fns == nil {
		return nil
	}
	return &c
}

// text is the capabilities on one line: "$skip no, $top yes, filter
// functions contains startswith".
func (c *capInfo) text() string {
	var parts []string
	for _, p := range []struct{ what, v string }{{"$skip", c.Skip}, {"$top", c.Top}, {"$count", c.Count}, {"$apply", c.Apply}} {
		if p.v != "" {
			parts = append(parts, p.what+" "+p.v)
		}
	}
	if c.FilterFunctions != nil {
		fns := strings.Join(c.FilterFunctions, " ")
		if fns == "" {
			fns = "none"
		}
		parts = append(parts, "filter functions "+fns)
	}
	return strings.Join(parts, ", ")
}

// opInfo is what `odx metadata` says of a function or action import.
type opInfo struct {
	Name       string      `json:"name"`
	Kind       string      `json:"kind"` // "function" or "action"
	Parameters []paramInfo `json:"parameters"`
	ReturnType string      `json:"return_type,omitempty"`
	EntitySet  string      `json:"entity_set,omitempty"`
	HTTPMethod string      `json:"http_method,omitempty"` // v2's m:HttpMethod
	Callable   bool        `json:"callable"`              // odx calls it (a GET function)
}

type paramInfo struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
}

func describeOperation(f *odata.Function) opInfo {
	o := opInfo{Name: f.Name, Kind: "function", Parameters: []paramInfo{}, ReturnType: f.ReturnType,
		EntitySet: f.EntitySet, HTTPMethod: f.HTTPMethod, Callable: f.Callable()}
	if f.Action {
		o.Kind = "action"
	}
	for _, p := range f.Parameters {
		o.Parameters = append(o.Parameters, paramInfo{Name: p.Name, Type: p.Type, Nullable: p.Nullable})
	}
	return o
}

// operation finds the function import, else the action import, named name.
func operation(m *odata.Model, name string) (opInfo, bool) {
	f, ok := m.FunctionImport(name)
	if !ok {
		f, ok = m.ActionImport(name)
	}
	if !ok {
		return opInfo{}, false
	}
	return describeOperation(f), true
}

// signature is "Name(a Edm.Int32, b Edm.String) → Type".
func (o opInfo) signature() string {
	ps := make([]string, len(o.Parameters))
	for i, p := range o.Parameters {
		ps[i] = p.Name + " " + p.Type
	}
	sig := o.Name + "(" + strings.Join(ps, ", ") + ")"
	if o.ReturnType != "" {
		sig += " → " + o.ReturnType
	}
	return sig
}

// writeOperations lists the function imports odx calls, then the others
// (actions, v2 functions called with POST), one signature a line.
func writeOperations(w io.Writer, ops []opInfo) {
	for _, callable := range []bool{true, false} {
		var lines []string
		for _, o := range ops {
			if o.Callable == callable {
				line := o.signature()
				if o.HTTPMethod != "" && !callable {
					line += " [" + o.HTTPMethod + "]"
				} else if o.Kind == "action" {
					line += " [action]"
				}
				lines = append(lines, "  "+termtext.Sanitize(line))
			}
		}
		if len(lines) == 0 {
			continue
		}
		noun := "function imports (called with GET)"
		if len(lines) == 1 {
			noun = "function import (called with GET)"
		}
		if !callable {
			noun = "never called by odx (actions, v2 functions not called with GET)"
		}
		fmt.Fprintf(w, "%d %s:\n", len(lines), noun)
		fmt.Fprintln(w, strings.Join(lines, "\n"))
	}
}

// writeOperation prints one function or action import in detail.
func writeOperation(w io.Writer, o opInfo, format string) error {
	if format == "json" {
		return printJSON(w, o)
	}
	s := termtext.Sanitize
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	what := o.Kind + " import"
	if !o.Callable {
		what += ", never called by odx"
	} else {
		what += ", called with GET"
	}
	fmt.Fprintf(tw, "%s (%s)\n", s(o.Name), what)
	if o.ReturnType != "" {
		fmt.Fprintf(tw, "returns: %s\n", s(o.ReturnType))
	}
	if o.EntitySet != "" {
		fmt.Fprintf(tw, "entity set: %s\n", s(o.EntitySet))
	}
	if o.HTTPMethod != "" {
		fmt.Fprintf(tw, "HTTP method: %s\n", s(o.HTTPMethod))
	}
	if len(o.Parameters) == 0 {
		fmt.Fprintln(tw, "\nno parameters")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "\nPARAMETER\tTYPE\tNULLABLE")
	for _, p := range o.Parameters {
		fmt.Fprintf(tw, "%s\t%s\t%v\n", s(p.Name), s(p.Type), p.Nullable)
	}
	return tw.Flush()
}
