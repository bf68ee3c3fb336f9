package grid

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/odx-dev/odx/internal/termtext"
)

// gridSampleColumns and sampleRows are a small ERP-like page: the key column
// comes last in metadata order and is frozen first.
var gridSampleColumns = []Column{
	{Name: "Number", Type: "Edm.String"},
	{Name: "Name", Type: "ErpNet.MultiLanguageString"},
	{Name: "Amount", Type: "ErpNet.Amount"},
	{Name: "Quantity", Type: "ErpNet.Quantity"},
	{Name: "DocumentDate", Type: "Edm.DateTimeOffset"},
	{Name: "Active", Type: "Edm.Boolean"},
	{Name: "Customer", Type: "Crm_Sales_Customers"},
	{Name: "Notes", Type: "Edm.String"},
	{Name: "Id", Type: "Edm.Guid", Key: true},
}

const gridSampleJSON = `[
 {"Id":"0a1b2c3d-0000-4000-8000-000000000001","Number":"SO-0001","Name":{"EN":"Apples","BG":"Ябълки"},
  "Amount":{"Value":1234.5,"Currency":"EUR"},"Quantity":{"Value":5,"Unit":"PCS"},"DocumentDate":"2024-01-31T00:00:00Z",
  "Active":true,"Customer":{"@odata.id":"Crm_Sales_Customers(9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab)"},"Notes":"plain"},
 {"Id":"0a1b2c3d-0000-4000-8000-000000000002","Number":"SO-0002","Name":{"EN":"Pears"},
  "Amount":{"Value":0.125,"Currency":"USD"},"Quantity":{"Value":12345.5,"Unit":"KG"},"DocumentDate":"2024-02-01T10:30:00Z",
  "Active":false,"Customer":{"@odata.id":"Crm_Sales_Customers(1)","Number":"C-042"},"Notes":"\u001b[2J\u001b]0;pwned\u0007"},
 {"Id":"0a1b2c3d-0000-4000-8000-000000000003","Number":"SO-0003","Name":{"BG":"Мито"},
  "Amount":null,"Quantity":null,"DocumentDate":null,"Active":null,"Customer":null,"Notes":null},
 {"Id":"0a1b2c3d-0000-4000-8000-000000000004","Number":"東京-0004","Name":{"EN":"🍎 emoji and 日本語"},
  "Amount":{"Value":"98765432109876543210.99","Currency":"JPY"},"Quantity":{"Value":1,"Unit":"PCS"},
  "DocumentDate":"2024-03-01T08:00:00+02:00","Active":true,"Customer":null,
  "Notes":"user\u202etxt.exe and a very long note that goes on past forty cells for sure"},
 {"Id":"0a1b2c3d-0000-4000-8000-000000000005","Number":"SO-0005","Name":{"EN":"Line\nbreak"},
  "Amount":{"Value":-7,"Currency":"EUR"},"Quantity":{"Value":0.001,"Unit":"T"},"DocumentDate":"2024-03-02T00:00:00Z",
  "Active":false,"Notes":"a\u009b31mb\rc"}
]`

