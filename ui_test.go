package main

// End-to-end tests of the explorer: the real program (teatest) against the
// embedded demo instance, driven by keys. They assert on the final model and
// the final view; to know when to press the next key they wait for a summary
// of the model (ui.State), taken by a program filter on every message.

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/ui"
)

func openCustomers(t *testing.T, e *e2e) {
	t.Helper()
	e.waitFor(t, "the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets > 0 })
	e.press(keyEnter) // Crm_Sales_Customers sorts first
	e.waitFor(t, "the first page", func(s ui.State) bool {
		return s.Screen == "browse" && s.RowTo == 50 && !s.Loading
	})
}

func TestExplorerBrowsesCustomers(t *testing.T) {
	e := startExplorer(t, demo.Options{}, 100, 30)
	openCustomers(t, e)
	e.press(keyN, keyN, keyN)
	st := e.waitFor(t, "page 4", func(s ui.State) bool { return s.Page == 4 && !s.Loading })
	if st.RowFrom != 151 || st.RowTo != 200 || st.Count != 2600 {
		t.Errorf("rows %d–%d of %d; want 151–200 of 2600", st.RowFrom, st.RowTo, st.Count)
	}
	if !strings.Contains(st.Status, "rows 151–200 of 2,600") || !strings.Contains(st.Status, "page 4/52") {
		t.Errorf("status %q; want it to say rows 151–200 of 2,600 and page 4/52", st.Status)
	}
	e.press(keyEnter)
	rec := e.waitFor(t, "a record", func(s ui.State) bool { return s.Screen == "record" })
	if len(rec.Breadcrumb) != 2 || rec.Breadcrumb[0] != "Crm_Sales_Customers" || rec.Record < 10 {
		t.Errorf("record breadcrumb %q with %d properties; want Crm_Sales_Customers › <number> and ≥ 10 properties", rec.Breadcrumb, rec.Record)
	}
	e.press(keyT)
	tok := e.waitFor(t, "the token view", func(s ui.State) bool { return s.Screen == "token" && len(s.Scopes) > 0 })
	if strings.Join(tok.Scopes, " ") != "read" {
		t.Errorf("scopes %q; want [read]", tok.Scopes)
	}
	e.press(keyEsc)
	e.waitFor(t, "back to the record", func(s ui.State) bool { return s.Screen == "record" })
	e.press(keyEsc)
	e.waitFor(t, "back to the grid", func(s ui.State) bool { return s.Screen == "browse" })
	final, view := e.finish(t)
	if final.Screen != "browse" || final.Page != 4 || final.RowFrom != 151 {
		t.Errorf("final state %+v; want the grid on page 4 from row 151", final)
	}
	if !strings.Contains(view, "rows 151–200 of 2,600") || !strings.Contains(view, "Crm_Sales_Customers") {
		t.Errorf("final view lacks the status line:\n%s", view)
	}
	if errs := e.shownErrors(); len(errs) > 0 {
		t.Errorf("errors were shown: %q", errs)
	}
}

func TestExplorerReauthenticatesInvisibly(t *testing.T) {
	e := startExplorer(t, demo.Options{TokenTTL: time.Second}, 100, 30)
	openCustomers(t, e)
	// Three times: let the token expire, then page n, n, p. The first n
	// shows the prefetched page and prefetches the next one with the expired
	// token's successor, fetched unseen.
	page := 1
	for round := 0; round < 3; round++ {
		e.waitTokenExpiry(t)
		for _, k := range []tea.KeyPressMsg{keyN, keyN, keyP} {
			e.press(k)
			if k == keyN {
				page++
			} else {
				page--
			}
			want := page
			e.waitFor(t, "the page to settle", func(s ui.State) bool { return s.Page == want && !s.Loading })
		}
	}
	final, _ := e.finish(t)
	if errs := e.shownErrors(); len(errs) > 0 {
		t.Errorf("with 1 s tokens the user saw errors: %q", errs)
	}
	if final.Fetched < 2 {
		t.Errorf("%d tokens fetched while paging across three expiries of 1 s tokens; want renewals", final.Fetched)
	}
	if final.Screen != "browse" || final.Page < 2 {
		t.Errorf("final state %+v; want the grid past page 1", final)
	}
}

func TestExplorerSurvivesRevocation(t *testing.T) {
	e := startExplorer(t, demo.Options{RevokeAfter: 3}, 100, 30)
	openCustomers(t, e)
	for i := 0; i < 6; i++ {
		e.press(keyN)
		want := i + 2
		e.waitFor(t, "the next page", func(s ui.State) bool { return s.Page == want && !s.Loading })
	}
	final, _ := e.finish(t)
	if errs := e.shownErrors(); len(errs) > 0 {
		t.Errorf("revoked tokens showed errors: %q", errs)
	}
	if final.Reauths == 0 {
		t.Errorf("re-authentications = 0; want > 0 after revocations")
	}
	if final.RowFrom != 301 {
		t.Errorf("final rows from %d; want 301", final.RowFrom)
	}
}

func TestExplorerDropsStaleReply(t *testing.T) {
	// Page 2 is reached by the server's next link ($skiptoken): the first
	// such request is held until the test lets it go or the client gives it
	// up, so that its reply can only come after page 3 is shown.
	var slow atomic.Int32
	arrived := make(chan struct{})  // the held request reached the server
	release := make(chan struct{})  // lets the held reply go
	finished := make(chan struct{}) // the held request's handler returned
	var once sync.Once
	let := func() { once.Do(func() { close(release) }) }
	hold := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !r.URL.Query().Has("$skiptoken") || slow.Add(1) != 1 {
				next.ServeHTTP(w, r)
				return
			}
			defer close(finished)
			close(arrived)
			select {
			case <-release:
				next.ServeHTTP(w, r) // the reply for page 2, late
			case <-r.Context().Done(): // the client gave the request up
			}
		})
	}
	e := startExplorerWith(t, demo.Options{}, hold, 100, 30)
	t.Cleanup(let) // before the server closes: it waits for its handlers
	openCustomers(t, e)
	wait(t, arrived, "the prefetch of page 2 to reach the server")
	e.press(keyN) // page 2: prefetched, held
	e.press(keyN) // page 3: supersedes page 2, loaded with $skip
	st := e.waitFor(t, "page 3", func(s ui.State) bool { return s.Page == 3 && !s.Loading })
	if st.RowFrom != 101 || st.RowTo != 150 {
		t.Errorf("rows %d–%d; want 101–150", st.RowFrom, st.RowTo)
	}
	let() // the reply for page 2 is sent now, if the client still waits for it
	wait(t, finished, "the request for page 2 to end at the server")
	e.waitExchangeDone(t, "skiptoken")
	// The stale reply reached the program before this key did: once the
	// cursor has moved, the explorer has handled (and dropped) the reply.
	e.press(keyDown)
	e.waitFor(t, "the cursor to move down", func(s ui.State) bool { return s.Cursor[0] == 1 })
	final, view := e.finish(t)
	if final.Page != 3 || final.RowFrom != 101 {
		t.Errorf("after the stale reply: page %d from row %d; want page 3 from 101", final.Page, final.RowFrom)
	}
	if slow.Load() == 0 {
		t.Errorf("the slow page was never requested; the test did not test a stale reply")
	}
	if !strings.Contains(view, "rows 101–150") {
		t.Errorf("final view does not show rows 101–150:\n%s", view)
	}
	if errs := e.shownErrors(); len(errs) > 0 {
		t.Errorf("the stale reply showed errors: %q", errs)
	}
}

