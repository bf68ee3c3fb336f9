package record

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// Related records: enter on a navigation property reads what it leads to
// on a context of its own (esc cancels it), and the rows go to the root in
// screen.OpenRows (related.Loaded.Open).

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
	return screen.Tag(m.id, related.Load(ctx, m.env.Client, m.set, m.row, nav, m.env.Meta, m.relSeq))
}

// stop cancels the related load in flight.
func (m *Model) stop() {
	if m.relStop != nil {
		m.relStop()
		m.relStop = nil
	}
}

func (m *Model) onRelated(msg related.Loaded) {
	if msg.Seq != m.relSeq || m.relStop == nil {
		return // superseded or cancelled
	}
	m.stop() // release the finished request's context
	if msg.Err != nil {
		m.env.NoticeErr(msg.Err)
		return
	}
	m.env.Post(msg.Open(m.env.Meta, m.set, m.crumb))
}
