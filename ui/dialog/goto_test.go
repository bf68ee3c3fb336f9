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
		screen.OpenQuery{Query: odata.Query{Set: "Crm_Sales_Customers", Filter: "Number eq '1'", Top: 10}, Count: -1, Layout: true},
		screen.CloseDialog{Kind: KindGoTo},
	}
	if !reflect.DeepEqual(posted, want) {
		t.Errorf("enter: posted %+v; want %+v", posted, want)
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

// TestGoToPosts: what enter opens — the saved layout unless the line names
// $select, $top and $skip kept, absolute URLs under the service root.
func TestGoToPosts(t *testing.T) {
	c, err := odata.NewClient("https://erp.example/api/domain/odata/", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string
		want screen.OpenQuery // Count is always -1
		err  string           // instead: the error shown
	}{
		{"Customs", screen.OpenQuery{Query: odata.Query{Set: "Customs"}, Layout: true}, ""},
		{"Customs?$top=10", screen.OpenQuery{Query: odata.Query{Set: "Customs", Top: 10}, Layout: true}, ""},
		{"Customs?$top=10&$skip=20", screen.OpenQuery{Query: odata.Query{Set: "Customs", Top: 10, Skip: 20}, Layout: true}, ""},
		{"Customs?$expand=Lines&$orderby=Date desc", screen.OpenQuery{Query: odata.Query{Set: "Customs", Expand: []string{"Lines"}, OrderBy: []string{"Date desc"}}, Layout: true}, ""},
		{"Customs?$select=Id,Name", screen.OpenQuery{Query: odata.Query{Set: "Customs", Select: []string{"Id", "Name"}}}, ""},
		{"https://erp.example/api/domain/odata/Customs?$filter=Name eq 'A&B'&$top=3",
			screen.OpenQuery{Query: odata.Query{Set: "Customs", Filter: "Name eq 'A&B'", Top: 3}, Layout: true}, ""},
		{"HTTPS://ERP.example:443/api/domain/odata/Crm_Sales_Customers", screen.OpenQuery{Query: odata.Query{Set: "Crm_Sales_Customers"}, Layout: true}, ""},
		{"https://other.example/api/domain/odata/Customs", screen.OpenQuery{}, "not on this service's server; paste one under https://erp.example/api/domain/odata/"},
		{"http://erp.example/api/domain/odata/Customs", screen.OpenQuery{}, "not on this service's server"},
		{"https://erp.example/api/other/Customs", screen.OpenQuery{}, "not under the service root https://erp.example/api/domain/odata/"},
		{"https://erp.example/api/domain/odata/", screen.OpenQuery{}, "type a set name first"},
		{"https://erp.example/api/domain/odata/Nope", screen.OpenQuery{}, "Nope is not an entity set"},
	}
	for _, tt := range tests {
		env := testEnv()
		env.Client = c
		g := send(NewGoTo(env, gotoSets), `"`+tt.line, "enter").(*GoTo)
		posted := env.Drain()
		if tt.err != "" {
			if v := ansi.Strip(g.box(200)); len(posted) != 0 || !strings.Contains(v, tt.err) {
				t.Errorf("%s: posted %+v, shows %q; want nothing posted and %q", tt.line, posted, v, tt.err)
			}
			continue
		}
		tt.want.Count = -1
		if len(posted) != 2 || !reflect.DeepEqual(posted[0], tt.want) {
			t.Errorf("%s: posted %+v; want %+v", tt.line, posted, tt.want)
		}
	}
}
