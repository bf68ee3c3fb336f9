package record

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

const testSet = "Crm_Sales_SalesOrders"

// testEnv is the Env of a session with client c (nil: nothing is
// reached); notices go to status.
func testEnv(c *odata.Client, status *screen.Status) *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(status)
	env.Ctx = context.Background()
	env.Client = c
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)
	env.Spinner = "⠋"
	env.Profile, env.Instance = "acme", "https://acme.my.erp.net"
	env.Language, env.PageSize = "EN", 50
	return env
}

// testRow decodes one entity as the client would.
func testRow(t testing.TB, s string) odata.Row {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		t.Fatal(err)
	}
	return odata.RowOf(obj)
}

// orderJSON is a sales order as ERP.net sends it (with the Id the grid
// fills in from @odata.id): multi-language text, an amount, a reference.
const orderJSON = `{"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000001)","DocumentNo":"SO-2024-0001",
  "Id":"0a1b2c3d-0000-4000-8000-000000000001",
  "DocumentDate":"2024-01-31T00:00:00Z","Customer":{"@odata.id":"Crm_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"},
  "Description":{"EN":"Apples","BG":"Ябълки"},"Amount":{"Value":"1234.5","Currency":"EUR"},"Notes":"plain"}`

// press sends key presses and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(kp(k))
	}
	return cmd
}

// reply runs cmd, a command of m, and returns the message it carries.
func reply(t *testing.T, m *Model, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("got no command; want the related load")
	}
	r, ok := cmd().(screen.Reply)
	if !ok || r.To != m.ID() {
		t.Fatalf("got reply %#v; want a screen.Reply to %d", r, m.ID())
	}
	return r.Msg
}

// posted is the types of what was posted since the last drain, and the
// messages.
func posted(env *screen.Env) (string, []tea.Msg) {
	msgs := env.Drain()
	var names []string
	for _, msg := range msgs {
		names = append(names, fmt.Sprintf("%T", msg))
	}
	return strings.Join(names, " "), msgs
}

// at moves the cursor of m to the entry named name.
func at(t *testing.T, m *Model, name string) {
	t.Helper()
	for i, e := range m.entries {
		if e.name == name {
			m.cursor = i
			return
		}
	}
	t.Fatalf("no entry %s in the record", name)
}

func TestEnterOnAPropertyDoesNothing(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	if cmd := press(m, "enter"); cmd != nil || m.relStop != nil {
		t.Errorf("enter on %s: a load started; want nothing", m.entries[0].name)
	}
}

func TestCursorKeys(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	m.SetSize(80, 7) // 6 lines below the breadcrumb
	last := len(m.entries) - 1
	tests := []struct {
		keys []string
		want int
	}{
		{[]string{"down"}, 1},
		{[]string{"down", "down", "up"}, 1},
		{[]string{"G"}, last},
		{[]string{"G", "g"}, 0},
		{[]string{"ctrl+d"}, 3},
		{[]string{"up"}, 0},
		{[]string{"G", "down"}, last},
	}
	for _, tt := range tests {
		m.cursor, m.offset = 0, 0
		for _, k := range tt.keys {
			if k == "ctrl+d" {
				m.Update(tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl})
				continue
			}
			press(m, k)
		}
		if m.cursor != tt.want {
			t.Errorf("keys %q: got cursor %d; want %d", tt.keys, m.cursor, tt.want)
		}
	}
	if got, want := m.Status(), fmt.Sprintf("%s · property %d of %d", testSet, last+1, last+1); got != want {
		t.Errorf("got status %q; want %q", got, want)
	}
}

func TestMetadataOrdersEntries(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	at(t, m, "Notes")
	env.Meta = testMeta(t)
	m.Update(screen.MetadataLoaded{})
	if got := entryNames(m.entries); got != "Id Notes DocumentNo Amount Description DocumentDate Customer Lines" {
		t.Errorf("got entries %q after $metadata; want its order, the rest by name, navigation last", got)
	}
	if m.entries[m.cursor].name != "Notes" {
		t.Errorf("got the cursor on %s; want it kept on Notes", m.entries[m.cursor].name)
	}

	// A row without @odata.id or a name is titled by its key once $metadata
	// tells which properties make it.
	env.Meta = nil
	m = New(env, testSet, odata.Row{Values: map[string]any{"Id": "42", "Notes": "n"}}, []string{testSet})
	if got := strings.Join(m.crumb, " › "); got != testSet+" › " {
		t.Fatalf("got crumb %q without $metadata; want an empty title", got)
	}
	env.Meta = testMeta(t)
	m.Update(screen.MetadataLoaded{})
	if got := strings.Join(m.crumb, " › "); got != testSet+" › 42" {
		t.Errorf("got crumb %q after $metadata; want the key as the title", got)
	}
}

