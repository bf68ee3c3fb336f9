package token

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// The view prints local times: the tests read them in UTC.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// fixedNow is the clock of the tests that do not talk to a server.
var fixedNow = time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)

// testEnv is the Env of a session with src (nil: no token source).
func testEnv(src *auth.Source) *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(&screen.Status{})
	env.Ctx = context.Background()
	env.Auth = src
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = fixedNow
	env.Spinner = "⣾"
	env.Profile, env.Instance, env.ClientID = "acme", "https://acme.my.erp.net", "acme.my.erp.net/odx"
	return env
}

// demoSource is a token source for a demo instance whose token clock runs
// at real time plus *skew.
func demoSource(t *testing.T, skew *atomic.Int64) *auth.Source {
	t.Helper()
	srv := demo.NewServer(demo.Options{Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	t.Cleanup(srv.Close)
	return auth.NewSource(auth.Config{
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		TokenURL: srv.URL + "/id/connect/token", Scopes: []string{"read"},
		ServiceURL: srv.URL + "/api/domain/odata/",
	})
}

// reply runs cmd, a command of m, and returns the message it carries.
func reply(t *testing.T, m *Model, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("got no command; want an inspection")
	}
	r, ok := cmd().(screen.Reply)
	if !ok || r.To != m.ID() {
		t.Fatalf("got reply %#v; want a screen.Reply to %d", r, m.ID())
	}
	return r.Msg
}

// deliver runs cmd and gives its reply to m.
func deliver(t *testing.T, m *Model, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	_, next := m.Update(reply(t, m, cmd))
	return next
}

func press(m *Model, k tea.KeyPressMsg) tea.Cmd {
	_, cmd := m.Update(k)
	return cmd
}

// last6 is what the masked token shows of tok.
func last6(tok string) string { return tok[len(tok)-6:] }

func TestNewTokenShowsIt(t *testing.T) {
	var skew atomic.Int64
	src := demoSource(t, &skew)
	env := testEnv(src)
	m := New(env)
	m.SetSize(200, 50)
	deliver(t, m, m.Init())
	tok1, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env.Now = time.Now()
	if v := ansi.Strip(m.View()); !strings.Contains(v, "…"+last6(tok1.AccessToken)) || !strings.Contains(v, "tokens fetched      1") {
		t.Fatalf("view:\n%s\nwant the token …%s, 1 fetched", v, last6(tok1.AccessToken))
	}
	cmd := press(m, kp("r"))
	if !m.loading || !strings.Contains(ansi.Strip(m.View()), "⣾ asking the identity provider…") {
		t.Errorf("after r: loading %v, view\n%s\nwant the spinner", m.loading, ansi.Strip(m.View()))
	}
	deliver(t, m, cmd)
	tok2, _ := src.Token(context.Background())
	if tok2.AccessToken == tok1.AccessToken {
		t.Fatal("r did not fetch a new token")
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "…"+last6(tok2.AccessToken)) || !strings.Contains(v, "tokens fetched      2") {
		t.Errorf("view:\n%s\nwant the new token …%s, 2 fetched", v, last6(tok2.AccessToken))
	}
	if m.loading || m.cancel != nil {
		t.Errorf("after the reply: loading %v, context kept %v; want neither", m.loading, m.cancel != nil)
	}
}

func TestStaleInspectionDropped(t *testing.T) {
	m := New(testEnv(nil))
	first := m.Init()
	second := press(m, kp("r"))
	old := reply(t, m, first).(infoMsg)
	old.err, old.info = nil, auth.Info{Token: "…OLDOLD", Kind: auth.KindOpaque}
	m.Update(old)
	if m.have || !m.loading {
		t.Errorf("after the first inspection's reply: have %v, loading %v; want it dropped", m.have, m.loading)
	}
	deliver(t, m, second)
	if m.loading || m.err == nil {
		t.Errorf("after the second reply: loading %v, err %v; want its error shown", m.loading, m.err)
	}
	var s screen.State
	m.Fill(&s)
	if s.Screen != "token" || s.Err != "this connection has no token source" {
		t.Errorf("got state %q, error %q; want token, no token source", s.Screen, s.Err)
	}
}

// TestTickFollowsRenewal: a token renewed behind the view is inspected
// again on the next tick; an unchanged one is not.
func TestTickFollowsRenewal(t *testing.T) {
	var skew atomic.Int64
	src := demoSource(t, &skew)
	m := New(testEnv(src))
	m.SetSize(200, 50)
	deliver(t, m, m.Init())
	if _, cmd := m.Update(screen.Tick{Now: time.Now()}); cmd != nil {
		t.Fatal("a tick with the same token started an inspection")
	}
	skew.Add(int64(5 * time.Second)) // the new token's exp is later
	tok, err := src.Refresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(screen.Tick{Now: time.Now()})
	if cmd == nil {
		t.Fatal("the tick after a renewal started no inspection")
	}
	deliver(t, m, cmd)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "…"+last6(tok.AccessToken)) {
		t.Errorf("view:\n%s\nwant the renewed token …%s", v, last6(tok.AccessToken))
	}
}

