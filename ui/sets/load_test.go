package sets

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// demoEnv is the Env of a session with a demo instance, through a real
// token source.
func demoEnv(t *testing.T) (*screen.Env, *demo.Server) {
	t.Helper()
	srv := demo.NewServer(demo.Options{})
	t.Cleanup(srv.Close)
	src := auth.NewSource(auth.Config{
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		TokenURL: srv.URL + "/id/connect/token", Scopes: []string{"read"},
		ServiceURL: srv.URL + "/api/domain/odata/",
	})
	c, err := odata.NewClient(srv.URL+"/api/domain/odata/", src.Client())
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(c)
	env.Auth = src
	return env, srv
}

func TestLoadsAndCountsFromTheService(t *testing.T) {
	env, _ := demoEnv(t)
	m := New(env)
	m.SetSize(80, 21)
	if got := m.View(); !strings.Contains(got, "authenticating to acme…") {
		t.Errorf("got %q before the first token; want authenticating", got)
	}
	count := deliver(t, m, m.Init())
	if got := env.Auth.Stats().TokensFetched; got != 1 {
		t.Errorf("got %d tokens fetched; want 1, before the service document", got)
	}
	types, msgs := posted(env)
	if types != "screen.SetsLoaded" {
		t.Fatalf("got %q posted; want screen.SetsLoaded", types)
	}
	names := msgs[0].(screen.SetsLoaded).Names
	if !slices.Contains(names, "Crm_Sales_SalesOrders") || len(names) != m.sets.total {
		t.Errorf("got names %q (%d listed); want the demo's sets, Crm_Sales_SalesOrders among them", names, m.sets.total)
	}
	first, _ := m.sets.selected()
	if m.counting != first {
		t.Fatalf("counting %q; want the selected set %q", m.counting, first)
	}
	if next := deliver(t, m, count); next != nil {
		t.Errorf("got another count after the only selected set was counted; want none")
	}
	got, ok := m.sets.totals[first]
	if !ok || got <= 0 || !strings.Contains(m.View(), m.sets.counts[first]+" rows") {
		t.Errorf("got count %d (%v) of %s, view\n%s\nwant its rows shown", got, ok, first, m.View())
	}
	// The next set is counted when it is selected.
	second := deliver(t, m, press(m, "down"))
	name, _ := m.sets.selected()
	if _, ok := m.sets.totals[name]; !ok || second != nil {
		t.Errorf("after down: %s counted %v; want it counted, nothing more", name, ok)
	}
}

func TestRetryLoadsAgain(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"code":"500","message":"down for maintenance"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"@odata.context":"$metadata","value":[{"name":"People","kind":"EntitySet","url":"People"}]}`))
	}))
	t.Cleanup(srv.Close)
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(c)
	m := New(env)
	m.SetSize(80, 21)
	deliver(t, m, m.Init())
	if m.err == nil || !strings.Contains(m.View(), "r retry · q quit") {
		t.Fatalf("after a 500: error %v, view\n%s\nwant the error in place", m.err, m.View())
	}
	deliver(t, m, press(m, "r"))
	if types, _ := posted(env); types != "screen.SetsLoaded" || m.sets.total != 1 || m.err != nil {
		t.Errorf("after r: posted %q, %d sets, error %v; want the list loaded", types, m.sets.total, m.err)
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
