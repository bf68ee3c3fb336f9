package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestMouseToTheTopScreen: clicks, releases and wheel turns on the body go
// to the top screen with y counted from the body's first line; the header,
// status and help lines, drag motion and everything under a dialog do not.
func TestMouseToTheTopScreen(t *testing.T) {
	left, wheel := tea.MouseLeft, tea.MouseWheelDown
	tests := []struct {
		name string
		in   tea.Msg
		want tea.Msg // nil: the screen gets nothing
	}{
		{"click on the breadcrumb", tea.MouseClickMsg{X: 3, Y: 1, Button: left}, tea.MouseClickMsg{X: 3, Y: 0, Button: left}},
		{"click in the body", tea.MouseClickMsg{X: 10, Y: 5, Button: left}, tea.MouseClickMsg{X: 10, Y: 4, Button: left}},
		{"release", tea.MouseReleaseMsg{X: 10, Y: 5, Button: left}, tea.MouseReleaseMsg{X: 10, Y: 4, Button: left}},
		{"wheel with shift", tea.MouseWheelMsg{X: 0, Y: 21, Button: wheel, Mod: tea.ModShift}, tea.MouseWheelMsg{X: 0, Y: 20, Button: wheel, Mod: tea.ModShift}},
		{"click on the header", tea.MouseClickMsg{X: 3, Y: 0, Button: left}, nil},
		{"click on the status line", tea.MouseClickMsg{X: 3, Y: 22, Button: left}, nil},
		{"click on the help line", tea.MouseClickMsg{X: 3, Y: 23, Button: left}, nil},
		{"drag", tea.MouseMotionMsg{X: 10, Y: 5, Button: left}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, f := withFakes(t, "sets", "grid")
			m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}) // a body of 21 lines
			_, _ = send(m, tt.in)
			var got tea.Msg
			for _, g := range f[1].got {
				if _, ok := g.(tea.MouseMsg); ok {
					got = g
				}
			}
			if got != tt.want {
				t.Errorf("the top screen got %#v; want %#v", got, tt.want)
			}
			for _, g := range f[0].got {
				if _, ok := g.(tea.MouseMsg); ok {
					t.Errorf("the screen under the top got %#v; want nothing", g)
				}
			}
		})
	}
}

func TestMouseUnderDialogAndHelp(t *testing.T) {
	m, f := withFakes(t, "sets", "grid")
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	d := &fakeDialog{env: m.env, kind: "related"}
	m.dialog = d
	m, _ = send(m, tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft}, tea.MouseWheelMsg{X: 3, Y: 5, Button: tea.MouseWheelDown},
		tea.MouseClickMsg{X: 3, Y: 0, Button: tea.MouseLeft})
	if len(f[1].got) != 0 {
		t.Errorf("a click under a dialog: the screen got %s; want nothing", f[1].gotText())
	}
	if len(d.got) != 1 || d.got[0] != (tea.MouseClickMsg{X: 3, Y: 4, Button: tea.MouseLeft}) {
		t.Errorf("the dialog got %#v; want the click on the body only, y counted from the body", d.got)
	}
	m.dialog, m.showHelp = nil, true
	m, _ = send(m, tea.MouseWheelMsg{X: 3, Y: 5, Button: tea.MouseWheelDown}, tea.MouseWheelMsg{X: 3, Y: 5, Button: tea.MouseWheelDown},
		tea.MouseWheelMsg{X: 3, Y: 5, Button: tea.MouseWheelUp})
	if m.helpOff != 1 || len(f[1].got) != 0 {
		t.Errorf("wheel ↓ ↓ ↑ over help: help scrolled to %d, screen got %q; want 1 and nothing", m.helpOff, f[1].gotText())
	}
}

// TestMouseMode: the view asks for cell motion (clicks, releases, wheel),
// or nothing with NoMouse.
func TestMouseMode(t *testing.T) {
	m := newTestModel(testOpts())
	if got := m.View().MouseMode; got != tea.MouseModeCellMotion {
		t.Errorf("MouseMode = %v; want cell motion", got)
	}
	opts := testOpts()
	opts.NoMouse = true
	if got := newTestModel(opts).View().MouseMode; got != tea.MouseModeNone {
		t.Errorf("with NoMouse: MouseMode = %v; want none", got)
	}
}
