package record

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// sized is the record of orderJSON opened from the set's grid, at w×h.
func sized(t *testing.T, w, h int) *Model {
	t.Helper()
	m := New(testEnv(nil, &screen.Status{}), testSet, testRow(t, orderJSON), []string{testSet})
	m.SetSize(w, h)
	return m
}

// TestViewGolden is the record in an 80×24 terminal: the body between the
// header and the status line (the old explorer's record view, lines 2 to
// 22).
func TestViewGolden(t *testing.T) {
	golden.RequireEqual(t, []byte(ansi.Strip(sized(t, 80, 21).View())))
}

func TestViewFitsTheBody(t *testing.T) {
	for _, size := range [][2]int{{40, 9}, {80, 21}, {250, 67}, {20, 2}} {
		w, h := size[0], size[1]
		m := sized(t, w, h)
		for _, keys := range [][]string{nil, {"G"}} {
			press(m, keys...)
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			if len(lines) != h {
				t.Errorf("at %d×%d after %q: got %d lines; want %d", w, h, keys, len(lines), h)
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("at %d×%d: line %d is %d cells wide; want ≤ %d: %q", w, h, i+1, lw, w, l)
				}
			}
			if !strings.Contains(ansi.Strip(m.View()), "› ") {
				t.Errorf("at %d×%d after %q: the cursor's entry is not shown:\n%s", w, h, keys, ansi.Strip(m.View()))
			}
		}
	}
}

func TestCursorVisibleWithoutColour(t *testing.T) {
	m := sized(t, 80, 21)
	for _, step := range []struct {
		keys []string
		line string
	}{
		{nil, "› Amount"},
		{[]string{"down"}, "› Description"},
		{[]string{"G"}, "› Customer"},
	} {
		press(m, step.keys...)
		if view := ansi.Strip(m.View()); !hasLinePrefix(view, step.line) {
			t.Errorf("after %q: no line starts with %q, the cursor is not visible:\n%s", step.keys, step.line, view)
		}
	}
}

