package ui

import (
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// Shaping the query from the grid: columns (c), sort (s), filter (f, =, F),
// expand (x), search in page (/), go to (:) and history (ctrl+r). A change
// runs as a pending query: the grid keeps the last good result until the
// new first page arrives; a server error is shown next to the filter editor
// (or as a notice) and the last good result stays on screen.

// modal is the editor or picker that has the keyboard.
type modal int

const (
	modalNone modal = iota
	modalColumns
	modalExpand
	modalFilter
	modalSearch
	modalGoTo
	modalHistory
)

// prefsSavedMsg reports the state file write.
type prefsSavedMsg struct{ err error }

// erp reports ERP.net semantics ($select=default,…; no or/ne/gt/lt): the
// model's namespace is Erp, or the service root is the Domain API's.
func (m Model) erp() bool {
	if m.meta != nil {
		for _, s := range m.meta.Schemas {
			if s.Namespace == "Erp" {
				return true
			}
		}
	}
	return m.opts.Client != nil && strings.Contains(m.opts.Client.Root().Path, "/api/domain/odata")
}

// shapeKey starts a shaping action on the grid; ok is false for other keys.
func (m *Model) shapeKey(msg tea.KeyPressMsg, b *browseModel) (tea.Cmd, bool) {
	set := setName(b.query.Set)
	switch {
	case key.Matches(msg, m.keys.Columns) && !b.static:
		if m.meta == nil {
			return m.status.Notify(m.now, "columns need $metadata, which has not arrived yet", false), true
		}
		var shown []string
		for _, c := range b.cols {
			shown = append(shown, c.Name)
		}
		p := newColumnPicker(columnProps(m.meta, set, shown), m.styles, m.keys)
		m.colPicker, m.modal = &p, modalColumns
	case key.Matches(msg, m.keys.Expand) && !b.static:
		props := navProps(m.meta, set, b.query.Expand)
		if len(props) == 0 {
			return m.status.Notify(m.now, "this set has no navigation properties to expand", false), true
		}
		p := newNavPicker(props, m.styles, m.keys)
		m.navPicker, m.modal = &p, modalExpand
	case key.Matches(msg, m.keys.Sort) && !b.static:
		col := b.grid.CurrentColumn()
		if ok, notice := canSort(m.meta, set, col.Name); !ok {
			return m.status.Notify(m.now, notice, false), true
		}
		q := b.query
		q.OrderBy = nextSort(q.OrderBy, col.Name)
		return m.runQuery(q, modalNone), true
	case key.Matches(msg, m.keys.FilterEdit) && !b.static:
		e := newFilterEditor(b.query.Filter, columnProps(m.meta, set, nil), m.erp(), m.styles, m.keys)
		m.filter, m.modal = &e, modalFilter
	case key.Matches(msg, m.keys.FilterCell) && !b.static:
		col, row := b.grid.CurrentColumn(), b.grid.CurrentRow()
		if row == nil {
			return nil, true
		}
		clause, err := cellFilter(col.Name, col.Type, row[col.Name], m.opts.Language)
		if err != nil {
			return m.status.Notify(m.now, oneLine(err), true), true
		}
		q := b.query
		q.Filter = andFilter(q.Filter, clause)
		return m.runQuery(q, modalFilter), true
	case key.Matches(msg, m.keys.FilterClear) && !b.static:
		if b.query.Filter == "" {
			return m.status.Notify(m.now, "no filter to clear", false), true
		}
		q := b.query
		q.Filter = ""
		return m.runQuery(q, modalNone), true
	case key.Matches(msg, m.keys.Search):
		s := newPageSearch(m.erp(), m.styles, m.keys)
		if meta := m.meta; meta != nil {
			s.isEnum = func(t string) bool { _, ok := meta.EnumType(t); return ok }
		}
		m.search, m.modal = &s, modalSearch
	case key.Matches(msg, m.keys.SearchNext, m.keys.SearchPrev) && m.search != nil:
		dir := 1
		if key.Matches(msg, m.keys.SearchPrev) {
			dir = -1
		}
		m.search.step(&b.grid, dir)
	default:
		return nil, false
	}
	return nil, true
}

// openAnywhere starts go to (:) and history (ctrl+r), which work on the set
// list and the grid; ok is false for other keys.
func (m *Model) openAnywhere(msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, m.keys.GoTo):
		var names []string
		for _, it := range m.sets.list.Items() {
			names = append(names, it.(setItem).name)
		}
		g := newGoTo(names, m.styles, m.keys)
		m.gotoLine, m.modal = &g, modalGoTo
	case key.Matches(msg, m.keys.History):
		h := newHistoryPicker(m.prefs.History(m.opts.Profile), m.styles, m.keys)
		m.history, m.modal = &h, modalHistory
	default:
		return false
	}
	return true
}

