package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleKey routes a key press: a focused text input takes every key; then
// the keys that work everywhere; then the active screen's keys.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f := m.top()
	m.keycast(msg)
	if f.screen == screenSets && m.sets.filtering() {
		var cmd tea.Cmd
		m.sets, cmd = m.sets.update(msg)
		cmd = tea.Batch(cmd, m.countSelected())
		return m, cmd
	}
	if m.showHelp && !key.Matches(msg, m.keys.Help, m.keys.Back, m.keys.Present) {
		switch { // help is on screen: other keys would act unseen
		case key.Matches(msg, m.keys.Up):
			m.helpOff = max(0, m.helpOff-1)
		case key.Matches(msg, m.keys.Down):
			m.helpOff++
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Help):
		m.showHelp, m.helpOff = !m.showHelp, 0
		return m, nil
	case key.Matches(msg, m.keys.Present):
		m.setPresent(!m.present)
		m.layout()
		return m, nil
	case m.showHelp && key.Matches(msg, m.keys.Back):
		m.showHelp = false
		return m, nil
	case key.Matches(msg, m.keys.Token) && f.screen != screenToken:
		m.dropPending()
		m.stack = append(m.stack, frame{screen: screenToken})
		m.token.loading = true
		m.tokenSeq = m.nextSeq()
		return m, tokenInfoCmd(m.ctx, m.opts.Auth, false, m.tokenSeq)
	case key.Matches(msg, m.keys.Log) && f.screen != screenLog:
		m.dropPending()
		m.stack = append(m.stack, frame{screen: screenLog})
		m.reqlog.refresh()
		return m, nil
	case f.screen == screenLog:
		if m.reqlog.update(msg) {
			return m, nil
		}
		if key.Matches(msg, m.keys.Back) {
			m.back()
		}
		return m, nil
	case key.Matches(msg, m.keys.Back):
		return m.escape()
	case (f.screen == screenSets || f.screen == screenBrowse) && m.openAnywhere(msg):
		return m, nil
	case key.Matches(msg, m.keys.Quit) && len(m.stack) == 1:
		m.cancelAll()
		return m, tea.Quit
	}

	switch f.screen {
	case screenSets:
		return m.setsKey(msg)
	case screenBrowse:
		return m.browseKey(msg)
	case screenRecord:
		return m.recordKey(msg)
	case screenToken:
		switch {
		case key.Matches(msg, m.keys.NewToken):
			m.token.loading = true
			m.tokenSeq = m.nextSeq()
			return m, tokenInfoCmd(m.ctx, m.opts.Auth, true, m.tokenSeq)
		case key.Matches(msg, m.keys.Up):
			m.token.scroll(-1)
		case key.Matches(msg, m.keys.Down):
			m.token.scroll(1)
		case key.Matches(msg, m.keys.HalfUp, m.keys.PrevPage):
			m.token.scroll(-m.bodyH() / 2)
		case key.Matches(msg, m.keys.HalfDown, m.keys.NextPage):
			m.token.scroll(m.bodyH() / 2)
		}
	}
	return m, nil
}

// escape cancels what is loading, else goes back one step.
func (m Model) escape() (tea.Model, tea.Cmd) {
	f := m.top()
	if m.export.active() && f.browse != nil && f.browse.seq == m.exportFrom {
		m.export.cancel()
		return m, nil
	}
	if m.pending != nil {
		m.dropPending()
		cmd := m.status.Notify(m.now, "cancelled; the grid shows the last result", false)
		return m, cmd
	}
	if m.relSeq != 0 && m.relCancel != nil {
		m.relCancel()
		m.relSeq, m.relCancel = 0, nil
		cmd := m.status.Notify(m.now, "cancelled", false)

		return m, cmd
	}
	if b := f.browse; b != nil && b.err != nil && len(b.pages) > 0 {
		b.err, b.wanted = nil, b.current // back to the page that loaded
		return m, nil
	}
	if f.browse != nil && f.browse.busy() && len(f.browse.pages) > 0 {
		f.browse.stop()
		cmd := m.status.Notify(m.now, "cancelled", false)

		return m, cmd
	}
	if f.screen == screenSets {
		if m.sets.list.IsFiltered() {
			m.sets.list.ResetFilter()
		}
		return m, nil
	}
	m.back()
	cmd := m.countSelected()

	return m, cmd
}

