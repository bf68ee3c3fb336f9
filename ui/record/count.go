package record

import (
	"context"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// Counting: the reverse entry under the cursor is counted ({Set}/$count
// with its filter), once, so that the record says how many entities point
// at it before the user opens them. Only the entry under the cursor is
// counted, and only while the record is on top: the client has one
// request slot, and a count must not hold up the grid it opens.

// countedMsg is the count of the entities of a reverse entry.
type countedMsg struct {
	seq  int
	name string // the entry's name
	n    int64
	err  error
}

// countCmd counts the entities q matches.
func countCmd(ctx context.Context, c *odata.Client, q odata.Query, name string, seq int) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, q)
		return countedMsg{seq: seq, name: name, n: n, err: err}
	}
}

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
	return screen.Tag(m.id, countCmd(ctx, m.env.Client, *e.reverse, e.name, m.cntSeq))
}

// stopCount cancels the count in flight.
func (m *Model) stopCount() {
	if m.cntStop != nil {
		m.cntStop()
		m.cntStop, m.cntName = nil, ""
	}
}

func (m *Model) onCounted(msg countedMsg) {
	if msg.seq != m.cntSeq || m.cntStop == nil {
		return // superseded or cancelled
	}
	m.stopCount()
	if m.counts == nil {
		m.counts = map[string]int64{}
	}
	if msg.err != nil {
		m.counts[msg.name] = -1 // not asked again; the grid will say why
		return
	}
	m.counts[msg.name] = msg.n
}

// countText is what the record says of the count of reverse entry e: ""
// before it is counted or when it cannot be.
func (m *Model) countText(e entry) string {
	if n, ok := m.counts[e.name]; ok {
		if n < 0 {
			return ""
		}
		if n == 1 {
			return "1 row"
		}
		return termtext.GroupThousands(strconv.FormatInt(n, 10)) + " rows"
	}
	if m.cntStop != nil && m.cntName == e.name {
		return m.env.Spinner
	}
	return ""
}
