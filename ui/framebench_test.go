package ui

import (
	"encoding/json"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/odata"
	"github.com/odx-dev/odx/ui/screen"
)

// wideRows is n ERP-like rows of cols columns: numbers, codes, amounts and
// dates, the first one the key.
func wideRows(n, cols int) []odata.Row {
	rows := make([]odata.Row, n)
	for r := range rows {
		v := make(map[string]any, cols)
		for c := range cols {
			name := fmt.Sprintf("Col%03d", c)
			switch c % 4 {
			case 0:
				v[name] = json.Number(fmt.Sprint(r*cols + c))
			case 1:
				v[name] = fmt.Sprintf("Item-%05d", r)
			case 2:
				v[name] = map[string]any{"Value": json.Number(fmt.Sprint(r % 100)), "Currency": "EUR"}
			case 3:
				v[name] = fmt.Sprintf("2024-%02d-%02dT00:00:00Z", r%12+1, c%28+1)
			}
		}
		rows[r] = odata.Row{ID: fmt.Sprintf("Items(%d)", r), Values: v}
	}
	return rows
}

// BenchmarkFrameKey is one cursor key and the whole frame drawn (header,
// grid, status, help) with a page of 1,000 rows × 130 columns at 200×120:
// what the explorer does for every key on a wide set. Target: ≤ 0.1 ms and
// ≤ 20 allocations per key (issue 15).
func BenchmarkFrameKey(b *testing.B) {
	m := newTestModel(testOpts())
	m, _ = send(m, tea.WindowSizeMsg{Width: 200, Height: 120})
	m.handle(m.top().ID(), screen.OpenRows{Set: "Items", Rows: wideRows(1000, 130), Crumb: []string{"Items"}})
	down, up := kp("down"), kp("up")
	_ = m.View()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%100 >= 50 {
			k = up
		}
		i++
		tm, _ := m.Update(k)
		m = tm.(Model)
		_ = m.View()
	}
}
