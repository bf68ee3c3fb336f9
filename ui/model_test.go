package ui

// Tests of the explorer as a whole on the stub service: moving between
// screens, the keys that work everywhere, help, resizing and quitting.

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/internal/testctx"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

func TestBreadcrumbsAndBack(t *testing.T) {
	m, svc := started(t, testOpts())
	m = openGrid(t, m)
	crumbs := func(m Model) string { return strings.Join(m.State().Breadcrumb, " › ") }

	m, _ = press(m, "down", "enter")
	if st := m.State(); st.Screen != "record" || crumbs(m) != testSet+" › SO-2024-0002" {
		t.Fatalf("enter on row 2: screen %q, crumbs %q; want record, %q", st.Screen, crumbs(m), testSet+" › SO-2024-0002")
	}
	if _, cmd := press(m, "q"); quits(cmd) {
		t.Errorf("q on the record screen quit; want q to quit only from the set list")
	}

	// The last entry is the Customer reference: enter opens it. The stub's
	// 404 comes back as a notice; the record stays.
	m, cmd := press(m, "G", "enter")
	if cmd == nil || !strings.Contains(m.State().Status, "opening") {
		t.Fatalf("enter on Customer: command %v, status %q; want the related load started", cmd != nil, m.State().Status)
	}
	m = settle(t, m, cmd)
	want := "/api/domain/odata/Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000002)?$expand=Customer"
	if reqs := svc.requests(); reqs[len(reqs)-1] != want {
		t.Errorf("related request %q; want %q", reqs[len(reqs)-1], want)
	}
	if st := m.State(); st.Screen != "record" || !strings.Contains(st.Notice, "404") {
		t.Errorf("a failed related load: screen %q, notice %q; want the record, a notice about the 404", st.Screen, st.Notice)
	}
	svc.answer("Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000002)?$expand=Customer",
		`{"@odata.id":"Crm_Sales_SalesOrders(0a1b2c3d-0000-4000-8000-000000000002)","Customer":{"@odata.id":"Crm_Customers(1)","Number":"C-000042","Name":"Acme Ltd"}}`)
	m = pressSettle(t, m, "enter")
	m, _ = send(m, tickMsg(fixedNow.Add(time.Minute))) // the 404's notice fades
	if st := m.State(); st.Screen != "browse" || crumbs(m) != testSet+" › SO-2024-0002 › Customer" || st.RowTo != 1 {
		t.Fatalf("related rows: screen %q crumbs %q rows to %d; want browse, %q, 1 row",
			st.Screen, crumbs(m), st.RowTo, testSet+" › SO-2024-0002 › Customer")
	}
	if m2, cmd := press(m, "n"); cmd != nil || m2.State().Notice != "" {
		t.Errorf("n on related rows: command %v, notice %q; want nothing", cmd != nil, m2.State().Notice)
	}
	if _, cmd := press(m, "q"); quits(cmd) {
		t.Errorf("q on a browse screen quit; want q to quit only from the set list")
	}

	for _, want := range []string{"record " + testSet + " › SO-2024-0002", "browse " + testSet, "sets "} {
		m, _ = press(m, "esc")
		if got := m.State().Screen + " " + crumbs(m); got != want {
			t.Errorf("esc: %q; want %q", got, want)
		}
	}
	m, cmd = press(m, "esc")
	if m.State().Screen != "sets" || quits(cmd) {
		t.Errorf("esc on the set list: screen %q; want to stay, not quit", m.State().Screen)
	}
	if _, cmd := press(m, "q"); !quits(cmd) {
		t.Errorf("q on the set list did not quit")
	}
}

func TestHelpToggles(t *testing.T) {
	m, _ := started(t, testOpts())
	m = openGrid(t, m)
	m, _ = press(m, "?")
	reload := screen.DefaultKeyMap().Reload.Help()
	if words := strings.Join(strings.Fields(viewText(m)), " "); !m.showHelp || !strings.Contains(words, reload.Key+" "+reload.Desc) {
		t.Fatalf("? on the grid: the full help is not shown:\n%s", viewText(m))
	}
	m, _ = press(m, "?")
	if m.showHelp {
		t.Errorf("? again: the full help is still shown")
	}
	m, _ = press(m, "?", "esc")
	if st := m.State(); m.showHelp || st.Screen != "browse" {
		t.Errorf("esc on the help: help shown %v, screen %q; want the help closed, still on the grid", m.showHelp, st.Screen)
	}
}

