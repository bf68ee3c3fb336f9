package sets

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/screen"
)

// Counting: the set under the cursor is counted while the list is on top,
// one request at a time (ERP.net serves one request per session at a
// time), each on a context of its own so that opening a set, or a screen
// pushed over the list, gives the request slot up at once.

// count starts counting the set under the cursor, one set at a time, while
// the list is on top.
func (m *Model) count() tea.Cmd {
	if m.countStop != nil || !m.onTop || !m.loaded {
		return nil
	}
	name, ok := m.sets.needsCount()
	if !ok {
		return nil
	}
	m.countSeq++
	ctx, cancel := context.WithCancel(m.env.Ctx)
	m.counting, m.countStop = name, cancel
	return screen.Tag(m.id, countSetCmd(ctx, m.env.Client, name, m.countSeq))
}

// stopCount gives up the count in flight; the set is counted again when
// it is selected and the list is on top.
func (m *Model) stopCount() {
	if m.countStop == nil {
		return
	}
	m.countStop()
	m.sets.unmark(m.counting)
	m.countStop, m.counting = nil, ""
}

// onCount records a count and starts the next one; the reply of a count
// given up is dropped.
func (m *Model) onCount(msg setCountMsg) tea.Cmd {
	if msg.seq != m.countSeq || m.countStop == nil {
		return nil // given up (the set was opened, the list covered)
	}
	m.countStop()
	m.countStop, m.counting = nil, ""
	m.sets.setCount(msg.name, msg.count, msg.err)
	return m.count()
}
