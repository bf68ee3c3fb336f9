//go:build interop

package interop

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/odx-dev/odx/ui"
)

// TestExplorerPagesThroughCAP drives the explorer (teatest) against CAP: open
// the customers and page forward with n; CAP pages by $top and $skip here
// (the explorer's page size is below CAP's), and the row numbers must follow.
func TestExplorerPagesThroughCAP(t *testing.T) {
	c, src := newClient(t)
	c.PageSize = 50
	runCtx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var latest atomic.Pointer[ui.State]
	changed := make(chan struct{}, 1) // holds a token when a state was stored since the last look
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if um, ok := m.(ui.Model); ok {
			st := um.State()
			latest.Store(&st)
			select {
			case changed <- struct{}{}:
			default:
			}
		}
		return msg
	}
	m := ui.New(ui.Options{Instance: srv.Origin, ClientID: srv.ClientID, PageSize: 50, Client: c, Auth: src, Context: runCtx})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithFilter(filter)))
	t.Cleanup(func() { _ = tm.Quit() })

	// waitFor waits until cond holds for the explorer's state, woken by the
	// filter each time it stores one.
	waitFor := func(what string, cond func(ui.State) bool) ui.State {
		t.Helper()
		deadline := time.NewTimer(20 * time.Second)
		defer deadline.Stop()
		for {
			if st := latest.Load(); st != nil && cond(*st) {
				return *st
			}
			select {
			case <-changed:
			case <-deadline.C:
				t.Fatalf("waiting for %s: state %+v", what, latest.Load())
				return ui.State{}
			}
		}
	}
	waitFor("the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets == 2 })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // Crm_Sales_Customers comes first
	st := waitFor("the first page", func(s ui.State) bool { return s.Screen == "browse" && s.Page == 1 && !s.Loading && s.RowTo > 0 })
	if st.Err != "" || st.RowFrom != 1 || st.RowTo != 50 {
		t.Errorf("first page rows %d–%d, error %q; want 1–50", st.RowFrom, st.RowTo, st.Err)
	}
	for page := 2; page <= 4; page++ {
		tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
		st = waitFor("the next page", func(s ui.State) bool { return s.Page == page && !s.Loading })
		if st.Err != "" || st.RowFrom != (page-1)*50+1 || st.RowTo != page*50 {
			t.Errorf("page %d rows %d–%d, error %q; want %d–%d", page, st.RowFrom, st.RowTo, st.Err, (page-1)*50+1, page*50)
		}
	}
	if st.Count != customers && st.Count != -1 {
		t.Errorf("count = %d; want %d or unknown", st.Count, customers)
	}
}
