package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/odx-dev/odx/ui/browse"
	"github.com/odx-dev/odx/ui/dialog"
	"github.com/odx-dev/odx/ui/groupby"
	"github.com/odx-dev/odx/ui/profile"
	"github.com/odx-dev/odx/ui/record"
	"github.com/odx-dev/odx/ui/reqlog"
	"github.com/odx-dev/odx/ui/screen"
	"github.com/odx-dev/odx/ui/token"
)

// drain acts on the messages posted during the last Update, in order. from
// is the screen that posted them (for a dialog, the screen that opened it);
// fromDialog says a dialog posted them: its actions go to that screen.
func (m *Model) drain(from int, fromDialog bool) tea.Cmd {
	var cmds []tea.Cmd
	for _, msg := range m.env.Drain() {
		if cmd, ok := m.handleNav(from, msg); ok {
			cmds = append(cmds, cmd)
			continue
		}
		if fromDialog { // a dialog's action: to the screen that opened it
			if s := m.find(from); s != nil {
				cmds = append(cmds, m.toScreen(s, msg))
			}
		}
	}
	return tea.Batch(cmds...)
}

// handle acts on one navigation message as if screen from had posted it.
func (m *Model) handle(from int, msg tea.Msg) tea.Cmd {
	cmd, _ := m.handleNav(from, msg)
	return cmd
}

// handleNav acts on a navigation message; ok is false for other messages.
func (m *Model) handleNav(from int, msg tea.Msg) (cmd tea.Cmd, ok bool) {
	env := m.env
	switch msg := msg.(type) {
	case screen.OpenQuery:
		if msg.Query.Set == "" {
			return nil, true
		}
		crumb := msg.Crumb
		if len(crumb) == 0 {
			crumb = []string{screen.SetName(msg.Query.Set)}
		}
		return m.push(browse.New(env, msg.Query, crumb, msg.Count, msg.Layout)), true
	case screen.OpenRecord:
		return m.push(record.New(env, msg.Set, msg.Row, msg.Crumb)), true
	case screen.OpenRows:
		return m.push(browse.NewStatic(env, msg.Set, msg.Rows, msg.Crumb)), true
	case screen.OpenProfile:
		return m.push(profile.New(env, msg.Query, msg.Column, msg.Rows, msg.Crumb)), true
	case screen.OpenGroupBy:
		return m.push(groupby.New(env, msg.Query, msg.Column, msg.Rows, msg.Crumb)), true
	case screen.OpenToken:
		return m.push(token.New(env)), true
	case screen.OpenLog:
		return m.push(reqlog.New(env, m.opts.RequestLog)), true
	case screen.Back:
		return m.pop(), true
	case screen.OpenDialog:
		return m.openDialog(from, msg.Dialog), true
	case screen.CloseDialog:
		if m.dialog != nil && (msg.Kind == "" || msg.Kind == m.dialog.Kind()) {
			m.dialog = nil
		}
		return nil, true
	case screen.StartExport:
		m.exportFrom = from
		return m.export.start(env.Ctx, env.Client, msg.Query, msg.Format, msg.Path, msg.Total), true
	case screen.SetNames:
		env.Names = msg.On
		if msg.On {
			env.Notice("technical names (T: labels)", false)
		} else {
			env.Notice("labels from $metadata (T: technical names)", false)
		}
		return m.broadcast(screen.NamesChanged{}), true
	case screen.SetsLoaded:
		env.SetNames = msg.Names
		if exp, ok := m.authExpiry(); ok {
			m.expiry = exp
		}
		if !m.metaAsked && env.Client != nil {
			m.metaAsked = true
			return loadMetadataCmd(env.Ctx, env.Client), true
		}
		return nil, true
	}
	return nil, false
}

// push puts s on top of the stack, sized, and starts it.
func (m *Model) push(s screen.Screen) tea.Cmd {
	m.dialog = nil
	blur := m.toScreen(m.top(), screen.Blur{})
	s.SetSize(m.width, m.bodyH())
	m.stack = append(m.stack, s)
	return tea.Batch(blur, s.Init(), m.drain(s.ID(), false))
}

// pop drops the top screen (never the set list) and tells the one under
// it that it is on top again.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	m.top().Close()
	m.stack = m.stack[:len(m.stack)-1]
	m.dialog = nil
	return m.toScreen(m.top(), screen.Focus{})
}

// openDialog opens d over the top screen for screen owner.
func (m *Model) openDialog(owner int, d screen.Dialog) tea.Cmd {
	m.dialog, m.dialogOwner = d, owner
	return nil
}

// newGoTo is the go-to line over the service's entity sets.
func newGoTo(env *screen.Env) screen.Dialog { return dialog.NewGoTo(env, env.SetNames) }

// newHistory is the history of the profile's queries.
func newHistory(env *screen.Env) screen.Dialog {
	return dialog.NewHistory(env, env.Prefs.History(env.Profile))
}
