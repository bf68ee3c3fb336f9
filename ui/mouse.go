package ui

import (
	tea "charm.land/bubbletea/v2"
)

// The mouse: the root asks the terminal for clicks, releases and wheel
// turns (cell motion mode, see View) and gives them to the top screen with
// y counted from the body's first line (the screen's breadcrumb), x
// unchanged (the body spans the terminal's width). Positions on the header,
// the status and help lines are dropped, and so is the motion of a drag.
// While a dialog is open (it has the keyboard, and it covers the screen) its
// clicks go to it, in the same body coordinates, and nothing to the screen;
// a dialog that has no use for clicks ignores them. With help on screen the
// wheel scrolls the help.
//
// While the terminal reports the mouse it does not select text on a plain
// drag: most terminals select with shift held (xterm, GNOME Terminal,
// Konsole, kitty, WezTerm, Alacritty, Windows Terminal), iTerm2 with option
// held, Terminal.app with fn held; Options.NoMouse leaves the mouse to the
// terminal.

// mouse routes a mouse message (see above).
func (m Model) mouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	ev := msg.Mouse()
	if m.showHelp {
		if _, wheel := msg.(tea.MouseWheelMsg); wheel {
			switch ev.Button {
			case tea.MouseWheelUp:
				m.helpOff = max(0, m.helpOff-1)
			case tea.MouseWheelDown:
				m.helpOff++
			}
		}
		return m, nil
	}
	ev.Y -= bodyTop
	if ev.Y < 0 || ev.Y >= m.bodyH() || ev.X < 0 || ev.X >= m.width {
		return m, nil
	}
	if m.dialog != nil { // it covers the screen: only its clicks, to it
		if _, click := msg.(tea.MouseClickMsg); click {
			return m, m.toDialog(tea.MouseClickMsg(ev))
		}
		return m, nil
	}
	var out tea.Msg
	switch msg.(type) {
	case tea.MouseClickMsg:
		out = tea.MouseClickMsg(ev)
	case tea.MouseReleaseMsg:
		out = tea.MouseReleaseMsg(ev)
	case tea.MouseWheelMsg:
		out = tea.MouseWheelMsg(ev)
	default: // motion
		return m, nil
	}
	return m, m.toScreen(m.top(), out)
}

// bodyTop is the terminal line the body starts on: below the header.
const bodyTop = 1