func gridSampleRows(t testing.TB) []map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(gridSampleJSON))
	d.UseNumber()
	var rows []map[string]any
	if err := d.Decode(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func newSampleGrid(t testing.TB, w, h int) Model {
	g := New(DefaultStyles())
	g.SetData(gridSampleColumns, gridSampleRows(t), "EN")
	g.SetSize(w, h)
	return g
}

// wideGrid has a key column and n columns of width 8 ("col00   ").
func wideGrid(n, rows, w, h int) Model {
	cols := []Column{{Name: "Id", Key: true}}
	for c := range n {
		cols = append(cols, Column{Name: fmt.Sprintf("col%02d", c)})
	}
	data := make([]map[string]any, rows)
	for r := range data {
		row := map[string]any{"Id": fmt.Sprintf("%03d", r)}
		for c := range n {
			row[fmt.Sprintf("col%02d", c)] = fmt.Sprintf("r%dc%d", r, c)
		}
		data[r] = row
	}
	g := New(DefaultStyles())
	g.SetData(cols, data, "")
	g.SetSize(w, h)
	return g
}

func pressKeys(g Model, keys ...tea.KeyPressMsg) Model {
	for _, k := range keys {
		g, _ = g.Update(k)
	}
	return g
}

var (
	gkDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	gkUp    = tea.KeyPressMsg{Code: tea.KeyUp}
	gkRight = tea.KeyPressMsg{Code: tea.KeyRight}
	gkLeft  = tea.KeyPressMsg{Code: tea.KeyLeft}
	gkHome  = tea.KeyPressMsg{Code: tea.KeyHome}
	gkEnd   = tea.KeyPressMsg{Code: tea.KeyEnd}
)

func runeKey(s string) tea.KeyPressMsg {
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func viewLines(g Model) []string { return strings.Split(ansi.Strip(g.View()), "\n") }

func TestGridGolden(t *testing.T) {
	t.Run("initial", func(t *testing.T) {
		g := newSampleGrid(t, 80, 24)
		golden.RequireEqual(t, []byte(ansi.Strip(g.View())))
	})
	t.Run("scrolled right", func(t *testing.T) {
		g := newSampleGrid(t, 80, 24)
		g = pressKeys(g, gkDown, gkEnd)
		golden.RequireEqual(t, []byte(ansi.Strip(g.View())))
	})
	t.Run("lang BG sorted", func(t *testing.T) {
		g := New(DefaultStyles())
		g.SetData(gridSampleColumns, gridSampleRows(t), "bg")
		g.SetSort(0, -1)
		g.SetSize(80, 24)
		golden.RequireEqual(t, []byte(ansi.Strip(g.View())))
	})
	t.Run("row numbers", func(t *testing.T) {
		g := newSampleGrid(t, 80, 24)
		g.SetRowNumbers(true, 98) // 98–102: three digits
		g = pressKeys(g, gkDown, gkRight)
		golden.RequireEqual(t, []byte(ansi.Strip(g.View())))
	})
}

func TestGridCursorRows(t *testing.T) {
	g := wideGrid(3, 50, 80, 11) // 10 visible rows
	tests := []struct {
		name          string
		keys          []tea.KeyPressMsg
		row, firstRow int
	}{
		{"down", []tea.KeyPressMsg{gkDown, runeKey("j")}, 2, 0},
		{"up at the top stays", []tea.KeyPressMsg{gkUp, runeKey("k")}, 0, 0},
		{"down past the last visible row scrolls by one", repeatKey(gkDown, 10), 10, 1},
		{"last row", []tea.KeyPressMsg{runeKey("G")}, 49, 40},
		{"down at the bottom stays", []tea.KeyPressMsg{runeKey("G"), gkDown}, 49, 40},
		{"first row", []tea.KeyPressMsg{runeKey("G"), runeKey("g")}, 0, 0},
		{"half page down", []tea.KeyPressMsg{{Code: 'd', Mod: tea.ModCtrl}}, 5, 0},
		{"half page up", []tea.KeyPressMsg{runeKey("G"), {Code: 'u', Mod: tea.ModCtrl}}, 44, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pressKeys(g, tt.keys...)
			if row, _ := got.Cursor(); row != tt.row {
				t.Errorf("cursor row = %d; want %d", row, tt.row)
			}
			if got.rowOff != tt.firstRow {
				t.Errorf("first row shown = %d; want %d", got.rowOff, tt.firstRow)
			}
			ls := viewLines(got)
			if want := fmt.Sprintf("%03d", tt.firstRow); !strings.HasPrefix(ls[1], want) {
				t.Errorf("first data line = %q; want it to start with %q", ls[1], want)
			}
		})
	}
}

func repeatKey(k tea.KeyPressMsg, n int) []tea.KeyPressMsg {
	out := make([]tea.KeyPressMsg, n)
	for i := range out {
		out[i] = k
	}
	return out
}

func TestGridPageKeysAreNotTheGrids(t *testing.T) {
	g := wideGrid(3, 50, 80, 11)
	for _, k := range []tea.KeyPressMsg{runeKey("n"), runeKey("p"), {Code: tea.KeyPgDown}, {Code: tea.KeyPgUp}} {
		got := pressKeys(g, k)
		if row, col := got.Cursor(); row != 0 || col != 0 {
			t.Errorf("key %q moved the cursor to %d,%d; want it left to the screen", k.String(), row, col)
		}
	}
}

func TestGridHorizontalScroll(t *testing.T) {
	// 80 cells: Id (3) + space, │, then columns of 5 cells + a space each;
	// "r0c0" is 4 wide, "col00" 5, so each scrolling column takes 6 cells.
	g := wideGrid(20, 5, 40, 6)
	header := viewLines(g)[0]
	if !strings.HasPrefix(header, "#Id │ col00") {
		t.Fatalf("header = %q; want the key column frozen first", header)
	}
	if strings.Contains(header, "‹") || !strings.HasSuffix(header, "›") {
		t.Errorf("header = %q; want no ‹ and a › at the right edge", header)
	}
	// Room for 34 cells of scrolling columns: five whole ones (30 cells),
	// the sixth drawn cut. Moving onto the sixth scrolls by one column.
	g = pressKeys(g, repeatKey(gkRight, 5)...)
	if _, col := g.Cursor(); col != 5 || g.colOff != 1 {
		t.Fatalf("after 5 × right: column %d, first shown %d; want 5 and 1", col, g.colOff)
	}
	g = pressKeys(g, gkRight)
	if g.colOff != 2 {
		t.Errorf("after 6 × right: first shown %d; want 2 (one column more)", g.colOff)
	}
	header = viewLines(g)[0]
	if !strings.HasPrefix(header, "#Id ‹ col01") {
		t.Errorf("header = %q; want the frozen #Id, then ‹ and col01", header)
	}
	for i, l := range viewLines(g)[1:] {
		if want := fmt.Sprintf("%03d │ r%dc1", i, i); !strings.HasPrefix(l, want) {
			t.Errorf("row %d = %q; want it to start with %q", i, l, want)
		}
	}
	g = pressKeys(g, gkEnd)
	header = viewLines(g)[0]
	if !strings.Contains(header, "‹") || strings.Contains(header, "›") || !strings.Contains(header, "col19") {
		t.Errorf("at the last column header = %q; want ‹, col19 and no ›", header)
	}
	if c := g.CurrentColumn(); c.Name != "col19" {
		t.Errorf("current column = %q; want col19", c.Name)
	}
	// Back to the frozen key column: the scroll position stays.
	g = pressKeys(g, gkHome)
	if _, col := g.Cursor(); col != 0 {
		t.Errorf("after home: column %d; want 0", col)
	}
	before := g.colOff
	// Right from the key column goes to the first column shown, not col00.
	g = pressKeys(g, gkRight)
	if g.colOff != before || g.CurrentColumn().Name != fmt.Sprintf("col%02d", before-1) {
		t.Errorf("right from the key column: first shown %d, column %q; want %d and col%02d",
			g.colOff, g.CurrentColumn().Name, before, before-1)
	}
	// Left from the first column shown scrolls one column back.
	g = pressKeys(g, gkLeft)
	if g.colOff != before-1 || g.CurrentColumn().Name != fmt.Sprintf("col%02d", before-2) {
		t.Errorf("left from the first shown: first shown %d, column %q; want %d and col%02d",
			g.colOff, g.CurrentColumn().Name, before-1, before-2)
	}
	g = pressKeys(g, runeKey("l"), runeKey("h"), gkHome)
	if g.CurrentColumn().Name != "Id" {
		t.Errorf("l, h, home: column %q; want Id", g.CurrentColumn().Name)
	}
}

func TestGridAlignment(t *testing.T) {
	g := newSampleGrid(t, 200, 10)
	ls := viewLines(g)
	bar := -1
	for i, l := range ls {
		if w := ansi.StringWidth(l); w > 200 {
			t.Errorf("line %d is %d cells wide; want at most 200", i, w)
		}
		// Every line has the frozen column's │ (or ‹) at the same cell.
		cut := strings.IndexAny(l, "│‹")
		if cut < 0 {
			t.Fatalf("line %d = %q has no │", i, l)
		}
		at := ansi.StringWidth(l[:cut])
		if bar < 0 {
			bar = at
		} else if at != bar {
			t.Errorf("line %d has │ at cell %d; want %d (as on the header)", i, at, bar)
		}
	}
	// Columns after CJK and emoji line up: "SO-0001" and "東京-0004" start
	// in the same cell, and so do the names after them.
	col := func(line, text string) int { return ansi.StringWidth(line[:strings.Index(line, text)]) }
	if a, b := col(ls[1], "Apples"), col(ls[4], "🍎"); a != b {
		t.Errorf("Name column starts at cell %d on row 1 but %d on row 4 (after 東京)", a, b)
	}
	if a, b := col(ls[1], "1,234.50 EUR"), col(ls[2], "0.125 USD"); a+ansi.StringWidth("1,234.50 EUR") != b+ansi.StringWidth("0.125 USD") {
		t.Errorf("amounts are not right-aligned: %q / %q", ls[1], ls[2])
	}
	if !strings.Contains(ls[4], "user⟪RLO⟫txt.exe and a very long note t…") {
		t.Errorf("row 4 = %q; want the long note cut to 40 cells with …", ls[4])
	}
}

func TestGridSmallSizes(t *testing.T) {
	for _, size := range [][2]int{{20, 24}, {20, 1}, {20, 2}, {5, 3}, {3, 3}, {1, 1}, {0, 0}, {80, 0}, {-1, -1}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			g := newSampleGrid(t, size[0], size[1])
			g = pressKeys(g, gkDown, gkRight, gkRight, gkEnd, runeKey("G"), gkHome)
			out := ansi.Strip(g.View())
			if size[0] <= 0 || size[1] <= 0 {
				if out != "" {
					t.Errorf("View() = %q; want nothing at size %v", out, size)
				}
				return
			}
			ls := strings.Split(out, "\n")
			if len(ls) > size[1] {
				t.Errorf("%d lines; want at most %d", len(ls), size[1])
			}
			for i, l := range ls {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("line %d = %q is %d cells; want at most %d", i, l, w, size[0])
				}
			}
		})
	}
}

