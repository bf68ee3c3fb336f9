package groupby

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	iprofile "github.com/odx-dev/odx/internal/profile"
	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/ui/screen"
)

// View draws the breadcrumb, then the chooser, the progress, the error or
// the groups.
func (m *Model) View() string {
	st := m.env.Styles
	head := screen.Crumb(st, m.crumb)
	switch {
	case m.choosing:
		return head + "\n" + m.chooserView()
	case m.loading:
		what := "with $apply"
		if m.query.Filter != "" {
			what += " under the grid's filter"
		}
		return head + "\n\n  " + m.env.Spinner + " grouping " + termtext.Sanitize(screen.SetName(m.query.Set)) + " by " +
			termtext.Sanitize(m.keyNames()) + " " + what + "… (esc cancels)"
	case m.err != nil:
		return head + "\n" + screen.ErrorBody(st, m.err, "r retry · ctrl+g choose again · esc back", m.width)
	case m.groups == nil:
		return head
	}
	return head + "\n" + m.groupsView()
}

// chooserView is the three lines of the chooser and what they do.
func (m *Model) chooserView() string {
	st := m.env.Styles
	set := termtext.Sanitize(screen.SetName(m.query.Set))
	out := []string{"", "  " + st.Title.Render("Group "+set+" by")}
	if m.query.Filter != "" {
		out = append(out, "  "+st.Dim.Render(screen.Cut("under $filter: "+termtext.Sanitize(m.query.Filter), m.width-4)))
	}
	out = append(out, "")
	if len(m.opts.keys) == 0 {
		return strings.Join(append(out, "  this set has no column to group by (esc back)"), "\n")
	}
	then := "(none)"
	if m.then >= 0 {
		then = m.opts.keys[m.then].Name
	}
	rows := [lines][3]string{
		{"by", m.opts.keys[m.by].Name, fmt.Sprintf("%d/%d", m.by+1, len(m.opts.keys))},
		{"then by", then, ""},
		{"aggregate", m.opts.aggs[m.agg].label(), fmt.Sprintf("%d/%d", m.agg+1, len(m.opts.aggs))},
	}
	for i, r := range rows {
		mark := "  "
		if i == m.line {
			mark = "› "
		}
		l := fmt.Sprintf("  %s%-10s ‹ %s ›  %s", mark, r[0], termtext.Sanitize(r[1]), st.Dim.Render(r[2]))
		if i == m.line {
			l = st.Selected.Render(screen.Pad(ansi.Strip(l), m.width))
		}
		out = append(out, l)
		if m.env.Present {
			out = append(out, "")
		}
	}
	out = append(out, "", "  "+st.Dim.Render(screen.Cut("↑↓ line · ←→ change · enter group · esc back", m.width-4)))
	if !m.metaSeen {
		out = append(out, "  "+st.Dim.Render(screen.Cut("the columns are read off the rows loaded until $metadata arrives", m.width-4)))
	}
	return strings.Join(out, "\n")
}

// rowsShown is how many groups fit under the header lines.
func (m *Model) rowsShown() int {
	n := max(1, m.height-1-4)
	if m.env.Present {
		n = max(1, n/2)
	}
	return n
}

// groupsView is the $apply line, the note, the header and the groups in
// view, the cursor's highlighted.
func (m *Model) groupsView() string {
	st := m.env.Styles
	g := m.groups
	sent := "$apply=" + g.Apply
	if g.Apply == "" {
		sent = "no $apply: " + g.Note()
	}
	info := fmt.Sprintf("%s groups · %s rows · %s", group(int64(len(g.Groups))), group(g.Rows), g.Note())
	out := []string{st.Dim.Render(screen.Cut("  "+termtext.Sanitize(sent), m.width)), st.Dim.Render(screen.Cut("  "+info, m.width))}
	lay := m.layoutFor(m.width - 2)
	out = append(out, "  "+st.Title.Render(lay.header()))
	n := m.rowsShown()
	m.offset = min(m.offset, m.cursor)
	if m.cursor >= m.offset+n {
		m.offset = m.cursor - n + 1
	}
	for i := m.offset; i < len(g.Groups) && i < m.offset+n; i++ {
		l := "  " + lay.row(i, noColor)
		if i == m.cursor {
			l = st.Selected.Render(screen.Pad(l, m.width))
		}
		out = append(out, l)
		if m.env.Present && i+1 < m.offset+n {
			out = append(out, "")
		}
	}
	if len(g.Groups) == 0 {
		out = append(out, "  no rows: no groups")
	}
	return strings.Join(out, "\n")
}

// layout is how the groups are laid out in a width: the column widths
// (from every group, so that scrolling does not move them), the texts of
// the cells and the largest aggregate per currency. It is made once per
// result and width (a view draws only the rows it shows).
type layout struct {
	groups    *iprofile.Groups
	width     int
	present   bool
	head      []string
	valHead   string
	showCount bool
	widths    []int
	vw, cw    int
	room      int        // cells of the bars; 0: no bars
	labels    [][]string // sanitised
	vals      []string
	most      map[string]*big.Rat
}

