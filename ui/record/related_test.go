package record

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/odx-dev/odx/auth"
	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/related"
	"github.com/odx-dev/odx/ui/screen"
)

// recorder is a RoundTripper that notes the request URIs it carries.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	uris []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.uris = append(r.uris, req.URL.RequestURI())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.uris) == 0 {
		return ""
	}
	return r.uris[len(r.uris)-1]
}

// demoEnv is the Env of a session with a demo instance (through a real
// token source), its $metadata loaded, and the recorder of its requests.
func demoEnv(t *testing.T) (*screen.Env, *recorder) {
	t.Helper()
	srv := demo.NewServer(demo.Options{})
	t.Cleanup(srv.Close)
	src := auth.NewSource(auth.Config{
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		TokenURL: srv.URL + "/id/connect/token", Scopes: []string{"read"},
		ServiceURL: srv.URL + "/api/domain/odata/",
	})
	rec := &recorder{next: src.Client().Transport}
	c, err := odata.NewClient(srv.URL+"/api/domain/odata/", &http.Client{Transport: rec})
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(c, &screen.Status{})
	env.Auth = src
	if env.Meta, err = c.Metadata(context.Background()); err != nil {
		t.Fatal(err)
	}
	return env, rec
}

// demoOrder is the first sales order of the demo, with its Id selected.
func demoOrder(t *testing.T, env *screen.Env) odata.Row {
	t.Helper()
	p, err := env.Client.Page(context.Background(), odata.Query{Set: testSet, Top: 1, Select: []string{"default", "Id"}})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("got %v, %d rows; want the first sales order", err, len(p.Rows))
	}
	return p.Rows[0]
}

func TestNavigationOpensRows(t *testing.T) {
	tests := []struct {
		name    string
		nav     string
		row     func(odata.Row) odata.Row
		set     string
		path    string // of the request, after the service root; %s is the order's key
		oneOnly bool
	}{
		{"reference", "Customer", func(r odata.Row) odata.Row { return r },
			"Crm_Sales_Customers", "Crm_Sales_SalesOrders(%s)?$expand=Customer", true},
		// A minimal-metadata server sends neither @odata.id nor references:
		// the entity's URL comes from its key and $metadata.
		{"without @odata.id", "Lines", func(r odata.Row) odata.Row {
			return odata.Row{Values: map[string]any{"Id": r.Values["Id"], "DocumentNo": r.Values["DocumentNo"]}}
		}, "Crm_Sales_SalesOrderLines", "Crm_Sales_SalesOrders(%s)?$expand=Lines", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, rec := demoEnv(t)
			order := demoOrder(t, env)
			row := tt.row(order)
			m := New(env, testSet, row, []string{testSet})
			at(t, m, tt.nav)
			cmd := press(m, "enter")
			if !strings.Contains(m.Status(), "⠋ opening") {
				t.Errorf("got status %q while loading; want it to say opening", m.Status())
			}
			m.Update(reply(t, m, cmd))
			if want := "/api/domain/odata/" + fmt.Sprintf(tt.path, order.Values["Id"]); rec.last() != want {
				t.Errorf("got request %q; want %q", rec.last(), want)
			}
			types, msgs := posted(env)
			if types != "screen.OpenRows" {
				t.Fatalf("got %q posted; want screen.OpenRows", types)
			}
			got := msgs[0].(screen.OpenRows)
			crumb := strings.Join(got.Crumb, " › ")
			want := testSet + " › " + order.Values["DocumentNo"].(string) + " › " + tt.nav
			if got.Set != tt.set || crumb != want || len(got.Rows) == 0 || (tt.oneOnly && len(got.Rows) != 1) {
				t.Errorf("got OpenRows of %s, %d rows, crumb %q; want %s, crumb %q", got.Set, len(got.Rows), crumb, tt.set, want)
			}
			if strings.Contains(m.Status(), "opening") {
				t.Errorf("got status %q after the reply; want the load over", m.Status())
			}
		})
	}
}

func TestRelatedErrorIsANotice(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	at(t, m, "Customer")
	press(m, "enter")
	m.Update(related.Loaded{Seq: m.relSeq, Nav: "Customer", Err: fmt.Errorf("the server answered 404\n Not Found")})
	if types, _ := posted(env); types != "" || status.Text != "the server answered 404 Not Found" || !status.IsError {
		t.Errorf("a failed load: posted %q, notice %q (error %v); want nothing posted, the error as a one-line notice",
			types, status.Text, status.IsError)
	}
}

func TestStaleRelatedDropped(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	at(t, m, "Customer")
	press(m, "enter")
	first := m.relSeq
	press(m, "enter") // asked again: the first load is superseded
	rows := []odata.Row{testRow(t, `{"@odata.id":"Crm_Customers(1)","Number":"C-1"}`)}
	m.Update(related.Loaded{Seq: first, Nav: "Customer", Rows: rows})
	if types, _ := posted(env); types != "" || m.relStop == nil {
		t.Errorf("the superseded reply: posted %q, loading %v; want it dropped, the second load running", types, m.relStop != nil)
	}
	m.Update(related.Loaded{Seq: m.relSeq, Nav: "Customer", Rows: rows})
	if types, _ := posted(env); types != "screen.OpenRows" {
		t.Errorf("the current reply: posted %q; want screen.OpenRows", types)
	}
	// A reply to a load cancelled with esc is dropped too.
	press(m, "enter", "esc")
	m.Update(related.Loaded{Seq: m.relSeq, Nav: "Customer", Rows: rows})
	if types, _ := posted(env); types != "" {
		t.Errorf("the cancelled load's reply: posted %q; want nothing", types)
	}
}

func TestEscCancelsThenGoesBack(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	live := testctx.New(t)
	env.Ctx = live
	m := New(env, testSet, testRow(t, orderJSON), []string{testSet})
	at(t, m, "Customer")
	press(m, "enter")
	if live.Count() != 1 {
		t.Fatalf("got %d loads live after enter; want 1", live.Count())
	}
	press(m, "esc")
	if types, _ := posted(env); types != "" || live.Count() != 0 || status.Text != "cancelled" {
		t.Errorf("esc while loading: posted %q, %d live, notice %q; want the load cancelled, notice cancelled, no Back",
			types, live.Count(), status.Text)
	}
	press(m, "esc")
	if types, _ := posted(env); types != "screen.Back" {
		t.Errorf("esc with nothing loading: posted %q; want screen.Back", types)
	}
	press(m, "enter")
	m.Close()
	if live.Count() != 0 {
		t.Errorf("got %d loads live after Close; want 0", live.Count())
	}
}
