package sets

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

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
