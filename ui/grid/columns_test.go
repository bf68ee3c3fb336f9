package grid

// Tests of the column changes made in place (columns.go): widths,
// freezing, the cursor by name, short GUIDs.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

const guid1 = "0a1b2c3d-0000-4000-8000-000000000001"

// TestShortGUIDs: below 120 cells a GUID key shows its first 8 hex digits
// and …; at 120 and more, whole; the row's value and Find keep the whole.
func TestShortGUIDs(t *testing.T) {
	g := newSampleGrid(t, 80, 6)
	if l := viewLines(g)[1]; !strings.HasPrefix(l, "0a1b2c3d… │ SO-0001") {
		t.Errorf("row 1 at 80 cells = %q; want the short GUID first", l)
	}
	if got := g.CurrentRow()["Id"]; got != guid1 {
		t.Errorf("the row's Id = %v; want the whole GUID %s", got, guid1)
	}
	if ps := g.Find("000000000003"); len(ps) != 1 || ps[0].Row != 2 {
		t.Errorf("Find of the end of a short GUID = %v; want row 2", ps)
	}
	g.SetSize(120, 6)
	if l := viewLines(g)[1]; !strings.HasPrefix(l, guid1+" │ SO-0001") {
		t.Errorf("row 1 at 120 cells = %q; want the whole GUID first", l)
	}
	g.SetSize(119, 6)
	if l := viewLines(g)[1]; !strings.HasPrefix(l, "0a1b2c3d… │") {
		t.Errorf("row 1 at 119 cells = %q; want the short GUID again", l)
	}
	for _, tt := range []struct{ in, want string }{
		{guid1, "0a1b2c3d…"},
		{"0A1B2C3D-0000-4000-8000-00000000000F", "0A1B2C3D…"},
		{"0a1b2c3d-0000-4000-8000-00000000000g", "0a1b2c3d-0000-4000-8000-00000000000g"},
		{"0a1b2c3d+0000-4000-8000-000000000001", "0a1b2c3d+0000-4000-8000-000000000001"},
		{"SO-1", "SO-1"},
	} {
		if got := shortGUID(tt.in); got != tt.want {
			t.Errorf("shortGUID(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestResizeColumn: < and > change the cursor's column by 4 cells within
// [3, 200]; the width survives SetData and moves with Layout.
func TestResizeColumn(t *testing.T) {
	g := newSampleGrid(t, 80, 6)
	g = pressKeys(g, gkRight, gkRight) // Name, 19 cells wide
	if w := g.ResizeColumn(-WidthStep); w != 15 {
		t.Errorf("narrowed Name: %d cells; want 15", w)
	}
	if l := viewLines(g)[4]; !strings.Contains(l, "🍎 emoji and …  98") {
		t.Errorf("row 4 after narrowing Name = %q; want its text cut to 15 cells", l)
	}
	for range 10 {
		g.ResizeColumn(-WidthStep)
	}
	if w := g.colWidth(2); w != minColWidth {
		t.Errorf("Name narrowed ten times more: %d cells; want %d", w, minColWidth)
	}
	g.ResizeColumn(+WidthStep)
	g.SetData(gridSampleColumns, gridSampleRows(t), "BG")
	if w := g.colWidth(2); w != minColWidth+WidthStep {
		t.Errorf("Name after SetData: %d cells; want %d", w, minColWidth+WidthStep)
	}
	h := New(DefaultStyles())
	h.SetData(gridSampleColumns, gridSampleRows(t), "EN")
	h.SetLayout(g.Layout())
	if w := h.colWidth(2); w != minColWidth+WidthStep {
		t.Errorf("Name in another grid with the layout: %d cells; want %d", w, minColWidth+WidthStep)
	}
	for range 60 {
		g.ResizeColumn(+WidthStep)
	}
	if w := g.colWidth(2); w != maxSetWidth {
		t.Errorf("Name widened 60 times: %d cells; want %d", w, maxSetWidth)
	}
}

// TestToggleFreeze: | freezes the columns up to the cursor beside the key
// and on the last frozen column unfreezes them; they stay on the left while
// the grid scrolls.
func TestToggleFreeze(t *testing.T) {
	g := newSampleGrid(t, 80, 6)
	g = pressKeys(g, gkRight) // Number
	if n := g.ToggleFreeze(); n != 1 || g.Frozen() != "Number" {
		t.Fatalf("| on Number: %d frozen beyond the key (%q); want 1 (Number)", n, g.Frozen())
	}
	g = pressKeys(g, gkEnd)
	if h := viewLines(g)[0]; !strings.HasPrefix(h, "#Id       Number    ‹") || !strings.Contains(h, "Notes") {
		t.Errorf("header at the last column = %q; want Id and Number frozen, then Notes", h)
	}
	g = pressKeys(g, gkHome, gkRight)
	if n := g.ToggleFreeze(); n != 0 || g.Frozen() != "" {
		t.Errorf("| again on Number: %d frozen beyond the key; want 0", n)
	}
	g = pressKeys(g, gkRight)
	g.ToggleFreeze()
	g = pressKeys(g, gkHome) // on the key: unfreezes
	if n := g.ToggleFreeze(); n != 0 {
		t.Errorf("| on the key: %d frozen beyond it; want 0", n)
	}
	// Frozen columns that leave no room beside them scroll again.
	g = pressKeys(g, gkEnd)
	g.ToggleFreeze()
	if fz := g.frozenCount(); fz != 1 {
		t.Errorf("every column frozen: %d stay on the left; want the key only", fz)
	}
}

// TestCursorToColumn: the cursor goes to a column by name, on its row.
func TestCursorToColumn(t *testing.T) {
	g := newSampleGrid(t, 80, 6)
	g = pressKeys(g, runeKey("j"))
	if !g.CursorToColumn("Notes") {
		t.Fatal("CursorToColumn(Notes) = false; want true")
	}
	if r, c := g.Cursor(); r != 1 || g.CurrentColumn().Name != "Notes" || c != 7 {
		t.Errorf("cursor after CursorToColumn(Notes) = %d, %d (%s); want 1, 7 (Notes)", r, c, g.CurrentColumn().Name)
	}
	if h := viewLines(g)[0]; !strings.Contains(h, "Notes") {
		t.Errorf("header = %q; want Notes scrolled into view", h)
	}
	if g.CursorToColumn("Nope") || g.CurrentColumn().Name != "Notes" {
		t.Errorf("CursorToColumn(Nope) moved the cursor to %s; want it to stay", g.CurrentColumn().Name)
	}
	if cols := g.Columns(); len(cols) != 9 || cols[0].Name != "Id" || cols[1].Name != "Number" {
		t.Errorf("Columns() = %v; want Id first, then Number", cols)
	}
}

// TestColumnsGolden: at 80×24, the GUID key short, Number frozen beside
// it, Name narrowed, the grid scrolled right by one column.
func TestColumnsGolden(t *testing.T) {
	g := newSampleGrid(t, 80, 23)
	g = pressKeys(g, gkRight)
	g.ToggleFreeze()
	g = pressKeys(g, gkRight, runeKey("j"))
	g.ResizeColumn(-2 * WidthStep)
	g.CursorToColumn("Quantity")
	g.CursorToColumn("Name")
	golden.RequireEqual(t, []byte(ansi.Strip(g.View())))
}
