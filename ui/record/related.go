package record

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Related records: enter on a navigation property reads what it leads to
// on a context of its own (esc cancels it), and the rows go to the root in
// screen.OpenRows.

// relatedLoadedMsg is what a navigation property leads to: one entity or
// a collection.
type relatedLoadedMsg struct {
	seq  int
	nav  string // the navigation property it came through
	rows []odata.Row
	err  error
}

// loadRelatedCmd reads what navigation property nav of row leads to.
func loadRelatedCmd(ctx context.Context, c *odata.Client, set string, row odata.Row, nav string, meta *odata.Model, seq int) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.LoadRelated(ctx, set, row, nav, meta)
		return relatedLoadedMsg{seq: seq, nav: nav, rows: rows, err: err}
	}
}

// open starts reading what the navigation property under the cursor leads
// to; a load in flight is given up.
func (m *Model) open() tea.Cmd {
	if m.cursor < 0 || m.cursor >= len(m.entries) {
		return nil
	}
	if e := m.entries[m.cursor]; e.reverse != nil {
		m.stop()
		m.openReverse(e)
		return nil
	}
	if !m.entries[m.cursor].nav {
		return nil
	}
	nav := m.entries[m.cursor].name
	m.stop()
	m.relSeq++
	ctx, cancel := context.WithCancel(m.env.Ctx)
	m.relStop = cancel
	return screen.Tag(m.id, loadRelatedCmd(ctx, m.env.Client, m.set, m.row, nav, m.env.Meta, m.relSeq))
}

// stop cancels the related load in flight.
func (m *Model) stop() {
	if m.relStop != nil {
		m.relStop()
		m.relStop = nil
	}
}

func (m *Model) onRelated(msg relatedLoadedMsg) {
	if msg.seq != m.relSeq || m.relStop == nil {
		return // superseded or cancelled
	}
	m.stop() // release the finished request's context
	if msg.err != nil {
		m.env.NoticeErr(msg.err)
		return
	}
	m.env.Post(screen.OpenRows{
		Set:   relatedSet(m.env.Meta, m.set, msg.nav),
		Rows:  msg.rows,
		Crumb: append(slices.Clone(m.crumb), msg.nav),
	})
}

// relatedSet names the entity set a navigation property leads to, for the
// $metadata lookups of the related grid.
func relatedSet(meta *odata.Model, set, nav string) string {
	if meta != nil {
		if t, ok := meta.NavigationTarget(screen.SetName(set), nav); ok {
			return t.Name
		}
	}
	return nav
}
