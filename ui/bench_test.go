package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/table"
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
	g := NewGrid(newGridStyles(true))
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
	g := NewGrid(newGridStyles(true))
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
	g := NewGrid(newGridStyles(true))
	g.SetSize(benchWidth, benchHeight)
	b.ReportAllocs()
	for b.Loop() {
		g.SetData(cols, rows, "EN")
		_ = g.View()
	}
}

func BenchmarkSanitizeClean(b *testing.B) {
	s := "General_Contacts_Persons(9f1c2d3e) Мито — 東京 " + strings.Repeat("x", 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = termtext.Sanitize(s)
	}
}

func BenchmarkSanitizeHostile(b *testing.B) {
	s := "\x1b]0;pwned\x07 \x1b[2J paid\rDUE \u009b31m user\u202etxt.exe \xff\n" + strings.Repeat("x", 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = termtext.Sanitize(s)
	}
}
