package sets

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/internal/uitest"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// testSets is an ERP.net-like service document: grouped names, one without
// a group, one with a title, and a function import (listed, marked, not
// counted).
var testSets = []odata.Resource{
	{Name: "Crm_Sales_SalesOrders", Kind: odata.KindEntitySet},
	{Name: "Crm_Customers", Kind: odata.KindEntitySet},
	{Name: "Crm_Sales_SalesOrderLines", Kind: odata.KindEntitySet},
	{Name: "General_Products_Products", Kind: odata.KindEntitySet, Title: "Products"},
	{Name: "General_Contacts_Persons", Kind: odata.KindEntitySet},
	{Name: "Logistics_Inventory_StoreTransactions", Kind: odata.KindEntitySet},
	{Name: "Currencies", Kind: odata.KindEntitySet},
	{Name: "GetCurrentUser", Kind: odata.KindFunctionImport},
}

// testError is an error of the client's kind: one sentence, cause and next step.
type testError string

func (e testError) Error() string { return string(e) }

var errNotFound error = testError(`the server answered 404 Not Found: "Resource not found." Check the entity set name.`)

// testEnv is the Env of a session with client c (nil: nothing is reached)
// and no token source.
func testEnv(c *odata.Client) *screen.Env {
	st := styles.New(true)
	env := screen.NewEnv(&screen.Status{})
	env.Ctx = context.Background()
	env.Client = c
	env.Styles = &st
	env.Keys = screen.DefaultKeyMap()
	env.Now = time.Date(2026, 11, 18, 10, 30, 0, 0, time.UTC)
	env.Spinner = "⠋"
	env.Profile, env.Instance, env.ClientID = "acme", "https://acme.my.erp.net", "acme.my.erp.net/odx"
	env.Language, env.PageSize = "EN", 50
	return env
}

// loaded is the set list of testSets at 80×21 (the body of an 80×24
// terminal), the first set's count in flight; the posts so far are
// drained.
func loaded(t *testing.T, env *screen.Env) *Model {
	t.Helper()
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init() // not run: the tests deliver the reply
	m.Update(setsLoadedMsg{seq: m.seq, sets: testSets})
	if m.sets.total != 7 {
		t.Fatalf("got %d sets listed; want 7", m.sets.total)
	}
	env.Drain()
	return m
}

// press sends key presses and returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(kp(k))
	}
	return cmd
}

// firstReply runs cmd and the commands of the batches it returns, each on
// a goroutine of its own as Bubble Tea would, and returns the message of
// the first screen.Reply to the screen id. Other messages (the filter
// input's blinks) are ignored; the test fails when no reply comes in ten
// seconds.
func firstReply(t *testing.T, id int, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("got no command; want one")
	}
	ch := make(chan screen.Reply, 1)
	var walk func(c tea.Cmd)
	walk = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				go walk(c)
			}
		case screen.Reply:
			select {
			case ch <- msg:
			default:
			}
		}
	}
	go walk(cmd)
	select {
	case r := <-ch:
		if r.To != id {
			t.Fatalf("got a reply to screen %d; want one to %d", r.To, id)
		}
		return r.Msg
	case <-time.After(10 * time.Second):
		t.Fatal("got no reply in 10s; want one")
		return nil
	}
}

// deliver runs cmd and gives its first reply to m, returning m's command.
func deliver(t *testing.T, m *Model, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	_, next := m.Update(firstReply(t, m.ID(), cmd))
	return next
}

// typeText types s into the filter, giving the list each match.
func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		deliver(t, m, press(m, string(r)))
	}
}

// posted is the types of what m posted since the last drain, and the
// messages.
func posted(env *screen.Env) (string, []tea.Msg) {
	msgs := env.Drain()
	var names []string
	for _, msg := range msgs {
		names = append(names, fmt.Sprintf("%T", msg))
	}
	return strings.Join(names, " "), msgs
}

func TestEnterOpensTheSet(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		set   string
		count int64
	}{
		{"counted already", nil, "Crm_Customers", 12345},
		{"not counted", []string{"down"}, "Crm_Sales_SalesOrderLines", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv(nil)
			m := loaded(t, env)
			m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 12345})
			press(m, tt.keys...)
			env.Drain()
			press(m, "enter")
			types, msgs := posted(env)
			if types != "screen.OpenQuery" {
				t.Fatalf("enter posted %q; want screen.OpenQuery", types)
			}
			got := msgs[0].(screen.OpenQuery)
			want := screen.OpenQuery{Query: odata.Query{Set: tt.set}, Count: tt.count, Layout: true}
			if got.Query.Set != want.Query.Set || got.Count != want.Count || !got.Layout {
				t.Errorf("got %+v; want %+v", got, want)
			}
			if m.counting != "" {
				t.Errorf("counting %q after enter; want the count stopped", m.counting)
			}
		})
	}
}

func TestEscClearsFilter(t *testing.T) {
	env := testEnv(nil)
	m := loaded(t, env)
	if press(m, "esc"); m.sets.list.IsFiltered() || len(env.Drain()) != 0 {
		t.Fatalf("esc unfiltered: want nothing done, nothing posted")
	}
	press(m, "/")
	if !m.Capturing() {
		t.Fatal("got Capturing false after /; want the filter to have the keyboard")
	}
	typeText(t, m, "crm")
	press(m, "enter")
	if m.Capturing() || !m.sets.list.IsFiltered() || len(m.sets.list.VisibleItems()) != 3 {
		t.Fatalf("after crm, enter: capturing %v, filtered %v, %d shown; want the filter applied, 3 sets",
			m.Capturing(), m.sets.list.IsFiltered(), len(m.sets.list.VisibleItems()))
	}
	if !m.KeyMap().Back.Enabled() {
		t.Errorf("Back disabled with a filter applied; want it enabled")
	}
	press(m, "esc")
	if m.sets.list.IsFiltered() || len(m.sets.list.VisibleItems()) != 8 {
		t.Errorf("esc: filtered %v, %d shown; want the filter gone, 7 sets and a function", m.sets.list.IsFiltered(), len(m.sets.list.VisibleItems()))
	}
	if types, _ := posted(env); types != "" {
		t.Errorf("esc posted %q; want nothing (the first screen never goes back)", types)
	}
	if m.KeyMap().Back.Enabled() {
		t.Errorf("Back enabled without a filter; want it disabled")
	}
}

