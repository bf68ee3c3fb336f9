package profile

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/odx-dev/odx/demo"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

// testEnv is the Env of a session with the demo instance.
func testEnv(t *testing.T) *screen.Env {
	t.Helper()
	s := demo.NewServer(demo.Options{TokenTTL: time.Hour})
	t.Cleanup(s.Close)
	cc := clientcredentials.Config{ClientID: s.ClientID(), ClientSecret: s.ClientSecret(),
		TokenURL: s.URL + "/id/connect/token", AuthStyle: oauth2.AuthStyleInParams, Scopes: []string{"read"}}
	hc := &http.Client{Transport: &oauth2.Transport{Source: cc.TokenSource(context.Background()), Base: http.DefaultTransport}}
	c, err := odata.NewClient(s.URL+"/api/domain/odata/", hc)
	if err != nil {
		t.Fatal(err)
	}
	st := styles.New(true)
	env := screen.NewEnv(&screen.Status{})
	env.Ctx, env.Client, env.Styles, env.Keys = context.Background(), c, &st, screen.DefaultKeyMap()
	env.Dialect, env.Spinner = odata.ERPNet, "⣾"
	if env.Meta, err = c.Metadata(env.Ctx); err != nil {
		t.Fatal(err)
	}
	return env
}

// deliver runs cmd, a command of m, and gives its reply to m.
func deliver(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("got no command; want the computation")
	}
	r, ok := cmd().(screen.Reply)
	if !ok || r.To != m.ID() {
		t.Fatalf("got %#v; want a screen.Reply to %d", r, m.ID())
	}
	m.Update(r.Msg)
}

func press(m *Model, code rune, text string) tea.Cmd {
	_, cmd := m.Update(tea.KeyPressMsg{Code: code, Text: text})
	return cmd
}

func open(t *testing.T, env *screen.Env, q odata.Query, col string) *Model {
	t.Helper()
	m := New(env, q, col, nil, []string{q.Set})
	m.SetSize(80, 23)
	deliver(t, m, m.Init())
	if m.err != nil {
		t.Fatalf("profile of %s: %v", col, m.err)
	}
	return m
}

func TestCategoricalProfile(t *testing.T) {
	env := testEnv(t)
	m := open(t, env, odata.Query{Set: "Crm_Sales_Customers"}, "State")
	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	if !m.keys.Open.Enabled() || !m.keys.CopyCell.Enabled() {
		t.Errorf("after the profile: got enter %v, y %v; want both enabled", m.keys.Open.Enabled(), m.keys.CopyCell.Enabled())
	}
	press(m, tea.KeyDown, "")
	press(m, tea.KeyEnter, "")
	msgs := env.Drain()
	if len(msgs) != 1 {
		t.Fatalf("enter: got %v; want one OpenQuery", msgs)
	}
	oq, ok := msgs[0].(screen.OpenQuery)
	if !ok || oq.Query.Filter != "State eq Erp.Crm_Sales_CustomerState'Blocked'" || oq.Count != 310 {
		t.Errorf("enter on the second value: got %#v; want a grid of State Blocked (310 rows)", msgs[0])
	}
	if cmd := press(m, 'y', "y"); cmd == nil {
		t.Error("y: got no clipboard command; want the profile copied")
	}
	press(m, tea.KeyEscape, "")
	if msgs := env.Drain(); len(msgs) != 1 || msgs[0] != (screen.Back{}) {
		t.Errorf("esc: got %v; want Back", msgs)
	}
}

func TestReferenceUnderFilter(t *testing.T) {
	env := testEnv(t)
	q := odata.Query{Set: "Crm_Sales_Customers", Filter: "State eq 'Active'"}
	m := open(t, env, q, "SalesPerson")
	if m.prof.Filter != q.Filter || m.prof.Rows != 1733 {
		t.Fatalf("got %d rows under %q; want the 1733 active customers", m.prof.Rows, m.prof.Filter)
	}
	press(m, tea.KeyEnter, "")
	oq := env.Drain()[0].(screen.OpenQuery)
	if !strings.HasPrefix(oq.Query.Filter, "State eq 'Active' and SalesPerson eq 'General_Contacts_Persons(") {
		t.Errorf("enter on a reference: got filter %q; want the grid's filter and the reference as ERP.net compares it", oq.Query.Filter)
	}
}

func TestNumericProfileAndCancel(t *testing.T) {
	env := testEnv(t)
	m := New(env, odata.Query{Set: "Crm_Sales_Customers"}, "GracePeriodDays", nil, nil)
	m.SetSize(80, 23)
	cmd := m.Init()
	if !m.loading || !strings.Contains(ansi.Strip(m.View()), "computing the profile of GracePeriodDays") {
		t.Errorf("while loading: got %q; want progress", ansi.Strip(m.View()))
	}
	press(m, tea.KeyEscape, "")
	if m.loading || m.err == nil || len(env.Drain()) != 0 {
		t.Errorf("esc while loading: got loading %v, err %v; want it cancelled, no Back", m.loading, m.err)
	}
	deliver(t, m, cmd) // the cancelled reply is dropped
	if m.prof != nil {
		t.Error("the cancelled computation's reply was shown")
	}
	deliver(t, m, press(m, 'r', "r"))
	v := ansi.Strip(m.View())
	for _, want := range []string{"2,600 rows · 385 null · 91 distinct", "RANGE", "82 – 90"} {
		if !strings.Contains(v, want) {
			t.Errorf("numeric profile lacks %q:\n%s", want, v)
		}
	}
	if m.keys.Open.Enabled() {
		t.Error("enter is enabled on a numeric profile; want it off")
	}
}