func TestGridNarrowUnfreezes(t *testing.T) {
	// The GUID key column (shown short below 120 cells: 9 cells and a
	// space) stays frozen while it takes at most half the width; narrower,
	// it scrolls with the others.
	g := newSampleGrid(t, 74, 5)
	if fz := g.frozenCount(); fz != 1 {
		t.Errorf("frozen columns at 74 cells = %d; want 1", fz)
	}
	g.SetSize(20, 5)
	if fz := g.frozenCount(); fz != 1 {
		t.Errorf("frozen columns at 20 cells = %d; want 1", fz)
	}
	g.SetSize(19, 5)
	if fz := g.frozenCount(); fz != 0 {
		t.Errorf("frozen columns at 19 cells = %d; want 0", fz)
	}
	g.SetSize(20, 5)
	g = pressKeys(g, gkRight)
	if h := viewLines(g)[0]; !strings.Contains(h, "Number") {
		t.Errorf("header after one right = %q; want the Number column shown", h)
	}
}

func TestGridEmpty(t *testing.T) {
	g := New(DefaultStyles())
	g.SetSize(40, 5)
	if got := ansi.Strip(g.View()); got != "no columns" {
		t.Errorf("View() without columns = %q; want %q", got, "no columns")
	}
	g.SetData(gridSampleColumns, nil, "")
	ls := viewLines(g)
	if len(ls) != 2 || ls[1] != "no rows" || !strings.HasPrefix(ls[0], "#Id") {
		t.Errorf("View() without rows = %q; want the header and %q", ls, "no rows")
	}
	g = pressKeys(g, gkDown, gkRight, runeKey("G"))
	if g.CurrentRow() != nil {
		t.Errorf("CurrentRow() = %v; want nil", g.CurrentRow())
	}
	if row, _ := g.Cursor(); row != 0 {
		t.Errorf("cursor row = %d; want 0", row)
	}
}

