package browse

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// pressed is a key press with its name made once: key.Matches asks a
// key for its name (String) for every binding it tries, and a key press
// makes the name anew each time — most of a key's allocations here.
type pressed struct {
	tea.KeyPressMsg
	name string
}

// named names k once.
func named(k tea.KeyPressMsg) pressed { return pressed{k, k.String()} }

// String is the key's name, as key.Matches reads it.
func (p pressed) String() string { return p.name }

// key handles a key press on the grid: paging, opening a record, shaping
// the query, taking data out, then the grid's own moves.
func (m *Model) key(msg pressed) tea.Cmd {
	b := m.cur
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		return m.escape()
	case key.Matches(msg, k.Retry):
		b.err = nil
		return m.load(b, b.wanted, false)
	case key.Matches(msg, k.Reload):
		nb := m.newResult(b.query)
		nb.meta = b.meta
		b.stop()
		m.dropPending()
		m.cur = nb
		m.env.Notice("reloading "+termtext.Sanitize(screen.SetName(nb.query.Set))+" from the first page", false)
		return tea.Batch(m.load(nb, 0, false), m.count(nb))
	case key.Matches(msg, k.NextPage):
		if b.err != nil {
			b.err, b.wanted = nil, b.current // from a failed page: the one after the page shown
		}
		if b.last >= 0 && b.wanted >= b.last {
			m.env.Notice("this is the last page", false)
			return nil
		}
		b.wanted++
		if _, ok := b.pages[b.wanted]; ok {
			b.show(b.wanted)
			m.refreshSearch()
			return m.load(b, b.wanted+1, true)
		}
		return m.load(b, b.wanted, false)
	case key.Matches(msg, k.PrevPage):
		if b.wanted == 0 {
			return nil
		}
		b.wanted--
		b.err = nil
		if _, ok := b.pages[b.wanted]; ok {
			b.show(b.wanted)
			m.refreshSearch()
			return nil
		}
		return m.load(b, b.wanted, false)
	case key.Matches(msg, k.Open):
		if b.err == nil {
			m.openRecord()
		}
		return nil
	case key.Matches(msg, k.Labels):
		m.toggleLabels()
		return nil
	}
	if cmd, ok := m.pageKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.columnKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.shapeKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.outKey(msg); ok {
		return cmd
	}
	var cmd tea.Cmd
	b.grid, cmd = b.grid.Update(msg.KeyPressMsg)
	return cmd
}

// toggleLabels asks for the other of labels and technical names, on every
// screen (the root answers with NamesChanged).
func (m *Model) toggleLabels() { m.env.Post(screen.SetNames{On: !m.names}) }

// applyNames shows the session's choice of labels or technical names.
func (m *Model) applyNames() {
	m.names = m.env.Names
	for _, r := range []*result{m.cur, m.pending} {
		if r != nil {
			r.grid.SetLabels(!m.names)
		}
	}
}

// escape cancels what is loading, else goes back one step.
func (m *Model) escape() tea.Cmd {
	b := m.cur
	switch {
	case m.pending != nil:
		m.dropPending()
		m.env.Notice("cancelled; the grid shows the last result", false)
	case b.err != nil && len(b.pages) > 0:
		b.err, b.wanted = nil, b.current // back to the page that loaded
	case b.busy() && len(b.pages) > 0:
		b.stop()
		m.env.Notice("cancelled", false)
	default:
		m.env.Post(screen.Back{})
	}
	return nil
}

