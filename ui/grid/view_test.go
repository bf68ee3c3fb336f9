package grid

// Tests of the header (view.go): labels or names.

import (
	"strings"
	"testing"
)

// TestGridLabels: with labels on (the default) the header shows each
// column's label, else its name; keys, sort marks, the cursor and the
// widths follow the header shown.
func TestGridLabels(t *testing.T) {
	cols := []Column{
		{Name: "BusinessPartner", Label: "Business Partner", Key: true},
		{Name: "BusinessPartnerCategory", Label: "BP Category", Sort: 1},
		{Name: "Plain"},
		{Name: "Evil", Label: "\x1b[31mRed"},
	}
	rows := []map[string]any{{"BusinessPartner": "1000042", "BusinessPartnerCategory": "2", "Plain": "x", "Evil": "y"}}
	g := New(DefaultStyles())
	g.SetData(cols, rows, "")
	g.SetSize(100, 3)
	g = pressKeys(g, gkRight)
	tests := []struct {
		labels bool
		want   []string
		absent string
	}{
		{true, []string{"#Business Partner", "BP Category ▲", "Plain", "␛[31mRed"}, "BusinessPartnerCategory"},
		{false, []string{"#BusinessPartner", "BusinessPartnerCategory ▲", "Plain", "Evil"}, "BP Category"},
		{true, []string{"#Business Partner", "BP Category ▲"}, "BusinessPartnerCategory"},
	}
	for _, tt := range tests {
		g.SetLabels(tt.labels)
		if g.Labels() != tt.labels {
			t.Errorf("Labels() = %v; want %v", g.Labels(), tt.labels)
		}
		h := viewLines(g)[0]
		for _, want := range tt.want {
			if !strings.Contains(h, want) {
				t.Errorf("labels %v: header = %q; want %q in it", tt.labels, h, want)
			}
		}
		if strings.Contains(h, tt.absent) {
			t.Errorf("labels %v: header = %q; want no %q", tt.labels, h, tt.absent)
		}
		// The column is as wide as its header (or its widest cell).
		if got, want := g.colWidth(1), textWidth(g.data.headers[g.order[1]]); got != want {
			t.Errorf("labels %v: width of column 1 = %d; want %d", tt.labels, got, want)
		}
		if _, c := g.Cursor(); c != 1 || g.CurrentColumn().Name != "BusinessPartnerCategory" {
			t.Errorf("labels %v: cursor on column %d (%s); want 1 (BusinessPartnerCategory)", tt.labels, c, g.CurrentColumn().Name)
		}
	}
	if !g.HasLabels() {
		t.Error("HasLabels() = false; want true")
	}
	g.SetData([]Column{{Name: "A"}}, rows, "")
	if g.HasLabels() || !g.Labels() {
		t.Errorf("after SetData without labels: HasLabels() = %v, Labels() = %v; want false, true (the switch stays)", g.HasLabels(), g.Labels())
	}
}

// TestWriteView: WriteView writes what View returns, after what the
// builder holds, at every size (the narrowest cut line by line) and with
// no columns or no rows.
func TestWriteView(t *testing.T) {
	empty := New(DefaultStyles())
	empty.SetSize(40, 5)
	noRows := New(DefaultStyles())
	noRows.SetData(gridSampleColumns, nil, "EN")
	noRows.SetSize(40, 5)
	grids := map[string]Model{
		"80×24": newSampleGrid(t, 80, 24), "5×3": newSampleGrid(t, 5, 3), "0×0": newSampleGrid(t, 0, 0),
		"no columns": empty, "no rows": noRows,
	}
	for name, g := range grids {
		var b strings.Builder
		b.WriteString("crumb\n")
		g.WriteView(&b)
		if got, want := b.String(), "crumb\n"+g.View(); got != want {
			t.Errorf("%s: WriteView after a line wrote\n%q\nwant\n%q", name, got, want)
		}
	}
}
