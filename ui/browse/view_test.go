package browse

// Tests of what the grid screen draws (view.go): golden bodies, the body
// within its size, the cursor without colour, the status line, and server
// text that must never reach the terminal raw.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/odx-dev/odx/internal/termtext"
	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// testViews are the grid screen at w×h: the sales orders of pageJSON
// (1,234 of them), scrolled to the middle and to the end, the first page
// of another set failed, and that page still loading.
func testViews(t *testing.T, w, h int) map[string]*Model {
	t.Helper()
	orders := func() *Model {
		return open(t, testEnv(nil, &screen.Status{}), testRows(t, pageJSON), pageColumns, 1234, "more")
	}
	grid := orders()
	// Scrolled right: multi-language text and amounts; hostile notes.
	mid := orders()
	press(mid, "end", "left", "left")
	end := orders()
	press(end, "down", "end")
	failed := failedFirst(t, testEnv(nil, &screen.Status{}))
	loading := New(testEnv(nil, &screen.Status{}), odata.Query{Set: "Crm_Customers"}, []string{"Crm_Customers"}, 12345, false)
	_ = loading.Init()
	views := map[string]*Model{"grid": grid, "gridmid": mid, "gridend": end, "error": failed, "loading": loading}
	for _, m := range views {
		m.SetSize(w, h)
	}
	return views
}

// TestViewGolden is the grid screen in an 80×24 terminal: the body between
// the header and the status line (the old explorer's views, lines 2 to 22,
// whose blank lines the root pads).
func TestViewGolden(t *testing.T) {
	for name, m := range testViews(t, 80, 21) {
		t.Run(name, func(t *testing.T) {
			golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
		})
	}
}

func TestViewFitsTheBody(t *testing.T) {
	for _, size := range [][2]int{{40, 9}, {80, 21}, {250, 67}} {
		w, h := size[0], size[1]
		for name, m := range testViews(t, w, h) {
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			if len(lines) > h {
				t.Errorf("%s at %d×%d: got %d lines; want ≤ %d", name, w, h, len(lines), h)
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("%s at %d×%d: line %d is %d cells wide; want ≤ %d: %q", name, w, h, i+1, lw, w, l)
				}
			}
		}
	}
}

// TestWriteBodyIsView: what the grid writes into the root's frame is its
// View, fitted or not, at every size.
func TestWriteBodyIsView(t *testing.T) {
	for _, size := range [][2]int{{40, 9}, {80, 21}, {250, 67}} {
		for name, m := range testViews(t, size[0], size[1]) {
			var b strings.Builder
			m.WriteBody(&b)
			if got, want := b.String(), m.View(); got != want {
				t.Errorf("%s at %d×%d (fitted %v): WriteBody\n%q\nwant View\n%q", name, size[0], size[1], m.Fitted(), got, want)
			}
		}
	}
}

func TestCursorVisibleWithoutColour(t *testing.T) {
	// The grid's cursor cell is drawn reversed, an attribute that stays
	// when colours go.
	raw := testViews(t, 80, 21)["grid"].View()
	if !strings.Contains(raw, "\x1b[1;7m") && !strings.Contains(raw, "\x1b[7;1m") && !strings.Contains(raw, "\x1b[7m") {
		t.Errorf("the grid's cursor cell is not drawn reversed: %q", raw)
	}
}

func TestStatusText(t *testing.T) {
	views := testViews(t, 80, 21)
	related := NewStatic(testEnv(nil, &screen.Status{}), "Crm_Customers", testRows(t, customersJSON), []string{testSet, "SO-1", "Customer"})
	for _, tt := range []struct {
		m    *Model
		want string
	}{
		{views["grid"], "Crm_Sales_SalesOrders · rows 1–4 of 1,234 · page 1/25"},
		{views["error"], "Crm_Customers · no rows of 12,345 · page 1/247"},
		{views["loading"], "Crm_Customers · 12,345 rows · page 1/247 · ⠋ loading"},
		{related, "Crm_Customers · rows 1–4 of 4"},
	} {
		if got := tt.m.Status(); got != tt.want {
			t.Errorf("got status %q; want %q", got, tt.want)
		}
	}
}

// hostile is server text that tries escape sequences (clear, title, colour
// by CSI and by the C1 CSI), a bell, a carriage return and a right-to-left
// override.
const hostile = "A\x1b[2J\x1b]0;pwned\x07B\rC\u009b31mD\u202eE"

func TestViewSanitisesServerText(t *testing.T) {
	set := "Crm_" + hostile
	js, _ := json.Marshal(hostile)
	name, _ := json.Marshal(set)
	rows := testRows(t, `[{"@odata.id":`+string(name[:len(name)-1])+`(1)","Number":"N`+string(js[1:len(js)-1])+`","Notes":`+string(js)+`,`+string(js)+`:"odd member name"}]`)
	env := testEnv(nil, &screen.Status{})
	grid := New(env, odata.Query{Set: set}, []string{set}, -1, false)
	grid.SetSize(120, 21)
	_ = grid.Init()
	loading := grid.View()
	page := &odata.Page{Columns: []string{"Number", "Notes", hostile}, Rows: rows, Count: 1}
	send(grid, pageLoadedMsg{seq: grid.cur.seq, load: grid.cur.load, index: 0, page: page, tail: page})
	failed := New(env, odata.Query{Set: set}, []string{set}, -1, false)
	failed.SetSize(120, 21)
	_ = failed.Init()
	send(failed, pageLoadedMsg{seq: failed.cur.seq, load: failed.cur.load, index: 0, err: testError("the server answered " + hostile)})
	related := NewStatic(env, set, rows, []string{set, "N" + hostile, hostile})
	related.SetSize(120, 21)
	for name, v := range map[string]struct {
		raw, want string // want: the hostile text made visible
	}{
		"loading": {loading, "loading Crm_A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E…"},
		"grid":    {grid.View(), "NA␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E A␛[2J"},
		"error":   {failed.View(), "✗ the server answered A␛[2J"},
		"related": {related.View(), "Crm_A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E › NA␛[2J"},
		"status":  {grid.Status(), "Crm_A␛[2J␛]0;pwned␇B␍C<9B>31mD⟪RLO⟫E · rows 1–1 of 1"},
	} {
		if bad := termtext.UnsafeStyled(v.raw); bad != "" {
			t.Errorf("%s: %s reaches the terminal", name, bad)
		}
		if text := ansi.Strip(v.raw); !strings.Contains(text, v.want) {
			t.Errorf("%s does not show %q:\n%s", name, v.want, text)
		}
	}
}
