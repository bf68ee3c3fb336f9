package ui

// End-to-end tests of the grid's navigation (issue 14, item 6) and of the
// operators its filter editor offers (item 5), on the demo instance
// through the root: the mouse as the terminal reports it, go to page N,
// first and last page, a further sort key, the filter editor.

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/odx-dev/odx/demo"
)

// demoGrid is an 80×24 explorer on the demo with $metadata loaded and the
// grid of set open (its first page shown).
func demoGrid(t *testing.T, set string) Model {
	t.Helper()
	_, _, c := demoClient(t, demo.Options{}, nil)
	opts := testOpts()
	opts.Client = c
	m := newTestModel(opts)
	m = settleMeta(t, m, m.stack[0].Init())
	for i := 0; i < 10 && !strings.HasPrefix(ansi.Strip(m.statusLine(80)), " "+set); i++ {
		m, _ = press(m, "down")
	}
	var n int
	m = pressMeta(t, m, &n, "enter")
	if st := m.State(); st.Screen != "browse" || st.RowTo == 0 || !strings.HasPrefix(strings.TrimSpace(st.Status), set) {
		t.Fatalf("enter on %s: screen %q, status %q; want its grid", set, st.Screen, st.Status)
	}
	return m
}

// keys presses each key, settling after each.
func keys(t *testing.T, m Model, ks ...string) Model {
	t.Helper()
	var n int
	return pressMeta(t, m, &n, ks...)
}

// mouseAt sends a mouse message (terminal coordinates) and settles.
func mouseAt(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	m, cmd := send(m, msg)
	return settleMeta(t, m, cmd)
}

// screenLine is line y of the terminal, without styles.
func screenLine(m Model, y int) string {
	lines := strings.Split(viewText(m), "\n")
	if y >= len(lines) {
		return ""
	}
	return lines[y]
}

// columnX is the terminal x of the header text name on line y, -1 when
// it is not there.
func columnX(m Model, y int, name string) int {
	l := screenLine(m, y)
	i := strings.Index(l, name)
	if i < 0 {
		return -1
	}
	return ansi.StringWidth(l[:i]) + 1
}

func TestMouseOnTheGrid(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_SalesOrders")
	// Terminal line 0 is the header, 1 the breadcrumb, 2 the grid's
	// column header, 3 its first row.
	x := columnX(m, 2, "DocumentNo")
	if x < 0 {
		t.Fatalf("no DocumentNo column on line 2:\n%s", viewText(m))
	}
	click := tea.MouseClickMsg{X: x, Y: 3 + 4, Button: tea.MouseLeft}
	m = mouseAt(t, m, click)
	st := m.State()
	if st.Cursor[0] != 4 || st.Cursor[1] != 1 {
		t.Errorf("click on row 5's DocumentNo: cursor %v; want row 4, column 1 (DocumentNo)", st.Cursor)
	}
	if st.Screen != "browse" {
		t.Fatalf("one click opened %q; want the grid still", st.Screen)
	}
	docNo := strings.Fields(screenLine(m, 3+4))[2]
	m = mouseAt(t, m, click) // the second click of a double click
	if st := m.State(); st.Screen != "record" || !strings.Contains(strings.Join(st.Breadcrumb, " › "), docNo) {
		t.Errorf("double click on row 5: screen %q, breadcrumb %q; want the record of %s", st.Screen, st.Breadcrumb, docNo)
	}
}

