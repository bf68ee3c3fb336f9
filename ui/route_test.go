package ui

// Tests of the root's routing with fake screens and dialogs: replies go to
// the screen that asked or nowhere, navigation messages push and pop, keys
// go to the dialog, a capturing screen or the top screen, the keys that
// work everywhere are read from the top screen's live key map.

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/screen"
)

// fakeScreen records what it is given; it posts what the test queues.
type fakeScreen struct {
	env       *screen.Env
	id        int
	name      string
	keys      screen.KeyMap
	capturing bool
	got       []tea.Msg
	post      []tea.Msg // posted on the next Update
	closed    bool
	w, h      int
}

func newFake(env *screen.Env, name string) *fakeScreen {
	return &fakeScreen{env: env, id: env.NewID(), name: name, keys: env.Keys}
}

func (f *fakeScreen) ID() int        { return f.id }
func (f *fakeScreen) Init() tea.Cmd  { return nil }
func (f *fakeScreen) View() string   { return "fake " + f.name }
func (f *fakeScreen) Status() string { return f.name }
func (f *fakeScreen) SetSize(w, h int) {
	f.w, f.h = w, h
}
func (f *fakeScreen) KeyMap() screen.KeyMap { return f.keys }
func (f *fakeScreen) Help() help.KeyMap {
	return screen.HelpKeys{Short: []key.Binding{f.keys.Open, f.keys.Help}}
}
func (f *fakeScreen) Capturing() bool      { return f.capturing }
func (f *fakeScreen) Fill(s *screen.State) { s.Screen = f.name }
func (f *fakeScreen) Close()               { f.closed = true }
func (f *fakeScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	f.got = append(f.got, msg)
	for _, p := range f.post {
		f.env.Post(p)
	}
	f.post = nil
	return f, nil
}

// gotText lists the messages a fake got, for failure messages.
func (f *fakeScreen) gotText() string {
	var out []string
	for _, m := range f.got {
		out = append(out, fmt.Sprintf("%T", m))
	}
	return strings.Join(out, " ")
}

// has reports whether the fake got a message like want (compared with ==).
func (f *fakeScreen) has(want tea.Msg) bool {
	for _, m := range f.got {
		if fmt.Sprintf("%#v", m) == fmt.Sprintf("%#v", want) {
			return true
		}
	}
	return false
}

// fakeDialog records keys and posts what the test queues.
type fakeDialog struct {
	env  *screen.Env
	kind string
	got  []tea.Msg
	post []tea.Msg
}

func (d *fakeDialog) Update(msg tea.Msg) (screen.Dialog, tea.Cmd) {
	d.got = append(d.got, msg)
	for _, p := range d.post {
		d.env.Post(p)
	}
	d.post = nil
	return d, nil
}
func (d *fakeDialog) View(body string, w, h int) string { return "dialog over " + body }
func (d *fakeDialog) Help() help.KeyMap {
	return screen.HelpKeys{Short: []key.Binding{d.env.Keys.Accept}}
}
func (d *fakeDialog) Kind() string { return d.kind }

// withFakes is a root whose stack is the given fakes (bottom first).
func withFakes(t *testing.T, names ...string) (Model, []*fakeScreen) {
	t.Helper()
	m := newTestModel(testOpts())
	var fakes []*fakeScreen
	m.stack = nil
	for _, n := range names {
		f := newFake(m.env, n)
		fakes = append(fakes, f)
		m.stack = append(m.stack, f)
	}
	return m, fakes
}

func TestReplyGoesToTheScreenThatAsked(t *testing.T) {
	m, f := withFakes(t, "sets", "grid", "record")
	type reply struct{ n int }
	m, _ = send(m, screen.Reply{To: f[1].ID(), Msg: reply{1}})
	if !f[1].has(reply{1}) || f[2].has(reply{1}) || f[0].has(reply{1}) {
		t.Errorf("a reply to the grid under the record: grid got %q, record %q; want the grid only", f[1].gotText(), f[2].gotText())
	}
	m, _ = send(m, screen.Reply{To: 999, Msg: reply{2}})
	for _, s := range f {
		if s.has(reply{2}) {
			t.Errorf("a reply to a screen that is gone reached %s; want it dropped", s.name)
		}
	}
	_ = m
}

func TestBackPopsAndFocuses(t *testing.T) {
	m, f := withFakes(t, "sets", "grid")
	f[1].post = []tea.Msg{screen.Back{}}
	m, _ = press(m, "x")
	if len(m.stack) != 1 || !f[1].closed || !f[0].has(screen.Focus{}) {
		t.Errorf("after Back: %d screens, grid closed %v, sets got %q; want 1, true, Focus", len(m.stack), f[1].closed, f[0].gotText())
	}
	// The first screen is never popped.
	f[0].post = []tea.Msg{screen.Back{}}
	if m, _ = press(m, "x"); len(m.stack) != 1 {
		t.Errorf("Back on the first screen left %d screens; want 1", len(m.stack))
	}
}

func TestPushBlursTheScreenUnder(t *testing.T) {
	m, f := withFakes(t, "sets", "grid")
	m, _ = press(m, first(m.env.Keys.Token))
	if got := m.State().Screen; got != "token" {
		t.Fatalf("t on a grid: screen %q; want token", got)
	}
	if !f[1].has(screen.Blur{}) {
		t.Errorf("the grid under the token view got %q; want Blur", f[1].gotText())
	}
	if w, h := m.width, m.bodyH(); w != 80 || h != 21 {
		t.Errorf("body %d×%d; want 80×21", w, h)
	}
}

