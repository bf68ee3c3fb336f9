package browse

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/styles"
)

var searchCols = []grid.Column{
	{Name: "Id", Type: "Edm.Guid", Key: true},
	{Name: "Number", Type: "Edm.String"},
	{Name: "Name", Type: "Erp.MultilanguageString"},
	{Name: "Total", Type: "Erp.Amount"},
	{Name: "Notes", Type: "Edm.String"},
}

func searchGrid() *grid.Model {
	row := func(id, num, name string, total string, notes any) map[string]any {
		return map[string]any{
			"Id": id, "Number": num, "Name": map[string]any{"EN": name, "BG": "Фирма " + name},
			"Total": map[string]any{"Value": json.Number(total), "Currency": "EUR"}, "Notes": notes,
		}
	}
	g := grid.New(grid.DefaultStyles())
	g.SetData(searchCols, []map[string]any{
		row("a1", "1001", "Acme Ltd", "1234.5", nil),
		row("a2", "1002", "Globex", "99", "call ACME first"),
		row("a3", "1003", "Initech", "1234", "null"),
		row("a4", "ACME-7", "Acme Europe", "5", nil),
	}, "")
	g.SetSize(100, 10)
	return &g
}

// typed is the key presses that type s.
func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// searchKeys gives s keys (kp names, or text to type after ").
func searchKeys(s pageSearch, g *grid.Model, keys ...string) (pageSearch, searchResult) {
	res := searchNone
	for _, k := range keys {
		if txt, ok := strings.CutPrefix(k, `"`); ok {
			for _, m := range typed(txt) {
				s, _, res = s.update(m, g)
			}
			continue
		}
		s, _, res = s.update(kp(k), g)
	}
	return s, res
}

func cursorName(g *grid.Model) string {
	row, col := g.Cursor()
	return string(rune('0'+row)) + ":" + searchCols[col].Name
}

func TestSearchFindsShownText(t *testing.T) {
	tests := []struct {
		term  string
		count string
		first string
	}{
		{"acme", "1/4", "0:Name"},     // Acme Ltd, call ACME first, ACME-7, Acme Europe
		{"ACME", "1/4", "0:Name"},     // case ignored
		{"1,234", "1/2", "0:Total"},   // amounts as shown: 1,234.50 EUR and 1,234.00 EUR
		{"eur", "1/5", "0:Total"},     // every amount's currency, and "Acme Europe"
		{"null", "1/1", "2:Notes"},    // a null cell is not the text "null"
		{"Фирма", "no match", "0:Id"}, // the language not shown is not searched
		{"zzz", "no match", "0:Id"},   // nothing: the cursor stays
		{"1003", "1/1", "2:Number"},   // moves down to the match
		{"a3", "1/1", "2:Id"},         // key columns too
		{"acme ltd", "1/1", "0:Name"}, // spaces are part of the term
		{"call acme first", "1/1", "1:Notes"},
	}
	for _, tt := range tests {
		g := searchGrid()
		s, _ := searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"`+tt.term)
		if got := s.count(); got != tt.count || cursorName(g) != tt.first {
			t.Errorf("search %q: count %q, cursor %s; want %q, %s", tt.term, got, cursorName(g), tt.count, tt.first)
		}
	}
}

func TestSearchNavigation(t *testing.T) {
	g := searchGrid()
	s, _ := searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"acme`)
	var got []string
	for range 5 {
		s, _ = searchKeys(s, g, "ctrl+n")
		got = append(got, cursorName(g)+" "+s.count())
	}
	want := "1:Notes 2/4|3:Number 3/4|3:Name 4/4|0:Name 1/4|1:Notes 2/4"
	if strings.Join(got, "|") != want {
		t.Errorf("ctrl+n ×5: %s; want %s", strings.Join(got, "|"), want)
	}
	s, _ = searchKeys(s, g, "ctrl+p", "ctrl+p")
	if cursorName(g) != "3:Name" || s.count() != "4/4" {
		t.Errorf("ctrl+p ×2 from the 2nd match: %s %s; want 3:Name 4/4 (wrapped)", cursorName(g), s.count())
	}
	// From a cell that is not a match, ctrl+n goes to the next one in
	// reading order and ctrl+p to the one before.
	g.SetCursor(2, 1)
	if row, col, ok := s.step(g, 1); !ok || row != 3 || col != 1 {
		t.Errorf("next from 2:Number: %d, %d, %v; want 3, 1 (ACME-7)", row, col, ok)
	}
	g.SetCursor(2, 1)
	if s.count(); cursorName(g) != "2:Number" {
		t.Fatal("SetCursor did not move")
	}
	if row, col, _ := s.step(g, -1); row != 1 || col != 4 {
		t.Errorf("previous from 2:Number: %d, %d; want 1, 4 (call ACME first)", row, col)
	}
	empty := newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap())
	if _, _, ok := empty.step(g, 1); ok {
		t.Errorf("next with no term: ok; want false")
	}
}

