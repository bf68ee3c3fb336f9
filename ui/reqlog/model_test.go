package reqlog

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/httplog"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// testEnv is the Env of a session, dark styles, not presenting.
func testEnv() *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(&screen.Status{})
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = time.Date(2026, 11, 26, 9, 15, 0, 0, time.UTC)
	return env
}

// press gives m the keys.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		m.Update(kp(k))
	}
}

// logServer is a test server whose exchanges go through a fresh log.
func logServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *httplog.Log, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	l := httplog.New(10)
	return srv, l, &http.Client{Transport: l.Wrap(srv.Client().Transport)}
}

// bodyOf is a deterministic body of n bytes.
func bodyOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcdefghijklmnopqrstuvwxyz0123456789\n"[i%37]
	}
	return b
}

// TestRequestLogConcurrent runs requests, reads and a pane's refreshes at
// once (meant for -race).
func TestRequestLogConcurrent(t *testing.T) {
	srv, _, _ := logServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bodyOf(2000)) })
	l := httplog.New(64)
	hc := &http.Client{Transport: l.Wrap(srv.Client().Transport)}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		m := New(testEnv(), l)
		for {
			select {
			case <-stop:
				return
			default:
				m.Update(screen.Tick{})
				_ = m.View()
			}
		}
	}()
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				resp, err := hc.Get(fmt.Sprintf("%s/g%d/%d", srv.URL, g, i))
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-done
	es := l.Entries()
	if len(es) != 64 {
		t.Fatalf("got %d entries; want 64", len(es))
	}
	for _, e := range es {
		if e.Bytes != 2000 || len(e.Body) != 1024 || !e.Done {
			t.Errorf("entry %s: %d bytes, %d kept, done %v; want 2000, 1024, done", e.URL, e.Bytes, len(e.Body), e.Done)
		}
	}
}

// TestLogPaneKeys: the cursor moves and follows new entries (taken on a
// tick or on focus); esc leaves the details, and on the list it asks the
// root to go back.
func TestLogPaneKeys(t *testing.T) {
	srv, l, hc := logServer(t, func(w http.ResponseWriter, r *http.Request) {})
	get := func(p string) {
		resp, err := hc.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, p := range []string{"/a", "/b", "/c"} {
		get(p)
	}
	env := testEnv()
	m := New(env, l)
	at := func() string { return strings.TrimPrefix(m.entries[m.cursor].URL, srv.URL) }
	if at() != "/c" {
		t.Errorf("cursor on %s; want the newest, /c", at())
	}
	get("/d")
	if at() != "/c" {
		t.Errorf("before a tick the cursor is on %s; want /c still", at())
	}
	m.Update(screen.Tick{Now: env.Now})
	if at() != "/d" {
		t.Errorf("after a new request and a tick the cursor is on %s; want it to follow to /d", at())
	}
	press(m, "g")
	get("/e")
	m.Update(screen.Focus{})
	if at() != "/a" || len(m.entries) != 5 {
		t.Errorf("after focus: cursor on %s, %d entries; want it to stay on /a, 5 entries", at(), len(m.entries))
	}
	press(m, "j")
	if at() != "/b" {
		t.Errorf("after j the cursor is on %s; want /b", at())
	}
	m.SetSize(80, 4) // two list rows
	press(m, "pgdown")
	if at() != "/d" {
		t.Errorf("after pgdown on a two-row pane the cursor is on %s; want /d", at())
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "/c") || !strings.Contains(v, "/d") || strings.Contains(v, "/b") {
		t.Errorf("two-row pane shows\n%s\nwant /c and /d", v)
	}
	press(m, "G")
	if at() != "/e" {
		t.Errorf("after G the cursor is on %s; want /e", at())
	}
	press(m, "enter")
	if !m.detail || m.KeyMap().Open.Enabled() {
		t.Errorf("after enter: details %v, open enabled %v; want the details, open disabled", m.detail, m.KeyMap().Open.Enabled())
	}
	press(m, "esc")
	if m.detail {
		t.Error("esc in the details did not return to the list")
	}
	if got := env.Drain(); len(got) != 0 {
		t.Errorf("esc in the details posted %v; want nothing", got)
	}
	press(m, "esc")
	if got := env.Drain(); len(got) != 1 || got[0] != (screen.Back{}) {
		t.Errorf("esc on the list posted %v; want screen.Back", got)
	}
	before := *m
	press(m, "x")
	if m.cursor != before.cursor || m.detail != before.detail || len(env.Drain()) != 0 {
		t.Error("an unknown key did something")
	}
}

// TestLogPaneKeyMap: the pane enables what works on it, help lists the
// old groups.
func TestLogPaneKeyMap(t *testing.T) {
	empty := New(testEnv(), httplog.New(4))
	if empty.KeyMap().Open.Enabled() {
		t.Error("open is enabled on an empty log")
	}
	l := httplog.New(4)
	l.Add(httplog.Entry{Time: time.Now(), Method: "GET", URL: "http://h.example/x", Status: 200, Done: true})
	m := New(testEnv(), l)
	k := m.KeyMap()
	for _, tt := range []struct {
		name    string
		got, on bool
	}{
		{"log", k.Log.Enabled(), false}, {"go to", k.GoTo.Enabled(), false}, {"history", k.History.Enabled(), false},
		{"quit", k.Quit.Enabled(), false}, {"new token", k.NewToken.Enabled(), false}, {"reload", k.Reload.Enabled(), false},
		{"open", k.Open.Enabled(), true}, {"token", k.Token.Enabled(), true}, {"present", k.Present.Enabled(), true},
		{"help", k.Help.Enabled(), true}, {"back", k.Back.Enabled(), true}, {"ctrl+c", k.ForceQuit.Enabled(), true},
		{"next page", k.NextPage.Enabled(), true}, {"bottom", k.ScrollEnd.Enabled(), true},
	} {
		if tt.got != tt.on {
			t.Errorf("%s enabled: got %v; want %v", tt.name, tt.got, tt.on)
		}
	}
	var names []string
	for _, g := range m.Help().FullHelp() {
		for _, b := range g {
			names = append(names, b.Help().Desc)
		}
	}
	want := "open up down top bottom token presenter mode help back/cancel quit now"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("full help: got %q; want %q", got, want)
	}
	var s screen.State
	m.Fill(&s)
	if s.Screen != "log" || m.Status() != "request log" || m.Capturing() || m.Init() != nil {
		t.Errorf("got screen %q, status %q, capturing %v; want log, request log, false, and nothing started", s.Screen, m.Status(), m.Capturing())
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
