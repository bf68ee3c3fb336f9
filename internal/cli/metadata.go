package cli

import (
	"context"
	"encoding/json"
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
	Name      string `json:"name"`
	Type      string `json:"type"`
	Nullable  bool   `json:"nullable"`
	MaxLength int    `json:"max_length,omitempty"`
}

type navInfo struct {
	Name       string `json:"name"`
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
		si.Properties = append(si.Properties, propInfo{Name: p.Name, Type: typ, Nullable: p.Nullable, MaxLength: max(0, int(p.MaxLength))})
	}
	for _, n := range t.AllNavigation() {
		ni := navInfo{Name: n.Name, Type: n.Type, Collection: n.Collection}
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
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if set != "" && len(infos) == 1 {
			return enc.Encode(infos[0])
		}
		if infos == nil {
			infos = []setInfo{}
		}
		return enc.Encode(infos)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	s := termtext.Sanitize
	if set == "" {
		fmt.Fprintln(tw, "SET\tKEY\tPROPERTIES\tNAVIGATION\tTYPE")
		for _, si := range infos {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", s(si.Name), s(strings.Join(si.Key, ",")), len(si.Properties), len(si.Navigation), s(si.EntityType))
		}
		fmt.Fprintf(tw, "\n%d entity sets\n", len(infos))
		return tw.Flush()
	}
	si := infos[0]
	fmt.Fprintf(tw, "%s (%s)\nkey: %s\n\n", s(si.Name), s(si.EntityType), s(strings.Join(si.Key, ", ")))
	fmt.Fprintln(tw, "PROPERTY\tTYPE\tNULLABLE\tMAX LENGTH")
	for _, p := range si.Properties {
		ml := ""
		if p.MaxLength > 0 {
			ml = fmt.Sprint(p.MaxLength)
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", s(p.Name), s(p.Type), p.Nullable, ml)
	}
	if len(si.Navigation) > 0 {
		fmt.Fprintln(tw, "\nNAVIGATION\tTARGET\tMANY\tTARGET SET")
		for _, n := range si.Navigation {
			fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", s(n.Name), s(n.Type), n.Collection, s(n.Target))
		}
	}
	return tw.Flush()
}
