package profile

import (
	"testing"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
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
