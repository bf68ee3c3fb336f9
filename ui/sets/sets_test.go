package sets

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// testSets is an ERP.net-like service document: grouped names, one without
// a group, one with a title, and a function import that is not listed.
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

// kp is a key press: a key name ("enter", "esc", "down", …) or one
// character.
func kp(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
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

// liveCtx is a parent context that counts the children derived from it
// with context.WithCancel and not yet cancelled: the requests in flight.
type liveCtx struct {
	context.Context // cancellable, so that Done is not nil
	live            atomic.Int64
}

func newLiveCtx(t testing.TB) *liveCtx {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &liveCtx{Context: ctx}
}

// Value hides the embedded context from context.WithCancel, which would
// otherwise register its children there directly.
func (c *liveCtx) Value(any) any { return nil }

// AfterFunc is what context.WithCancel uses to hook a child to a parent
// that is not one of its own; the returned stop runs when the child ends.
func (c *liveCtx) AfterFunc(f func()) func() bool {
	c.live.Add(1)
	stop := context.AfterFunc(c.Context, f)
	var once sync.Once
	return func() bool {
		once.Do(func() { c.live.Add(-1) })
		return stop()
	}
}

func TestCountsOneSetAtATime(t *testing.T) {
	env := testEnv(nil)
	live := newLiveCtx(t)
	env.Ctx = live
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init()
	_, cmd := m.Update(setsLoadedMsg{seq: m.seq, sets: testSets})
	if cmd == nil || m.counting != "Crm_Customers" || live.live.Load() != 1 {
		t.Fatalf("after the sets: counting %q, %d requests live; want Crm_Customers counted, 1 live", m.counting, live.live.Load())
	}
	seq := m.countSeq
	if cmd := press(m, "down"); m.countSeq != seq || m.counting != "Crm_Customers" || cmd != nil {
		t.Errorf("down while a count runs: counting %q (seq %d → %d), command %v; want no second count",
			m.counting, seq, m.countSeq, cmd != nil)
	}
	// The count of the set passed over is kept; the selected one is next.
	_, cmd = m.Update(setCountMsg{seq: seq, name: "Crm_Customers", count: 12345})
	if got := m.sets.counts["Crm_Customers"]; got != "12,345" {
		t.Errorf("got count %q for Crm_Customers; want 12,345", got)
	}
	if cmd == nil || m.counting != "Crm_Sales_SalesOrderLines" || m.countSeq != seq+1 || live.live.Load() != 1 {
		t.Errorf("after the reply: counting %q (seq %d), %d live; want Crm_Sales_SalesOrderLines next, seq %d, 1 live",
			m.counting, m.countSeq, live.live.Load(), seq+1)
	}
	// A failed count shows "?" and is not asked again.
	_, cmd = m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Sales_SalesOrderLines", err: errNotFound})
	if got := m.sets.counts["Crm_Sales_SalesOrderLines"]; got != "?" || cmd != nil || m.counting != "" {
		t.Errorf("after a failed count: %q, counting %q, command %v; want ?, nothing more", got, m.counting, cmd != nil)
	}
	if got := live.live.Load(); got != 0 {
		t.Errorf("got %d requests live after the counts; want 0", got)
	}
}

func TestStaleCountDropped(t *testing.T) {
	env := testEnv(nil)
	live := newLiveCtx(t)
	env.Ctx = live
	m := loaded(t, env)
	old := m.countSeq
	press(m, "enter") // opens Crm_Customers: its count gives up its request
	if live.live.Load() != 0 || m.counting != "" {
		t.Fatalf("after enter: %d live, counting %q; want the count cancelled", live.live.Load(), m.counting)
	}
	if _, ok := m.sets.counts["Crm_Customers"]; ok {
		t.Errorf("got a count mark %q for the set given up; want none, so that it is counted again", m.sets.counts["Crm_Customers"])
	}
	// The cancelled request's reply is dropped.
	if _, cmd := m.Update(setCountMsg{seq: old, name: "Crm_Customers", err: context.Canceled}); cmd != nil || m.sets.counts["Crm_Customers"] != "" {
		t.Errorf("the cancelled reply: command %v, count %q; want it dropped", cmd != nil, m.sets.counts["Crm_Customers"])
	}
	// Back on top, the set is counted again; a late reply of the old
	// request (it answered before the cancel reached it) is dropped too.
	if _, cmd := m.Update(screen.Focus{}); cmd == nil || m.counting != "Crm_Customers" || m.countSeq != old+1 {
		t.Fatalf("focus: counting %q (seq %d); want Crm_Customers again, seq %d", m.counting, m.countSeq, old+1)
	}
	m.Update(setCountMsg{seq: old, name: "Crm_Customers", count: 1})
	if got := m.sets.counts["Crm_Customers"]; got != "…" || m.counting != "Crm_Customers" {
		t.Errorf("a late reply of the old count: %q, counting %q; want it dropped, the new count still running", got, m.counting)
	}
	m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 7})
	if got := m.sets.counts["Crm_Customers"]; got != "7" {
		t.Errorf("got count %q; want 7", got)
	}
}

