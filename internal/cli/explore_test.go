package cli

// The explorer on a fault server: each fault shows on the screen it
// strikes, the explorer keeps running, and r works once the fault is lifted.

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

// faultUI is the explorer on a fault server, with the state it last showed.
type faultUI struct {
	tm    *teatest.TestModel
	watch *stateWatch
}

func startFaultUI(t *testing.T, f *faultServer) *faultUI {
	t.Helper()
	s, _ := f.session(t)
	// No $metadata cache: the explorer's background load would outlive the
	// test's program and write into a directory being removed.
	s.Client.MetadataCache = nil
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	u := &faultUI{watch: newStateWatch()}
	m := ui.New(ui.Options{Instance: f.URL, ClientID: faultClientID, PageSize: 10, Client: s.Client, Auth: s.Auth, Context: ctx})
	u.tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithFilter(u.watch.filter)))
	t.Cleanup(func() { _ = u.tm.Quit() })
	return u
}

func (u *faultUI) waitFor(t *testing.T, what string, cond func(ui.State) bool) ui.State {
	t.Helper()
	return u.watch.waitFor(t, what, 10*time.Second, cond)
}

// stateWatch holds the explorer's latest state, stored by a program filter
// on every message, and wakes a waiter whenever it is stored.
type stateWatch struct {
	latest  atomic.Pointer[ui.State]
	changed chan struct{} // holds a token when a state was stored since the last look
}

func newStateWatch() *stateWatch { return &stateWatch{changed: make(chan struct{}, 1)} }

// filter is a tea.WithFilter function.
func (w *stateWatch) filter(m tea.Model, msg tea.Msg) tea.Msg {
	if um, ok := m.(ui.Model); ok {
		st := um.State()
		w.latest.Store(&st)
		select {
		case w.changed <- struct{}{}:
		default:
		}
	}
	return msg
}

// waitFor waits until cond holds for a stored state, failing t after
// timeout.
func (w *stateWatch) waitFor(t *testing.T, what string, timeout time.Duration, cond func(ui.State) bool) ui.State {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if st := w.latest.Load(); st != nil && cond(*st) {
			return *st
		}
		select {
		case <-w.changed:
		case <-deadline.C:
			if st := w.latest.Load(); st != nil {
				t.Fatalf("waiting for %s: state is %+v", what, *st)
			}
			t.Fatalf("waiting for %s: the explorer never reported its state", what)
			return ui.State{}
		}
	}
}

var (
	faultKeyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	faultKeyRetry = tea.KeyPressMsg{Code: 'r', Text: "r"}
)

// TestFaultExplorer shows each fault in the explorer: the screen shows the
// error, the explorer keeps running, and r works once the fault is lifted.
func TestFaultExplorer(t *testing.T) {
	faultEnv(t)
	cases := []struct {
		name   string
		screen string // where the fault strikes: "sets" or "browse"
		arm    func(f *faultServer)
		want   string
	}{
		{"token invalid_client", "sets", func(f *faultServer) {
			f.setToken(answer("", 401, `{"error":"invalid_client"}`))
		}, "rejected client 'fault.example/odx'"},
		{"token endpoint HTML", "sets", func(f *faultServer) {
			f.setToken(answer("", 200, "<html>maintenance</html>", "Content-Type", "text/html"))
		}, "returned an HTML page"},
		{"503 that never ends", "browse", func(f *faultServer) {
			f.setAPI(answer("/Items", 503, "", "Retry-After", "0"))
		}, "the service is unavailable (HTTP 503)"},
		{"401 on every request", "browse", func(f *faultServer) {
			f.setAPI(answer("/Items", 401, "", "WWW-Authenticate", `Bearer error="invalid_token"`))
		}, "rejected a fresh token"},
		{"ERP 500", "browse", func(f *faultServer) {
			f.setAPI(answer("/Items", 500, `{"message":"Deadlock victim.","code":1205,"info":"at STACKTRACE.Marker"}`))
		}, "the server failed (HTTP 500, code 1205): Deadlock victim"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFaultServer(t, 35)
			if tc.screen == "sets" {
				tc.arm(f)
			}
			u := startFaultUI(t, f)
			if tc.screen == "browse" {
				u.waitFor(t, "the set list", func(s ui.State) bool { return s.Screen == "sets" && s.Sets == 1 })
				tc.arm(f)
				u.tm.Send(faultKeyEnter)
			}
			st := u.waitFor(t, "the error", func(s ui.State) bool { return s.Screen == tc.screen && s.Err != "" })
			if !strings.Contains(st.Err, tc.want) || strings.Contains(st.Err, "STACKTRACE") {
				t.Errorf("error shown %q; want it to say %q and no stack trace", st.Err, tc.want)
			}
			f.setToken(nil)
			f.setAPI(nil)
			u.tm.Send(faultKeyRetry)
			if tc.screen == "sets" {
				u.waitFor(t, "the set list after r", func(s ui.State) bool { return s.Sets == 1 && s.Err == "" })
			} else {
				u.waitFor(t, "the first page after r", func(s ui.State) bool {
					return s.Screen == "browse" && s.Err == "" && s.RowTo == 10 && !s.Loading
				})
			}
		})
	}
}
