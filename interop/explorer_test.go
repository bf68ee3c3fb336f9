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
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if um, ok := m.(ui.Model); ok {
			st := um.State()
			latest.Store(&st)
		}
		return msg
	}
	m := ui.New(ui.Options{Instance: srv.Origin, ClientID: srv.ClientID, PageSize: 50, Client: c, Auth: src, Context: runCtx})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithFilter(filter)))
	t.Cleanup(func() { _ = tm.Quit() })

	waitFor := func(what string, cond func(ui.State) bool) ui.State {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if st := latest.Load(); st != nil && cond(*st) {
				return *st
			}
			time.Sleep(20 * time.Millisecond)
		}
		st := latest.Load()
		t.Fatalf("waiting for %s: state %+v", what, st)
		return ui.State{}
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