func TestCoveredStopsCounting(t *testing.T) {
	env := testEnv(nil)
	live := newLiveCtx(t)
	env.Ctx = live
	m := loaded(t, env)
	m.Update(Covered{})
	if live.live.Load() != 0 || m.counting != "" {
		t.Errorf("covered: %d live, counting %q; want the count cancelled", live.live.Load(), m.counting)
	}
	if _, cmd := m.Update(setCountMsg{seq: m.countSeq, name: "Crm_Customers", count: 3}); cmd != nil {
		t.Errorf("a reply while covered started another count; want none")
	}
	if _, cmd := m.Update(screen.Focus{}); cmd == nil || m.counting != "Crm_Customers" {
		t.Errorf("focus: counting %q; want Crm_Customers again", m.counting)
	}
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

func TestSetsLoadedPosted(t *testing.T) {
	env := testEnv(nil)
	m := New(env)
	_ = m.Init()
	m.Update(setsLoadedMsg{seq: m.seq, sets: testSets})
	types, msgs := posted(env)
	if types != "screen.SetsLoaded" {
		t.Fatalf("got %q posted; want screen.SetsLoaded", types)
	}
	want := "Crm_Customers Crm_Sales_SalesOrderLines Crm_Sales_SalesOrders Currencies General_Contacts_Persons " +
		"General_Products_Products Logistics_Inventory_StoreTransactions"
	if got := strings.Join(msgs[0].(screen.SetsLoaded).Names, " "); got != want {
		t.Errorf("got names %q; want %q", got, want)
	}
	var st screen.State
	m.Fill(&st)
	if st.Screen != "sets" || st.Sets != 7 || st.Err != "" {
		t.Errorf("got state %+v; want screen sets, 7 sets, no error", st)
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
	if m.sets.list.IsFiltered() || len(m.sets.list.VisibleItems()) != 7 {
		t.Errorf("esc: filtered %v, %d shown; want the filter gone, 7 sets", m.sets.list.IsFiltered(), len(m.sets.list.VisibleItems()))
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

func TestRetryAfterError(t *testing.T) {
	env := testEnv(nil)
	m := New(env)
	m.SetSize(80, 21)
	_ = m.Init()
	failed := m.seq
	m.Update(setsLoadedMsg{seq: failed, err: errNotFound})
	view := ansi.Strip(m.View())
	for _, want := range []string{"✗ the server answered 404", "r retry · q quit"} {
		if !strings.Contains(view, want) {
			t.Errorf("view after a failed load does not show %q:\n%s", want, view)
		}
	}
	var st screen.State
	if m.Fill(&st); st.Err != errNotFound.Error() || !m.KeyMap().Retry.Enabled() {
		t.Errorf("got state error %q, retry enabled %v; want %q, enabled", st.Err, m.KeyMap().Retry.Enabled(), errNotFound)
	}
	if cmd := press(m, "r"); cmd == nil || m.seq == failed || m.err != nil {
		t.Fatalf("r: command %v, error %v; want the load started again", cmd != nil, m.err)
	}
	if m.KeyMap().Retry.Enabled() || !strings.Contains(m.View(), "loading entity sets…") {
		t.Errorf("after r: retry enabled %v, view %q; want loading, r disabled", m.KeyMap().Retry.Enabled(), m.View())
	}
	m.Update(setsLoadedMsg{seq: failed, err: errNotFound}) // the first load's reply, again
	if m.err != nil {
		t.Errorf("a reply of the superseded load was shown: %v", m.err)
	}
	m.Update(setsLoadedMsg{seq: m.seq, sets: testSets})
	if types, _ := posted(env); types != "screen.SetsLoaded" || m.sets.total != 7 {
		t.Errorf("after the retry's reply: posted %q, %d sets; want SetsLoaded, 7", types, m.sets.total)
	}
	if cmd := press(m, "r"); m.KeyMap().Retry.Enabled() || m.seq != failed+1 || cmd != nil {
		t.Errorf("r with the list shown: seq %d; want nothing loaded again", m.seq)
	}
}

func TestLoadingBody(t *testing.T) {
	env := testEnv(nil)
	if got := New(env).View(); got != "\n  ⠋ loading entity sets…" {
		t.Errorf("got %q without a token source; want loading entity sets", got)
	}
	env.Auth = auth.NewSource(auth.Config{ClientID: "x", ClientSecret: "y", TokenURL: "https://id.invalid/token"})
	if got := New(env).View(); got != "\n  ⠋ authenticating to acme…" {
		t.Errorf("got %q before the first token; want authenticating to the profile", got)
	}
	env.Profile = ""
	if got := New(env).View(); got != "\n  ⠋ authenticating to acme.my.erp.net…" {
		t.Errorf("got %q without a profile; want authenticating to the host", got)
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
		{MetadataLoading{On: false}, "Crm_Customers"},
		{MetadataLoading{On: true}, "Crm_Customers · ⠋ loading $metadata"},
		{screen.MetadataLoaded{}, "Crm_Customers"},
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
	live := newLiveCtx(t)
	env.Ctx = live
	m := New(env)
	_ = m.Init()
	m.Close()
	if got := live.live.Load(); got != 0 {
		t.Errorf("got %d requests live after Close during the load; want 0", got)
	}
	m = loaded(t, env)
	m.Close()
	if got := live.live.Load(); got != 0 {
		t.Errorf("got %d requests live after Close during a count; want 0", got)
	}
}
