package grid

import (
	"encoding/json"
	"fmt"
	"testing"

	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"
	"github.com/odx-dev/odx/internal/termtext"
)

// benchPage returns rows of cols ERP-like columns (the first one the key):
// numbers, codes, quantities and dates, 6 to 10 cells wide.
func benchPage(rows, cols int) ([]Column, []map[string]any) {
	columns := make([]Column, cols)
	for c := range columns {
		columns[c] = Column{Name: fmt.Sprintf("Col%03d", c), Key: c == 0}
		switch c % 4 {
		case 0:
			columns[c].Type = "Edm.Int32"
		case 1:
			columns[c].Type = "Edm.String"
		case 3:
			columns[c].Type = "Edm.DateTimeOffset"
		}
	}
	data := make([]map[string]any, rows)
	for r := range data {
		row := make(map[string]any, cols)
		for c, col := range columns {
			switch c % 4 {
			case 0:
				row[col.Name] = json.Number(fmt.Sprint(r*cols + c))
			case 1:
				row[col.Name] = fmt.Sprintf("Item-%05d", r)
			case 2:
				row[col.Name] = map[string]any{"Value": json.Number(fmt.Sprint(r % 100)), "Unit": "PCS"}
			case 3:
				row[col.Name] = fmt.Sprintf("2024-%02d-%02dT00:00:00Z", r%12+1, c%28+1)
			}
		}
		data[r] = row
	}
	return columns, data
}

// The cursor benchmarks draw 120 rows × 20 columns of 6 to 10 cells (all
// of them, with their separators) in a 200 × 122 terminal: a header row,
// 120 rows and the explorer's status line.
const (
	benchWidth  = 200
	benchHeight = 121
	benchCols   = 20
	benchRows   = 1000
)

func BenchmarkGridCursorView(b *testing.B) {
	cols, rows := benchPage(benchRows, benchCols)
	g := New(DefaultStyles())
	g.SetData(cols, rows, "EN")
	g.SetSize(benchWidth, benchHeight)
	if n := len(g.layout().cols); n != benchCols {
		b.Fatalf("%d columns visible; want %d", n, benchCols)
	}
	_ = g.View()
	top := runeKey("g")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		k := gkDown
		if g.row == len(rows)-1 {
			k = top
		}
		g, _ = g.Update(k)
		_ = g.View()
	}
}

// BenchmarkGridKey is the grid's share of BenchmarkFrameKey (package ui):
// a key (↓ fifty times, then ↑ fifty times) and View, on a page of 1,000
// rows × 130 columns at 200 × 116 (the body of a 200 × 120 terminal less
// the breadcrumb and the query line), with the explorer's colours. Target
// (issue 15): ≤ 20 allocations per key.
func BenchmarkGridKey(b *testing.B) {
	cols, rows := benchPage(1000, 130)
	g := New(colourStyles())
	g.SetData(cols, rows, "EN")
	g.SetSize(200, 116)
	_ = g.View()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := gkDown
		if i%100 >= 50 {
			k = gkUp
		}
		i++
		g, _ = g.Update(k)
		_ = g.View()
	}
}

// colourStyles are DefaultStyles with colours like the explorer's (the
// styles package imports this one, so it cannot be used here).
func colourStyles() Styles {
	st := DefaultStyles()
	st.CursorRow = st.CursorRow.Background(lipgloss.Color("#1F3A5F"))
	st.Null = st.Null.Foreground(lipgloss.Color("#8B949E"))
	st.Frozen = st.Frozen.Foreground(lipgloss.Color("#79C0FF"))
	st.Marker = st.Marker.Foreground(lipgloss.Color("#8B949E"))
	st.RowNumber = st.RowNumber.Foreground(lipgloss.Color("#8B949E"))
	return st
}

func BenchmarkBubblesTableCursorView(b *testing.B) {
	cols, rows := benchPage(benchRows, benchCols)
	tcols := make([]table.Column, len(cols))
	for i, c := range cols {
		tcols[i] = table.Column{Title: c.Name, Width: 9}
	}
	trows := make([]table.Row, len(rows))
	for r, row := range rows {
		tr := make(table.Row, len(cols))
		for i, c := range cols {
			tr[i] = termtext.FormatValue(row[c.Name], c.Type, "EN")
		}
		trows[r] = tr
	}
	t := table.New(table.WithColumns(tcols), table.WithRows(trows),
		table.WithWidth(benchWidth), table.WithHeight(benchHeight), table.WithFocused(true))
	_ = t.View()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if t.Cursor() == len(trows)-1 {
			t.GotoTop()
		}
		t.MoveDown(1)
		_ = t.View()
	}
}

// BenchmarkGridSetData is a 1,000-row page of 130 columns arriving.
func BenchmarkGridSetData(b *testing.B) {
	cols, rows := benchPage(1000, 130)
	g := New(DefaultStyles())
	g.SetSize(benchWidth, benchHeight)
	b.ReportAllocs()
	for b.Loop() {
		g.SetData(cols, rows, "EN")
	}
}

// BenchmarkGridSetDataView is the same page arriving and its first frame:
// the visible columns measured over 200 rows and the visible cells formatted.
func BenchmarkGridSetDataView(b *testing.B) {
	cols, rows := benchPage(1000, 130)
	g := New(DefaultStyles())
	g.SetSize(benchWidth, benchHeight)
	b.ReportAllocs()
	for b.Loop() {
		g.SetData(cols, rows, "EN")
		_ = g.View()
	}
}

// BenchmarkFindKey is one keystroke of the page search on a full page
// (1,000 rows × 130 columns, cells already formatted by a first search):
// every cell compared again and the marks set. Target: well under a frame
// (16 ms).
func BenchmarkFindKey(b *testing.B) {
	cols, rows := benchPage(1000, 130)
	g := New(DefaultStyles())
	g.SetData(cols, rows, "EN")
	g.SetSize(benchWidth, benchHeight)
	st := lipgloss.NewStyle().Underline(true)
	g.MarkCells(g.Find("12"), st)
	b.ReportAllocs()
	for b.Loop() {
		g.MarkCells(g.Find("12"), st)
	}
}

// BenchmarkGridIdleView is View with nothing changed (a tick, a spinner
// frame of the status line): the last view, kept.
func BenchmarkGridIdleView(b *testing.B) {
	cols, rows := benchPage(1000, 130)
	g := New(colourStyles())
	g.SetData(cols, rows, "EN")
	g.SetSize(200, 116)
	_ = g.View()
	b.ReportAllocs()
	for b.Loop() {
		_ = g.View()
	}
}
