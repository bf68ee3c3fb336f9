package grid

import (
	"strings"
	"testing"
)

// TestGridKeyAllocs: a cursor key and the frame drawn again allocate at
// most 20 times on a wide page (issue 15): the rows the key changed and
// the frame, nothing per row or per cell.
func TestGridKeyAllocs(t *testing.T) {
	cols, rows := benchPage(1000, 130)
	g := New(colourStyles())
	g.SetData(cols, rows, "EN")
	g.SetSize(200, 116)
	_ = g.View()
	i := 0
	got := testing.AllocsPerRun(200, func() {
		k := gkDown
		if i%100 >= 50 {
			k = gkUp
		}
		i++
		g, _ = g.Update(k)
		_ = g.View()
	})
	if got > 20 {
		t.Errorf("a key and View: got %.1f allocations; want at most 20", got)
	}
	t.Logf("%.2f allocations per key", got)
}

// freshView is g drawn without the lines kept from earlier frames.
func freshView(g Model) string {
	kept := g.data.drawn
	g.data.drawn = nil
	v := g.View()
	g.data.drawn = kept
	return v
}

// TestLinesKeptAgree: after every change to what the grid shows, the view
// drawn from the lines kept is the view drawn afresh.
func TestLinesKeptAgree(t *testing.T) {
	g := newSampleGrid(t, 80, 5)
	steps := []struct {
		name string
		do   func(g *Model)
	}{
		{"first frame", func(g *Model) {}},
		{"down", func(g *Model) { *g = pressKeys(*g, gkDown) }},
		{"right", func(g *Model) { *g = pressKeys(*g, gkRight) }},
		{"end: scrolled", func(g *Model) { *g = pressKeys(*g, gkEnd) }},
		{"down past the bottom", func(g *Model) { *g = pressKeys(*g, gkDown, gkDown, gkDown, gkDown) }},
		{"home", func(g *Model) { *g = pressKeys(*g, gkHome) }},
		{"up, drawn by WriteView", func(g *Model) {
			*g = pressKeys(*g, gkUp)
			var b strings.Builder
			g.WriteView(&b)
		}},
		{"nothing", func(g *Model) {}},
		{"wider", func(g *Model) { g.SetSize(140, 8) }},
		{"sorted", func(g *Model) { g.SetSort(0, 1) }},
		{"names", func(g *Model) { g.SetLabels(false) }},
		{"narrower column", func(g *Model) { *g = pressKeys(*g, gkRight); g.ResizeColumn(-WidthStep) }},
		{"frozen", func(g *Model) { *g = pressKeys(*g, gkRight); g.ToggleFreeze() }},
		{"row numbers", func(g *Model) { g.SetRowNumbers(true, 1) }},
		{"row numbers from 9", func(g *Model) { g.SetRowNumbers(true, 9) }},
		{"marks", func(g *Model) { g.MarkCells(g.Find("so"), DefaultStyles().Cursor) }},
		{"marks moved", func(g *Model) { g.MarkCells(g.Find("00"), DefaultStyles().Cursor) }},
		{"styles", func(g *Model) { g.SetStyles(colourStyles()) }},
		{"narrow: short GUIDs", func(g *Model) { g.SetSize(60, 8) }},
		{"new data", func(g *Model) { g.SetData(gridSampleColumns, gridSampleRows(t)[:2], "BG") }},
		{"no rows", func(g *Model) { g.SetData(gridSampleColumns, nil, "EN") }},
	}
	for _, s := range steps {
		s.do(&g)
		if got, want := g.View(), freshView(g); got != want {
			t.Fatalf("after %s: got\n%s\nwant\n%s", s.name, got, want)
		}
		if got, want := g.View(), freshView(g); got != want { // and once more, from the lines kept
			t.Fatalf("after %s, drawn twice: got\n%s\nwant\n%s", s.name, got, want)
		}
	}
}
