package browse

// Tests of the grid's columns from $metadata (columns.go): labels in the
// header (sap:label of SAP's API_BUSINESS_PARTNER, testdata/PROVENANCE.md),
// switched to technical names with T; sorting, filters and URLs keep
// using the names.

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/grid"
	"github.com/odx-dev/odx/ui/screen"
)

const bpSet = "A_BusinessPartner"

// bpJSON is a page of business partners as API_BUSINESS_PARTNER sends
// them (v2 JSON, decoded): a person, two organisations, a group.
const bpJSON = `[
 {"BusinessPartner":"1000042","Customer":"1000042","Supplier":"","BusinessPartnerCategory":"2",
  "BusinessPartnerFullName":"ACME Corporation","BusinessPartnerGrouping":"BP02","CorrespondenceLanguage":"EN",
  "CreatedByUser":"CB9980000010","CreationDate":"2017-03-14T00:00:00Z","FirstName":"","LastName":"",
  "OrganizationBPName1":"ACME Corporation","SearchTerm1":"ACME","IsNaturalPerson":""},
 {"BusinessPartner":"1000043","Customer":"","Supplier":"1000043","BusinessPartnerCategory":"1",
  "BusinessPartnerFullName":"Maria Jones","BusinessPartnerGrouping":"BP01","CorrespondenceLanguage":"DE",
  "CreatedByUser":"CB9980000010","CreationDate":"2018-11-02T00:00:00Z","FirstName":"Maria","LastName":"Jones",
  "OrganizationBPName1":"","SearchTerm1":"JONES","IsNaturalPerson":"X"},
 {"BusinessPartner":"1000044","Customer":"1000044","Supplier":"1000044","BusinessPartnerCategory":"2",
  "BusinessPartnerFullName":"Müller & Söhne GmbH","BusinessPartnerGrouping":"BP02","CorrespondenceLanguage":"DE",
  "CreatedByUser":"CB9980000012","CreationDate":"2019-06-30T00:00:00Z","FirstName":"","LastName":"",
  "OrganizationBPName1":"Müller & Söhne","SearchTerm1":"MUELLER","IsNaturalPerson":""},
 {"BusinessPartner":"1000045","Customer":"","Supplier":"","BusinessPartnerCategory":"3",
  "BusinessPartnerFullName":"Northwind Group","BusinessPartnerGrouping":"BP03","CorrespondenceLanguage":"EN",
  "CreatedByUser":"CB9980000012","CreationDate":"2020-01-02T00:00:00Z","FirstName":"","LastName":"",
  "OrganizationBPName1":"","SearchTerm1":"NORTHWIND","IsNaturalPerson":""}
]`

var bpColumns = []string{"BusinessPartner", "Customer", "Supplier", "BusinessPartnerCategory", "BusinessPartnerFullName",
	"BusinessPartnerGrouping", "CorrespondenceLanguage", "CreatedByUser", "CreationDate", "FirstName", "LastName",
	"IsNaturalPerson", "OrganizationBPName1", "SearchTerm1"}

