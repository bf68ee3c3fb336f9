package grid

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestRowNumbers(t *testing.T) {
	tests := []struct {
		name   string
		first  int
		keys   int // ↓ presses
		header string
		lines  []string // the first data lines' starts
	}{
		{"first page", 1, 0, "    #Id │", []string{"  1 000 │", "  2 001 │"}},
		{"a later page: 951–1070, four digits", 951, 0, "     #Id │", []string{" 951 000 │", " 952 001 │"}},
		{"scrolled", 1, 12, "    #Id │", []string{"  4 003 │", "  5 004 │"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := wideGrid(3, 120, 50, 11) // 10 rows shown
			g.SetRowNumbers(true, tt.first)
			g = pressKeys(g, repeatKey(gkDown, tt.keys)...)
			ls := viewLines(g)
			if !strings.HasPrefix(ls[0], tt.header) {
				t.Errorf("header = %q; want it to start with %q", ls[0], tt.header)
			}
			for i, want := range tt.lines {
				if !strings.HasPrefix(ls[i+1], want) {
					t.Errorf("line %d = %q; want it to start with %q", i+1, ls[i+1], want)
				}
			}
			for i, l := range ls {
				if w := ansi.StringWidth(l); w > 50 {
					t.Errorf("line %d is %d cells; want at most 50", i, w)
				}
			}
			if on, first := g.RowNumbers(); !on || first != tt.first {
				t.Errorf("RowNumbers() = %v, %d; want true, %d", on, first, tt.first)
			}
		})
	}
}

// TestRowNumbersOff: off (the default, or set off again) the grid is drawn
// as without them; in a grid too narrow for them they are not drawn.
func TestRowNumbersOff(t *testing.T) {
	want := wideGrid(3, 20, 50, 6).View()
	g := wideGrid(3, 20, 50, 6)
	g.SetRowNumbers(true, 1)
	if g.View() == want {
		t.Fatal("with row numbers on: got the same view as off; want numbers")
	}
	g.SetRowNumbers(false, 1)
	if got := g.View(); got != want {
		t.Errorf("row numbers set off again:\n%s\nwant\n%s", got, want)
	}
	narrow := wideGrid(3, 20, 13, 6)
	narrow.SetRowNumbers(true, 1)
	if got, want := narrow.View(), wideGrid(3, 20, 13, 6).View(); got != want {
		t.Errorf("13 cells wide with row numbers:\n%s\nwant them left out:\n%s", got, want)
	}
}

// TestRowNumbersStyled: the numbers are drawn in the RowNumber style, on
// the cursor's row over the cursor row's.
func TestRowNumbersStyled(t *testing.T) {
	st := DefaultStyles()
	g := New(st)
	g.SetData([]Column{{Name: "A"}}, []map[string]any{{"A": "x"}, {"A": "y"}}, "")
	g.SetSize(40, 4)
	g.SetRowNumbers(true, 7)
	pre := codes(st.RowNumber).pre
	if pre == "" {
		t.Fatal("the RowNumber style has no codes")
	}
	if v := g.View(); !strings.Contains(v, pre+"8 ") {
		t.Errorf("view = %q; want %q before row 8's number", v, pre)
	}
}