// layoutFor is the layout of the groups in width cells.
func (m *Model) layoutFor(width int) *layout {
	if l := m.lay; l != nil && l.groups == m.groups && l.width == width && l.present == m.env.Present {
		return l
	}
	g := m.groups
	spec := g.Spec()
	l := &layout{groups: g, width: width, present: m.env.Present, most: map[string]*big.Rat{}}
	labelMax := min(40, max(12, width/3)) // the bars keep room at 80 columns
	if m.env.Present {
		labelMax = min(labelMax, 24)
	}
	for _, k := range g.Keys {
		l.head = append(l.head, termtext.Sanitize(strings.ToUpper(k)))
	}
	l.valHead = termtext.Sanitize(strings.ToUpper(g.Aggregate))
	l.showCount = spec.Method != iprofile.Count && spec.Method != ""
	l.widths = make([]int, len(l.head))
	for i, h := range l.head {
		l.widths[i] = min(labelMax, ansi.StringWidth(h))
	}
	l.vw, l.cw = ansi.StringWidth(l.valHead), len("ROWS")
	l.vals = make([]string, len(g.Groups))
	l.labels = make([][]string, len(g.Groups))
	for gi, gr := range g.Groups {
		for i, lb := range gr.Labels {
			lb = termtext.Sanitize(lb)
			l.labels[gi] = append(l.labels[gi], lb)
			l.widths[i] = max(l.widths[i], min(labelMax, ansi.StringWidth(lb)))
		}
		l.vals[gi] = m.valueText(gr)
		l.vw = max(l.vw, ansi.StringWidth(l.vals[gi]))
		l.cw = max(l.cw, len(group(gr.Count)))
		if _, ok := l.most[gr.Unit]; !ok {
			l.most[gr.Unit] = g.Max(gr.Unit)
		}
	}
	fixed := len(l.widths)*2 + l.vw
	if l.showCount {
		fixed += 2 + l.cw
	}
	for _, w := range l.widths {
		fixed += w
	}
	if l.room = width - fixed - 2; l.room < 4 { // no bars: cut the labels rather than the numbers
		l.room = 0
	}
	m.lay = l
	return l
}

// line lays out one line of cells.
func (l *layout) line(keys []string, val, count, bar string) string {
	var b strings.Builder
	for i, k := range keys {
		b.WriteString(screen.Pad(ansi.Truncate(k, l.widths[i], "…"), l.widths[i]) + "  ")
	}
	b.WriteString(strings.Repeat(" ", max(0, l.vw-ansi.StringWidth(val))) + val)
	if l.showCount {
		b.WriteString("  " + strings.Repeat(" ", max(0, l.cw-len(count))) + count)
	}
	if bar != "" {
		b.WriteString("  " + bar)
	}
	return ansi.Truncate(strings.TrimRight(b.String(), " "), l.width, "…")
}

// header is the line of the column names.
func (l *layout) header() string { return l.line(l.head, l.valHead, "ROWS", "") }

// row is group i's line: its keys, aggregate, rows and a bar scaled to the
// largest aggregate of its currency; plain draws the bar in '#'.
func (l *layout) row(i int, plain bool) string {
	gr := l.groups.Groups[i]
	bar := ""
	if l.room > 0 {
		ch := "█"
		if plain {
			ch = "#"
		}
		bar = strings.Repeat(ch, barCells(gr.Value, l.most[gr.Unit], l.room))
	}
	return l.line(l.labels[i], l.vals[i], group(gr.Count), bar)
}

// table is every group as text lines in width cells (for the clipboard),
// with plain bars.
func (m *Model) table(width int) []string {
	l := m.layoutFor(width)
	out := []string{l.header()}
	for i := range m.groups.Groups {
		out = append(out, l.row(i, true))
	}
	return out
}

// barCells scales v to room cells against the largest value most (at
// least one cell for a positive value; none for zero, negative or null).
func barCells(v string, most *big.Rat, room int) int {
	r, ok := new(big.Rat).SetString(v)
	if !ok || most == nil || most.Sign() <= 0 || r.Sign() <= 0 {
		return 0
	}
	f, _ := new(big.Rat).Quo(r, most).Float64()
	return max(1, min(room, int(f*float64(room)+0.5)))
}

// valueText is a group's aggregate as people read it: grouped thousands,
// an amount with its currency and cents, an average to two places.
func (m *Model) valueText(gr iprofile.Group) string {
	if gr.Value == "" {
		return "(null)"
	}
	v := gr.Value
	frac := 0
	spec := m.groups.Spec()
	if spec.Method == iprofile.Average {
		if r, ok := new(big.Rat).SetString(v); ok {
			v = strings.TrimRight(strings.TrimRight(r.FloatString(2), "0"), ".")
		}
	}
	if spec.Of.Kind == iprofile.Measure && gr.Unit != "" && spec.Method != iprofile.Count {
		frac = 2
	}
	s, ok := termtext.GroupDecimal(v, frac)
	if !ok {
		s = termtext.Sanitize(v)
	}
	if gr.Unit != "" {
		s = termtext.Sanitize(gr.Unit) + " " + s
	}
	return s
}

// group writes n with grouped thousands.
func group(n int64) string {
	s, _ := termtext.GroupDecimal(strconv.FormatInt(n, 10), 0)
	return s
}