// modalMsg gives the open editor or picker every key (and blink).
func (m Model) modalMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	b := m.top().browse
	k, isKey := msg.(tea.KeyPressMsg)
	var cmd tea.Cmd
	switch m.modal {
	case modalColumns, modalExpand:
		if !isKey {
			return m, nil
		}
		if m.modal == modalColumns {
			p, res := m.colPicker.update(k)
			m.colPicker = &p
			if res == pickApply && b != nil {
				q := b.query
				q.Columns = p.shown()
				q.Select = selectFor(p.all(), p.shown(), m.erp())
				cmd = m.runQuery(q, modalNone)
			}
			if res != pickNone {
				m.modal, m.colPicker = modalNone, nil
			}
		} else {
			n, res := m.navPicker.update(k)
			m.navPicker = &n
			if res == pickApply && b != nil {
				q := b.query
				q.Expand = toggleExpand(q.Expand, n.choice())
				cmd = m.runQuery(q, modalNone)
			}
			if res != pickNone {
				m.modal, m.navPicker = modalNone, nil
			}
		}
	case modalFilter:
		e, c, res := m.filter.update(msg)
		m.filter, cmd = &e, c
		switch res {
		case editApply:
			if b != nil {
				q := b.query
				q.Filter = e.value()
				cmd = tea.Batch(cmd, m.runQuery(q, modalFilter))
			}
			// The editor stays open until the server accepts the filter.
		case editCancel:
			m.modal, m.filter = modalNone, nil
		}
	case modalSearch:
		if b == nil {
			m.modal, m.search = modalNone, nil
			return m, nil
		}
		s, c, res := m.search.update(msg, &b.grid)
		m.search, cmd = &s, c
		switch res {
		case searchKeep:
			m.modal = modalNone
			if isKey && !key.Matches(k, m.keys.Back) {
				return m.handleKey(k) // the key that closed the line acts on the grid
			}
		case searchCancel:
			m.modal, m.search = modalNone, nil
		case searchServer:
			m.modal = modalNone
			q := b.query
			q.Filter = andFilter(q.Filter, s.serverFilter())
			m.search.clear(&b.grid)
			m.search = nil
			cmd = tea.Batch(cmd, m.runQuery(q, modalNone))
		}
	case modalGoTo:
		g, c, res := m.gotoLine.update(msg)
		m.gotoLine, cmd = &g, c
		switch res {
		case editApply:
			m.modal, m.gotoLine = modalNone, nil
			cmd = tea.Batch(cmd, m.openQuery(g.query()))
		case editCancel:
			m.modal, m.gotoLine = modalNone, nil
		}
	case modalHistory:
		h, c, res := m.history.update(msg)
		m.history, cmd = &h, c
		switch res {
		case editApply:
			m.modal, m.history = modalNone, nil
			cmd = tea.Batch(cmd, m.openQuery(h.choice()))
		case editCancel:
			m.modal, m.history = modalNone, nil
		}
	}
	return m, cmd
}

// runQuery loads q as a pending replacement of the grid on top.
func (m *Model) runQuery(q odata.Query, from modal) tea.Cmd {
	b := m.top().browse
	if b == nil {
		return nil
	}
	m.dropPending()
	nb := newBrowse(m.nextSeq(), b.crumb, q, b.size, b.lang, m.styles, m.keys)
	nb.meta = m.meta
	nb.grid.SetSize(m.width, m.contentH())
	m.pending, m.pendingFrom, m.pendingFor = nb, from, b
	var notice tea.Cmd
	if !m.present {
		notice = m.status.Notify(m.now, "→ "+m.requestText(q), false)
	}
	return tea.Batch(notice, nb.startLoad(m.ctx, m.opts.Client, 0, false))
}

// dropPending abandons a changed query still loading (another screen is
// being opened, or a newer change supersedes it).
func (m *Model) dropPending() {
	if m.pending != nil {
		m.pending.stop()
		m.pending, m.pendingFor = nil, nil
	}
}

// openQuery opens a query from go to or history on a new grid.
func (m *Model) openQuery(q odata.Query) tea.Cmd {
	if q.Set == "" {
		return nil
	}
	q.Top, q.Skip = 0, 0 // the page size is the profile's; paging starts at 1
	return m.pushBrowse(q)
}

