package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// runToken authenticates and prints the token inspection.
func runToken(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "token", "odx token [-o text|json] [--refresh] [--reveal]")
	cf := addConnFlags(fs)
	out := fs.String("o", "text", "output `format`: text or json")
	refresh := fs.Bool("refresh", false, "fetch a new token even if one is cached")
	reveal := fs.Bool("reveal", false, "print the whole access token (keep it secret)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out != "text" && *out != "json" {
		return usageError("-o must be text or json")
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	if *refresh {
		if _, err := s.auth.Refresh(ctx); err != nil {
			return err
		}
	}
	info, err := s.auth.Info(ctx)
	if err != nil {
		return err
	}
	if *reveal {
		tok, err := s.auth.Token(ctx)
		if err != nil {
			return err
		}
		defer fmt.Fprintln(env.stdout, tok.AccessToken)
	}
	if *out == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	return info.WriteText(env.stdout)
}

// runSets lists the entity sets of the service document.
func runSets(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "sets", "odx sets [-o text|json]")
	cf := addConnFlags(fs)
	out := fs.String("o", "text", "output `format`: text or json")
	all := fs.Bool("all", false, "also list singletons and function imports")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out != "text" && *out != "json" {
		return usageError("-o must be text or json")
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	rs, err := s.client.ServiceDocument(ctx)
	if err != nil {
		return err
	}
	type item struct {
		Name string `json:"name"`
		URL  string `json:"url"`
		Kind string `json:"kind"`
	}
	items := []item{}
	for _, r := range rs {
		if r.IsEntitySet() || *all {
			items = append(items, item{r.Name, r.URL, r.Kind})
		}
	}
	if *out == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return quietPipe(enc.Encode(items))
	}
	for _, it := range items {
		if _, err := fmt.Fprintln(env.stdout, termtext.Sanitize(it.Name)); err != nil {
			return quietPipe(err)
		}
	}
	return nil
}

// runGet queries an entity set and prints one page, or every page with --all.
func runGet(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "get", "odx get SET [--select a,b] [--filter EXPR] [--orderby EXPR] [--expand EXPR] [--top N] [--skip N] [--count] [--all] [-o table|json|ndjson|csv]")
	cf := addConnFlags(fs)
	sel := fs.String("select", "", "`properties` to return, comma separated (ERP.net: default,Id adds Id)")
	filter := fs.String("filter", "", "$filter `expression`")
	orderby := fs.String("orderby", "", "$orderby `expression`, e.g. \"Number desc\"")
	expand := fs.String("expand", "", "$expand `expression`")
	search := fs.String("search", "", "$search `expression`")
	top := fs.Int("top", 0, "rows per page (default: page_size of the profile)")
	skip := fs.Int("skip", 0, "rows to skip")
	count := fs.Bool("count", false, "print the total number of matching rows on stderr")
	all := fs.Bool("all", false, "stream every page, not just the first")
	out := fs.String("o", "table", "output `format`: table, json, ndjson or csv")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("name one entity set: odx get SET (see `odx sets`)")
	}
	switch *out {
	case "table", "json", "ndjson", "csv":
	default:
		return usageError("-o must be table, json, ndjson or csv")
	}
	if *top < 0 || *skip < 0 {
		return usageError("--top and --skip must not be negative")
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	q := odata.Query{Set: pos[0], Filter: *filter, Search: *search, Top: *top, Skip: *skip}
	q.Select = splitList(*sel)
	q.OrderBy = splitList(*orderby)
	q.Expand = splitTop(*expand)
	if *count {
		n, err := s.client.Count(ctx, q)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "%d rows\n", n)
	}
	return quietPipe(printRows(ctx, env.stdout, s.client, q, *all, *out))
}

// printRows writes one page (or all of them) in the chosen format.
func printRows(ctx context.Context, w io.Writer, c *odata.Client, q odata.Query, all bool, format string) error {
	first, err := c.Page(ctx, q)
	if err != nil {
		return err
	}
	if format == "table" {
		return printTable(ctx, w, c, first, all)
	}
	var rw odata.RowWriter
	switch format {
	case "json":
		rw = odata.NewJSONWriter(w)
	case "ndjson":
		rw = odata.NewNDJSONWriter(w)
	default:
		rw = odata.NewCSVWriter(w, first.Columns)
	}
	err = eachPage(ctx, c, first, all, func(p *odata.Page) error {
		for _, r := range p.Rows {
			if err := rw.Write(r); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := rw.Close(); err == nil {
		err = cerr
	}
	return err
}

// eachPage calls fn for first and, with all, for every page after it.
func eachPage(ctx context.Context, c *odata.Client, first *odata.Page, all bool, fn func(*odata.Page) error) error {
	for p := first; ; {
		if err := fn(p); err != nil {
			return err
		}
		if !all || !p.More() {
			return nil
		}
		var err error
		if p, err = c.Next(ctx, p); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// printTable prints rows aligned for a terminal: values formatted as people
// read them and sanitised.
func printTable(ctx context.Context, w io.Writer, c *odata.Client, p *odata.Page, all bool) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	cols := p.Columns
	header := make([]string, len(cols))
	for i, col := range cols {
		header[i] = termtext.Sanitize(col)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	err := eachPage(ctx, c, p, all, func(p *odata.Page) error {
		for _, r := range p.Rows {
			cells := make([]string, len(cols))
			for i, col := range cols {
				cells[i] = strings.ReplaceAll(termtext.FormatValue(r.Values[col], "", "EN"), "\t", " ")
			}
			if _, err := fmt.Fprintln(tw, strings.Join(cells, "\t")); err != nil {
				return err
			}
		}
		return nil
	})
	if ferr := tw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// runMetadata prints entity sets with keys, properties and navigation.
func runMetadata(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "metadata", "odx metadata [SET] [--file PATH] [-o text|json]")
	cf := addConnFlags(fs)
	file := fs.String("file", "", "read a local CSDL `file` (XML or JSON) instead of the service's $metadata")
	out := fs.String("o", "text", "output `format`: text or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("name at most one entity set")
	}
	if *out != "text" && *out != "json" {
		return usageError("-o must be text or json")
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
		if m, err = s.client.Metadata(ctx); err != nil {
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

// quietPipe turns a write to a closed pipe (`odx get … | head`) into a
// quiet, successful exit.
func quietPipe(err error) error {
	if errors.Is(err, syscall.EPIPE) {
		return errQuiet
	}
	return err
}

// splitList splits a comma-separated list, trimming spaces.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitTop splits at commas outside parentheses: "A($select=x,y),B".
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				if p := strings.TrimSpace(s[start:i]); p != "" {
					out = append(out, p)
				}
				start = i + 1
			}
		}
	}
	if p := strings.TrimSpace(s[start:]); p != "" {
		out = append(out, p)
	}
	return out
}
