package groupby

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
)

// hostileName is a property name a hostile server (or a hostile $metadata
// cache) sends: a title-setting OSC, a newline and a bidi override.
const hostileName = "N\x1b]0;pwned\x07\n\u202eX"

// TestHostileColumnNames: column names and aggregate aliases from a
// hostile server never reach the terminal raw, in the chooser, while
// loading, and on the groups.
func TestHostileColumnNames(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"value": []any{
			map[string]any{hostileName: "a\x1b[2J", "Count": 3, hostileName + "_sum": map[string]any{"Value": 2, "Currency": "\x1b]52;c;cm0gLXJmIH4=\x07"}},
		}})
	}))
	defer srv.Close()
	c, err := odata.NewClient(srv.URL+"/", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(t)
	env.Client, env.Meta, env.Dialect = c, nil, odata.GenericV4
	c.SetDialect(odata.GenericV4)
	rows := []odata.Row{
		odata.RowOf(map[string]any{hostileName: "a", "Amount" + hostileName: map[string]any{"Value": 2.0, "Currency": "EUR"}}),
		odata.RowOf(map[string]any{hostileName: "b", "Amount" + hostileName: nil}),
	}
	m := New(env, odata.Query{Set: "X"}, hostileName, rows, []string{"X"})
	m.SetSize(100, 24)
	if bad := termtext.UnsafeStyled(m.View()); bad != "" {
		t.Errorf("chooser: got %s; want only styles", bad)
	}
	press(m, "right") // an aggregate of the hostile column
	cmd := press(m, "enter")
	if bad := termtext.UnsafeStyled(m.View()); bad != "" {
		t.Errorf("loading: got %s; want only styles", bad)
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status while loading: got %s; want only styles", bad)
	}
	deliver(t, m, cmd)
	if m.err != nil {
		t.Fatal(m.err)
	}
	if bad := termtext.UnsafeStyled(m.View()); bad != "" {
		t.Errorf("groups: got %s; want only styles", bad)
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status: got %s; want only styles", bad)
	}
}
