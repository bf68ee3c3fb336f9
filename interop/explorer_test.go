//go:build interop

package interop

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/odx-dev/odx/ui"
)

// explorer runs the explorer (teatest) against CAP at 120×40 with page size
// 50; waitFor waits until cond holds for the explorer's state, woken each
// time the program stores one.
func explorer(t *testing.T) (tm *teatest.TestModel, waitFor func(what string, cond func(ui.State) bool) ui.State) {
	t.Helper()
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
	tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithFilter(filter)))
	t.Cleanup(func() { _ = tm.Quit() })
	waitFor = func(what string, cond func(ui.State) bool) ui.State {
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
	return tm, waitFor
}

// TestExplorerPagesThroughCAP: open the customers and page forward with n;
// CAP pages by $top and $skip here (the explorer's page size is below
// CAP's), and the row numbers must follow.
func TestExplorerPagesThroughCAP(t *testing.T) {
	tm, waitFor := explorer(t)
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

// TestExplorerOpensNavigationOnCAP: CAP sends no @odata.id (minimal
// metadata), so the path of a customer's Orders comes from its key in
// $metadata: open the first customer (ordered by Number), move to its
// Orders entry (after its 7 properties) and open it — the grid shows that
// customer's orders, every one of them (data.mjs gives customer 1 the
// orders 1, 51, …, 551).
func TestExplorerOpensNavigationOnCAP(t *testing.T) {
	tm, waitFor := explorer(t)
	waitFor("the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets == 2 && s.Metadata })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // Crm_Sales_Customers comes first
	waitFor("the first page", func(s ui.State) bool { return s.Screen == "browse" && !s.Loading && s.RowTo > 0 })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	st := waitFor("the record", func(s ui.State) bool { return s.Screen == "record" })
	if got := st.Breadcrumb[len(st.Breadcrumb)-1]; got != customerNumber(1) && !strings.Contains(got, customerID(1)[:8]) {
		t.Fatalf("record of %q; want the first customer, %s", got, customerNumber(1))
	}
	for range 7 {
		tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	waitFor("the Orders entry", func(s ui.State) bool { return strings.Contains(s.Status, "property 8 of") })
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	st = waitFor("the customer's orders", func(s ui.State) bool { return s.Screen == "browse" && len(s.Breadcrumb) > 2 && !s.Loading })
	want := 0
	for i := 1; i <= orders; i++ {
		if (i-1)%50 == 0 {
			want++
		}
	}
	if st.Err != "" || st.RowTo-st.RowFrom+1 != want || st.Breadcrumb[len(st.Breadcrumb)-1] != "Orders" {
		t.Errorf("Orders of the first customer: %v, rows %d–%d, error %q; want %d rows under …› Orders", st.Breadcrumb, st.RowFrom, st.RowTo, st.Err, want)
	}
	t.Logf("first customer → its Orders: %v, %d rows", st.Breadcrumb, st.RowTo-st.RowFrom+1)
}