func TestHelpSwallowsKeys(t *testing.T) {
	m, _ := started(t, testOpts())
	m = openGrid(t, m)
	m, _ = press(m, "?", "f", "n", "x")
	if st := m.State(); st.Modal || st.Page != 1 || st.Loading {
		t.Errorf("keys acted behind the help: modal %v, page %d, loading %v", st.Modal, st.Page, st.Loading)
	}
	m, _ = press(m, "?")
	if m.showHelp {
		t.Errorf("? did not close the help")
	}
}

func TestTokenViewFromAnyScreen(t *testing.T) {
	screens := map[string]func(t *testing.T) Model{
		"sets": func(t *testing.T) Model { m, _ := started(t, testOpts()); return m },
		"browse": func(t *testing.T) Model {
			m, _ := started(t, testOpts())
			return openGrid(t, m)
		},
		"record": func(t *testing.T) Model {
			m, _ := started(t, testOpts())
			m, _ = press(openGrid(t, m), "enter")
			return m
		},
	}
	for name, open := range screens {
		t.Run(name, func(t *testing.T) {
			m := open(t)
			before := m.State()
			m, cmd := press(m, "t")
			if st := m.State(); st.Screen != "token" || cmd == nil {
				t.Fatalf("t on %s: screen %q; want the token view, its info asked", name, st.Screen)
			}
			if !strings.Contains(viewText(m), "asking the identity provider") {
				t.Errorf("the token view does not say it is loading:\n%s", viewText(m))
			}
			// Without a token source the view says so.
			m = settle(t, m, cmd)
			if st := m.State(); !strings.Contains(st.Err, "no token source") {
				t.Errorf("token view without a source: error %q; want it to say there is no token source", st.Err)
			}
			m, _ = press(m, "t") // no second token view
			m, _ = press(m, "esc")
			if after := m.State(); after.Screen != before.Screen || strings.Join(after.Breadcrumb, "›") != strings.Join(before.Breadcrumb, "›") {
				t.Errorf("esc from the token view: %+v; want back to %+v", after, before)
			}
		})
	}
}

func TestFilterTakesEveryKey(t *testing.T) {
	m, _ := started(t, testOpts())
	m, _ = press(m, "/")
	if !m.top().Capturing() {
		t.Fatalf("/ did not start the filter")
	}
	for _, k := range []string{"q", "t", "?", "r"} {
		var cmd tea.Cmd
		m, cmd = press(m, k)
		if quits(cmd) {
			t.Errorf("%q typed into the filter quit", k)
		}
	}
	if st := m.State(); st.Screen != "sets" || m.showHelp || !strings.Contains(viewText(m), "qt?r") {
		t.Errorf("after typing q t ? r: screen %q, help %v; want the set list, no help, the filter \"qt?r\":\n%s",
			st.Screen, m.showHelp, viewText(m))
	}
}

func TestGoToOpensAGrid(t *testing.T) {
	m, svc := started(t, testOpts())
	m, _ = press(m, ":")
	if st := m.State(); !st.Modal {
		t.Fatalf(": on the set list: no go-to line")
	}
	for _, r := range testSet + "?$filter=Notes eq 'x'" {
		m, _ = press(m, string(r))
	}
	m = pressSettle(t, m, "enter")
	if st := m.State(); st.Screen != "browse" || st.Modal || !strings.Contains(st.Query, "$filter=Notes eq 'x'") {
		t.Fatalf("go to %s: screen %q, modal %v, query %q; want a grid of the filtered query", testSet, st.Screen, st.Modal, st.Query)
	}
	if reqs := svc.requests(); !strings.Contains(strings.Join(reqs, "\n"), "?$filter=Notes%20eq%20'x'&$top=50") {
		t.Errorf("requests %q; want the filtered query sent", reqs)
	}
	// History holds it: ctrl+r, enter opens it again on a new grid.
	m = pressSettle(t, m, "ctrl+r", "enter")
	if st := m.State(); st.Screen != "browse" || len(m.stack) != 3 || !strings.Contains(st.Query, "Notes eq 'x'") {
		t.Errorf("history: screen %q, %d screens, query %q; want a second grid of the same query", st.Screen, len(m.stack), st.Query)
	}
}

