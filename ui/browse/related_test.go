package browse

import (
	"strings"
	"testing"

	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/screen"
)

// TestRelatedKey: o works on a grid of a query while the row under the
// cursor has related records (here a Customer reference), not on a row
// without, nor on a grid of related rows; help lists it with v and V;
// o opens the picker over the grid, under the grid's breadcrumb.
func TestRelatedKey(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	if !m.KeyMap().Related.Enabled() {
		t.Fatalf("on a row with a Customer reference: o disabled; want enabled")
	}
	if shape := helpText(m.Help().FullHelp()[2]); !strings.Contains(shape, "x o i ctrl+g v V") {
		t.Errorf("got shaping keys %q; want x o i ctrl+g v V among them", shape)
	}
	press(m, "down", "down") // the third order has no customer
	if m.KeyMap().Related.Enabled() {
		t.Errorf("on a row without references (no $metadata): o enabled; want disabled")
	}
	press(m, "down")
	if cmd := press(m, "o"); cmd != nil {
		t.Errorf("o: got a command; want none (nothing to count without $metadata)")
	}
	msgs := env.Drain()
	if len(msgs) != 1 {
		t.Fatalf("o: posted %d messages; want the picker", len(msgs))
	}
	d, ok := msgs[0].(screen.OpenDialog).Dialog.(*dialog.Related)
	if !ok || d.Entries() != 1 {
		t.Fatalf("o: posted %#v; want the related-records picker with one entry", msgs[0])
	}
	if v := d.View("", 80, 21); !strings.Contains(v, "→ Customer") || !strings.Contains(v, "of SO-2024-0004") {
		t.Errorf("the picker:\n%s\nwant → Customer of SO-2024-0004", v)
	}

	static := NewStatic(env, testSet, testRows(t, pageJSON), []string{testSet, "C-1", "Orders"})
	k := static.KeyMap()
	if k.Related.Enabled() || k.Views.Enabled() || k.SaveView.Enabled() {
		t.Errorf("a grid of related rows: o %v, v %v, V %v; want all disabled", k.Related.Enabled(), k.Views.Enabled(), k.SaveView.Enabled())
	}
}
