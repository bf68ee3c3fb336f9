package dialog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestNavPicker(t *testing.T) {
	m := shapeModel(t)
	props := NavProps(m, "Crm_Sales_Customers", []string{"Lines($select=Id)"})
	if len(props) != 2 || props[0].Name != "Party" || props[0].Shown || !props[1].Collection || !props[1].Shown {
		t.Fatalf("nav props: %+v; want Party (single, not expanded), Lines (collection, expanded)", props)
	}
	env := testEnv()
	n := NewExpand(env, props, []string{"Lines($select=Id)"})
	send(n, "down")
	if posted := kinds(env.Drain()); posted != "" || n.choice() != "Lines" {
		t.Errorf("after down: posted %q, choice %q; want nothing, Lines", posted, n.choice())
	}
	send(n, "enter")
	if posted := kinds(env.Drain()); posted != "dialog.ExpandChosen screen.CloseDialog" {
		t.Errorf("enter: posted %q; want ExpandChosen and CloseDialog", posted)
	}
	send(n, "esc")
	if posted := kinds(env.Drain()); posted != "screen.CloseDialog" {
		t.Errorf("esc: posted %q; want CloseDialog", posted)
	}
	v := ansi.Strip(n.View("the grid", 80, 6))
	for _, want := range []string{"[ ] Party", "→ Party", "[x] Lines", "→ [Line] collection", "enter expand/collapse"} {
		if !strings.Contains(v, want) {
			t.Errorf("expand picker view lacks %q:\n%s", want, v)
		}
	}
	if got := NavProps(nil, "X", nil); got != nil {
		t.Errorf("NavProps without metadata: %v; want nil", got)
	}
	// Nothing to pick: enter does nothing.
	e := NewExpand(env, nil, nil)
	send(e, "enter")
	if posted := kinds(env.Drain()); posted != "" {
		t.Errorf("enter on an empty picker: posted %q; want nothing", posted)
	}
}
