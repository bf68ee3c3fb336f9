package related

import (
	"context"
	"slices"
	"strconv"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// seq numbers the loads and counts of this package's callers that have no
// screen id to tell their replies apart (a dialog): every number is new.
var seq atomic.Int64

// NextSeq returns a generation number never returned before.
func NextSeq() int { return int(seq.Add(1)) }

// Loaded is what a navigation property leads to: one entity or a
// collection.
type Loaded struct {
	Seq  int    // the generation the load was started with
	Nav  string // the navigation property it came through
	Rows []odata.Row
	Err  error
}

// Load reads what navigation property nav of row (read from the resource
// path set) leads to; its reply is a Loaded carrying seq.
func Load(ctx context.Context, c *odata.Client, set string, row odata.Row, nav string, meta *odata.Model, seq int) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.LoadRelated(ctx, set, row, nav, meta)
		return Loaded{Seq: seq, Nav: nav, Rows: rows, Err: err}
	}
}

// Open is the grid of the rows loaded (screen.OpenRows) under crumb, the
// breadcrumb of the row they relate to; set is the row's resource path.
func (l Loaded) Open(meta *odata.Model, set string, crumb []string) screen.OpenRows {
	return screen.OpenRows{Set: Set(meta, set, l.Nav), Rows: l.Rows, Crumb: append(slices.Clone(crumb), l.Nav)}
}

// OpenReverse is the grid of the entities pointing at a row through
// reverse entry e (screen.OpenQuery, with the set's saved layout) under
// crumb, the row's breadcrumb; names shows e's technical name.
func OpenReverse(e Entry, crumb []string, names bool) screen.OpenQuery {
	return screen.OpenQuery{Query: *e.Reverse, Count: -1, Layout: true, Crumb: append(slices.Clone(crumb), e.Shown(names))}
}

// Counted is the count of the entities of a reverse entry.
type Counted struct {
	Seq  int    // the generation the count was started with
	Name string // the entry's name
	N    int64
	Err  error
}

// Count counts the entities q (a reverse entry's query) matches; its
// reply is a Counted carrying name and seq.
func Count(ctx context.Context, c *odata.Client, q odata.Query, name string, seq int) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, q)
		return Counted{Seq: seq, Name: name, N: n, Err: err}
	}
}

// CountText says a count: "1 row", "1,234 rows"; "" for a count that
// failed (n < 0).
func CountText(n int64) string {
	switch {
	case n < 0:
		return ""
	case n == 1:
		return "1 row"
	}
	return termtext.GroupThousands(strconv.FormatInt(n, 10)) + " rows"
}
