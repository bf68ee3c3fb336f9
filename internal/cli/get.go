package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/odx-dev/odx/odata"
)

// runGet queries an entity set and prints one page, or every page with --all.
func runGet(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "get", "odx get SET|--view NAME [--select a,b] [--filter EXPR] [--orderby EXPR] [--expand EXPR] [--top N] [--skip N] [--page-size N] [--count] [--all] [-o table|json|ndjson|csv] [--csv-raw] [--csv-json-cells] | odx get SET --apply EXPR [--filter EXPR]")
	cf := addConnFlags(fs)
	sel := fs.String("select", "", "`properties` to return, comma separated (ERP.net: default,Id adds Id)")
	filter := fs.String("filter", "", "$filter `expression`")
	orderby := fs.String("orderby", "", "$orderby `expression`, e.g. \"Number desc\"")
	expand := fs.String("expand", "", "$expand `expression`")
	search := fs.String("search", "", "$search `expression`")
	top := fs.Int("top", 0, "at most `N` rows in all ($top), read page by page (default: one page, or every row with --all)")
	skip := fs.Int("skip", 0, "rows to skip")
	count := fs.Bool("count", false, "print the total number of matching rows on stderr")
	all := fs.Bool("all", false, "stream every page, not just the first (with --top: up to N rows)")
	out := fs.String("o", "table", "output `format`: table, json, ndjson or csv")
	csvRaw := fs.Bool("csv-raw", false, "with -o csv, write cells as received: no ' before a cell starting with = + - @ tab or CR (formula injection)")
	apply := fs.String("apply", "", "$apply `expression` computed by the server, e.g. \"groupby((State),aggregate($count as n))\"; prints its rows")
	view := fs.String("view", "", "a saved `view` (V in the explorer's grid): its set, query and columns; other flags override it")
	csvJSON := fs.Bool("csv-json-cells", false, "with -o csv, one column per property with objects as JSON (names, amounts, references) and no key column added")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 || len(pos) == 0 && *view == "" {
		return usageError("name one entity set: odx get SET (see `odx sets`), or a saved view: odx get --view NAME")
	}
	if *apply != "" {
		if *view != "" {
			return usageError("--view does not go with --apply")
		}
		if err := applyConflicts(*sel, *expand, *orderby, *search, *top, *skip, *count); err != nil {
			return err
		}
	}
	switch *out {
	case "table", "json", "ndjson", "csv":
	default:
		return usageError("-o must be table, json, ndjson or csv")
	}
	if *csvRaw && *out != "csv" {
		return usageError("--csv-raw goes with -o csv")
	}
	if *csvJSON && *out != "csv" {
		return usageError("--csv-json-cells goes with -o csv")
	}
	if *top < 0 || *skip < 0 {
		return usageError("--top and --skip must not be negative")
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	// --top is OData's $top: the rows in all, however the server pages
	// them; each request asks for the profile's page_size (--page-size).
	o := output{format: *out, all: *all || *top > 0, tty: isTerminal(env.stdout), csvRaw: *csvRaw, csvJSON: *csvJSON, lang: s.Settings.Language}
	if *apply != "" {
		return getApply(ctx, env, s, pos[0], *apply, *filter, o)
	}
	q := odata.Query{Filter: *filter, Search: *search, Limit: *top, Skip: *skip}
	if len(pos) == 1 {
		q.Set = pos[0]
	}
	q.Select = splitList(*sel)
	q.OrderBy = splitList(*orderby)
	q.Expand = splitTop(*expand)
	if *view != "" {
		if err := applyView(s, *view, &q); err != nil {
			return err
		}
		o.all = o.all || q.Limit > 0
	}
	if len(q.Columns) == 0 {
		q.Columns = q.Select // the columns in the order --select names them
	}
	if *count {
		n, err := s.Client.Count(ctx, q)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "%d rows\n", n)
	}
	return quietPipe(printRows(ctx, env.stdout, s.Client, q, o))
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