func hasLinePrefix(s, prefix string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// hostile is server text that tries escape sequences (clear, title, colour
// by CSI and by the C1 CSI), a bell, a carriage return and a right-to-left
// override.
const hostile = "A\x1b[2J\x1b]0;pwned\x07B\rC\u009b31mD\u202eE"

func TestViewSanitisesServerText(t *testing.T) {
	row := odata.Row{
		ID:     "Crm_" + hostile + "(1)",
		Values: map[string]any{"Number": "N" + hostile, "Notes": hostile, hostile: "odd member name"},
	}
	m := New(testEnv(nil, &screen.Status{}), "Crm_"+hostile, row, []string{"Crm_" + hostile})
	m.SetSize(200, 21)
	raw := m.View()
	if bad := termtext.UnsafeStyled(raw); bad != "" {
		t.Errorf("%s reaches the terminal", bad)
	}
	if want := "Crm_A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E › NA␛[2J"; !strings.Contains(ansi.Strip(raw), want) {
		t.Errorf("the view does not show %q:\n%s", want, ansi.Strip(raw))
	}
	if bad := termtext.UnsafeStyled(m.Status()); bad != "" {
		t.Errorf("status: %s reaches the terminal", bad)
	}
}

const timesheetSet = "TimeSheetEntryCollection"

// timesheetJSON is an entry of SAP's API_MANAGE_WORKFORCE_TIMESHEET (v2
// JSON, decoded).
const timesheetJSON = `{"PersonWorkAgreementExternalID":"50001234","CompanyCode":"1010","TimeSheetRecord":"000000012345",
 "PersonWorkAgreement":"50001234","TimeSheetDate":"2024-03-11T00:00:00Z","TimeSheetIsReleasedOnSave":true,
 "TimeSheetPredecessorRecord":"","TimeSheetStatus":"30","TimeSheetIsExecutedInTestRun":false,"TimeSheetOperation":"C",
 "TimeSheetDataFields":{"ControllingArea":"A000","SenderCostCenter":"10101101","ActivityType":"T001","RecordedHours":"7.5",
  "HoursUnitOfMeasure":"H","TimeSheetNote":"Design review"}}`

// timesheet is the record of timesheetJSON with the service's $metadata
// (testdata/PROVENANCE.md), at 80×21.
func timesheet(t *testing.T, status *screen.Status) *Model {
	t.Helper()
	f, err := os.Open("testdata/sap-workforce-timesheet-v2.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	meta, err := odata.ParseMetadata(f)
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(nil, status)
	env.Meta = meta
	m := New(env, timesheetSet, testRow(t, timesheetJSON), []string{timesheetSet})
	m.SetSize(80, 21)
	return m
}

// TestLabelsGolden is a record of an SAP v2 service in an 80×24 terminal,
// its fields named by their sap:label, and after T by their names.
func TestLabelsGolden(t *testing.T) {
	m := timesheet(t, &screen.Status{})
	press(m, "down", "down")
	t.Run("labels", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
	pressT(m)
	t.Run("names", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
}

func TestRecordWheel(t *testing.T) {
	m := New(testEnv(nil, &screen.Status{}), testSet, testRow(t, orderJSON), []string{testSet})
	m.SetSize(80, 20)
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.cursor != wheelEntries {
		t.Errorf("wheel down: cursor on entry %d; want %d", m.cursor, wheelEntries)
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.cursor != 0 {
		t.Errorf("wheel down, up: cursor on entry %d; want 0", m.cursor)
	}
}

// entryY is the body line the entry named name starts on.
func entryY(t *testing.T, m *Model, name string) int {
	t.Helper()
	_, spans := m.lines()
	for i, e := range m.entries {
		if e.name == name {
			return spans[i][0] - m.offset + 1
		}
	}
	t.Fatalf("no entry %s", name)
	return -1
}

func TestRecordClicks(t *testing.T) {
	m := New(testEnv(nil, &screen.Status{}), testSet, testRow(t, orderJSON), []string{testSet})
	m.SetSize(80, 20)
	defer m.Close()
	click := func(y int) tea.Cmd {
		_, cmd := m.Update(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
		return cmd
	}
	if cmd := click(entryY(t, m, "Notes")); cmd != nil || under(m) != "Notes" {
		t.Errorf("click on Notes: cursor on %s, command %v; want Notes, nothing started", under(m), cmd != nil)
	}
	if cmd := click(entryY(t, m, "Notes")); cmd != nil {
		t.Error("double click on a plain property started something; want nothing")
	}
	click(entryY(t, m, "Customer"))
	if under(m) != "Customer" || m.relStop != nil {
		t.Fatalf("click on Customer: cursor on %s, loading %v; want Customer, nothing loading", under(m), m.relStop != nil)
	}
	if cmd := click(entryY(t, m, "Customer")); cmd == nil || m.relStop == nil {
		t.Errorf("double click on Customer: command %v; want its related rows loading, as enter does", cmd != nil)
	}
	click(0) // the breadcrumb
	if under(m) != "Customer" {
		t.Errorf("click on the breadcrumb moved the cursor to %s", under(m))
	}
}

// TestViewFormattedValues: a Dataverse record shows the server's formatted
// value beside the raw one ("Active (1)"), sanitised, and the search finds
// it; a value without one shows as before.
func TestViewFormattedValues(t *testing.T) {
	row := testRow(t, `{"accountid":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","name":"Fabrikam",
 "statuscode@OData.Community.Display.V1.FormattedValue":"Active","statuscode":1,
 "revenue@OData.Community.Display.V1.FormattedValue":"$1,000,000.00","revenue":1000000,
 "name@OData.Community.Display.V1.FormattedValue":"Fabrikam","description":"x"}`)
	row.Formatted["description"] = hostile
	m := New(testEnv(nil, &screen.Status{}), "accounts", row, []string{"accounts"})
	m.SetSize(120, 21)
	raw := m.View()
	if bad := termtext.UnsafeStyled(raw); bad != "" {
		t.Errorf("%s reaches the terminal", bad)
	}
	v := ansi.Strip(raw)
	for _, want := range []string{"Active (1)", "$1,000,000.00 (1000000)", "Fabrikam\n", "A␛[2J"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view does not show %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Fabrikam (Fabrikam)") {
		t.Errorf("the view repeats a formatted value equal to the raw one:\n%s", v)
	}
	for _, e := range m.entries {
		if e.name == "statuscode" && !strings.Contains(m.entryText(e), "active") {
			t.Errorf("the search text of statuscode got %q; want it to hold the formatted value", m.entryText(e))
		}
	}
}
