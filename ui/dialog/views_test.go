package dialog

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/internal/state"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// viewsEnv is an env whose prefs (in dir) hold two views of Customers and
// one of Orders under profile prod.
func viewsEnv(t *testing.T, dir string) *screen.Env {
	t.Helper()
	p, _ := state.Load(dir)
	p.Clock = fakeClock()
	for _, v := range []state.View{
		{Name: "orders by date", Set: "Orders", OrderBy: []string{"Date desc"}},
		{Name: "active", Set: "Customers", Filter: "Active eq true", Columns: []string{"Name", "Number"}, Widths: map[string]int{"Name": 30}, Frozen: "Name"},
		{Name: "big", Set: "Customers", Top: 10},
	} {
		if _, err := p.SaveView("prod", v); err != nil {
			t.Fatal(err)
		}
	}
	env := testEnv()
	env.Prefs, env.Profile = p, "prod"
	return env
}

func TestViewsPicker(t *testing.T) {
	tests := []struct {
		name, set string
		keys      []string
		want      string // the view opened, "" none
		posted    string
	}{
		{"the set's views first", "Customers", []string{"enter"}, "active", "screen.OpenQuery screen.CloseDialog"},
		{"then the others", "Customers", []string{"down", "down", "enter"}, "orders by date", "screen.OpenQuery screen.CloseDialog"},
		{"from the set list, by name", "", []string{"enter"}, "active", "screen.OpenQuery screen.CloseDialog"},
		{"filter by name", "Customers", []string{`"big`, "enter"}, "big", "screen.OpenQuery screen.CloseDialog"},
		{"filter by query", "", []string{`"date desc`, "enter"}, "orders by date", "screen.OpenQuery screen.CloseDialog"},
		{"no match", "", []string{`"zzz`, "enter"}, "", ""},
		{"esc", "", []string{"down", "esc"}, "", "screen.CloseDialog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := viewsEnv(t, "")
			send(NewViews(env, tt.set), tt.keys...)
			msgs := env.Drain()
			var got screen.OpenQuery
			for _, m := range msgs {
				if o, ok := m.(screen.OpenQuery); ok {
					got = o
				}
			}
			if kinds(msgs) != tt.posted {
				t.Errorf("after %q: posted %q; want %q", tt.keys, kinds(msgs), tt.posted)
			}
			if tt.want == "" {
				return
			}
			v, _ := env.Prefs.View("prod", tt.want)
			if !reflect.DeepEqual(got.Query, v.Query()) || !got.Layout || got.Count != -1 {
				t.Errorf("opened %+v; want the query of %q with its layout, count unknown", got, tt.want)
			}
			if len(got.Crumb) != 2 || got.Crumb[1] != "view "+tt.want {
				t.Errorf("breadcrumb %q; want the set, then view %s", got.Crumb, tt.want)
			}
			if l, _ := env.Prefs.Layout("prod", v.Set); !reflect.DeepEqual(l, v.Layout()) {
				t.Errorf("the set's layout after opening: %+v; want the view's %+v", l, v.Layout())
			}
		})
	}
}

func TestViewsPickerDelete(t *testing.T) {
	dir := t.TempDir()
	env := viewsEnv(t, dir)
	d := send(NewViews(env, "Customers"), "delete")
	if _, ok := env.Prefs.View("prod", "active"); ok {
		t.Fatalf("delete left the view under the cursor")
	}
	again, _ := state.Load(dir)
	if n := len(again.Views("prod")); n != 2 {
		t.Errorf("the state file holds %d views after a delete; want 2", n)
	}
	if out := ansi.Strip(d.View("", 80, 10)); !strings.Contains(out, "2 of 2") || strings.Contains(out, "active") {
		t.Errorf("the picker after a delete:\n%s\nwant 2 views without active", out)
	}
}

func TestViewsPickerView(t *testing.T) {
	env := viewsEnv(t, "")
	out := ansi.Strip(NewViews(env, "Customers").View("", 80, 8))
	lines := strings.Split(out, "\n")
	want := []string{
		"› active",
		"  big ",
		"  orders by date",
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i+1], w) {
			t.Errorf("line %d %q; want it to start with %q\n%s", i+1, lines[i+1], w, out)
		}
	}
	if !strings.Contains(lines[1], "Customers?$filter=Active eq true · 2 columns") {
		t.Errorf("line 1 %q; want the view's set, query and column count", lines[1])
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
	empty := testEnv()
	if out := ansi.Strip(NewViews(empty, "").View("", 80, 8)); !strings.Contains(out, "no saved views yet: V on a grid") {
		t.Errorf("without prefs:\n%s\nwant the hint that V saves a view", out)
	}
}

func TestSaveView(t *testing.T) {
	dir := t.TempDir()
	env := viewsEnv(t, dir)
	status := &screen.Status{}
	withStatus := screen.NewEnv(status) // the same env, its notices to status
	withStatus.Styles, withStatus.Keys, withStatus.Now, withStatus.Dialect = env.Styles, env.Keys, env.Now, env.Dialect
	withStatus.Prefs, withStatus.Profile = env.Prefs, env.Profile
	env = withStatus
	q := odata.Query{Set: "Customers", Filter: "Name eq 'A'", OrderBy: []string{"Name"}, Columns: []string{"Name"}, Select: []string{"Name"}}
	d := send(NewSaveView(env, q, map[string]int{"Name": 12}, "Name"), `"  mine `, "enter")
	if kinds(env.Drain()) != "screen.CloseDialog" {
		t.Fatalf("enter did not close the line; error %q", d.(*SaveView).Err())
	}
	again, _ := state.Load(dir)
	v, ok := again.View("prod", "mine")
	if !ok {
		t.Fatalf("the view is not in the state file")
	}
	if got := v.Query(); !reflect.DeepEqual(got, q) || v.Widths["Name"] != 12 || v.Frozen != "Name" {
		t.Errorf("saved %+v; want the query %+v, width 12, Name frozen", v, q)
	}
	if !strings.Contains(status.Text, `saved the view "mine"`) {
		t.Errorf("notice %q; want it to say the view was saved", status.Text)
	}
}

func TestSaveViewRefusesAndWarns(t *testing.T) {
	env := viewsEnv(t, "")
	q := odata.Query{Set: "Customers"}
	d := send(NewSaveView(env, q, nil, ""), "enter")
	if kinds(env.Drain()) != "" || !strings.Contains(d.(*SaveView).Err(), "needs a name") {
		t.Errorf("enter on no name: error %q; want the line open, saying a name is needed", d.(*SaveView).Err())
	}
	d = send(d, `"big`)
	if out := ansi.Strip(d.View("", 100, 3)); !strings.Contains(out, `enter replaces the view "big"`) {
		t.Errorf("typing an existing name:\n%s\nwant a warning that enter replaces it", out)
	}
	send(d, "enter")
	if v, _ := env.Prefs.View("prod", "big"); v.Top != 0 {
		t.Errorf("the replaced view still has $top %d", v.Top)
	}
	none := testEnv()
	d = send(NewSaveView(none, q, nil, ""), `"x`, "enter")
	if !strings.Contains(d.(*SaveView).Err(), "keeps no saved state") {
		t.Errorf("without prefs: error %q; want it to say nothing can be saved", d.(*SaveView).Err())
	}
}
