package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/pelletier/go-toml/v2"

	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// The candidates completion reads from the user's files: profile names
// from the config file, set and property names from the $metadata cache,
// view names from the state file. Nothing is fetched from a server.

// settings resolves the profile the command line names, as the command
// would (config file, environment, flags); nil when it cannot.
func (c *completer) settings(seen map[string]string) *config.Settings {
	fs := flag.NewFlagSet("complete", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cf := addConnFlags(fs)
	var args []string
	for name, val := range seen {
		if fs.Lookup(name) != nil {
			args = append(args, "--"+name+"="+val)
		}
	}
	if fs.Parse(args) != nil || cf.demo {
		return nil
	}
	// Completion needs the service root, never the secret: a profile
	// whose secret is not at hand still completes.
	getenv := func(k string) string {
		v := c.env.getenv(k)
		if k == "ODX_CLIENT_SECRET" && v == "" {
			v = "unused by completion"
		}
		return v
	}
	st, _, err := config.Load(cf.config, getenv)
	if err != nil {
		return nil
	}
	return st
}

// sets lists the entity sets of the profile's cached $metadata (of the
// embedded instance with --demo); with of, the properties of that set
// instead. Nothing is fetched from a server: without a cached document
// there are no candidates.
func (c *completer) sets(ctx context.Context, seen map[string]string, of string) []string {
	m := c.model(ctx, seen)
	if m == nil {
		return nil
	}
	var out []string
	if of != "" {
		if t, ok := m.SetType(of); ok {
			for _, p := range t.AllProperties() {
				if isIdentifier(p.Name) {
					out = append(out, p.Name)
				}
			}
		}
		return out
	}
	for _, s := range m.EntitySets() {
		if isIdentifier(s.Name) {
			out = append(out, s.Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// model is the $metadata of the service the command line names: from the
// cache, or from the embedded demo instance (in process) with --demo.
func (c *completer) model(ctx context.Context, seen map[string]string) *odata.Model {
	if seen["demo"] == "true" {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		cf := addConnFlags(flag.NewFlagSet("complete", flag.ContinueOnError))
		cf.demo = true
		quiet := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: c.env.getenv}
		s, err := connect(ctx, quiet, cf)
		if err != nil {
			return nil
		}
		defer s.Close()
		m, err := s.Client.Metadata(ctx)
		if err != nil {
			return nil
		}
		return m
	}
	st := c.settings(seen)
	if st == nil {
		return nil
	}
	client, err := odata.NewClient(st.ServiceRoot, nil)
	if err != nil {
		return nil
	}
	dir := c.cacheDir
	if dir == "" {
		if dir, err = state.DefaultMetadataCacheDir(); err != nil {
			return nil
		}
	}
	doc, _, ok := state.NewMetadataCache(dir).Load(client.Root().Redacted())
	if !ok {
		return nil
	}
	m, err := odata.ParseMetadata(bytes.NewReader(doc))
	if err != nil {
		return nil
	}
	return m
}

// profiles lists the profiles of the config file the command line (or
// ODX_CONFIG, else the default path) names.
func (c *completer) profiles(seen map[string]string) []string {
	path := seen["config"]
	if path == "" {
		path = c.env.getenv("ODX_CONFIG")
	}
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(dir, "odx", "config.toml")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var f struct {
		Profiles map[string]any `toml:"profiles"`
	}
	if toml.Unmarshal(b, &f) != nil {
		return nil
	}
	var out []string
	for name := range f.Profiles {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// views lists the saved views of the profile the command line names.
func (c *completer) views(_ context.Context, seen map[string]string) []string {
	st := c.settings(seen)
	if st == nil {
		return nil
	}
	dir := c.prefsDir
	if dir == "" {
		var err error
		if dir, err = state.DefaultDir(); err != nil {
			return nil
		}
	}
	p, _ := state.Load(dir)
	var out []string
	for _, v := range p.Views(state.ProfileName(st.Profile, st.Instance)) {
		if termtext.Sanitize(v.Name) == v.Name && !strings.ContainsAny(v.Name, shellSyntax) {
			out = append(out, v.Name)
		}
	}
	return out
}

// The shells put candidates into the command line unquoted and list them
// raw on the terminal: a hostile $metadata cache (JSON CSDL can name a set
// anything) or state file must not reach either. Set and property names are
// offered only when they are OData simple identifiers; view names only as
// printable text without shell syntax.

// shellSyntax is what a view name candidate may not hold.
const shellSyntax = "\n$`;|&<>()\\\"'"

// isIdentifier reports whether s is an OData simple identifier (a letter or
// _, then letters, digits, marks and connectors, at most 128 characters),
// which holds no control, format or shell character.
func isIdentifier(s string) bool {
	n := 0
	for i, r := range s {
		n++
		switch {
		case n > 128:
			return false
		case r == '_' || unicode.In(r, unicode.L, unicode.Nl):
		case i > 0 && unicode.In(r, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc):
		default:
			return false
		}
	}
	return n > 0
}