// TestExplorerHostileStrings checks that the demo's hostile rows reach the
// terminal as visible text: no escape sequence from the server survives.
func TestExplorerHostileStrings(t *testing.T) {
	e := startExplorer(t, demo.Options{}, 120, 60)
	openCustomers(t, e)
	e.press(tea.KeyPressMsg{Code: tea.KeyRight}, tea.KeyPressMsg{Code: tea.KeyRight})
	_, _ = e.finish(t)
	out, err := io.ReadAll(e.tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b]0;pwned", "\x1b[HScreen", "\x1b[31mRed", "\x1b]52;", "\u202e", "\x1b]8;;https://example.invalid"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("terminal output contains the server's %q", bad)
		}
	}
	if !strings.Contains(string(out), "␛[2J") {
		t.Errorf("the hostile CSI should show as visible text ␛[2J")
	}
}

// TestExplorerShapesTheQuery filters with the editor (an `or`, which
// ERP.net lacks, is explained before it is sent; sent anyway, the server's
// refusal keeps the last good grid and shows beside the editor), sorts by a
// column and clears the filter again.
func TestExplorerShapesTheQuery(t *testing.T) {
	e := startExplorer(t, demo.Options{}, 120, 30)
	openCustomers(t, e)
	e.press(tea.KeyPressMsg{Code: 'f', Text: "f"})
	e.waitFor(t, "the filter editor", func(s ui.State) bool { return s.Modal })
	e.tm.Type("State eq 'Blocked' or State eq 'Active'")
	e.press(keyEnter)
	e.waitFor(t, "the warning", func(s ui.State) bool {
		return s.Modal && strings.Contains(s.EditorErr, "ERP.net has no or") && strings.Contains(s.EditorErr, "enter again sends it")
	})
	e.press(keyEnter)
	refused := e.waitFor(t, "the refusal", func(s ui.State) bool {
		return s.Modal && strings.Contains(s.EditorErr, "'or' is not supported")
	})
	if refused.Count != 2600 || strings.Contains(refused.Query, "$filter") {
		t.Errorf("after a refused filter: count %d, query %q; want the last good grid (2600 rows, no filter)", refused.Count, refused.Query)
	}
	for range len(" or State eq 'Active'") {
		e.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	e.press(keyEnter)
	filtered := e.waitFor(t, "the filtered grid", func(s ui.State) bool {
		return !s.Modal && strings.Contains(s.Query, "$filter=State eq 'Blocked'") && s.Count >= 0 && s.Count < 2600
	})
	if filtered.RowFrom != 1 {
		t.Errorf("filtered grid starts at row %d; want 1", filtered.RowFrom)
	}
	// Sort by Number (the only orderable column besides Id and dates).
	e.press(tea.KeyPressMsg{Code: tea.KeyRight}) // Id → Number
	e.press(tea.KeyPressMsg{Code: 's', Text: "s"})
	e.waitFor(t, "the sorted grid", func(s ui.State) bool { return strings.Contains(s.Query, "$orderby=Number") })
	e.press(tea.KeyPressMsg{Code: 'F', Text: "F"})
	cleared := e.waitFor(t, "the filter cleared", func(s ui.State) bool {
		return !strings.Contains(s.Query, "$filter") && s.Count == 2600
	})
	final, view := e.finish(t)
	if !strings.Contains(cleared.Query, "$orderby=Number") || final.RowFrom != 1 {
		t.Errorf("after clearing: query %q from row %d; want the sort kept and row 1", cleared.Query, final.RowFrom)
	}
	if !strings.Contains(view, "Number ▲") {
		t.Errorf("the sorted column should carry ▲ in the header:\n%s", view)
	}
}