// onPending files the first page of a pending query: on success it replaces
// the grid (and is remembered), on error the last good grid stays.
func (m Model) onPending(msg pageLoadedMsg) (tea.Model, tea.Cmd) {
	nb := m.pending
	if !nb.loaded(msg) {
		return m, nil
	}
	from, target := m.pendingFrom, m.pendingFor
	m.pending, m.pendingFor = nil, nil
	f := m.top()
	if f.browse != target {
		return m, nil // the grid it was for is no longer on top: dropped
	}
	if msg.err != nil {
		if from == modalFilter {
			if m.filter == nil {
				e := newFilterEditor(nb.query.Filter, columnProps(m.meta, setName(nb.query.Set), nil), m.erp(), m.styles, m.keys)
				m.filter = &e
			}
			m.filter.setError(oneLine(msg.err))
			m.modal = modalFilter
			return m, nil
		}
		cmd := m.status.Notify(m.now, oneLine(msg.err), true)
		return m, cmd
	}
	// Keep the cursor on the column it was on.
	_, oldCol := target.grid.Cursor()
	if oldCol >= 0 && oldCol < len(target.cols) {
		for i, c := range nb.cols {
			if c.Name == target.cols[oldCol].Name {
				nb.grid.SetCursor(0, i)
			}
		}
	}
	target.stop()
	f.browse = nb
	if from == modalFilter && m.modal == modalFilter {
		m.modal, m.filter = modalNone, nil
	}
	if m.search != nil {
		m.search.refresh(&nb.grid)
	}
	return m, tea.Batch(
		nb.countCmd(m.ctx, m.opts.Client),
		nb.startLoad(m.ctx, m.opts.Client, 1, true),
		m.remember(nb.query),
	)
}

// remember records a query that ran in the history and its set's layout,
// and saves the state file in the background.
func (m *Model) remember(q odata.Query) tea.Cmd {
	if m.prefs == nil {
		return nil
	}
	m.prefs.AddHistory(m.opts.Profile, q)
	m.prefs.SetLayout(m.opts.Profile, setName(q.Set), savedLayout{Columns: q.Columns, OrderBy: q.OrderBy, Expand: q.Expand})
	write, err := m.prefs.Saver()
	if err != nil {
		return m.status.Notify(m.now, err.Error(), true)
	}
	return func() tea.Msg { return prefsSavedMsg{err: write()} }
}

// restoreLayout applies a set's saved columns, sort and expansions.
func (m *Model) restoreLayout(q *odata.Query) {
	if m.prefs == nil {
		return
	}
	l, ok := m.prefs.Layout(m.opts.Profile, setName(q.Set))
	if !ok {
		return
	}
	q.OrderBy, q.Expand = l.OrderBy, l.Expand
	if len(l.Columns) > 0 && m.meta != nil {
		props := columnProps(m.meta, setName(q.Set), l.Columns)
		q.Columns = l.Columns
		q.Select = selectFor(props, l.Columns, m.erp())
	}
}

// requestText is the request of q as a person reads it: the URL relative to
// the service root, percent-decoded and sanitised.
func (m Model) requestText(q odata.Query) string {
	q.Top = m.opts.PageSize
	s := q.Set
	if raw := q.RawQuery(); raw != "" {
		if dec, err := url.QueryUnescape(raw); err == nil {
			raw = dec
		}
		s += "?" + raw
	}
	return termtext.Sanitize(s)
}

// modalView draws the open editor or picker into the body.
func (m Model) modalView(body string, h int) string {
	switch m.modal {
	case modalColumns:
		return m.colPicker.view(m.width, h)
	case modalExpand:
		return m.navPicker.view(m.width, h)
	case modalHistory:
		return m.history.view(m.width, h)
	case modalFilter:
		return overlayBottom(body, m.filter.view(m.width), h)
	case modalSearch:
		return overlayBottom(body, m.search.view(m.width), h)
	case modalGoTo:
		return overlayBottom(body, m.gotoLine.view(m.width), h)
	}
	return body
}

// overlayBottom replaces the last lines of body (h lines) with box.
func overlayBottom(body, box string, h int) string {
	lines := fitLines(body, 1<<20, h)
	bl := strings.Split(box, "\n")
	if len(bl) > h {
		bl = bl[len(bl)-h:]
	}
	copy(lines[h-len(bl):], bl)
	return strings.Join(lines, "\n")
}