// TestCloseCancelsInspection: Close ends the wait for a token endpoint
// that does not answer.
func TestCloseCancelsInspection(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	src := auth.NewSource(auth.Config{ClientID: "c", ClientSecret: "s", TokenURL: srv.URL + "/token"})
	m := New(testEnv(src))
	cmd := m.Init()
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	m.Close()
	select {
	case msg := <-got:
		r, _ := msg.(screen.Reply)
		if im, ok := r.Msg.(infoMsg); !ok || !errors.Is(im.err, context.Canceled) {
			t.Errorf("got %#v; want an inspection cancelled", r.Msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the inspection did not end after Close")
	}
}

func TestKeys(t *testing.T) {
	env := testEnv(nil)
	m := New(env)
	m.SetSize(80, 10)
	m.Update(m.Init()().(screen.Reply).Msg)
	m.info, m.have = infoWithClaims(), true
	press(m, kp("down"))
	if m.offset != 1 {
		t.Errorf("after down: offset %d; want 1", m.offset)
	}
	press(m, kp("pgdown"))
	if m.offset != 6 {
		t.Errorf("after pgdown: offset %d; want 6 (half of 10 more)", m.offset)
	}
	press(m, kp("esc"))
	if got := env.Drain(); len(got) != 1 || got[0] != (screen.Back{}) {
		t.Errorf("esc posted %v; want screen.Back", got)
	}
	k := m.KeyMap()
	for _, tt := range []struct {
		name string
		on   bool
		got  bool
	}{
		{"token", false, k.Token.Enabled()}, {"go to", false, k.GoTo.Enabled()}, {"history", false, k.History.Enabled()},
		{"quit", false, k.Quit.Enabled()}, {"retry", false, k.Retry.Enabled()}, {"open", false, k.Open.Enabled()},
		{"new token", true, k.NewToken.Enabled()}, {"log", true, k.Log.Enabled()}, {"present", true, k.Present.Enabled()},
		{"help", true, k.Help.Enabled()}, {"back", true, k.Back.Enabled()}, {"ctrl+c", true, k.ForceQuit.Enabled()},
	} {
		if tt.got != tt.on {
			t.Errorf("%s enabled: got %v; want %v", tt.name, tt.got, tt.on)
		}
	}
	if m.Capturing() || m.Status() != "token" {
		t.Errorf("got capturing %v, status %q; want false, token", m.Capturing(), m.Status())
	}
	var names []string
	for _, g := range m.Help().FullHelp() {
		for _, b := range g {
			names = append(names, b.Help().Desc)
		}
	}
	want := "new token up down half page up half page down request log presenter mode help back/cancel quit now"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("full help: got %q; want %q", got, want)
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
