package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// runProfile prints the profile of one column of an entity set: counts per
// value, or statistics and a histogram, computed by the server with $apply
// (internal/profile).
func runProfile(ctx context.Context, env *env, args []string) error {
	fs := newFlagSet(env, "profile", "odx profile SET COLUMN [--filter EXPR] [-o table|json|csv] [--width N]")
	cf := addConnFlags(fs)
	filter := fs.String("filter", "", "$filter `expression`: profile only the rows it matches")
	out := fs.String("o", "table", "output `format`: table, json or csv")
	width := fs.Int("width", 0, "table width in `cells` (default: 80)")
	showURLs := fs.Bool("requests", false, "print the URLs sent on stderr")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError("name an entity set and one of its columns: odx profile SET COLUMN (see `odx metadata SET`)")
	}
	switch *out {
	case "table", "json", "csv":
	default:
		return usageError("-o must be table, json or csv")
	}
	s, err := connect(ctx, env, cf)
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.Client.Metadata(ctx)
	if err != nil {
		return err
	}
	col, err := profile.ColumnOf(m, pos[0], pos[1])
	if err != nil {
		return usageError(err.Error())
	}
	p, err := profile.ComputeWith(ctx, s.Client, m, pos[0], col, *filter, nil)
	if err != nil {
		return err
	}
	if *showURLs {
		for _, u := range p.Requests {
			fmt.Fprintln(env.stderr, oneLine(u))
		}
	}
	switch *out {
	case "json":
		return quietPipe(printJSON(env.stdout, p))
	case "csv":
		tty := isTerminal(env.stdout) // on a terminal, server strings are sanitised
		w := csv.NewWriter(env.stdout)
		for _, rec := range p.CSV() {
			for i := range rec {
				if tty {
					rec[i] = termtext.Sanitize(rec[i])
				}
				rec[i] = odata.GuardCell(rec[i])
			}
			if err := w.Write(rec); err != nil {
				return quietPipe(err)
			}
		}
		w.Flush()
		return quietPipe(w.Error())
	}
	_ = p.Names(ctx, s.Client, m, col, s.Settings.Language) // a reference's values read as names; without, as keys
	if p.Sampled {
		fmt.Fprintf(env.stderr, "odx: the server does not support $apply: the profile is of the first %d rows only\n", p.Loaded)
	}
	lines := p.Lines(profile.Style{Width: *width, Plain: !isTerminal(env.stdout)})
	_, err = fmt.Fprintln(env.stdout, strings.Join(lines, "\n"))
	return quietPipe(err)
}