func TestMouseWheelAndHeaderSort(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_SalesOrders")
	m = mouseAt(t, m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if st := m.State(); st.Cursor[0] != 3 {
		t.Errorf("wheel down: cursor row %d; want 3", st.Cursor[0])
	}
	x := columnX(m, 2, "DocumentDate")
	m = mouseAt(t, m, tea.MouseClickMsg{X: x, Y: 2, Button: tea.MouseLeft})
	if st := m.State(); !strings.Contains(st.Query, "$orderby=DocumentDate&") {
		t.Fatalf("click on the DocumentDate header: request %q; want $orderby=DocumentDate", st.Query)
	}
	// The query line is under the breadcrumb now: the header is line 3.
	if x = columnX(m, 3, "DocumentDate"); x < 0 {
		t.Fatalf("no DocumentDate header on line 3:\n%s", viewText(m))
	}
	m = mouseAt(t, m, tea.MouseClickMsg{X: x, Y: 3, Button: tea.MouseLeft})
	if st := m.State(); !strings.Contains(st.Query, "$orderby=DocumentDate desc") {
		t.Errorf("a second click on the header: request %q; want $orderby=DocumentDate desc", st.Query)
	}
}

func TestGoToPageOnTheDemo(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_SalesOrders")
	first := screenLine(m, 3)
	m = keys(t, m, "#", "5", "enter")
	st := m.State()
	if st.Page != 5 || st.RowFrom != 201 || st.RowTo != 250 || st.Cursor[0] != 0 {
		t.Errorf("# 5 enter: page %d rows %d–%d cursor row %d; want page 5, rows 201–250, on its first row",
			st.Page, st.RowFrom, st.RowTo, st.Cursor[0])
	}
	if !strings.Contains(st.Status, "rows 201–250 of 10,000 · page 5/200") {
		t.Errorf("status %q; want rows 201–250 of 10,000 · page 5/200", st.Status)
	}
	m = keys(t, m, "N")
	if l := screenLine(m, 3); !strings.HasPrefix(strings.TrimSpace(l), "201 ") {
		t.Errorf("N on page 5: first row %q; want it numbered 201", l)
	}
	m = keys(t, m, "]")
	if st := m.State(); st.Page != 200 || st.RowFrom != 9951 || st.RowTo != 10000 {
		t.Errorf("]: page %d rows %d–%d; want the last page, 200, rows 9,951–10,000", st.Page, st.RowFrom, st.RowTo)
	}
	if l := screenLine(m, 3); !strings.HasPrefix(strings.TrimSpace(l), "9951 ") {
		t.Errorf("] with row numbers: first row %q; want it numbered 9951", l)
	}
	m = keys(t, m, "[", "N")
	if st := m.State(); st.Page != 1 || st.RowFrom != 1 || screenLine(m, 3) != first {
		t.Errorf("[ N: page %d from row %d, first line %q; want page 1 as it was: %q", st.Page, st.RowFrom, screenLine(m, 3), first)
	}
}

func TestSecondarySortOnTheDemo(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_SalesOrders")
	m = keys(t, m, "right", "s", "right", "S")
	if st := m.State(); !strings.Contains(st.Query, "$orderby=DocumentNo,DocumentDate&") {
		t.Errorf("s on DocumentNo, S on DocumentDate: request %q; want $orderby=DocumentNo,DocumentDate", st.Query)
	}
	m = keys(t, m, "S")
	st := m.State()
	if !strings.Contains(st.Query, "$orderby=DocumentNo,DocumentDate desc") {
		t.Errorf("S again: request %q; want $orderby=DocumentNo,DocumentDate desc", st.Query)
	}
	if l := screenLine(m, 2); !strings.Contains(l, "sort DocumentNo, DocumentDate desc") {
		t.Errorf("query line %q; want both sort keys", l)
	}
	if st.Err != "" || !strings.Contains(st.Status, "rows 1–50") {
		t.Errorf("sorted by two keys: error %q, status %q; want the rows", st.Err, st.Status)
	}
}

// editorHint is the filter editor's hint line after typing text and tab.
func editorHint(t *testing.T, m Model, text string) string {
	t.Helper()
	m = keys(t, m, "f")
	for _, r := range text {
		m, _ = press(m, string(r))
	}
	m, _ = press(m, "tab")
	if !m.State().Modal {
		t.Fatal("f: no filter editor")
	}
	return screenLine(m, 20) // the editor's input, hint and error are the body's last three lines (19–21)
}

func TestFilterEditorOnTheDemo(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_Customers")
	hint := editorHint(t, m, "contains(")
	if !strings.HasPrefix(hint, "tab: ") || !strings.Contains(hint, "Number") {
		t.Fatalf("contains( tab on customers: hint %q; want the text properties to cycle", hint)
	}
	for _, bad := range []string{"DiscountPercent", "GracePeriodDays", "ExternalRef", "CreationTime", "CreditLimit", "Party", "Id"} {
		if strings.Contains(hint, bad) {
			t.Errorf("contains( offers %s: %q; want only text", bad, hint)
		}
	}
	if hint := strings.TrimSpace(editorHint(t, m, "GracePeriodDays ")); hint != "tab: eq ge le in" {
		t.Errorf("tab after a number column: %q; want its comparisons only (tab: eq ge le in)", hint)
	}
}

func TestFilterAndSearchOnAnExpandedColumn(t *testing.T) {
	m := demoGrid(t, "Crm_Sales_SalesOrders")
	m = keys(t, m, ":")
	for _, r := range "Crm_Sales_SalesOrders?$expand=Customer" {
		m, _ = press(m, string(r))
	}
	m = keys(t, m, "enter")
	if st := m.State(); !strings.Contains(st.Query, "$expand=Customer") || st.Err != "" {
		t.Fatalf("go to with $expand=Customer: request %q, error %q", st.Query, st.Err)
	}
	if hint := editorHint(t, m, "contains("); strings.Contains(hint, "Customer") {
		t.Errorf("contains( with Customer expanded: %q; want no Customer", hint)
	}
	m = keys(t, m, "esc", "C")
	for _, r := range "Customer" {
		m, _ = press(m, string(r))
	}
	m = keys(t, m, "enter", "/", "C", "-", "0", "enter")
	if l := screenLine(m, 21); !strings.Contains(l, "cannot be searched on the server") {
		t.Errorf("/C-0 enter on the expanded Customer column: %q; want no server filter offered", l)
	}
}
