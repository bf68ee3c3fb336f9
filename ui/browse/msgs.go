package browse

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
)

// Replies of the grid's commands (tagged with the screen's id by
// screen.Tag). Each carries the generation of the result that asked, and
// page replies the load number, so superseded replies are dropped.

// pageLoadedMsg is one logical page (size rows, filled by following next
// links when the server caps its pages) of a result's query.
type pageLoadedMsg struct {
	seq      int // result generation (query identity)
	load     int // load number, for dropping superseded loads
	index    int // page number, from 0
	page     *odata.Page
	tail     *odata.Page // the last server page, for the next FillPage
	err      error
	prefetch bool
}

// countLoadedMsg is the total of a result's query.
type countLoadedMsg struct {
	seq   int
	count int64
	err   error
}

// prefsSavedMsg reports the state file write (layouts and history).
type prefsSavedMsg struct{ err error }

// countCmd counts the rows of a query, once per query.
func countCmd(ctx context.Context, c *odata.Client, q odata.Query, seq int) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, q)
		return countLoadedMsg{seq: seq, count: n, err: err}
	}
}