func TestGridCursorAPI(t *testing.T) {
	g := newSampleGrid(t, 80, 24)
	if row, col := g.Cursor(); row != 0 || col != 8 {
		t.Errorf("Cursor() = %d, %d; want 0, 8 (the Id key column, shown first)", row, col)
	}
	g.SetCursor(3, 1) // Name
	if c := g.CurrentColumn(); c.Name != "Name" {
		t.Errorf("CurrentColumn() = %q; want Name", c.Name)
	}
	if n := g.CurrentRow()["Number"]; n != "東京-0004" {
		t.Errorf("CurrentRow()[Number] = %v; want 東京-0004", n)
	}
	g.SetCursor(99, 99)
	if row, _ := g.Cursor(); row != 4 {
		t.Errorf("SetCursor(99, …) row = %d; want 4 (the last)", row)
	}
	// New page, same columns: the cursor keeps its column, row clamped.
	g.SetCursor(4, 7) // Notes
	g.SetData(gridSampleColumns, gridSampleRows(t)[:2], "EN")
	if row, col := g.Cursor(); row != 1 || col != 7 {
		t.Errorf("after SetData with 2 rows: Cursor() = %d, %d; want 1, 7", row, col)
	}
	if g.Len() != 2 {
		t.Errorf("Len() = %d; want 2", g.Len())
	}
	// Non-key messages and disabled keys change nothing.
	g2, cmd := g.Update(tea.WindowSizeMsg{Width: 10, Height: 10})
	if cmd != nil || g2.row != g.row || g2.width != g.width {
		t.Errorf("Update(WindowSizeMsg) changed the grid; want it ignored (the root calls SetSize)")
	}
	g.KeyMap.Up.SetEnabled(false)
	if row, _ := pressKeys(g, gkUp).Cursor(); row != 1 {
		t.Errorf("disabled Up moved the cursor to row %d; want 1", row)
	}
}