func TestResizeRelayout(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {50, 15}} {
		m, _ := started(t, testOpts())
		m, _ = press(openGrid(t, m), "enter")
		m, _ = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for range 3 { // record, grid, set list
			if lines := strings.Split(viewText(m), "\n"); len(lines) != size[1] {
				t.Errorf("at %d×%d, screen %s: the view has %d lines; want %d", size[0], size[1], m.State().Screen, len(lines), size[1])
			}
			m, _ = press(m, "esc")
		}
	}
}

func TestForceQuitCancelsLoads(t *testing.T) {
	opts := testOpts()
	live := testctx.New(t)
	opts.Context = live
	m, _ := started(t, opts)
	m = openGrid(t, m)
	m, _ = press(m, "n") // page 2 loads
	if live.Count() == 0 {
		t.Fatalf("no request in flight after n")
	}
	_, cmd := send(m, tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if !quits(cmd) {
		t.Errorf("ctrl+c on the grid did not quit")
	}
	if got := live.Count(); got != 0 {
		t.Errorf("ctrl+c left %d requests running; want every load cancelled", got)
	}
}

// salesOrderCSDL declares the test set's type with properties in an order
// other than the payload's.
const salesOrderCSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="Erp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="SalesOrder"><Key><PropertyRef Name="Id"/></Key>
<Property Name="Id" Type="Edm.Guid" Nullable="false"/><Property Name="Notes" Type="Edm.String"/>
<Property Name="DocumentNo" Type="Edm.String"/></EntityType>
<EntityContainer Name="Container"><EntitySet Name="Crm_Sales_SalesOrders" EntityType="Erp.SalesOrder"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`

func TestMetadataReachesEveryScreen(t *testing.T) {
	meta, err := odata.ParseMetadata(strings.NewReader(salesOrderCSDL))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := started(t, testOpts())
	m, _ = press(openGrid(t, m), "enter") // a record over the grid
	m, _ = send(m, metadataLoadedMsg{model: meta})
	if !m.State().Metadata || m.env.Meta != meta {
		t.Errorf("State().Metadata is false after $metadata arrived")
	}
	m, _ = press(m, "esc")
	if hdr := strings.Split(viewText(m), "\n")[2]; !strings.HasPrefix(hdr, "#Id") || !strings.Contains(hdr, "Notes") ||
		strings.Index(hdr, "Notes") > strings.Index(hdr, "Documen") {
		t.Errorf("the grid under the record after $metadata: header %q; want the key Id first, then Notes before DocumentNo", hdr)
	}
	m, _ = send(m, metadataLoadedMsg{err: errors.New("the server answered 500\x1b[31m")})
	if got := m.State().Notice; !strings.HasPrefix(got, "metadata unavailable: the server answered 500") || strings.Contains(got, "\x1b") {
		t.Errorf("notice for a failed $metadata: %q; want it to say so, sanitised", got)
	}
}

func TestWarningsShownAtStart(t *testing.T) {
	opts := testOpts()
	opts.Warnings = []string{"/home/u/.config/odx/config.toml holds client_secret and others can read it (mode 0644); run chmod 600 on it"}
	m := newTestModel(opts)
	if got := m.State().Notice; !strings.HasPrefix(got, "warning: ") || !strings.Contains(got, "mode 0644") {
		t.Errorf("notice at start %q; want the config's warning", got)
	}
}

func TestProfileFromTheGrid(t *testing.T) {
	m, _ := started(t, testOpts())
	m = openGrid(t, m)
	m, _ = press(m, "right") // DocumentNo
	m = pressSettle(t, m, "i")
	st := m.State()
	if st.Screen != "profile" || strings.Join(st.Breadcrumb, " › ") != testSet+" › profile of DocumentNo" {
		t.Fatalf("i on the grid: screen %q, crumbs %q; want the profile of DocumentNo", st.Screen, st.Breadcrumb)
	}
	// The stub has no $apply: the profile says it comes from the rows loaded.
	if v := viewText(m); !strings.Contains(v, "from the 4 rows loaded") {
		t.Errorf("the profile does not say it is computed from the rows loaded:\n%s", v)
	}
	if m, _ = press(m, "esc"); m.State().Screen != "browse" {
		t.Errorf("esc on the profile: screen %q; want the grid", m.State().Screen)
	}
}
