package profile

import (
	"strings"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View draws the breadcrumb, then the profile (or its progress, or its
// error) in the lines left, scrolled so that the cursor shows.
func (m *Model) View() string {
	st := m.env.Styles
	head := screen.Crumb(st, m.crumb)
	h := max(1, m.height-1)
	switch {
	case m.loading:
		what := "with $apply"
		if m.query.Filter != "" {
			what += " under the grid's filter"
		}
		return head + "\n\n  " + m.env.Spinner + " computing the profile of " + termtext.Sanitize(m.column) + " " + what + "… (esc cancels)"
	case m.err != nil:
		return head + "\n" + screen.ErrorBody(st, m.err, "r retry · esc back", m.width)
	case m.prof == nil:
		return head
	}
	lines := m.prof.Lines(m.style())
	first, sel := m.valueLines(lines)
	if sel >= 0 {
		m.offset = min(m.offset, first+sel)
		if first+sel >= m.offset+h {
			m.offset = first + sel - h + 1
		}
	}
	m.offset = min(m.offset, max(0, len(lines)-h))
	out := make([]string, 0, h)
	for i := m.offset; i < len(lines) && len(out) < h; i++ {
		l := "  " + lines[i]
		switch {
		case sel >= 0 && i == first+sel:
			l = st.Selected.Render(screen.Pad(l, m.width))
		case i == 0:
			l = st.Title.Render(l)
		case i <= 3 && i > 0 && lines[i] != "" && !strings.HasPrefix(lines[i], "VALUE"):
			l = st.Dim.Render(l)
		}
		out = append(out, l)
	}
	return head + "\n" + strings.Join(out, "\n")
}

// valueLines finds the first value line of a categorical profile and the
// line of the cursor's value relative to it (-1: none to highlight).
func (m *Model) valueLines(lines []string) (first, sel int) {
	vals := m.selectable()
	if len(vals) == 0 {
		return 0, -1
	}
	for i, l := range lines {
		if strings.HasPrefix(l, "VALUE") {
			first = i + 1
			break
		}
	}
	sel = m.cursor
	top := m.style().Top
	others := m.prof.Others > 0 || (top > 0 && len(m.prof.Values) > top)
	if m.cursor == len(vals)-1 && m.prof.Nulls > 0 && others {
		sel++ // (others) sits between the values and (null)
	}
	if m.style().Spaced {
		sel *= 2 // a blank line after each value
	}
	return first, sel
}