func TestDialogGetsKeysAndItsActionsGoToItsOwner(t *testing.T) {
	m, f := withFakes(t, "sets", "grid")
	type chosen struct{ v string }
	d := &fakeDialog{env: m.env, kind: "columns"}
	f[1].post = []tea.Msg{screen.OpenDialog{Dialog: d}}
	m, _ = press(m, "x")
	if m.dialog == nil || !m.State().Modal {
		t.Fatalf("OpenDialog: no dialog open")
	}
	d.post = []tea.Msg{chosen{"a"}, screen.CloseDialog{Kind: "filter"}}
	m, _ = press(m, first(m.env.Keys.Token)) // t is typed into the dialog
	if len(d.got) != 1 || m.State().Screen != "grid" {
		t.Errorf("t with a dialog open: dialog got %d keys, screen %q; want the key in the dialog", len(d.got), m.State().Screen)
	}
	if !f[1].has(chosen{"a"}) {
		t.Errorf("the dialog's action did not reach the grid that opened it: %q", f[1].gotText())
	}
	if m.dialog == nil {
		t.Errorf("CloseDialog{filter} closed a columns dialog")
	}
	if got := ansiStripLine(m.helpLine(80)); !strings.Contains(got, "apply") {
		t.Errorf("help line with a dialog open: %q; want the dialog's keys", got)
	}
	d.post = []tea.Msg{screen.CloseDialog{}}
	if m, _ = press(m, "esc"); m.dialog != nil {
		t.Errorf("CloseDialog{}: the dialog stays open")
	}
}

func TestGlobalKeysFollowTheTopScreensKeyMap(t *testing.T) {
	m, f := withFakes(t, "sets", "token")
	f[1].keys.Token.SetEnabled(false) // the token view disables t
	m, _ = press(m, first(m.env.Keys.Token))
	if len(m.stack) != 2 || len(f[1].got) != 1 {
		t.Errorf("t on a screen that disables it: %d screens, screen got %d keys; want the key given to the screen", len(m.stack), len(f[1].got))
	}
	// A capturing screen types every key, q and ? included.
	f[1].capturing = true
	m, cmd := press(m, "q", "?")
	if quits(cmd) || m.showHelp || len(f[1].got) != 3 {
		t.Errorf("q and ? while capturing: quit %v, help %v, keys typed %d; want both typed", quits(cmd), m.showHelp, len(f[1].got))
	}
}

func TestEscCancelsTheExportOnlyOnItsGrid(t *testing.T) {
	m, f := withFakes(t, "sets", "grid", "record")
	stopped := false
	m.export.running, m.export.stop, m.exportFrom = true, func() { stopped = true }, f[1].ID()
	m, _ = press(m, "esc")
	if stopped || !f[2].has(kp("esc")) {
		t.Errorf("esc on the record: export running %v, record got %q; want the export kept, esc to the record", m.export.active(), f[2].gotText())
	}
	m.stack = m.stack[:2]
	m, _ = press(m, "esc")
	if !stopped || !m.export.halting || f[1].has(kp("esc")) {
		t.Errorf("esc on the grid that started the export: stopped %v, halting %v; want it cancelled, the key not given to the grid", stopped, m.export.halting)
	}
}

func TestKeycastNamesTheKeyOfTheTopScreen(t *testing.T) {
	m, f := withFakes(t, "sets", "grid")
	m, _ = press(m, first(m.env.Keys.Present))
	f[1].keys.Filter.SetEnabled(false) // on a grid, / is the page search
	m, _ = press(m, "/")
	if got := m.cast[len(m.cast)-1]; got != "/ search page" {
		t.Errorf("key-cast of / on a grid: %q; want \"/ search page\"", got)
	}
	f[1].capturing = true // typed into a text input: no name
	m, _ = press(m, "s")
	if got := m.cast[len(m.cast)-1]; got != "s" {
		t.Errorf("key-cast of s typed into a search line: %q; want \"s\"", got)
	}
	m.stack = m.stack[:1]
	m.stack[0].(*fakeScreen).keys.Search.SetEnabled(false)
	m, _ = press(m, "/")
	if got := m.cast[len(m.cast)-1]; got != "/ filter" {
		t.Errorf("key-cast of / on the set list: %q; want \"/ filter\"", got)
	}
}

func TestPresentRestylesEveryScreen(t *testing.T) {
	m, f := withFakes(t, "sets", "grid", "record")
	m, _ = press(m, first(m.env.Keys.Present))
	for _, s := range f {
		if !s.has(screen.StylesChanged{}) {
			t.Errorf("P: %s got %q; want StylesChanged", s.name, s.gotText())
		}
	}
	if !m.env.Present {
		t.Errorf("P: presenter mode off")
	}
}

func TestSetNamesReachesEveryScreen(t *testing.T) {
	m, f := withFakes(t, "sets", "grid", "record")
	f[2].post = []tea.Msg{screen.SetNames{On: true}}
	m, _ = press(m, "x")
	if !m.env.Names || m.State().Notice != "technical names (T: labels)" {
		t.Errorf("SetNames{On}: Env.Names %v, notice %q; want technical names, said so", m.env.Names, m.State().Notice)
	}
	for _, s := range f {
		if !s.has(screen.NamesChanged{}) {
			t.Errorf("%s got %q; want NamesChanged", s.name, s.gotText())
		}
	}
}