func (m Model) setsKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Open):
		if name, ok := m.sets.selected(); ok {
			cmd := m.openSet(name)

			return m, cmd
		}
		return m, nil
	case key.Matches(msg, m.keys.Retry) && m.setsErr != nil:
		m.setsErr = nil
		m.setsLoading = true
		m.setsSeq = m.nextSeq()
		return m, loadSetsCmd(m.ctx, m.opts.Client, m.opts.Auth, m.setsSeq)
	}
	var cmd tea.Cmd
	m.sets, cmd = m.sets.update(msg)
	cmd = tea.Batch(cmd, m.countSelected())
	return m, cmd
}

func (m Model) browseKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	b := m.top().browse
	c := m.opts.Client
	switch {
	case key.Matches(msg, m.keys.Retry) && b.err != nil:
		b.err = nil
		return m, b.startLoad(m.ctx, c, b.wanted, false)
	case key.Matches(msg, m.keys.Reload) && !b.static:
		nb := newBrowse(m.nextSeq(), b.crumb, b.query, b.size, b.lang, m.styles, m.keys)
		nb.meta = b.meta
		nb.grid.SetSize(m.width, m.contentH())
		b.stop()
		m.top().browse = nb
		return m, tea.Batch(nb.startLoad(m.ctx, c, 0, false), nb.countCmd(m.ctx, c))
	case key.Matches(msg, m.keys.NextPage):
		if b.static {
			return m, nil
		}
		if b.err != nil {
			b.err, b.wanted = nil, b.current // from a failed page: the one after the page shown
		}
		if b.last >= 0 && b.wanted >= b.last {
			cmd := m.status.Notify(m.now, "this is the last page", false)

			return m, cmd
		}
		b.wanted++
		b.err = nil
		if _, ok := b.pages[b.wanted]; ok {
			b.show(b.wanted)
			m.refreshSearch(b)
			return m, b.startLoad(m.ctx, c, b.wanted+1, true)
		}
		return m, b.startLoad(m.ctx, c, b.wanted, false)
	case key.Matches(msg, m.keys.PrevPage):
		if b.static || b.wanted == 0 {
			return m, nil
		}
		b.wanted--
		b.err = nil
		if _, ok := b.pages[b.wanted]; ok {
			b.show(b.wanted)
			m.refreshSearch(b)
			return m, nil
		}
		return m, b.startLoad(m.ctx, c, b.wanted, false)
	case key.Matches(msg, m.keys.Open):
		if b.err == nil {
			m.openRecord(b)
		}
		return m, nil
	}
	if cmd, ok := m.shapeKey(msg, b); ok {
		return m, cmd
	}
	if cmd, ok := m.gridAction(msg, b); ok {
		return m, cmd
	}
	var cmd tea.Cmd
	b.grid, cmd = b.grid.Update(msg)
	return m, cmd
}

func (m Model) recordKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	r := m.top().record
	if key.Matches(msg, m.keys.Open) {
		nav, ok := r.selectedNav()
		if !ok || r.row.ID == "" {
			return m, nil
		}
		if m.relCancel != nil {
			m.relCancel()
		}
		ctx, cancel := context.WithCancel(m.ctx)
		m.relSeq, m.relCancel = m.nextSeq(), cancel
		return m, loadRelatedCmd(ctx, m.opts.Client, r.row.ID, nav.name, m.relSeq)
	}
	r.update(msg)
	return m, nil
}

// refreshSearch re-marks the search's matches on a page just shown.
func (m *Model) refreshSearch(b *browseModel) {
	if m.search != nil {
		m.search.refresh(&b.grid)
	}
}