// shapeKey starts a shaping action; ok is false for other keys.
func (m *Model) shapeKey(msg pressed) (tea.Cmd, bool) {
	b, k, env := m.cur, m.keys, m.env
	set := screen.SetName(b.query.Set)
	switch {
	case key.Matches(msg, k.Columns):
		if env.Meta == nil {
			env.Notice("columns need $metadata, which has not arrived yet", false)
			return nil, true
		}
		var shown []string
		for _, c := range b.cols {
			shown = append(shown, c.Name)
		}
		env.Post(screen.OpenDialog{Dialog: dialog.NewColumns(env, dialog.ColumnProps(env.Meta, set, shown))})
	case key.Matches(msg, k.ShowQuery):
		m.showQuery = !m.showQuery
		if m.showQuery {
			text := m.requestText(b.query)
			env.Notice("copied the request ("+fmt.Sprint(len([]rune(text)))+" chars; Q hides it)", false)
			return tea.SetClipboard(text), true
		}
	case key.Matches(msg, k.Profile):
		var rows []odata.Row
		if p := b.pages[b.current]; p != nil {
			rows = p.Rows
		}
		env.Post(screen.OpenProfile{Query: b.query, Column: b.grid.CurrentColumn().Name, Rows: rows, Crumb: slices.Clone(m.crumb)})
	case key.Matches(msg, k.GroupBy):
		var rows []odata.Row
		if p := b.pages[b.current]; p != nil {
			rows = p.Rows
		}
		env.Post(screen.OpenGroupBy{Query: b.query, Column: b.grid.CurrentColumn().Name, Rows: rows, Crumb: slices.Clone(m.crumb)})
	case key.Matches(msg, k.Expand):
		props := dialog.NavProps(env.Meta, set, b.query.Expand)
		if len(props) == 0 {
			env.Notice("this set has no navigation properties to expand", false)
			return nil, true
		}
		env.Post(screen.OpenDialog{Dialog: dialog.NewExpand(env, props, b.query.Expand)})
	case key.Matches(msg, k.Sort):
		col := b.grid.CurrentColumn()
		if ok, notice := canSort(env.Meta, set, col.Name); !ok {
			env.Notice(notice, false)
			return nil, true
		}
		q := b.query
		q.OrderBy = nextSort(q.OrderBy, col.Name)
		return m.runQuery(q, false), true
	case key.Matches(msg, k.SortAlso):
		col := b.grid.CurrentColumn()
		if ok, notice := canSort(env.Meta, set, col.Name); !ok {
			env.Notice(notice, false)
			return nil, true
		}
		q := b.query
		q.OrderBy = alsoSort(q.OrderBy, col.Name)
		return m.runQuery(q, false), true
	case key.Matches(msg, k.FilterEdit):
		m.openFilter(b.query.Filter, "")
	case key.Matches(msg, k.FilterCell):
		col, row := b.grid.CurrentColumn(), b.rawRow()
		if row == nil {
			return nil, true
		}
		clause, err := cellFilter(col.Name, col.Type, row[col.Name], env.Language, env.Dialect)
		if err != nil {
			env.NoticeErr(err)
			return nil, true
		}
		q := b.query
		q.Filter = andFilter(q.Filter, clause)
		return m.runQuery(q, true), true
	case key.Matches(msg, k.FilterClear):
		if b.query.Filter == "" {
			env.Notice("no filter to clear", false)
			return nil, true
		}
		q := b.query
		q.Filter = ""
		return m.runQuery(q, false), true
	case key.Matches(msg, k.Related):
		return m.openRelated(), true
	case key.Matches(msg, k.Search):
		s := newPageSearch(env.Dialect, env.Styles, m.keys)
		s.meta, s.set, s.expand = env.Meta, set, b.query.Expand
		s.raw = func() map[string]any { return m.cur.rawRow() }
		m.search, m.searching = &s, true
	case !b.static && key.Matches(msg, k.Views):
		env.Post(screen.OpenDialog{Dialog: dialog.NewViews(env, b.query.Set)})
	case !b.static && key.Matches(msg, k.SaveView):
		gl := b.grid.Layout()
		env.Post(screen.OpenDialog{Dialog: dialog.NewSaveView(env, b.query, gl.Widths, gl.Frozen)})
	case key.Matches(msg, k.SearchNext, k.SearchPrev):
		dir := 1
		if key.Matches(msg, k.SearchPrev) {
			dir = -1
		}
		m.search.step(&b.grid, dir)
	default:
		return nil, false
	}
	return nil, true
}

// openFilter opens the filter editor on filter, with the server's refusal
// beside it when refused is not "".
func (m *Model) openFilter(filter, refused string) {
	set := screen.SetName(m.cur.query.Set)
	props := dialog.ColumnProps(m.env.Meta, set, nil)
	if m.env.Meta == nil { // the page's columns, their kinds unknown
		for _, c := range m.cur.cols {
			props = append(props, dialog.Prop{Name: c.Name, Label: c.Label})
		}
	}
	e := dialog.NewFilter(m.env, filter, props, m.env.Dialect).ForSet(m.env.Meta, set)
	if refused != "" {
		e.SetError(refused)
	}
	m.env.Post(screen.OpenDialog{Dialog: e})
}

// searchMsg gives the open search line a key or a blink.
func (m *Model) searchMsg(msg tea.Msg) tea.Cmd {
	b := m.cur
	s, cmd, res := m.search.update(msg, &b.grid)
	m.search = &s
	switch res {
	case searchKeep:
		m.searching = false
		if k, ok := msg.(tea.KeyPressMsg); ok && !key.Matches(k, m.keys.Back) {
			m.enableKeys()
			return tea.Batch(cmd, m.key(named(k))) // the key that closed the line acts on the grid
		}
	case searchCancel:
		m.searching, m.search = false, nil
	case searchServer:
		m.searching = false
		q := b.query
		q.Filter = andFilter(q.Filter, s.serverFilter())
		m.search.clear(&b.grid)
		m.search = nil
		cmd = tea.Batch(cmd, m.runQuery(q, false))
	}
	return cmd
}
