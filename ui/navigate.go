package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
)

// Moving between screens: the replies that fill them (entity sets, pages,
// related records) and the steps that open and leave them.

func (m Model) onSets(msg setsLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.setsSeq && m.setsSeq != 0 {
		return m, nil
	}
	m.setsLoading = false
	m.setsErr = msg.err
	if msg.err != nil {
		return m, nil
	}
	cmds := []tea.Cmd{m.sets.setSets(msg.sets)}
	if exp, ok := m.authExpiry(); ok {
		m.expiry = exp
	}
	if m.meta == nil && !m.metaLoading {
		m.metaLoading = true
		cmds = append(cmds, loadMetadataCmd(m.ctx, m.opts.Client))
	}
	cmds = append(cmds, m.countSelected())
	return m, tea.Batch(cmds...)
}

// countSelected fetches the count of the set under the cursor, one at a
// time (ERP.net serves one request per session at a time).
func (m *Model) countSelected() tea.Cmd {
	if m.counting != "" || m.top().screen != screenSets {
		return nil
	}
	name, ok := m.sets.needsCount()
	if !ok {
		return nil
	}
	m.counting = name
	ctx, cancel := context.WithCancel(m.ctx)
	m.countStop = cancel
	return countSetCmd(ctx, m.opts.Client, name)
}

func (m Model) onPage(msg pageLoadedMsg) (tea.Model, tea.Cmd) {
	if m.pending != nil && msg.seq == m.pending.seq {
		return m.onPending(msg)
	}
	var b *browseModel
	for _, f := range m.stack {
		if f.browse != nil && f.browse.seq == msg.seq {
			b = f.browse
		}
	}
	if b == nil || !b.loaded(msg) {
		return m, nil // stale: the screen or the load is gone
	}
	if msg.err != nil {
		return m, nil // shown in place (wanted) or tried again when wanted (prefetch)
	}
	if msg.index != b.wanted {
		// A stepping stone or prefetch arrived; go on towards the wanted page.
		return m, b.startLoad(m.ctx, m.opts.Client, b.wanted, false)
	}
	// The wanted page is shown: prefetch the next one.
	cmds := []tea.Cmd{b.startLoad(m.ctx, m.opts.Client, b.current+1, true)}
	if b == m.top().browse && m.search != nil {
		m.search.refresh(&b.grid)
	}
	if msg.index == 0 && !b.static {
		cmds = append(cmds, m.remember(b.query))
	}
	return m, tea.Batch(cmds...)
}

func (m Model) onRelated(msg relatedLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.relSeq {
		return m, nil
	}
	if m.relCancel != nil {
		m.relCancel() // release the finished request's context
	}
	m.relSeq, m.relCancel = 0, nil
	f := m.top()
	if f.record == nil {
		return m, nil
	}
	if msg.err != nil {
		cmd := m.status.Notify(m.now, oneLine(msg.err), true)

		return m, cmd
	}
	crumb := append(append([]string{}, f.record.crumb...), msg.nav)
	set := relatedSet(m.meta, f.record.set, msg.nav)
	b := newStaticBrowse(m.nextSeq(), crumb, set, msg.rows, m.opts.Language, m.meta, m.styles, m.keys)
	b.grid.SetSize(m.width, m.contentH())
	m.stack = append(m.stack, frame{screen: screenBrowse, browse: b})
	return m, nil
}

// relatedSet names the entity set a navigation property leads to, for
// metadata lookups of the related grid.
func relatedSet(meta *odata.Model, set, nav string) string {
	if meta != nil {
		if t, ok := meta.NavigationTarget(setName(set), nav); ok {
			return t.Name
		}
	}
	return nav
}

// openSet pushes a browse screen for a set (with its saved layout) and loads
// its first page and count.
func (m *Model) openSet(name string) tea.Cmd {
	q := odata.Query{Set: name}
	m.restoreLayout(&q)
	return m.pushBrowse(q)
}

// pushBrowse pushes a browse screen for q and loads its first page and its
// count (unless the set list counted the same rows already).
func (m *Model) pushBrowse(q odata.Query) tea.Cmd {
	if m.countStop != nil { // the set list's count must not hold up the grid
		m.countStop()
		m.countStop = nil
	}
	m.search = nil
	m.dropPending()
	b := newBrowse(m.nextSeq(), []string{setName(q.Set)}, q, m.opts.PageSize, m.opts.Language, m.styles, m.keys)
	if m.meta != nil {
		b.setMeta(m.meta)
	}
	b.grid.SetSize(m.width, m.contentH())
	m.stack = append(m.stack, frame{screen: screenBrowse, browse: b})
	load := b.startLoad(m.ctx, m.opts.Client, 0, false)
	if n, ok := m.sets.totals[q.Set]; ok && q.Filter == "" && q.Search == "" {
		b.setCount(n) // counted for the set list already: no second request
		return load
	}
	return tea.Batch(load, b.countCmd(m.ctx, m.opts.Client))
}

// openRecord pushes the record view of the row under the grid cursor.
func (m *Model) openRecord(b *browseModel) {
	p, ok := b.pages[b.current]
	if !ok {
		return
	}
	r, _ := b.grid.Cursor()
	if r < 0 || r >= len(p.Rows) {
		return
	}
	row := p.Rows[r]
	crumb := append(append([]string{}, b.crumb...), recordTitle(row, m.opts.Language))
	m.dropPending()
	rec := newRecord(b.query.Set, row, crumb, m.meta, m.opts.Language, m.styles, m.keys)
	rec.setSize(m.width, m.contentH())
	m.stack = append(m.stack, frame{screen: screenRecord, record: rec})
}

// back pops one step; it reports false on the first screen.
func (m *Model) back() bool {
	if len(m.stack) <= 1 {
		return false
	}
	f := m.top()
	if f.browse != nil {
		f.browse.stop()
	}
	m.stack = m.stack[:len(m.stack)-1]
	return true
}
