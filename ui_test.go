package main

// End-to-end tests of the explorer: the real program (teatest) against the
// embedded demo instance, driven by keys. They assert on the final model and
// the final view; to know when to press the next key they wait for a summary
// of the model (ui.State), taken by a program filter on every message.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/cli"
	"github.com/odx-dev/odx/internal/config"
	"github.com/odx-dev/odx/ui"
)

// e2e is a running explorer, its session and the demo instance behind it.
type e2e struct {
	tm      *teatest.TestModel
	sess    *cli.Session
	latest  atomic.Pointer[ui.State]
	changed chan struct{} // holds a token when a state was stored since the last look

	mu     sync.Mutex
	errors []string // every error the user was shown
}

func startExplorer(t *testing.T, opts demo.Options, w, h int) *e2e {
	t.Helper()
	return startExplorerWith(t, opts, nil, w, h)
}

// startExplorerWith serves the demo instance through wrap (nil: as it is)
// and opens the explorer on it.
func startExplorerWith(t *testing.T, opts demo.Options, wrap func(http.Handler) http.Handler, w, h int) *e2e {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the state file goes here, not in the user's config
	t.Setenv("XDG_CACHE_HOME", t.TempDir())  // and cached $metadata here
	inst := demo.New(opts)
	handler := inst.Handler()
	if wrap != nil {
		handler = wrap(handler)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	st, err := config.New(srv.URL, inst.ClientID(), inst.ClientSecret())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := cli.NewSession(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	e := &e2e{sess: s, changed: make(chan struct{}, 1)}
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if um, ok := m.(ui.Model); ok {
			st := um.State()
			e.latest.Store(&st)
			if st.Err != "" {
				e.mu.Lock()
				e.errors = append(e.errors, st.Err)
				e.mu.Unlock()
			}
			select {
			case e.changed <- struct{}{}:
			default:
			}
		}
		return msg
	}
	e.tm = teatest.NewTestModel(t, cli.NewExplorer(ctx, s, false),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithFilter(filter)))
	t.Cleanup(func() { _ = e.tm.Quit() })
	return e
}

// waitFor waits until cond holds for the explorer's state, woken by the
// program filter each time it stores one.
func (e *e2e) waitFor(t *testing.T, what string, cond func(ui.State) bool) ui.State {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		if st := e.latest.Load(); st != nil && cond(*st) {
			return *st
		}
		select {
		case <-e.changed:
		case <-deadline.C:
			st := e.latest.Load()
			if st == nil {
				t.Fatalf("waiting for %s: the explorer never reported its state", what)
			}
			t.Fatalf("waiting for %s: state is %+v", what, *st)
			return ui.State{}
		}
	}
}

// waitTokenExpiry waits until the token the explorer holds has expired, so
// that its next request must fetch a new one.
func (e *e2e) waitTokenExpiry(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		exp, ok := e.sess.Auth.Expiry()
		if !ok || !time.Now().Before(exp) {
			return
		}
		if exp.After(deadline) {
			t.Fatalf("the token expires at %s; want it to expire within 20 s", exp.Format(time.TimeOnly))
		}
		<-time.After(time.Until(exp)) // the instant it expires; then look again
	}
}

// wait waits for c to be closed, failing t after 20 s.
func wait(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(20 * time.Second):
		t.Fatalf("waiting for %s: it did not happen in 20 s", what)
	}
}

func (e *e2e) press(keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		e.tm.Send(k)
	}
}

var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyEsc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyN     = tea.KeyPressMsg{Code: 'n', Text: "n"}
	keyP     = tea.KeyPressMsg{Code: 'p', Text: "p"}
	keyT     = tea.KeyPressMsg{Code: 't', Text: "t"}
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyCtrlC = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
)

// finish quits and returns the final model's state and its last view.
func (e *e2e) finish(t *testing.T) (ui.State, string) {
	t.Helper()
	e.press(keyCtrlC)
	fm := e.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	m, ok := fm.(ui.Model)
	if !ok {
		t.Fatalf("final model is %T; want ui.Model", fm)
	}
	return m.State(), ansi.Strip(m.View().Content)
}

func (e *e2e) shownErrors() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.errors...)
}

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

// waitExchangeDone waits until the request log shows the first exchange
// whose URL contains part as ended on the client's side (its body read or
// closed, or the request failed or was given up).
func (e *e2e) waitExchangeDone(t *testing.T, part string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, en := range e.sess.RequestLog.Entries() {
			if strings.Contains(en.URL, part) {
				if en.Done {
					return
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for the exchange of %s to end: the request log has %d entries", part, len(e.sess.RequestLog.Entries()))
		}
		<-time.After(10 * time.Millisecond) // poll the log
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

// TestExplorerShapesTheQuery filters with the editor (a refused `or` keeps
// the last good grid and shows the server's error beside the editor), sorts
// by a column and clears the filter again.
func TestExplorerShapesTheQuery(t *testing.T) {
	e := startExplorer(t, demo.Options{}, 120, 30)
	openCustomers(t, e)
	e.press(tea.KeyPressMsg{Code: 'f', Text: "f"})
	e.waitFor(t, "the filter editor", func(s ui.State) bool { return s.Modal })
	e.tm.Type("State eq 'Blocked' or State eq 'Active'")
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
