// Package browse is the grid screen of the explorer: one query of an
// entity set, paged (the page after the one shown is prefetched, one
// request in flight), shaped from the grid (columns, sort, filter, expand,
// search in page) and taken out (export, copy). A changed query runs as a
// pending result: the grid keeps the last good one until the new first page
// arrives. A grid of rows already loaded (the target of a navigation
// property) is static: one page, no paging or shaping.
package browse

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// Model is the grid screen. It implements screen.Screen.
type Model struct {
	env   *screen.Env
	id    int
	keys  screen.KeyMap
	crumb []string
	w, h  int

	cur     *result // the result shown
	pending *result // a changed query, until its first page arrives
	// pendingFilter marks a pending query that came from the filter editor
	// (or filter by cell): a refusal reopens the editor with the error.
	pendingFilter bool

	search    *pageSearch // stays after its line closes: ctrl+n/p
	searching bool        // the search line has the keyboard
	showQuery bool        // Q: the whole request under the breadcrumb
	seq       int         // generation counter of results

	// rowNumbers shows the row-number column (key N), on every result.
	rowNumbers bool

	// lastClick is the last left click on a row, for double clicks.
	lastClick click

	// names shows technical names in the header instead of the labels
	// of $metadata (key T); filters and URLs always use names.
	names bool

	// related is whether the row under the cursor has related records
	// (key o), worked out once per row.
	related relatedOf
}

// New returns the grid of q under crumb. count is the query's total when
// known already (the set list counted it), else -1. With layout, the set's
// saved columns, sort and expansions apply.
func New(env *screen.Env, q odata.Query, crumb []string, count int64, layout bool) *Model {
	m := &Model{env: env, id: env.NewID(), keys: env.Keys, crumb: crumb, names: env.Names}
	if layout {
		restoreLayout(env, &q)
	}
	m.cur = m.newResult(q)
	if layout {
		restoreWidths(env, m.cur)
	}
	if count >= 0 && q.Filter == "" && q.Search == "" {
		m.cur.setCount(count) // counted for the set list already: no second request
	}
	m.enableKeys()
	return m
}

// NewStatic returns a grid of rows already loaded (the target of a
// navigation property of set): one page, no paging or shaping.
func NewStatic(env *screen.Env, set string, rows []odata.Row, crumb []string) *Model {
	m := &Model{env: env, id: env.NewID(), keys: env.Keys, crumb: crumb, names: env.Names}
	m.seq++
	m.cur = newStaticResult(m.seq, set, rows, env.Language, env.Meta, env.Styles, m.keys)
	m.enableKeys()
	return m
}

func (m *Model) newResult(q odata.Query) *result {
	m.seq++
	r := newResult(m.seq, q, m.env.PageSize, m.env.Language, m.env.Styles, m.keys)
	r.grid.SetLabels(!m.names)
	r.numbers = m.rowNumbers
	if m.cur != nil {
		r.grid.SetLayout(m.cur.grid.Layout()) // widths and frozen columns stay
	}
	if m.env.Meta != nil {
		r.setMeta(m.env.Meta)
	}
	r.grid.SetSize(m.w, m.contentH())
	return r
}

// ID implements screen.Screen.
func (m *Model) ID() int { return m.id }

// Init loads the first page and, unless it is known, the count.
func (m *Model) Init() tea.Cmd {
	if m.cur.static {
		return nil
	}
	cmds := []tea.Cmd{m.load(m.cur, 0, false)}
	if m.cur.count < 0 {
		cmds = append(cmds, m.count(m.cur))
	}
	return tea.Batch(cmds...)
}

// load starts loading page i of r, tagged with the screen's id.
func (m *Model) load(r *result, i int, prefetch bool) tea.Cmd {
	return screen.Tag(m.id, r.startLoad(m.env.Ctx, m.env.Client, i, prefetch))
}