func TestSearchMarksCells(t *testing.T) {
	g := searchGrid()
	plain := ansi.Strip(g.View())
	s, _ := searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"acme`)
	for _, c := range []struct {
		row, col int
		want     bool
	}{{0, 2, true}, {1, 4, true}, {3, 1, true}, {3, 2, true}, {0, 1, false}, {1, 2, false}} {
		if got := g.Marked(c.row, c.col); got != c.want {
			t.Errorf("Marked(%d, %d) = %v; want %v", c.row, c.col, got, c.want)
		}
	}
	view := g.View()
	if ansi.Strip(view) != plain {
		t.Errorf("marks changed the grid's text:\n%s\nwant\n%s", ansi.Strip(view), plain)
	}
	mark, _, _ := strings.Cut(testStyles().Match.Render("\uE000"), "\uE000")
	if mark == "" || strings.Count(view, mark) != 4 {
		t.Errorf("the view has %d mark sequences %q; want 4", strings.Count(view, mark), mark)
	}
	// New rows clear the marks; refresh finds them again.
	first := searchGrid()
	first.SetCursor(0, 0)
	rows := []map[string]any{first.CurrentRow()}
	first.SetCursor(1, 0)
	rows = append(rows, first.CurrentRow())
	g.SetData(searchCols, rows, "")
	if g.Marked(0, 2) {
		t.Errorf("marks survive SetData")
	}
	s.refresh(g)
	if !g.Marked(0, 2) || s.count() == "" || len(s.matches) != 2 {
		t.Errorf("after refresh: marked %v, %d matches; want 2 matches marked", g.Marked(0, 2), len(s.matches))
	}
	s, res := searchKeys(s, g, "esc")
	if res != searchCancel || g.Marked(0, 2) || s.count() != "" {
		t.Errorf("esc while typing: result %d, marked %v; want cancel, no marks", res, g.Marked(0, 2))
	}
}

func TestSearchOffersServerFilter(t *testing.T) {
	g := searchGrid()
	s, res := searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"acme`, "enter")
	if res != searchNone || s.serverFilter() != "contains(Name,'acme')" {
		t.Fatalf("enter: result %d, filter %q; want none, contains(Name,'acme')", res, s.serverFilter())
	}
	if v := ansi.Strip(s.view(120)); !strings.Contains(v, "enter: $filter=contains(Name,'acme') · esc keep marks") {
		t.Errorf("offer view: %q", v)
	}
	s, _ = searchKeys(s, g, "ctrl+n", "ctrl+n")
	if s.serverFilter() != "contains(Number,'acme')" {
		t.Errorf("after moving to Number: filter %q; want contains(Number,'acme')", s.serverFilter())
	}
	if _, res = searchKeys(s, g, "enter"); res != searchServer {
		t.Errorf("second enter: result %d; want server", res)
	}
	if _, res = searchKeys(s, g, "esc"); res != searchKeep || !g.Marked(3, 1) {
		t.Errorf("esc after enter: result %d, marked %v; want keep, marks kept", res, g.Marked(3, 1))
	}
	if _, res = searchKeys(s, g, "j"); res != searchKeep {
		t.Errorf("another key after enter: result %d; want keep (the key is the grid's)", res)
	}
	// An amount is filtered through its Value member when the term is a
	// number; otherwise the server cannot search it and enter does nothing.
	g = searchGrid()
	s, _ = searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"1,234`, "enter")
	if s.serverFilter() != "TotalValue eq 1234" {
		t.Errorf("enter on an amount: filter %q; want TotalValue eq 1234", s.serverFilter())
	}
	g = searchGrid()
	s, _ = searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, `"eur`, "enter")
	if _, res = searchKeys(s, g, "enter"); res != searchNone || s.serverFilter() != "" {
		t.Errorf("enter on an amount's currency: result %d, filter %q; want none, no filter", res, s.serverFilter())
	}
	if v := ansi.Strip(s.view(200)); !strings.Contains(v, "this column cannot be searched on the server") {
		t.Errorf("offer view on an amount: %q; want it to say the column cannot be searched", v)
	}
	if _, res = searchKeys(newPageSearch(odata.ERPNet, testStyles(), screen.DefaultKeyMap()), g, "enter"); res != searchCancel {
		t.Errorf("enter with no term: %d; want cancel", res)
	}
}

