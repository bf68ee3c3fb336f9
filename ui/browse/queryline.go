package browse

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// The query line: under the breadcrumb, one dim line says what the grid
// shows — its filter, sort, expansions and hidden columns — so that it is
// never a guess what is filtered. Q shows the whole request (wrapped over
// as many lines as it needs) and copies it.

// queryParts are the pieces of the query line, in reading order.
func (m *Model) queryParts() []string {
	q := m.cur.query
	var parts []string
	if q.Filter != "" {
		parts = append(parts, "filter "+q.Filter)
	}
	if len(q.OrderBy) > 0 {
		parts = append(parts, "sort "+strings.Join(q.OrderBy, ", "))
	}
	if len(q.Expand) > 0 {
		parts = append(parts, "expand "+strings.Join(q.Expand, ", "))
	}
	if n := m.hiddenColumns(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d columns hidden", n))
	}
	if q.Search != "" {
		parts = append(parts, "search "+q.Search)
	}
	return parts
}

// hiddenColumns is how many of the set's properties the query's columns
// leave out (0 when $metadata is not known or nothing is chosen).
func (m *Model) hiddenColumns() int {
	q := m.cur.query
	if len(q.Columns) == 0 || m.env.Meta == nil {
		return 0
	}
	t, ok := m.env.Meta.SetType(screen.SetName(q.Set))
	if !ok {
		return 0
	}
	return max(0, len(t.AllProperties())-len(q.Columns))
}

// queryLines are the lines drawn under the breadcrumb: none for a plain
// query, one cut to the width, or (after Q) the whole request wrapped.
func (m *Model) queryLines() []string {
	if m.cur == nil || m.cur.static {
		return nil
	}
	st := m.env.Styles
	if m.showQuery {
		var out []string
		for _, l := range screen.Wrap(m.requestText(m.cur.query), max(20, m.w-2)) {
			out = append(out, " "+st.Dim.Render(l))
		}
		return out
	}
	parts := m.queryParts()
	if len(parts) == 0 {
		return nil
	}
	line := termtext.Sanitize(strings.Join(parts, " · ")) + "  (Q: whole request)"
	if ansi.StringWidth(line) > m.w-1 {
		line = ansi.Truncate(termtext.Sanitize(strings.Join(parts, " · ")), max(1, m.w-12), "…") + "  (Q: all)"
	}
	return []string{" " + st.Dim.Render(line)}
}

// relayout gives the grids the height the breadcrumb and the query line
// leave them.
func (m *Model) relayout() {
	h := m.contentH()
	if _, gh := m.cur.grid.Size(); gh != h {
		m.cur.grid.SetSize(m.w, h)
	}
	if m.pending != nil {
		m.pending.grid.SetSize(m.w, h)
	}
}