func TestFilterTakesEveryKey(t *testing.T) {
	env := testEnv(nil)
	m := loaded(t, env)
	press(m, "/")
	for _, k := range []string{"q", "t", "?", "r"} {
		press(m, k)
		if !m.Capturing() || m.KeyMap().Quit.Enabled() || m.KeyMap().Token.Enabled() {
			t.Errorf("%q typed: capturing %v, quit enabled %v, token enabled %v; want the filter to keep the keyboard",
				k, m.Capturing(), m.KeyMap().Quit.Enabled(), m.KeyMap().Token.Enabled())
		}
	}
	if got := m.sets.list.FilterValue(); got != "qt?r" {
		t.Errorf("got filter %q; want qt?r", got)
	}
	// Typing a name filters the list; enter accepts, enter opens.
	m.sets.list.ResetFilter()
	press(m, "/")
	typeText(t, m, "inv")
	press(m, "enter", "enter")
	types, msgs := posted(env)
	if types != "screen.OpenQuery" || msgs[0].(screen.OpenQuery).Query.Set != "Logistics_Inventory_StoreTransactions" {
		t.Errorf("filter inv, enter, enter: posted %q %+v; want OpenQuery of Logistics_Inventory_StoreTransactions", types, msgs)
	}
}

func TestStatusShowsMetadataLoading(t *testing.T) {
	env := testEnv(nil)
	m := loaded(t, env)
	steps := []struct {
		msg  tea.Msg
		want string
	}{
		{nil, "Crm_Customers · ⠋ loading $metadata"},
		{screen.MetadataLoaded{}, "Crm_Customers"}, // loaded, or failed (Meta still nil)
	}
	for _, s := range steps {
		if s.msg != nil {
			m.Update(s.msg)
		}
		if got := m.Status(); got != s.want {
			t.Errorf("after %T: status %q; want %q", s.msg, got, s.want)
		}
	}
	// With $metadata there already, nothing is loading.
	env.Meta = &odata.Model{}
	if got := loaded(t, env).Status(); got != "Crm_Customers" {
		t.Errorf("got status %q with $metadata known; want Crm_Customers", got)
	}
}

func TestKeysFollowState(t *testing.T) {
	type on struct{ quit, back, retry, goTo, history, token, open bool }
	enabled := func(m *Model) on {
		k := m.KeyMap()
		return on{k.Quit.Enabled(), k.Back.Enabled(), k.Retry.Enabled(), k.GoTo.Enabled(), k.History.Enabled(), k.Token.Enabled(), k.Open.Enabled()}
	}
	env := testEnv(nil)
	m := loaded(t, env)
	if got, want := enabled(m), (on{quit: true, goTo: true, history: true, token: true, open: true}); got != want {
		t.Errorf("listed: %+v; want %+v", got, want)
	}
	if k := m.KeyMap(); k.NextPage.Enabled() || k.NewToken.Enabled() || k.Search.Enabled() {
		t.Errorf("grid and token keys enabled on the set list; want them disabled (key-cast names r retry, / filter)")
	}
	press(m, "/")
	if got, want := enabled(m), (on{back: true}); got != want {
		t.Errorf("typing a filter: %+v; want %+v", got, want)
	}
	failed := New(env)
	_ = failed.Init()
	failed.Update(setsLoadedMsg{seq: failed.seq, err: errNotFound})
	if got, want := enabled(failed), (on{quit: true, retry: true, goTo: true, history: true, token: true, open: true}); got != want {
		t.Errorf("failed: %+v; want %+v", got, want)
	}
	var short []string
	for _, b := range failed.Help().ShortHelp() {
		short = append(short, b.Help().Key)
	}
	if got := strings.Join(short, " "); got != "enter / t ? q r" {
		t.Errorf("got short help %q; want %q", got, "enter / t ? q r")
	}
	if got := len(failed.Help().FullHelp()); got != 3 {
		t.Errorf("got %d help groups; want 3 (open, move, global)", got)
	}
}

func TestStylesChanged(t *testing.T) {
	env := testEnv(nil)
	m := loaded(t, env)
	*env.Styles = styles.Present(*env.Styles, true)
	m.Update(screen.StylesChanged{})
	if got, want := m.sets.list.Styles.Title.Render("T"), env.Styles.Title.Render("T"); got != want {
		t.Errorf("got title %q after the styles changed; want %q", got, want)
	}
}

func TestCloseCancelsEverything(t *testing.T) {
	env := testEnv(nil)
	live := testctx.New(t)
	env.Ctx = live
	m := New(env)
	_ = m.Init()
	m.Close()
	if got := live.Count(); got != 0 {
		t.Errorf("got %d requests live after Close during the load; want 0", got)
	}
	m = loaded(t, env)
	m.Close()
	if got := live.Count(); got != 0 {
		t.Errorf("got %d requests live after Close during a count; want 0", got)
	}
}

// kp is a key press by name (uitest.Key).
var kp = uitest.Key
