package grid

import (
	"testing"
)

func TestHitTest(t *testing.T) {
	type hit struct {
		row, col int
		header   bool
		ok       bool
	}
	// wideGrid(20, 5, 40, 6): "#Id │ col00 col01 …": Id takes cells 0–3
	// (with its space), │ cell 4, col00 (index 1) cells 5–10 (a space and
	// five cells), col01 cells 11–16, …
	plain := wideGrid(20, 5, 40, 6)
	numbered := wideGrid(20, 5, 40, 6)
	numbered.SetRowNumbers(true, 1)                                         // "1".."5": two cells before the grid
	scrolled := pressKeys(wideGrid(20, 5, 40, 6), repeatKey(gkRight, 6)...) // col01 (index 2) first shown
	long := pressKeys(wideGrid(3, 50, 80, 11), runeKey("G"))                // rows 40–49 shown
	narrow := wideGrid(2, 2, 40, 6)                                         // two rows, two columns
	paged := wideGrid(20, 5, 40, 6)
	paged.SetRowNumbers(true, 996) // 996..1000: five cells
	tests := []struct {
		name string
		g    Model
		x, y int
		want hit
	}{
		{"header over the key", plain, 0, 0, hit{-1, 0, true, true}},
		{"the key's space", plain, 3, 1, hit{0, 0, false, true}},
		{"the │ gutter", plain, 4, 1, hit{0, -1, false, true}},
		{"a scrolling column's space", plain, 5, 2, hit{1, 1, false, true}},
		{"a scrolling column's last cell", plain, 10, 2, hit{1, 1, false, true}},
		{"the next column", plain, 11, 5, hit{4, 2, false, true}},
		{"header over a scrolling column", plain, 12, 0, hit{-1, 2, true, true}},
		{"the › gutter", plain, 39, 1, hit{0, -1, false, true}},
		{"left of the grid", plain, -1, 1, hit{-1, -1, false, false}},
		{"right of the grid", plain, 40, 1, hit{-1, -1, false, false}},
		{"above the grid", plain, 1, -1, hit{-1, -1, false, false}},
		{"below the grid", plain, 1, 6, hit{-1, -1, false, false}},
		{"row numbers", numbered, 0, 3, hit{2, -1, false, true}},
		{"row numbers' space", numbered, 1, 3, hit{2, -1, false, true}},
		{"header over the row numbers", numbered, 1, 0, hit{-1, -1, true, true}},
		{"the key beside row numbers", numbered, 2, 3, hit{2, 0, false, true}},
		{"│ beside row numbers", numbered, 6, 3, hit{2, -1, false, true}},
		{"a column beside row numbers", numbered, 7, 3, hit{2, 1, false, true}},
		{"wide row numbers", paged, 4, 1, hit{0, -1, false, true}},
		{"the key beside wide row numbers", paged, 5, 1, hit{0, 0, false, true}},
		{"scrolled: the key stays", scrolled, 2, 1, hit{0, 0, false, true}},
		{"scrolled: the ‹ gutter", scrolled, 4, 1, hit{0, -1, false, true}},
		{"scrolled: the first column shown", scrolled, 5, 1, hit{0, 2, false, true}},
		{"scrolled: the second column shown", scrolled, 11, 0, hit{-1, 3, true, true}},
		{"scrolled down: first line", long, 5, 1, hit{40, 1, false, true}},
		{"scrolled down: last line", long, 5, 10, hit{49, 1, false, true}},
		{"past the last column", narrow, 20, 1, hit{0, -1, false, true}},
		{"past the last row", narrow, 1, 3, hit{-1, -1, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got hit
			got.row, got.col, got.header, got.ok = tt.g.HitTest(tt.x, tt.y)
			if got != tt.want {
				t.Errorf("HitTest(%d, %d) = %+v; want %+v\n%s", tt.x, tt.y, got, tt.want, tt.g.View())
			}
		})
	}
}

// TestHitTestAgreesWithView: on every line and cell of a drawn grid, the
// column HitTest names is the one whose text is drawn there.
func TestHitTestAgreesWithView(t *testing.T) {
	for _, nums := range []bool{false, true} {
		g := pressKeys(wideGrid(20, 30, 60, 8), repeatKey(gkRight, 9)...)
		g.SetRowNumbers(nums, 101)
		lines := viewLines(g)
		for y, line := range lines {
			cells := []rune(line) // the grid's test data is one cell per rune
			for x, ch := range cells {
				row, col, header, ok := g.HitTest(x, y)
				if !ok || header != (y == 0) || (y > 0 && row != g.rowOff+y-1) {
					t.Fatalf("nums %v: HitTest(%d, %d) = %d, %d, %v, %v; want row %d", nums, x, y, row, col, header, ok, g.rowOff+y-1)
				}
				if ch == ' ' || ch == '│' || ch == '‹' || ch == '›' || col < 0 {
					continue
				}
				// A visible character of a cell: its column's name (header)
				// or the row's value for that column is drawn around x.
				text := g.cols[col].Name
				if !header {
					text = g.rows[row][text].(string)
				}
				if !containsRune(text+"…#", ch) {
					t.Errorf("nums %v: (%d, %d) shows %q; HitTest says column %d (%q)", nums, x, y, ch, col, text)
				}
			}
		}
	}
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}