var sgrSequence = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestGridViewHasOnlyStyleEscapes(t *testing.T) {
	g := newSampleGrid(t, 200, 10)
	g = pressKeys(g, gkDown)
	out := g.View()
	if rest := sgrSequence.ReplaceAllString(out, ""); strings.ContainsAny(rest, "\x1b\x07\r\u009b") {
		t.Errorf("View() holds escapes other than SGR: %q", rest)
	}
	if msg := termtext.UnsafeReason(strings.ReplaceAll(sgrSequence.ReplaceAllString(out, ""), "\n", "")); msg != "" {
		t.Errorf("View() is unsafe: %s", msg)
	}
	// Nulls are drawn dim; the cursor cell is reversed.
	if p := g.paint[pNull].pre; p == "" || !strings.Contains(out, p+"null") {
		t.Errorf("null cells are not drawn with the Null style %q", p)
	}
	if p := g.paint[pCursor].pre; !strings.Contains(p, "7m") {
		t.Errorf("cursor style %q is not reversed", p)
	}
}

func TestGridHeaderMarks(t *testing.T) {
	g := New(DefaultStyles())
	g.SetData([]Column{{Name: "Code", Key: true}, {Name: "Price", Sort: 1}, {Name: "\x1b[31mEvil"}}, []map[string]any{{"Code": "A"}}, "")
	g.SetSize(60, 3)
	h := viewLines(g)[0]
	for _, want := range []string{"#Code", "Price ▲", "␛[31mEvil"} {
		if !strings.Contains(h, want) {
			t.Errorf("header = %q; want %q in it", h, want)
		}
	}
	g.SetSort(1, -1)
	g.SetSort(0, 1)
	g.SetSort(9, 1) // out of range: ignored
	if h := viewLines(g)[0]; !strings.Contains(h, "Price ▼") || !strings.Contains(h, "#Code ▲") {
		t.Errorf("header after SetSort = %q; want Price ▼ and #Code ▲", h)
	}
}
