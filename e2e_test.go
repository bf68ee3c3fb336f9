package main

// The harness of the end-to-end tests (ui_test.go): the explorer as
// internal/cli builds it, run by teatest against the embedded demo
// instance, and waits on what it shows, on its token and on its request log.

import (
	"context"
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
	// Like --demo: a demo instance is new every time, its $metadata is not
	// kept (and no background write outlives the test).
	s.Client.MetadataCache = nil
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
	e.tm = teatest.NewTestModel(t, cli.NewExplorer(ctx, s, cli.ExploreOptions{}),
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