// count asks for r's total, tagged with the screen's id.
func (m *Model) count(r *result) tea.Cmd {
	return screen.Tag(m.id, r.countCmd(m.env.Ctx, m.env.Client))
}

// SetSize implements screen.Screen: a breadcrumb line, then the grid.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.cur.grid.SetSize(w, m.contentH())
	if m.pending != nil {
		m.pending.grid.SetSize(w, m.contentH())
	}
}

// contentH is the grid's height: the body less the breadcrumb and the
// query line(s).
func (m *Model) contentH() int { return max(1, m.h-1-len(m.queryLines())) }

// KeyMap implements screen.Screen.
func (m *Model) KeyMap() screen.KeyMap { return m.keys }

// Capturing implements screen.Screen: the search line takes every key.
func (m *Model) Capturing() bool { return m.searching }

// Close implements screen.Screen.
func (m *Model) Close() {
	m.cur.stop()
	m.dropPending()
}

// Update implements screen.Screen.
func (m *Model) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	cmd := m.update(msg)
	m.enableKeys()
	m.relayout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.searching {
			return m.searchMsg(msg)
		}
		return m.key(named(msg))
	case pageLoadedMsg:
		return m.onPage(msg)
	case countLoadedMsg:
		for _, r := range []*result{m.cur, m.pending} {
			if r != nil && r.seq == msg.seq {
				r.stopCount() // release its context
				if msg.err == nil {
					r.setCount(msg.count)
				}
			}
		}
	case prefsSavedMsg:
		if msg.err != nil {
			m.env.NoticeErr(msg.err)
		}
	case dialog.ColumnsChosen:
		return m.chooseColumns(msg)
	case dialog.PageChosen:
		return m.pageChosen(msg.N)
	case dialog.ColumnJump:
		if !m.cur.grid.CursorToColumn(msg.Name) {
			m.env.Notice("no column "+termtext.Sanitize(msg.Name)+" in this grid", false)
		}
	case dialog.ExpandChosen:
		q := m.cur.query
		q.Expand = msg.Expand
		return m.runQuery(q, false)
	case dialog.FilterApplied:
		q := m.cur.query
		q.Filter = msg.Filter
		return m.runQuery(q, true) // the editor stays open until the server accepts
	case screen.Blur:
		m.dropPending() // a changed query applies only to the grid on top
	case screen.MetadataLoaded:
		for _, r := range []*result{m.cur, m.pending} {
			if r != nil && !r.static && m.env.Meta != nil {
				r.setMeta(m.env.Meta)
			}
		}
	case screen.NamesChanged:
		m.applyNames()
	case screen.StylesChanged:
		for _, r := range []*result{m.cur, m.pending} {
			if r != nil {
				r.grid.SetStyles(m.env.Styles.Grid)
			}
		}
	case tea.MouseMsg:
		return m.mouse(msg)
	default:
		if m.searching { // the search line's blinks
			return m.searchMsg(msg)
		}
	}
	return nil
}

// onPage files a page reply of the result shown or of the pending one.
func (m *Model) onPage(msg pageLoadedMsg) tea.Cmd {
	if m.pending != nil && msg.seq == m.pending.seq {
		return m.onPending(msg)
	}
	b := m.cur
	if b.seq != msg.seq || !b.loaded(msg) {
		return nil // stale: the query or the load is gone
	}
	if msg.err != nil {
		return nil // shown in place (wanted) or tried again when wanted (prefetch)
	}
	if msg.index != b.wanted {
		if b.last >= 0 && b.wanted > b.last { // a walk met the end before the page asked for
			b.wanted = b.last
			if _, ok := b.pages[b.last]; ok {
				b.show(b.last)
				m.refreshSearch()
				return nil
			}
		}
		// A stepping stone or prefetch arrived; go on towards the wanted page.
		return m.load(b, b.wanted, false)
	}
	// The wanted page is shown: prefetch the next one.
	cmds := []tea.Cmd{m.load(b, b.current+1, true)}
	m.refreshSearch()
	if msg.index == 0 && !b.static {
		cmds = append(cmds, m.remember(b.query))
	}
	return tea.Batch(cmds...)
}