// bpMeta is the $metadata of API_BUSINESS_PARTNER.
func bpMeta(t testing.TB) *odata.Model {
	t.Helper()
	f, err := os.Open("testdata/sap-api-business-partner-v2.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := odata.ParseMetadata(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// openBP is the grid of A_BusinessPartner at 80×21 with $metadata, its
// first page delivered and counted.
func openBP(t testing.TB, status *screen.Status) *Model {
	t.Helper()
	env := testEnv(nil, status)
	env.Meta = bpMeta(t)
	env.Dialect = odata.V2
	m := New(env, odata.Query{Set: bpSet}, []string{bpSet}, -1, false)
	m.SetSize(80, 21)
	_ = m.Init() // not run: the test delivers the replies
	b := m.cur
	page := &odata.Page{Columns: bpColumns, Rows: testRows(t, bpJSON), Count: 4}
	send(m, pageLoadedMsg{seq: b.seq, load: b.load, index: 0, page: page, tail: page},
		countLoadedMsg{seq: b.seq, count: 4})
	env.Drain()
	return m
}

func TestGridColumnsLabels(t *testing.T) {
	meta := bpMeta(t)
	page := &odata.Page{Columns: []string{"Unknown", "BusinessPartnerFullName", "BusinessPartnerCategory", "BusinessPartner"}}
	got := gridColumns(page, meta, bpSet, nil)
	want := []grid.Column{
		{Name: "BusinessPartner", Label: "Business Partner", Type: "Edm.String", Key: true},
		{Name: "BusinessPartnerCategory", Label: "BP Category", Type: "Edm.String"},
		{Name: "BusinessPartnerFullName", Type: "Edm.String"}, // no sap:label
		{Name: "Unknown"},
	}
	if len(got) != len(want) {
		t.Fatalf("gridColumns = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("column %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	if cols := gridColumns(page, nil, bpSet, nil); cols[0].Label != "" {
		t.Errorf("without $metadata: column %+v; want no label", cols[0])
	}
}

// TestLabelsGolden is the grid of business partners in an 80×24 terminal
// with labels (the default) and, after T, with technical names.
func TestLabelsGolden(t *testing.T) {
	m := openBP(t, &screen.Status{})
	t.Run("labels", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
	pressT(m)
	t.Run("names", func(t *testing.T) {
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
}

// TestLabelsKey: T switches the header and says so; the choice holds for
// the next query; the sort, the filter by cell and the request use names.
func TestLabelsKey(t *testing.T) {
	status := &screen.Status{}
	m := openBP(t, status)
	header := func() string { return strings.SplitN(viewText(m), "\n", 3)[1] }
	if h := header(); !strings.Contains(h, "#Business Partner") || !strings.Contains(h, "Customer") {
		t.Fatalf("header = %q; want the labels", h)
	}
	if !m.keys.Labels.Enabled() || !strings.Contains(helpText(m.Help().FullHelp()[2]), "T") {
		t.Errorf("T is not enabled or not in the help on a grid with labels")
	}

	pressT(m)
	if h := header(); !strings.Contains(h, "#BusinessPartner ") || status.Text != "technical names (T: labels)" {
		t.Errorf("after T: header %q, notice %q; want technical names and the notice", h, status.Text)
	}
	pressT(m)
	if h := header(); !strings.Contains(h, "#Business Partner") || status.Text != "labels from $metadata (T: technical names)" {
		t.Errorf("after T T: header %q, notice %q; want the labels and the notice", h, status.Text)
	}

	// Sorting the column under the cursor (BP Category) orders by its name.
	press(m, "right", "right", "right")
	if c := m.cur.grid.CurrentColumn(); c.Label != "BP Category" {
		t.Fatalf("cursor on %+v; want BP Category", c)
	}
	press(m, "s")
	if q := m.pending.query; len(q.OrderBy) != 1 || q.OrderBy[0] != "BusinessPartnerCategory" {
		t.Errorf("sort by BP Category: $orderby %q; want BusinessPartnerCategory", q.OrderBy)
	}
	if !strings.Contains(status.Text, "$orderby=BusinessPartnerCategory") {
		t.Errorf("notice %q; want the request with the technical name", status.Text)
	}
	if !m.pending.grid.Labels() {
		t.Errorf("the pending query's grid shows names; want labels, as the grid it replaces")
	}
	pressT(m) // while the query is pending: both grids switch
	if m.cur.grid.Labels() || m.pending.grid.Labels() {
		t.Errorf("after T with a query pending: labels %v, %v; want names on both", m.cur.grid.Labels(), m.pending.grid.Labels())
	}
	m.dropPending()

	// Filter by cell writes the name.
	press(m, "=")
	if q := m.pending.query; q.Filter != "BusinessPartnerCategory eq '2'" {
		t.Errorf("filter by cell: $filter %q; want BusinessPartnerCategory eq '2'", q.Filter)
	}
}

// TestLabelsKeyWithoutLabels: where $metadata has no labels T is off.
func TestLabelsKeyWithoutLabels(t *testing.T) {
	m := lateMetadata(t)
	if m.keys.Labels.Enabled() {
		t.Errorf("T enabled on a grid without labels")
	}
	h := m.Help().FullHelp()[2]
	if strings.Contains(" "+helpText(h)+" ", " T ") {
		t.Errorf("help %q shows T on a grid without labels", helpText(h))
	}
}

// pressT presses T and does what the root does with the SetNames it posts:
// the session's choice changes, a notice says so, every screen hears
// NamesChanged.
func pressT(m *Model) {
	m.Update(kp("T"))
	for _, msg := range m.env.Drain() {
		if s, ok := msg.(screen.SetNames); ok {
			m.env.Names = s.On
			if s.On {
				m.env.Notice("technical names (T: labels)", false)
			} else {
				m.env.Notice("labels from $metadata (T: technical names)", false)
			}
			m.Update(screen.NamesChanged{})
		}
	}
}

// TestHideColumn: - on a column runs the query with the columns shown but
// it, as the picker's apply would; never the key; not without $metadata.
func TestHideColumn(t *testing.T) {
	// withMeta is a grid of Id Notes DocumentNo, with $metadata.
	withMeta := func(status *screen.Status) *Model {
		meta, err := odata.ParseMetadata(strings.NewReader(salesOrderCSDL))
		if err != nil {
			t.Fatal(err)
		}
		env := testEnv(nil, status)
		env.Meta = meta
		return open(t, env, numberedRows(1, 4), twoCols, 4, "")
	}
	status := &screen.Status{}
	m := withMeta(status)
	press(m, "right", "-")
	if m.pending == nil {
		t.Fatalf("- on Notes: no query pending; want one without Notes")
	}
	if got := strings.Join(m.pending.query.Columns, " "); got != "Id DocumentNo" {
		t.Errorf("- on Notes: columns %q; want %q", got, "Id DocumentNo")
	}
	if got := strings.Join(m.pending.query.Select, ","); got != "Id,DocumentNo" {
		t.Errorf("- on Notes: $select %q; want %q", got, "Id,DocumentNo")
	}
	if n := status.Text; !strings.Contains(n, "hiding Notes") {
		t.Errorf("- on Notes: notice %q; want it to say Notes is hidden", n)
	}
	m = withMeta(status)
	press(m, "-")
	if m.pending != nil || !strings.Contains(status.Text, "Id is the key") {
		t.Errorf("- on the key: pending %v, notice %q; want nothing run and a notice", m.pending != nil, status.Text)
	}
	m = open(t, testEnv(nil, status), numberedRows(1, 4), twoCols, 4, "")
	press(m, "right", "-")
	if m.pending != nil || !strings.Contains(status.Text, "$metadata") {
		t.Errorf("- without $metadata: pending %v, notice %q; want nothing run and a notice", m.pending != nil, status.Text)
	}
}

// TestColumnWidthsAndFreeze: < and > narrow and widen the cursor's column,
// | freezes up to it; a changed query keeps both.
func TestColumnWidthsAndFreeze(t *testing.T) {
	status := &screen.Status{}
	m := open(t, testEnv(nil, status), testRows(t, pageJSON), pageColumns, 4, "")
	press(m, "right", ">", ">")
	if w := m.cur.grid.Layout().Widths["DocumentNo"]; w != 12+2*grid.WidthStep {
		t.Errorf("> twice on DocumentNo: %d cells; want %d", w, 12+2*grid.WidthStep)
	}
	press(m, "<")
	if !strings.Contains(status.Text, "DocumentNo: 16 cells wide") {
		t.Errorf("<: notice %q; want the new width", status.Text)
	}
	press(m, "|")
	if got := m.cur.grid.Frozen(); got != "DocumentNo" || !strings.Contains(status.Text, "frozen up to DocumentNo") {
		t.Errorf("|: frozen %q, notice %q; want DocumentNo", got, status.Text)
	}
	press(m, "s") // a sorted query: the same layout
	if m.pending == nil {
		t.Fatal("s: no query pending")
	}
	if l := m.pending.grid.Layout(); l.Frozen != "DocumentNo" || l.Widths["DocumentNo"] != 16 {
		t.Errorf("the sorted query's grid: layout %+v; want DocumentNo frozen, 16 cells", l)
	}
	press(m, "|")
	if got := m.pending.grid.Frozen(); got != "" || !strings.Contains(status.Text, "unfrozen") {
		t.Errorf("| again: the pending grid frozen %q, notice %q; want none", got, status.Text)
	}
}

// TestWidthsAndFreezeRemembered: a column's width and the frozen columns
// are the set's layout: the next grid of the set that takes its layout
// (opened from the set list) has them, another set's does not.
func TestWidthsAndFreezeRemembered(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	press(m, "right", ">")
	press(m, "|")
	l, ok := env.Prefs.Layout(env.Profile, testSet)
	if !ok || l.Widths["DocumentNo"] != 12+grid.WidthStep || l.Frozen != "DocumentNo" {
		t.Fatalf("the set's saved layout %+v (found %v); want DocumentNo %d cells wide and frozen", l, ok, 12+grid.WidthStep)
	}
	again := New(env, odata.Query{Set: testSet}, []string{testSet}, -1, true)
	if got := again.cur.grid.Layout(); got.Widths["DocumentNo"] != 12+grid.WidthStep || got.Frozen != "DocumentNo" {
		t.Errorf("the set opened again: layout %+v; want DocumentNo %d cells wide and frozen", got, 12+grid.WidthStep)
	}
	other := New(env, odata.Query{Set: "Other"}, []string{"Other"}, -1, true)
	if got := other.cur.grid.Layout(); len(got.Widths) != 0 || got.Frozen != "" {
		t.Errorf("another set: layout %+v; want none", got)
	}
}

// TestJumpToColumn: C opens the jump line; its ColumnJump moves the cursor.
func TestJumpToColumn(t *testing.T) {
	status := &screen.Status{}
	env := testEnv(nil, status)
	m := open(t, env, testRows(t, pageJSON), pageColumns, 4, "")
	press(m, "C")
	posted := env.Drain()
	if len(posted) != 1 {
		t.Fatalf("C: posted %#v; want the jump line", posted)
	}
	if od, ok := posted[0].(screen.OpenDialog); !ok || od.Dialog.Kind() != dialog.KindJump {
		t.Fatalf("C: posted %#v; want the jump line", posted[0])
	}
	send(m, dialog.ColumnJump{Name: "Notes"})
	if got := m.cur.grid.CurrentColumn().Name; got != "Notes" {
		t.Errorf("after ColumnJump{Notes}: cursor on %q; want Notes", got)
	}
	send(m, dialog.ColumnJump{Name: "Gone"})
	if got := m.cur.grid.CurrentColumn().Name; got != "Notes" || !strings.Contains(status.Text, "no column Gone") {
		t.Errorf("after ColumnJump{Gone}: cursor on %q, notice %q; want Notes, and a notice", got, status.Text)
	}
}

// TestColumnKeysEnabled: the in-place column keys work on every grid but
// hiding, which needs a query; the picker's bulk keys are off here.
func TestColumnKeysEnabled(t *testing.T) {
	env := testEnv(nil, &screen.Status{})
	m := open(t, env, numberedRows(1, 4), twoCols, 4, "")
	static := NewStatic(env, testSet, numberedRows(1, 2), []string{testSet, "SO-1", "Lines"})
	for _, tt := range []struct {
		name string
		m    *Model
		hide bool
	}{{"query", m, true}, {"related rows", static, false}} {
		k := tt.m.KeyMap()
		if k.HideColumn.Enabled() != tt.hide || !k.Narrow.Enabled() || !k.Widen.Enabled() || !k.Freeze.Enabled() || !k.JumpColumn.Enabled() {
			t.Errorf("%s grid: hide %v narrow %v widen %v freeze %v jump %v; want hide %v, the others on", tt.name,
				k.HideColumn.Enabled(), k.Narrow.Enabled(), k.Widen.Enabled(), k.Freeze.Enabled(), k.JumpColumn.Enabled(), tt.hide)
		}
		if k.HideAll.Enabled() || k.ShowAll.Enabled() || k.OnlyThis.Enabled() || k.Invert.Enabled() {
			t.Errorf("%s grid: the picker's bulk keys are enabled; want them off", tt.name)
		}
	}
	if shape := helpText(m.Help().FullHelp()[2]); !strings.HasPrefix(shape, "c - C < > |") {
		t.Errorf("shaping keys %q; want the column keys after c", shape)
	}
}

// TestColumnsViewGolden is the grid at 80×24 with the short GUID key,
// DocumentNo frozen beside it and Description narrowed.
func TestColumnsViewGolden(t *testing.T) {
	m := open(t, testEnv(nil, &screen.Status{}), testRows(t, pageJSON), pageColumns, 1234, "more")
	press(m, "right", "|", "right", "right", "right", "<", "<", "down")
	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
}

// TestShortGUIDCopiesWhole: at 80 columns the GUID key shows short, and y
// on it copies the whole GUID.
func TestShortGUIDCopiesWhole(t *testing.T) {
	m := open(t, testEnv(nil, &screen.Status{}), testRows(t, pageJSON), pageColumns, 4, "")
	const id = "0a1b2c3d-0000-4000-8000-000000000001"
	if v := viewText(m); strings.Contains(v, id) || !strings.Contains(v, "0a1b2c3d… │") {
		t.Errorf("view at 80 columns:\n%s\nwant the key short", v)
	}
	cmd := press(m, "y")
	if cmd == nil {
		t.Fatal("y: no command; want the clipboard set")
	}
	if got := fmt.Sprint(cmd()); got != id {
		t.Errorf("y on the short key copied %q; want %q", got, id)
	}
	m.SetSize(120, 21)
	if v := viewText(m); !strings.Contains(v, id) {
		t.Errorf("view at 120 columns:\n%s\nwant the whole key", v)
	}
}
