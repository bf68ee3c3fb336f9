package browse

import (
	"fmt"
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View implements screen.Screen: the breadcrumb, then the grid, the error
// in place of it, or the loading line; the search line over the bottom.
func (m *Model) View() string {
	b := m.cur
	crumb := screen.Cut(screen.Crumb(m.env.Styles, m.crumb), m.w)
	var body string
	switch {
	case b.err != nil:
		body = crumb + "\n" + screen.ErrorBody(m.env.Styles, b.err, "r retry · esc back", m.w)
	case len(b.pages) == 0:
		body = crumb + "\n\n  " + m.env.Spinner + " loading " + termtext.Sanitize(b.query.Set) + "…"
	default:
		body = crumb + "\n"
		if ql := m.queryLines(); len(ql) > 0 {
			body += strings.Join(ql, "\n") + "\n"
		}
		body += b.grid.View()
	}
	if m.searching {
		body = screen.OverlayBottom(body, m.search.view(m.w), m.h)
	}
	return body
}

// WriteBody writes View into b: on a fitted grid the breadcrumb, the query
// lines and the grid straight into the root's frame, the grid's lines not
// copied once more (the root's bodyWriter).
func (m *Model) WriteBody(b *strings.Builder) {
	if !m.Fitted() {
		b.WriteString(m.View())
		return
	}
	b.WriteString(screen.Cut(screen.Crumb(m.env.Styles, m.crumb), m.w))
	b.WriteByte('\n')
	for _, l := range m.queryLines() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	m.cur.grid.WriteView(b)
}

// Status implements screen.Screen: set, rows, page, time of the last page,
// and a spinner while the page asked for loads.
func (m *Model) Status() string {
	b := m.cur
	s := b.statusText()
	switch {
	case b.busy() && b.loading != b.wanted: // a walk along next links
		s += fmt.Sprintf(" · %s page %d on the way to %d", m.env.Spinner, b.loading+1, b.wanted+1)
	case b.busy():
		s += " · " + m.env.Spinner + " loading"
	}
	return s
}

// Fill implements screen.Screen.
func (m *Model) Fill(s *screen.State) {
	b := m.cur
	s.Screen = "browse"
	s.Breadcrumb = m.crumb
	s.Page = b.current + 1
	s.RowFrom, s.RowTo = b.rowRange()
	s.Count = b.count
	s.Loading = b.busy()
	if b.err != nil {
		s.Err = screen.OneLine(b.err)
	}
	s.Cursor[0], s.Cursor[1] = b.grid.Cursor()
	s.Query = m.requestText(b.query)
	s.Modal = s.Modal || m.searching
}

// Fitted implements screen.Fitted: the grid draws its lines to the size
// given and the breadcrumb is cut to it; errors, the loading line and the
// search line are measured by the root.
func (m *Model) Fitted() bool {
	return m.cur.err == nil && len(m.cur.pages) > 0 && !m.searching && !m.showQuery
}
