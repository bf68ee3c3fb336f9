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

// TestProfileGolden: a categorical profile and a numeric histogram as
// drawn at 80×24 and 200×50 (the body between the header and the status
// lines), and in presenter mode with plain bars (NO_COLOR).
func TestProfileGolden(t *testing.T) {
	env := testEnv(t)
	for _, tt := range []struct {
		name, set, col string
		w, h           int
		present, plain bool
	}{
		{"categorical_80x24", "Crm_Sales_SalesOrders", "Priority", 80, 21, false, false},
		{"categorical_200x50", "Crm_Sales_SalesOrders", "Priority", 200, 47, false, false},
		{"histogram_80x24", "Crm_Sales_Customers", "GracePeriodDays", 80, 21, false, false},
		{"histogram_200x50", "Crm_Sales_Customers", "GracePeriodDays", 200, 47, false, false},
		{"reference_presenter_80x24", "Crm_Sales_Customers", "SalesPerson", 80, 21, true, true},
		{"categorical_presenter_200x50", "Crm_Sales_Customers", "State", 200, 47, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env.Present, noColor = tt.present, tt.plain
			defer func() { env.Present, noColor = false, false }()
			m := New(env, odata.Query{Set: tt.set}, tt.col, nil, []string{tt.set})
			m.SetSize(tt.w, tt.h)
			deliver(t, m, m.Init())
			if m.err != nil {
				t.Fatal(m.err)
			}
			if tt.present {
				press(m, tea.KeyDown, "")
				press(m, tea.KeyDown, "")
			}
			v := ansi.Strip(m.View())
			for i, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > tt.w {
					t.Errorf("line %d is %d cells wide; want at most %d: %q", i+1, w, tt.w, l)
				}
			}
			golden.RequireEqual(t, []byte(v))
		})
	}
}