// refreshSearch re-marks the search's matches on the page shown.
func (m *Model) refreshSearch() {
	if m.search != nil {
		m.search.refresh(&m.cur.grid)
	}
}

// openRecord posts the record view of the row under the cursor.
func (m *Model) openRecord() {
	b := m.cur
	p, ok := b.pages[b.current]
	if !ok {
		return
	}
	r, _ := b.grid.Cursor()
	if r < 0 || r >= len(p.Rows) {
		return
	}
	m.env.Post(screen.OpenRecord{Set: b.query.Set, Row: p.Rows[r], Crumb: append([]string(nil), m.crumb...)})
}

// Help implements screen.Screen.
func (m *Model) Help() help.KeyMap {
	k := m.keys
	move := []key.Binding{k.Up, k.Down, k.Left, k.Right, k.FirstRow, k.LastRow, k.FirstCol, k.LastCol, k.HalfUp, k.HalfDown}
	out := []key.Binding{k.Export, k.CopyCell, k.CopyRow, k.CopyCurl}
	pages := []key.Binding{k.Open, k.NextPage, k.PrevPage, k.PageN, k.FirstPage, k.LastPage, k.RowNumbers, k.Reload, k.Retry}
	shape := []key.Binding{k.Columns, k.HideColumn, k.JumpColumn, k.Narrow, k.Widen, k.Freeze, k.Labels, k.Sort, k.SortAlso, k.FilterEdit, k.FilterCell, k.FilterClear, k.Expand, k.Related, k.Profile, k.GroupBy, k.Views, k.SaveView, k.ShowQuery, k.Search, k.SearchNext, k.SearchPrev, k.GoTo, k.History}
	global := []key.Binding{k.Token, k.Log, k.Present, k.Help, k.Back, k.Quit, k.ForceQuit}
	return screen.HelpKeys{
		Short: []key.Binding{k.Open, k.NextPage, k.PrevPage, k.FilterEdit, k.Sort, k.Columns, k.Export, k.Token, k.Back, k.Help, k.Retry},
		Full:  [][]key.Binding{pages, move, shape, out, global},
	}
}

// enableKeys sets what works now on the live key map.
func (m *Model) enableKeys() {
	k := &m.keys
	b := m.cur
	k.Quit.SetEnabled(false)
	k.Back.SetEnabled(true)
	k.Filter.SetEnabled(false) // the set list's; "/" is the page search here
	k.NewToken.SetEnabled(false)
	k.ScrollTop.SetEnabled(false)
	k.ScrollEnd.SetEnabled(false)
	k.ListNext.SetEnabled(false)
	k.ListPrev.SetEnabled(false)
	k.Retry.SetEnabled(b.err != nil)
	for _, sk := range []*key.Binding{&k.NextPage, &k.PrevPage, &k.Reload, &k.Export, &k.CopyCurl,
		&k.PageN, &k.FirstPage, &k.LastPage, &k.SortAlso,
		&k.Columns, &k.Sort, &k.FilterEdit, &k.FilterCell, &k.FilterClear, &k.Expand, &k.Profile, &k.GroupBy, &k.ShowQuery,
		&k.Views, &k.SaveView} {
		sk.SetEnabled(!b.static)
	}
	k.RowNumbers.SetEnabled(true)
	k.Related.SetEnabled(m.hasRelated())
	k.Labels.SetEnabled(b.grid.HasLabels())
	k.HideColumn.SetEnabled(!b.static)
	for _, pk := range []*key.Binding{&k.HideAll, &k.ShowAll, &k.OnlyThis, &k.Invert} {
		pk.SetEnabled(false) // the column picker's
	}
	k.SearchNext.SetEnabled(m.search != nil)
	k.SearchPrev.SetEnabled(m.search != nil)
	b.grid.KeyMap = k.Grid()
}
