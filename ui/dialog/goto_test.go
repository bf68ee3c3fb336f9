package dialog

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// gotoOn is the go-to line over gotoSets after keys, and what it posted.
func gotoOn(keys ...string) (*GoTo, []tea.Msg) {
	env := testEnv()
	g := send(NewGoTo(env, gotoSets), keys...).(*GoTo)
	return g, env.Drain()
}

func TestGoToCompletion(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{`"cust`, "tab"}, "Customs"},
		{[]string{`"cust`, "tab", "tab"}, "Crm_Sales_Customers"},
		{[]string{`"cust`, "tab", "tab", "tab"}, "Customs"},
		{[]string{`"cust?$top=5`, "tab"}, "Customs?$top=5"},
		{[]string{`"salesord`, "tab", "tab", `"?$top=1`}, "Crm_Sales_SalesOrderLines?$top=1"},
		{[]string{`"zzz`, "tab"}, "zzz"},
		{[]string{`"Customs('x')`, "tab"}, "Customs('x')"},
	}
	for _, tt := range tests {
		if g, _ := gotoOn(tt.keys...); g.input.Value() != tt.want {
			t.Errorf("after %q: %q; want %q", tt.keys, g.input.Value(), tt.want)
		}
	}
	g, _ := gotoOn(`"s`)
	v := ansi.Strip(g.box(200))
	if !strings.Contains(v, "tab: Crm_Sales_Customers · Crm_Sales_SalesOrders · Crm_Sales_SalesOrderLines · Logistics_Inventory_Stores · Customs") {
		t.Errorf("view lists %q; want the top 5 candidates", v)
	}
	if strings.Count(v, "General_") > 0 {
		t.Errorf("view lists more than 5 candidates: %q", v)
	}
}

func TestGoToEnter(t *testing.T) {
	_, posted := gotoOn(`"Crm_Sales_Customers?$filter=Number eq '1'&$top=10`, "enter")
	want := []tea.Msg{
		screen.OpenQuery{Query: odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq '1'"}, Count: -1},
		screen.CloseDialog{Kind: KindGoTo},
	}
	if !reflect.DeepEqual(posted, want) {
		t.Errorf("enter: posted %+v; want %+v ($top is the profile's page size)", posted, want)
	}
	g, posted := gotoOn(`"Nope`, "enter")
	if len(posted) != 0 || !strings.Contains(ansi.Strip(g.box(120)), "Nope is not an entity set of this service") {
		t.Errorf("enter on an unknown set: posted %v, %q; want nothing and an error", posted, ansi.Strip(g.box(120)))
	}
	g, _ = gotoOn(`"Nope`, "enter", "backspace")
	if strings.Contains(ansi.Strip(g.box(120)), "not an entity set") {
		t.Errorf("the error stays after an edit")
	}
	g, posted = gotoOn(`"Customs?$top=x`, "enter")
	if len(posted) != 0 || !strings.Contains(ansi.Strip(g.box(120)), "$top must be a whole number") {
		t.Errorf("enter with a bad $top: posted %v, %q", posted, ansi.Strip(g.box(120)))
	}
	if _, posted = gotoOn("enter"); kinds(posted) != "screen.CloseDialog" {
		t.Errorf("enter on an empty line: posted %q; want CloseDialog", kinds(posted))
	}
	if _, posted = gotoOn(`"Cust`, "esc"); kinds(posted) != "screen.CloseDialog" {
		t.Errorf("esc: posted %q; want CloseDialog", kinds(posted))
	}
	// Without a service document any set goes.
	env := testEnv()
	send(NewGoTo(env, nil), `"People('o''neil')/Trips`, "enter")
	if posted := env.Drain(); len(posted) != 2 || posted[0].(screen.OpenQuery).Query.Set != "People('o''neil')/Trips" {
		t.Errorf("enter with no set list: posted %+v; want People('o''neil')/Trips opened", posted)
	}
}

// TestGoToView: the line overlays the last two lines of the body.
func TestGoToView(t *testing.T) {
	g, _ := gotoOn(`"cust`)
	lines := strings.Split(ansi.Strip(g.View("crumb\nrow 1\nrow 2\nrow 3", 80, 4)), "\n")
	if len(lines) != 4 || lines[1] != "row 1" || !strings.HasPrefix(lines[2], ": cust") || !strings.HasPrefix(lines[3], "tab: Customs") {
		t.Errorf("view: %q; want crumb, row 1, then the line and its candidates", lines)
	}
}
