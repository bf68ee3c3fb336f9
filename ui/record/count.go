package record

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// Counting: the reverse entry under the cursor is counted ({Set}/$count
// with its filter), once, so that the record says how many entities point
// at it before the user opens them. Only the entry under the cursor is
// counted, and only while the record is on top: the client has one
// request slot, and a count must not hold up the grid it opens.

// countCursor starts counting the reverse entry under the cursor unless it
// is counted or being counted; a count of another entry is given up.
func (m *Model) countCursor() tea.Cmd {
	if m.blurred || m.env.Client == nil || m.cursor < 0 || m.cursor >= len(m.entries) {
		return nil
	}
	e := m.entries[m.cursor]
	if e.reverse == nil {
		return nil
	}
	if _, done := m.counts[e.name]; done || (m.cntStop != nil && m.cntName == e.name) {
		return nil
	}
	m.stopCount()
	m.cntSeq++
	ctx, cancel := context.WithCancel(m.env.Ctx)
	m.cntStop, m.cntName = cancel, e.name
	return screen.Tag(m.id, related.Count(ctx, m.env.Client, *e.reverse, e.name, m.cntSeq))
}

// stopCount cancels the count in flight.
func (m *Model) stopCount() {
	if m.cntStop != nil {
		m.cntStop()
		m.cntStop, m.cntName = nil, ""
	}
}

func (m *Model) onCounted(msg related.Counted) {
	if msg.Seq != m.cntSeq || m.cntStop == nil {
		return // superseded or cancelled
	}
	m.stopCount()
	if m.counts == nil {
		m.counts = map[string]int64{}
	}
	if msg.Err != nil {
		m.counts[msg.Name] = -1 // not asked again; the grid will say why
		return
	}
	m.counts[msg.Name] = msg.N
}

// countText is what the record says of the count of reverse entry e: ""
// before it is counted or when it cannot be.
func (m *Model) countText(e entry) string {
	if n, ok := m.counts[e.name]; ok {
		return related.CountText(n)
	}
	if m.cntStop != nil && m.cntName == e.name {
		return m.env.Spinner
	}
	return ""
}
