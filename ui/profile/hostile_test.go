package profile

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// TestHostileColumnName: a column name from a hostile server (a title
// OSC, a newline, a bidi override) never reaches the terminal raw, while
// the profile loads nor on the status line.
func TestHostileColumnName(t *testing.T) {
	env := testEnv(t)
	const col = "N\x1b]0;pwned\x07\n\u202eX"
	m := New(env, odata.Query{Set: "Crm_Sales_SalesOrders"}, col, nil, []string{"Crm_Sales_SalesOrders"})
	m.SetSize(80, 23)
	cmd := m.Init()
	if bad := termtext.UnsafeStyled(m.View()); bad != "" {
		t.Errorf("loading: got %s; want only styles", bad)
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status while loading: got %s; want only styles", bad)
	}
	deliver(t, m, cmd)
	if bad := termtext.UnsafeStyled(m.View()); bad != "" {
		t.Errorf("after: got %s; want only styles", bad)
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status: got %s; want only styles", bad)
	}
}

// TestHostileColumnCopied: the notice of a copied profile of a column
// whose name a hostile server chose (no $metadata: the name comes from
// the rows) is sanitised.
func TestHostileColumnCopied(t *testing.T) {
	const col = "N\x1b]0;pwned\x07\u202eX"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/$metadata" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"value": []any{map[string]any{col: "a", "Count": 2}, map[string]any{col: "b", "Count": 1}}})
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDialect(odata.GenericV4)
	env := testEnv(t)
	var status screen.Status
	base := env
	env = screen.NewEnv(&status)
	env.Ctx, env.Styles, env.Keys, env.Dialect, env.Spinner = base.Ctx, base.Styles, base.Keys, odata.GenericV4, base.Spinner
	env.Client = c
	loaded := []odata.Row{odata.RowOf(map[string]any{col: "a"}), odata.RowOf(map[string]any{col: "b"})}
	m := New(env, odata.Query{Set: "X"}, col, loaded, []string{"X"})
	m.SetSize(80, 23)
	deliver(t, m, m.Init())
	if m.err != nil || m.prof == nil {
		t.Fatalf("got %v; want a profile", m.err)
	}
	press(m, 'y', "y")
	if status.Text == "" {
		t.Fatal("got no notice; want the copy's")
	}
	if b := termtext.UnsafeStyled(status.View(env.Styles)); b != "" {
		t.Errorf("the notice: got %s; want only styles", b)
	}
}