func TestKeysAndState(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	k := m.KeyMap()
	for _, b := range []struct {
		name string
		on   bool
		got  bool
	}{
		{"quit", false, k.Quit.Enabled()}, {"go to", true, k.GoTo.Enabled()}, {"history", true, k.History.Enabled()},
		{"open", true, k.Open.Enabled()}, {"back", true, k.Back.Enabled()}, {"token", true, k.Token.Enabled()},
		{"log", true, k.Log.Enabled()}, {"retry", false, k.Retry.Enabled()}, {"filter", false, k.Filter.Enabled()},
	} {
		if b.got != b.on {
			t.Errorf("%s enabled %v; want %v", b.name, b.got, b.on)
		}
	}
	var short []string
	for _, b := range m.Help().ShortHelp() {
		short = append(short, b.Help().Desc)
	}
	if got := strings.Join(short, ", "); got != "up, down, open, token, back/cancel, help" {
		t.Errorf("got short help %q; want up, down, open, token, back/cancel, help", got)
	}
	var st screen.State
	m.Fill(&st)
	if st.Screen != "record" || strings.Join(st.Breadcrumb, " › ") != testSet+" › SO-2024-0001" || st.Record != 7 {
		t.Errorf("got state %+v; want record, crumb %s › SO-2024-0001, 7 entries", st, testSet)
	}
}

func TestCopyFieldAndRecord(t *testing.T) {
	st := &screen.Status{}
	env := testEnv(nil, st)
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	at(t, m, "Description")
	cmd := press(m, "y")
	if cmd == nil || st.Text != "copied Description (6 chars)" {
		t.Errorf("y on Description: command %v, notice %q; want the text copied, notice \"copied Description (6 chars)\"", cmd != nil, st.Text)
	}
	if cmd = press(m, "Y"); cmd == nil || !strings.HasPrefix(st.Text, "copied record as JSON (") {
		t.Errorf("Y: command %v, notice %q; want the record copied as JSON", cmd != nil, st.Text)
	}
	if k := m.KeyMap(); !k.GoTo.Enabled() || !k.CopyCell.Enabled() || !k.CopyRow.Enabled() {
		t.Errorf("on a record: go to %v, y %v, Y %v; want all enabled", k.GoTo.Enabled(), k.CopyCell.Enabled(), k.CopyRow.Enabled())
	}
}

// TestLabelsKey: the record names fields by their labels, T switches to
// the names and back with a notice, the status line names the field under
// the cursor while its label is shown; T is off where nothing has a label.
func TestLabelsKey(t *testing.T) {
	status := &screen.Status{}
	m := timesheet(t, status)
	press(m, "down", "down")
	if !m.keys.Labels.Enabled() {
		t.Fatal("T is off on a record with labels")
	}
	steps := []struct {
		key, line, status, notice string
	}{
		{"", "› Company Code", timesheetSet + " · CompanyCode · property 3 of 11", ""},
		{"T", "› CompanyCode", timesheetSet + " · property 3 of 11", "technical names (T: labels)"},
		{"T", "› Company Code", timesheetSet + " · CompanyCode · property 3 of 11", "labels from $metadata (T: technical names)"},
		{"up", "› Person Work Agreement Ext…", timesheetSet + " · PersonWorkAgreementExternalID · property 2 of 11", ""},
		{"up", "› TimeSheetDataFields", timesheetSet + " · property 1 of 11", ""}, // no label
	}
	for _, s := range steps {
		status.Text = ""
		switch s.key {
		case "":
		case "T":
			pressT(m)
		default:
			press(m, s.key)
		}
		if view := ansi.Strip(m.View()); !strings.Contains(view, s.line) {
			t.Errorf("after %q: no line %q in\n%s", s.key, s.line, view)
		}
		if got := m.Status(); got != s.status {
			t.Errorf("after %q: status %q; want %q", s.key, got, s.status)
		}
		if status.Text != s.notice {
			t.Errorf("after %q: notice %q; want %q", s.key, status.Text, s.notice)
		}
	}
	if h := m.Help().FullHelp(); !strings.Contains(fmt.Sprint(h), "labels/technical names") {
		t.Errorf("help does not show T on a record with labels")
	}

	plain := New(testEnv(nil, &screen.Status{}), testSet, testRow(t, orderJSON), []string{testSet})
	if plain.keys.Labels.Enabled() {
		t.Error("T is on for a record without labels")
	}
}

// pressT presses T and does what the root does with the SetNames it posts:
// the session's choice changes, a notice says so, every screen hears
// NamesChanged.
func pressT(m *Model) {
	m.Update(kp("T"))
	for _, msg := range m.env.Drain() {
		if s, ok := msg.(screen.SetNames); ok {
			m.env.Names = s.On
			if s.On {
				m.env.Notice("technical names (T: labels)", false)
			} else {
				m.env.Notice("labels from $metadata (T: technical names)", false)
			}
			m.Update(screen.NamesChanged{})
		}
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
