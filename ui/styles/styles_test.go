package styles

import (
	"testing"
)

func TestNewAndPresent(t *testing.T) {
	dark, light := New(true), New(false)
	if dark.Title.GetForeground() == light.Title.GetForeground() {
		t.Errorf("dark and light titles share a colour; want one palette per background")
	}
	// The grid's colours come from the palette; its cursor stays reversed.
	p := NewPalette(true)
	if dark.Grid.CursorRow.GetBackground() != p.SelBg || !dark.Grid.Cursor.GetReverse() {
		t.Errorf("grid styles: cursor row %v, cursor reversed %v; want the palette's selection, reversed", dark.Grid.CursorRow.GetBackground(), dark.Grid.Cursor.GetReverse())
	}
	pr := Present(dark, true)
	if !pr.Grid.Header.GetUnderline() || !pr.Status.GetBold() || pr.Header.GetBackground() == dark.Header.GetBackground() {
		t.Errorf("presenter styles are not the high-contrast variant")
	}
}
