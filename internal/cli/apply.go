package cli

import (
	"context"
	"fmt"

	"github.com/odx-dev/odx/odata"
)

// getApply prints what `odx get SET --apply EXPR [--filter EXPR]` asks:
// the rows the server computes with $apply (groups, aggregates), every page
// of them, in o's format (a table, json, ndjson or csv). The filter is
// sent where the dialect applies it: as $filter before the pipeline on
// ERP.net, else as a filter(…) step in front of it (odata.ApplyTextQuery).
// With o.all false it still prints every group: a grouped result has no
// stable paging to stop at.
func getApply(ctx context.Context, env *env, s *Session, set, apply, filter string, o output) error {
	rows, cols, err := s.Client.ApplyText(ctx, set, apply, filter)
	if err != nil {
		return err
	}
	rw := rowWriter(env.stdout, &odata.Page{Rows: rows, Columns: cols}, o)
	if tw, ok := rw.(*tableWriter); ok {
		if err := tw.writePage(rows); err != nil {
			return quietPipe(err)
		}
		return quietPipe(tw.Close())
	}
	for _, r := range rows {
		if err := rw.Write(r); err != nil {
			return quietPipe(err)
		}
	}
	return quietPipe(rw.Close())
}

// applyConflicts is the usage error of --apply given with options it does
// not go with ("" when none): $select, $expand, $orderby, $search, $top
// and $skip shape entity rows, not the groups of $apply.
func applyConflicts(sel, expand, orderby, search string, top, skip int, count bool) error {
	for _, f := range []struct {
		name string
		set  bool
	}{{"--select", sel != ""}, {"--expand", expand != ""}, {"--orderby", orderby != ""}, {"--search", search != ""},
		{"--top", top != 0}, {"--skip", skip != 0}, {"--count", count}} {
		if f.set {
			return usageError(fmt.Sprintf("%s does not go with --apply; shape the groups in the $apply expression itself", f.name))
		}
	}
	return nil
}