func TestSearchFilter(t *testing.T) {
	tests := []struct {
		col  grid.Column
		term string
		erp  bool
		want string
	}{
		{grid.Column{Name: "Name", Type: "Edm.String"}, "acme", true, "contains(Name,'acme')"},
		{grid.Column{Name: "Name", Type: "Edm.String"}, "O'Neil", true, "contains(Name,'O''Neil')"},
		{grid.Column{Name: "Name", Type: "Edm.String"}, "  a&b#c+d ", true, "contains(Name,'a&b#c+d')"},
		{grid.Column{Name: "Name", Type: "Edm.String"}, "ACME", false, "contains(tolower(Name),'acme')"},
		{grid.Column{Name: "Name", Type: "Erp.MultilanguageString"}, "Ябълка", true, "contains(Name,'Ябълка')"},
		{grid.Column{Name: "Party", Type: "Erp.Party"}, "acme", true, ""}, // an entity type: a reference, not text
		{grid.Column{Name: "X", Type: ""}, "x", true, "contains(X,'x')"},
		{grid.Column{Name: "Qty", Type: "Edm.Int32"}, "12", true, "Qty eq 12"},
		{grid.Column{Name: "Price", Type: "Edm.Decimal"}, "1,234.50", true, "Price eq 1234.50"},
		{grid.Column{Name: "Price", Type: "Edm.Decimal"}, "1,2", true, "Price eq 12"},
		{grid.Column{Name: "Qty", Type: "Edm.Int32"}, "abc", true, ""},
		{grid.Column{Name: "Id", Type: "Edm.Guid"}, "9f1c2b3a-0000-4000-8000-0123456789ab", true, "Id eq 9f1c2b3a-0000-4000-8000-0123456789ab"},
		{grid.Column{Name: "Id", Type: "Edm.Guid"}, "9f1c", true, ""},
		{grid.Column{Name: "Id", Type: "key"}, "9f1c", true, ""},
		{grid.Column{Name: "Active", Type: "Edm.Boolean"}, "TRUE", true, "Active eq true"},
		{grid.Column{Name: "Lines", Type: "Collection(Erp.Line)"}, "x", true, ""},
		{grid.Column{Name: "Name", Type: "Edm.String"}, "   ", true, ""},
		{grid.Column{}, "x", true, ""},
	}
	for _, tt := range tests {
		d := dialectOf(tt.erp)
		p := colProp(nil, testSet, nil, tt.col)
		if got := searchFilter(p, dialog.OpsFor(nil, d, testSet, p), false, nil, tt.term, d); got != tt.want {
			t.Errorf("searchFilter(%s %s, %q, erp=%v) = %q; want %q", tt.col.Name, tt.col.Type, tt.term, tt.erp, got, tt.want)
		}
	}
}

// dialectOf is ERP.net for erp, else a generic v4 service.
func dialectOf(erp bool) odata.Dialect {
	if erp {
		return odata.ERPNet
	}
	return odata.GenericV4
}

func testStyles() *styles.Styles { st := styles.New(true); return &st }
