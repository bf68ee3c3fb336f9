package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/screen"
)

// Update routes in a fixed order: window size, background colour, ctrl+c;
// then the replies of screens' commands to the screen that asked (dropped
// when it is gone) and the root's own results; then keys to the open
// dialog, else the top screen, and the mouse to the top screen (mouse.go);
// then ticks and blinks to their owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		return m, m.setPresent(m.env.Present)
	case tea.KeyPressMsg:
		ks := msg.String() // once: each key.Matches would make it again
		if matches(ks, m.env.Keys.ForceQuit) {
			m.cancelAll()
			return m, tea.Quit
		}
		m.keycast(ks)
		if m.dialog != nil {
			return m, m.toDialog(msg)
		}
		return m.handleKey(msg, ks)
	case tea.MouseMsg:
		return m.mouse(msg)
	case screen.Reply:
		s := m.find(msg.To)
		if s == nil {
			return m, nil // the screen that asked is gone
		}
		return m, m.toScreen(s, msg.Msg)
	case exportProgressMsg, exportDoneMsg:
		cmd, done := m.export.update(msg)
		if done {
			text, isErr := m.export.notice()
			m.env.Notice(text, isErr)
		}
		return m, cmd
	case metadataLoadedMsg:
		if msg.err != nil {
			m.env.Notice("metadata unavailable: "+screen.OneLine(msg.err), true)
		} else {
			m.env.Meta = msg.model
			m.env.Dialect = m.opts.Client.Dialect()
		}
		return m, m.broadcast(screen.MetadataLoaded{}) // ended, well or not
	case tickMsg:
		m.env.Now = time.Time(msg)
		m.status.Expire(m.env.Now)
		if exp, ok := m.authExpiry(); ok {
			m.expiry = exp
		}
		return m, tea.Batch(m.toScreen(m.top(), screen.Tick{Now: m.env.Now}), tick())
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		m.env.Spinner = m.spin.View()
		return m, cmd
	}
	// Everything else (blinks, the set list's filter results) goes to the
	// open dialog, else to the top screen.
	if m.dialog != nil {
		return m, m.toDialog(msg)
	}
	return m, m.toScreen(m.top(), msg)
}

// handleKey routes a key press: a screen's text input takes every key;
// with help on screen only its keys work; then the keys that work
// everywhere, read from the top screen's live key map; then the screen.
func (m Model) handleKey(msg tea.KeyPressMsg, ks string) (tea.Model, tea.Cmd) {
	top := m.top()
	if top.Capturing() {
		return m, m.toScreen(top, msg)
	}
	k := top.KeyMap()
	if m.showHelp && !matches(ks, k.Help, k.Back, k.Present) {
		switch { // help is on screen: other keys would act unseen
		case matches(ks, k.Up):
			m.helpOff = max(0, m.helpOff-1)
		case matches(ks, k.Down):
			m.helpOff++
		}
		return m, nil
	}
	switch {
	case matches(ks, k.Help):
		m.showHelp, m.helpOff = !m.showHelp, 0
		return m, nil
	case matches(ks, k.Present):
		cmd := m.setPresent(!m.env.Present)
		m.layout()
		return m, cmd
	case m.showHelp && matches(ks, k.Back):
		m.showHelp = false
		return m, nil
	case matches(ks, k.Token):
		return m, m.handle(top.ID(), screen.OpenToken{})
	case matches(ks, k.Log):
		return m, m.handle(top.ID(), screen.OpenLog{})
	case matches(ks, k.GoTo):
		return m, m.openDialog(top.ID(), newGoTo(m.env))
	case matches(ks, k.History):
		return m, m.openDialog(top.ID(), newHistory(m.env))
	case matches(ks, k.Quit):
		m.cancelAll()
		return m, tea.Quit
	case matches(ks, k.Back) && m.export.active() && top.ID() == m.exportFrom:
		m.export.cancel()
		return m, nil
	}
	return m, m.toScreen(top, msg)
}

// matches reports whether the key named ks (tea.KeyPressMsg.String) is
// one of an enabled binding's, as key.Matches does for the key press.
func matches(ks string, bs ...key.Binding) bool {
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			if k == ks {
				return true
			}
		}
	}
	return false
}

// toScreen gives msg to screen s and acts on what it posted.
func (m *Model) toScreen(s screen.Screen, msg tea.Msg) tea.Cmd {
	ns, cmd := s.Update(msg)
	for i := range m.stack {
		if m.stack[i] == s {
			m.stack[i] = ns
		}
	}
	return tea.Batch(cmd, m.drain(ns.ID(), false))
}

// toDialog gives msg to the open dialog and acts on what it posted: its
// actions go to the screen that opened it.
func (m *Model) toDialog(msg tea.Msg) tea.Cmd {
	owner := m.dialogOwner
	d, cmd := m.dialog.Update(msg)
	if m.dialog != nil {
		m.dialog = d
	}
	return tea.Batch(cmd, m.drain(owner, true))
}

// broadcast gives msg to every screen, bottom to top.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range append([]screen.Screen(nil), m.stack...) {
		cmds = append(cmds, m.toScreen(s, msg))
	}
	return tea.Batch(cmds...)
}
