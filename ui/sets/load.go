package sets

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
)

// Commands capture values only (context, client, set name, sequence
// numbers); they never read or change the model.

// setsLoadedMsg is the service document's entity sets.
type setsLoadedMsg struct {
	seq  int
	sets []odata.Resource
	err  error
}

// setCountMsg is the row count of one set.
type setCountMsg struct {
	seq   int
	name  string
	count int64
	err   error
}

// loadSetsCmd authenticates (one token request) and reads the service
// document (JSON or XML), so that the first screen never waits for
// $metadata; only a service without a usable one is listed from $metadata.
func loadSetsCmd(ctx context.Context, c *odata.Client, src *auth.Source, seq int) tea.Cmd {
	return func() tea.Msg {
		if src != nil {
			if _, err := src.Token(ctx); err != nil {
				return setsLoadedMsg{seq: seq, err: err}
			}
		}
		sets, err := c.Resources(ctx)
		return setsLoadedMsg{seq: seq, sets: sets, err: err}
	}
}

// countSetCmd counts one set's rows.
func countSetCmd(ctx context.Context, c *odata.Client, name string, seq int) tea.Cmd {
	return func() tea.Msg {
		n, err := c.Count(ctx, odata.Query{Set: name})
		return setCountMsg{seq: seq, name: name, count: n, err: err}
	}
}
